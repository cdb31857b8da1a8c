from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "quartier.groups"
    label = "groups"
    verbose_name = _("Groupes de travail")
    navigation = [(_("Groupes de travail"), "groups:list", "groups.list_group")]
    # Included on a consultation theme's page (see quartier.core.hooks).
    theme_actions = ["groups/_theme_action.html"]
    home_todo = ["quartier.groups.todo.items_for"]  # see quartier.gatherings.todo

    def ready(self) -> None:
        from quartier.groups import signals  # noqa: F401 (connects the receivers)
