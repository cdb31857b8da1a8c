from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatheringsConfig(AppConfig):
    name = "quartier.gatherings"
    label = "gatherings"
    verbose_name = _("Rencontres et présences")
    navigation = [(_("Rencontres"), "gatherings:list", "gatherings.view_gathering")]
