"""`quartier fiche [--territory SLUG] --format md|html|pdf --out FILE`: the practice sheet of a
territory, filled from its data. Written to a temporary file and moved into place at the end,
so nothing is left behind when something fails."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from quartier.core.pdf import render_pdf_bytes
from quartier.evaluation.reports.fiche import sheet, to_markdown
from quartier.people.models import Territory


class Command(BaseCommand):
    help = "Écrit la fiche d'expérience d'un territoire à partir de ses données."

    def add_arguments(self, parser):
        parser.add_argument(
            "--territory",
            default="",
            help="Identifiant court du territoire (par défaut : le plus ancien).",
        )
        parser.add_argument("--format", choices=["md", "html", "pdf"], default="md")
        parser.add_argument("--out", required=True, help="Fichier à écrire.")

    def handle(self, *args, territory: str, format: str, out: str, **options):
        chosen = _territory(territory)
        content = render(chosen, format)
        target = Path(out)
        if not target.parent.exists():
            raise CommandError(f"Le dossier {target.parent} n'existe pas.")
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".fiche-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            # mkstemp makes the file private; the sheet is meant to be shared.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stdout.write(self.style.SUCCESS(f"Fiche écrite : {target}"))


def _territory(slug: str) -> Territory:
    if slug:
        found = Territory.objects.filter(slug=slug).first()
        if found is None:
            known = ", ".join(Territory.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"Territoire inconnu : « {slug} ». Territoires enregistrés : {known or 'aucun'}."
            )
        return found
    found = Territory.objects.order_by("pk").first()
    if found is None:
        raise CommandError("Aucun territoire enregistré : rien à décrire.")
    return found


def render(territory: Territory, file_format: str) -> bytes:
    built = sheet(territory)
    if file_format == "md":
        return to_markdown(built).encode("utf-8")
    context = {"sheet": built, "for_print": file_format == "pdf"}
    if file_format == "pdf":
        return render_pdf_bytes("evaluation/pdf/fiche.html", context)
    return render_to_string("evaluation/pdf/fiche.html", context).encode("utf-8")
