from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "quartier.people"
    label = "people"
    verbose_name = _("Personnes et partenaires")
    navigation = [(_("Personnes"), "people:list", "people.list_person")]
