from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "quartier.diagnosis"
    label = "diagnosis"
    verbose_name = _("Diagnostic de territoire")
    # The same page, named for whoever reads the menu: « diagnostic » is the team's word.
    navigation = [
        (_("Diagnostic"), "diagnosis:index", "diagnosis.team_menu"),
        (_("Le quartier en chiffres"), "diagnosis:index", "diagnosis.resident_menu"),
    ]
