"""`quartier fec --year YEAR --out FILE`: the FEC file of a financial year, for an accountant."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quartier.association.actions.fec import fec_bytes, fec_filename
from quartier.association.models import Association, FinancialYear


class Command(BaseCommand):
    help = (
        "Écrit le fichier des écritures comptables (FEC) d'un exercice : 18 colonnes séparées "
        "par des tabulations, chaque écriture équilibrée."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Année où l'exercice commence.")
        parser.add_argument(
            "--out",
            type=Path,
            required=True,
            help="Fichier à écrire, ou dossier (le nom sera <SIREN>FEC<date de clôture>.txt).",
        )
        parser.add_argument(
            "--association", type=int, help="Numéro de l'association, s'il y en a plusieurs."
        )

    def handle(self, *args, year: int, out: Path, association: int | None = None, **options):
        associations = Association.objects.all()
        if association is not None:
            associations = associations.filter(pk=association)
        found = list(associations[:2])
        if not found:
            raise CommandError("Aucune association enregistrée : rien à exporter.")
        if len(found) > 1:
            raise CommandError(
                "Plusieurs associations : précisez laquelle avec --association NUMÉRO."
            )
        financial_year = FinancialYear.objects.filter(
            association=found[0], starts_on__year=year
        ).first()
        if financial_year is None:
            raise CommandError(
                f"L'association n'a pas d'exercice {year} : aucun fichier n'a été écrit."
            )
        data = fec_bytes(financial_year)
        target = out / fec_filename(financial_year) if out.is_dir() else out
        if not target.parent.is_dir():
            raise CommandError(
                f"Le dossier {target.parent} n'existe pas : aucun fichier n'a été écrit."
            )
        # Written beside the target, then renamed: a failure never leaves half a file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".fec-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            raise CommandError(
                f"Écriture impossible ({error}) : aucun fichier n'a été écrit."
            ) from error
        lines = data.count(b"\n") - 1
        self.stdout.write(
            self.style.SUCCESS(f"{target} : {lines} lignes, exercice {financial_year.label}.")
        )
