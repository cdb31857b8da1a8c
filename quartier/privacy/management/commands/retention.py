from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.privacy.services import apply_retention


class Command(BaseCommand):
    help = _(
        "Anonymise les fiches des habitants que personne n'a revus depuis "
        "PRIVACY_RETENTION_DAYS jours "
        "(ni présence, ni consentement, ni création), et purge les événements courants du "
        "journal plus anciens que PRIVACY_AUDIT_RETENTION_DAYS. Sans danger chaque jour."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Durée de conservation en jours (par défaut PRIVACY_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Dit ce qui serait fait, sans rien changer."
        )

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        days = settings.PRIVACY_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError(_("--days doit être un nombre de jours positif."))
        report = apply_retention(
            days, audit_days=settings.PRIVACY_AUDIT_RETENTION_DAYS, dry_run=dry_run
        )
        # Numbers only: this output ends up in cron mail and logs.
        for pk in report.anonymised:
            message = (
                _("Personne n°%(id)s : serait anonymisée (non revue depuis %(days)s jours).")
                if dry_run
                else _("Personne n°%(id)s : anonymisée (non revue depuis %(days)s jours).")
            )
            self.stdout.write(message % {"id": pk, "days": days})
        count, events = len(report.anonymised), report.audit_events_deleted
        if dry_run:
            summary = ngettext(
                "Essai, rien n'a été modifié : %(count)s personne à anonymiser",
                "Essai, rien n'a été modifié : %(count)s personnes à anonymiser",
                count,
            ) + ngettext(
                ", %(events)s événement du journal à purger.",
                ", %(events)s événements du journal à purger.",
                events,
            )
        else:
            summary = ngettext(
                "%(count)s personne anonymisée", "%(count)s personnes anonymisées", count
            ) + ngettext(
                ", %(events)s événement du journal purgé.",
                ", %(events)s événements du journal purgés.",
                events,
            )
        self.stdout.write(self.style.SUCCESS(summary % {"count": count, "events": events}))
