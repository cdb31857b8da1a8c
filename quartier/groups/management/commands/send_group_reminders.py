import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from quartier.groups import services
from quartier.groups.models import WorkingGroup


class Command(BaseCommand):
    help = (
        "Envoie par courriel le rappel de la prochaine séance aux membres des groupes de travail "
        "qui ont un courriel (une seule fois par séance). Les autres reçoivent la lettre imprimée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=7, help="Séances des N prochains jours (7 par défaut)."
        )
        parser.add_argument("--group", type=int, help="Seulement ce groupe (numéro).")

    def handle(self, *args, days: int = 7, group: int | None = None, **options):
        if days < 0:
            raise CommandError("--days doit être positif.")
        sessions = services.sessions_needing_reminders(within=dt.timedelta(days=days))
        if group is not None:
            if not WorkingGroup.objects.filter(pk=group).exists():
                raise CommandError(f"Aucun groupe de travail n° {group}.")
            sessions = sessions.filter(group_id=group)
        # Only each group's next session: a later one gets its reminder in its own week.
        seen: set[int] = set()
        for session in sessions:
            if session.group_id in seen:
                continue
            seen.add(session.group_id)
            outcome = services.send_session_reminders(session)
            self.stdout.write(
                f"{session.group.name} — {session.gathering.start:%d/%m/%Y %H:%M} : "
                f"{len(outcome.sent)} courriel(s), {len(outcome.without_email)} sans courriel."
            )
        if not seen:
            self.stdout.write("Aucune séance à rappeler.")
