from django.core.management.base import BaseCommand, CommandError

from quartier.demo.large import build_large, large_exists
from quartier.demo.story import build_demo, demo_exists, demo_logins


class Command(BaseCommand):
    help = "Charge l'histoire des Montoires (noms fictifs) comme données de démonstration."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne rien faire si la démonstration est déjà chargée (pour make run).",
        )
        parser.add_argument(
            "--scale",
            default="",
            help=(
                "Ajouter une grande installation fictive pour mesurer les temps : « large » "
                "(20 000 personnes, 500 000 présences, 10 territoires) ou une fraction (0.01)."
            ),
        )

    def handle(self, *args, if_empty: bool = False, scale: str = "", **options):
        factor = _factor(scale) if scale else None
        if demo_exists():
            if not if_empty:
                raise CommandError(
                    "Les données de démonstration sont déjà chargées. "
                    "Partez d'une base vide (supprimez var/quartier.sqlite3) pour les recharger."
                )
            self.stdout.write("Données de démonstration déjà présentes : rien à changer.")
        else:
            build_demo()
            self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        if factor is not None:
            if large_exists():
                raise CommandError("La grande installation fictive est déjà chargée.")
            summary = build_large(factor)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Installation fictive : {summary.territories} territoires, "
                    f"{summary.people} personnes, {summary.gatherings} rencontres, "
                    f"{summary.attendances} présences."
                )
            )
        self.stdout.write("Comptes de démonstration (identifiant / mot de passe) :")
        for username, password, role in demo_logins():
            self.stdout.write(f"  {username:<10} / {password}   ({role})")


def _factor(scale: str) -> float:
    if scale == "large":
        return 1.0
    try:
        factor = float(scale)
    except ValueError:
        raise CommandError(
            f"Échelle inconnue : « {scale} ». Écrivez « large » ou une fraction comme 0.01."
        ) from None
    if not 0 < factor <= 1:
        raise CommandError("L'échelle est une fraction entre 0 et 1, ou « large ».")
    return factor
