from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "quartier.activities"
    label = "activities"
    verbose_name = _("Activités et événements")
    navigation = [(_("Activités"), "activities:list", "activities.list_activity")]
