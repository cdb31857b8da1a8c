"""`quartier themes INPUT.csv --text-column COL ... --out FILE`: see quartier/synthesis/cli.py."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from quartier.synthesis.cli import FORMATS, run, tqdm_progress
from quartier.synthesis.csvio import SynthesisInputError


class Command(BaseCommand):
    help = "Regroupe les contributions d'un fichier CSV en thèmes (JSON, HTML ou Markdown)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001 - argparse parser
        parser.add_argument("input", metavar="INPUT.csv", help="Fichier CSV des contributions")
        parser.add_argument("--text-column", required=True, help="Colonne du texte")
        parser.add_argument("--author-column", default=None, help="Colonne de l'auteur")
        parser.add_argument("--themes", type=int, default=None, help="Nombre de thèmes imposé")
        parser.add_argument(
            "--question", default="", help="Question posée (ses mots ne nomment pas un thème)"
        )
        parser.add_argument("--format", choices=FORMATS, default="json", help="Format du rapport")
        parser.add_argument("--out", required=True, help="Fichier à écrire")

    def handle(self, *args, **options) -> None:
        progress, close = tqdm_progress(self.stderr._out)
        try:
            grouping = run(
                options["input"],
                text_column=options["text_column"],
                author_column=options["author_column"],
                n_themes=options["themes"],
                fmt=options["format"],
                out=options["out"],
                progress=progress,
                question=options["question"],
            )
        except SynthesisInputError as error:
            raise CommandError(str(error)) from error
        finally:
            close()
        placed = sum(1 for a in grouping.assignments if a is not None)
        self.stderr.write(
            f"{len(grouping.themes)} thèmes, {placed}/{len(grouping.assignments)} contributions "
            f"classées ; rapport écrit dans {options['out']}"
        )
