"""`quartier french_catalog`: rebuild quartier/locale/fr, so counts read as French counts.

The interface is written in French, so French needs no translation, except for one thing:
without a French catalog Django counts the English way, and « 0 venue » comes out as
« 0 venues ». French puts 0 and 1 in the singular (`plural=(n > 1)`); the catalog carries that
rule and every message that has a plural form, each « translated » to itself. Run this after
adding a `{% blocktranslate count %}` or an `ngettext`; `quartier/tests/test_french.py` fails
until you do. Needs GNU gettext (xgettext, msgfmt).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

IGNORED = [".venv", ".venv/*", "var/*", "bench/*", "node_modules/*", "build/*", "*/migrations/*"]
# One entry of a .po file with a plural form: the two source forms, then the translations.
PLURAL_ENTRY = re.compile(
    r'(?P<head>msgid (?P<one>(?:"(?:[^"\\]|\\.)*"\n)+)'
    r'msgid_plural (?P<many>(?:"(?:[^"\\]|\\.)*"\n)+))'
    r'msgstr\[0\] (?:"(?:[^"\\]|\\.)*"\n)+msgstr\[1\] (?:"(?:[^"\\]|\\.)*"\n)+'
)
FRENCH_PLURAL = '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"'


def french_plurals(po: str) -> str:
    """Each plural entry translated to itself, and French's rule for counting in the header."""
    po = re.sub(r'"Plural-Forms: [^"]*"', lambda _: FRENCH_PLURAL, po, count=1)
    po = po.replace('"Language: \\n"', '"Language: fr\\n"', 1)
    po = po.replace("#, fuzzy\n", "", 1)  # the header, once filled in, is no longer a draft
    return PLURAL_ENTRY.sub(
        lambda m: f"{m['head']}msgstr[0] {m['one']}msgstr[1] {m['many']}",
        po,
    )


class Command(BaseCommand):
    help = "Reconstruit le catalogue français (quartier/locale/fr) : les pluriels à la française."

    def handle(self, *args, **options) -> None:
        locale = Path(settings.LOCALE_PATHS[0])
        (locale / "fr" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        # makemessages reads the tree below the current folder: the project's, whatever the
        # folder the command was started from.
        previous = Path.cwd()
        os.chdir(settings.PROJECT_DIR)
        try:
            self._build(locale)
        finally:
            os.chdir(previous)

    def _build(self, locale: Path) -> None:
        po = locale / "fr" / "LC_MESSAGES" / "django.po"
        # Built afresh: every entry is computed, and merging into the old file would mark new
        # messages close to old ones as fuzzy, which compilemessages leaves out.
        po.unlink(missing_ok=True)
        call_command(
            "makemessages",
            locale=["fr"],
            extensions=["html", "txt", "py"],
            ignore_patterns=IGNORED,
            no_obsolete=True,
            no_location=True,
            verbosity=0,
        )
        po.write_text(french_plurals(po.read_text(encoding="utf-8")), encoding="utf-8")
        call_command("compilemessages", locale=["fr"], ignore_patterns=IGNORED, verbosity=0)
        plurals = po.read_text(encoding="utf-8").count("msgid_plural")
        self.stdout.write(f"{po} : {plurals} messages avec un pluriel.")
