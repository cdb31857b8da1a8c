from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from quartier.core.audit import audit
from quartier.privacy.backups import BackupError, check_restorable, describe, restore

# What to type to confirm in a terminal: a word, so that a stray Enter or "o" never replaces
# the whole database.
CONFIRMATION = "restaurer"


def _in_a_terminal() -> bool:
    return sys.stdin.isatty()


class Command(BaseCommand):
    help = _(
        "Remplace tout le contenu de la base par une sauvegarde faite par `quartier backup`, "
        "après avoir sauvegardé la base remplacée. Arrêtez le serveur d'application avant."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help=_("Fichier de sauvegarde."))
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--yes",
            action="store_true",
            help=_("Remplacer la base sans demander de confirmation (scripts)."),
        )

    def handle(self, *args, file: Path, database: str, yes: bool, **options) -> None:
        try:
            check_restorable(file, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not yes:
            self._confirm(file, database)
        try:
            previous = restore(file, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        audit(None, "restore", file=file.name, previous=previous.name)
        self.stdout.write(self.style.SUCCESS(_("Base restaurée depuis : %s") % file))
        self.stdout.write(
            _(
                "La base remplacée est sauvegardée dans : %(path)s\nPour revenir en arrière : "
                "quartier restore %(path)s --yes"
            )
            % {"path": previous}
        )

    def _confirm(self, file: Path, database: str) -> None:
        warning = _(
            "Tout le contenu de %(target)s sera remplacé par la sauvegarde %(file)s "
            "(une sauvegarde de la base actuelle sera écrite avant)."
        ) % {"target": describe(database), "file": file}
        if not _in_a_terminal():
            raise CommandError(
                warning + " " + _("Rien n'a été restauré : ajoutez --yes pour confirmer.")
            )
        self.stdout.write(warning)
        answer = input(_("Tapez « %s » pour continuer : ") % CONFIRMATION)
        if answer.strip().lower() != CONFIRMATION:
            raise CommandError(_("Rien n'a été restauré."))
