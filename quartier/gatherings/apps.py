from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatheringsConfig(AppConfig):
    name = "quartier.gatherings"
    label = "gatherings"
    verbose_name = _("Rencontres et présences")
    navigation = [(_("Rencontres"), "gatherings:list", "gatherings.view_gathering")]
    # The home page's to-do list: each app names its functions user -> [TodoItem]
    # (see quartier.gatherings.todo), read with quartier.core.hooks.declared("home_todo").
    home_todo = ["quartier.gatherings.todo.items_for"]
