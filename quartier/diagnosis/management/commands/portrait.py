"""`quartier portrait FILE [--meta META_FILE] --area CODE [--format json|html|pdf|md] --out OUT`.

A thin shell over the Django-free engine in `quartier.statistics`: read, build, render, then
write the output in one step (a temporary file renamed), so a failure writes nothing.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quartier.statistics.errors import ReadError, StatisticsError
from quartier.statistics.portrait import build_portrait
from quartier.statistics.reader import read_meta, read_table
from quartier.statistics.render import FORMATS, render


class Command(BaseCommand):
    help = "Portrait d'un territoire (IRIS, commune, département) à partir d'un fichier Insee."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Fichier Insee (CSV) : une ligne par commune ou IRIS.")
        parser.add_argument("--meta", help="Dictionnaire des variables de l'Insee (CSV).")
        parser.add_argument("--area", required=True, help="Code du territoire : IRIS, commune…")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--out", required=True, help="Fichier à écrire (« - » : la sortie).")

    def handle(self, *args, **options) -> None:
        try:
            meta = read_meta(options["meta"]) if options["meta"] else None
        except StatisticsError as error:
            raise CommandError(f"Dictionnaire « {options['meta']} » illisible : {error}") from None
        try:
            table = read_table(options["file"], meta=meta)
        except ReadError as error:
            lines = [f"Fichier « {options['file']} » illisible : {error}"]
            lines += [f"  aussi {other}" for other in error.problems[1:]]
            raise CommandError("\n".join(lines)) from None
        try:
            portrait = build_portrait(table, options["area"])
        except StatisticsError as error:
            raise CommandError(f"Territoire introuvable : {error}") from None
        data = render(portrait, options["format"])
        out = options["out"]
        if out == "-":
            sys.stdout.buffer.write(data)
            return
        _write_atomically(Path(out), data)
        for warning in portrait.warnings:
            self.stderr.write(f"Avertissement : {warning}")


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=".portrait-")
    except OSError as error:
        raise CommandError(f"Impossible d'écrire « {path} » : {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise CommandError(f"Impossible d'écrire « {path} » : {error.strerror}") from None
