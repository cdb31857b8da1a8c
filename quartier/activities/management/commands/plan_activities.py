from django.core.management.base import BaseCommand

from quartier.activities.planning import PLAN_WEEKS, plan_all


class Command(BaseCommand):
    help = (
        "Prévoit les séances des activités pour les semaines à venir (jours fériés sautés). "
        "À lancer chaque jour ou chaque semaine (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--weeks", type=int, default=PLAN_WEEKS, help="Combien de semaines à l'avance."
        )

    def handle(self, *args, weeks: int, **options):
        created = plan_all(weeks=weeks)
        self.stdout.write(f"{created} séance(s) prévue(s).")
