"""`quartier association_reminders`: what the associations must send soon (spending reports,
new subsidy applications, notices of general assemblies), printed and e-mailed to their
volunteers. To run daily, like `quartier retention`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from quartier.association.actions.subsidies import REMINDER_DAYS, due_soon
from quartier.association.models import Association
from quartier.people.models import User


class Command(BaseCommand):
    help = (
        "Rappelle ce que les associations doivent envoyer bientôt : comptes rendus financiers, "
        "demandes de subvention, convocations aux assemblées générales."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=REMINDER_DAYS,
            help=f"Ce qui est à envoyer dans les N jours ({REMINDER_DAYS} par défaut).",
        )
        parser.add_argument(
            "--no-mail", action="store_true", help="Afficher seulement, sans envoyer de courriel."
        )

    def handle(self, *args, days: int, no_mail: bool = False, **options) -> None:
        if days < 0:
            raise CommandError("--days doit être positif.")
        today = timezone.localdate()
        recipients = list(
            User.objects.filter(
                is_active=True, role__in=(User.Role.VOLUNTEER, User.Role.ADMINISTRATOR)
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
        anything = False
        for association in Association.objects.all():
            reminders = due_soon(association, today, within=days)
            if not reminders:
                continue
            anything = True
            lines = [
                ("EN RETARD — " if r.late else "") + f"{r.due_on:%d/%m/%Y} : {r.text}"
                for r in reminders
            ]
            self.stdout.write(f"{association.name} :")
            for line in lines:
                self.stdout.write(f"  {line}")
            if recipients and not no_mail:
                send_mail(
                    f"{association.name} : à envoyer bientôt",
                    "\n".join(lines),
                    settings.DEFAULT_FROM_EMAIL,
                    recipients,
                )
        if not anything:
            self.stdout.write("Rien à envoyer bientôt.")
