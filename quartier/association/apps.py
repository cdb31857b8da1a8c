from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationConfig(AppConfig):
    name = "quartier.association"
    label = "association"
    verbose_name = _("Association d'habitants")
    default_auto_field = "django.db.models.BigAutoField"
    navigation = [
        (_("Association"), "association:index", "association.view_association"),
        (_("Mon adhésion"), "association:my_membership", "association.view_own_membership"),
    ]
