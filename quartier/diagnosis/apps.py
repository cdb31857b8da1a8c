from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "quartier.diagnosis"
    label = "diagnosis"
    verbose_name = _("Diagnostic de territoire")
    navigation = [(_("Diagnostic"), "diagnosis:index", "diagnosis.view_diagnosis")]
