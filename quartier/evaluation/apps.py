from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "quartier.evaluation"
    label = "evaluation"
    verbose_name = _("Évaluation")
    navigation = [(_("Évaluation"), "evaluation:index", "evaluation.view_indicators")]
