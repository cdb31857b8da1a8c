from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from quartier.core.audit import audit
from quartier.privacy.backups import BackupError, restore


class Command(BaseCommand):
    help = _(
        "Remplace tout le contenu de la base par une sauvegarde faite par `quartier backup`. "
        "Arrêtez le serveur d'application avant."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="Fichier de sauvegarde.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file: Path, database: str, **options) -> None:
        try:
            restore(file, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        audit(None, "restore", file=file.name)
        self.stdout.write(self.style.SUCCESS(_("Base restaurée depuis : %s") % file))
