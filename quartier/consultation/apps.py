from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "quartier.consultation"
    label = "consultation"
    verbose_name = _("Consultation des habitants")
    navigation = [
        (_("Consultations"), "consultation:list", "consultation.list_consultation"),
        (_("Donner son avis"), "consultation:for_residents", "consultation.resident_menu"),
    ]
    home_todo = ["quartier.consultation.todo.items_for"]  # see quartier.gatherings.todo
    # A gathering's poster and sign-in sheet print these addresses; its page offers the capture
    # (see quartier.gatherings.offers).
    gathering_addresses = ["quartier.consultation.public_address.for_gathering"]
    gathering_actions = ["quartier.consultation.public_address.actions_for"]
