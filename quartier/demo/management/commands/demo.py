from django.core.management.base import BaseCommand, CommandError

from quartier.demo.story import build_demo, demo_exists, demo_logins


class Command(BaseCommand):
    help = "Charge l'histoire des Montoires (noms fictifs) comme données de démonstration."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne rien faire si la démonstration est déjà chargée (pour make run).",
        )

    def handle(self, *args, if_empty: bool = False, **options):
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
        self.stdout.write("Comptes de démonstration (identifiant / mot de passe) :")
        for username, password, role in demo_logins():
            self.stdout.write(f"  {username:<10} / {password}   ({role})")
