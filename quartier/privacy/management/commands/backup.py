from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from quartier.core.audit import audit
from quartier.privacy.backups import BackupError, backup


class Command(BaseCommand):
    help = _(
        "Sauvegarde toute la base (SQLite : sauvegarde à chaud ; PostgreSQL : pg_dump -Fc). "
        "Par défaut dans var/backups/ avec la date et l'heure dans le nom."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", type=Path, help="Fichier à écrire.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, out: Path | None, database: str, **options) -> None:
        try:
            path = backup(out, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        audit(None, "backup", file=path.name)
        self.stdout.write(self.style.SUCCESS(_("Sauvegarde écrite : %s") % path))
