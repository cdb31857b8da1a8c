"""French that is right everywhere, checked on every template, model and message of every app
(present and future: templates are found through Django's template loaders, models through
the app registry, messages by reading each module):

- no text a person reads is left outside the translation machinery (a template's text nodes
  and user-facing attributes are inside {% translate %} / {% blocktranslate %}; every verbose
  name, choice label and help text is a lazy translation);
- no English word slipped into a French string (a short list of English words that are not
  French words too);
- no « · » inclusive form (« habitant·e »): both forms or a neutral word, for everyone;
- counts agree with their noun the French way (« 0 venue », « 2 venues »): every message
  with a plural form is in the French catalog (`quartier french_catalog` rebuilds it);
- the pages residents read carry no « iCal », « Tableau de bord » or « dispersion ».

Each failure names the file and line (or the model and field) to fix.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template import engines
from django.template.base import Lexer, TokenType
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
# English words that are not also French words (« date », « page », « place », « note »,
# « type », « on », « but », « file » are French: they are not listed).
ENGLISH = {
    "the", "and", "of", "with", "from", "your", "you", "this", "that", "these", "those", "is",
    "are", "was", "were", "been", "has", "have", "not", "yes", "none", "null", "true", "false",
    "click", "here", "save", "cancel", "delete", "edit", "submit", "search", "login", "logout",
    "password", "username", "user", "users", "email", "first", "last", "created", "updated",
    "by", "at", "to", "for", "new", "add", "remove", "back", "next", "previous", "dashboard",
    "home", "settings", "upload", "download", "select", "choose", "error", "errors", "warning",
    "success", "loading", "please", "required", "optional", "feed", "ical", "meeting",
    "meetings", "attendance", "attendances", "status", "kind", "role", "group", "groups",
    "theme", "themes", "todo", "item", "items", "list", "link", "open", "closed", "done",
    "pending", "draft", "report", "data", "person", "people", "event", "events", "member",
    "members", "activity", "activities", "share", "show", "hide", "more", "less", "all", "name",
    "title", "start", "end", "view",
}  # fmt: skip
# Placeholders and command-line options are code, not words: « %(name)s », « --yes ».
CODE = re.compile(r"%\(\w+\)[sdf]|\{\{.*?\}\}|(?<!\w)--?[a-z][\w-]*|`[^`]*`")
# Words allowed outside a translation tag: the software's name.
NAMES = {"quartier"}
INCLUSIVE = re.compile(r"[^\W\d_]·[^\W\d_]")
WORD = re.compile(r"[^\W\d_]+")
# What a person reads in an attribute: alternatives, titles, placeholders, accessible names.
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "label"}
# Pages and documents residents read: plain words for everyone, and nothing technical.
RESIDENT_TEMPLATES = [
    "templates/base.html",
    "templates/core/accessibility.html",
    "templates/registration/login.html",
    "gatherings/templates/gatherings/home_resident.html",
    "consultation/templates/consultation/public.html",
    "consultation/templates/consultation/give_opinion.html",
    "consultation/templates/consultation/for_residents.html",
    "consultation/templates/consultation/restitution.html",
    "consultation/templates/consultation/pdf/restitution.html",
    "privacy/templates/privacy/pdf/person_export.html",
    "gatherings/templates/gatherings/pdf/poster.html",
    "groups/templates/groups/pdf/invitation.html",
]
JARGON_FOR_RESIDENTS = ["iCal", "Tableau de bord", "dispersion", "écart type"]
# Known and waiting for their own change: consultation's Python code belongs to issue 16
# part B (after the consultation refactoring). Each entry must still be found, so that it is
# removed once fixed.
PENDING: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Text:
    where: str  # "gatherings/templates/gatherings/home.html:12"
    text: str
    key: tuple[str, str]  # for PENDING: (file or model, text or field)


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- finding templates, messages and model labels ------------------------------------------


def template_files() -> list[Path]:
    """Every template of the project, found the way Django finds them (project folder and
    every installed app's templates/), Django's own apps left out."""
    folders: list[Path] = []
    for loader in engines["django"].engine.template_loaders:
        for inner in getattr(loader, "loaders", [loader]):
            folders += [Path(d) for d in inner.get_dirs()]
    files = set()
    for folder in folders:
        if folder.resolve().is_relative_to(ROOT) and folder.is_dir():
            files |= {p for p in folder.rglob("*") if p.suffix in (".html", ".txt")}
    return sorted(files)


def python_files() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        if "migrations" not in p.parts
        and not p.name.startswith("test_")
        and "tests" not in p.parts
        and "testing" not in p.parts
    )


SINGULAR_ONLY: list[Text] = []  # counts given to gettext, not ngettext (filled below)
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "gettext_noop"}
NGETTEXT = {"ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}


COUNTED = re.compile(r"%\((count|counter|n|total)\)[sd] [^\W\d_]")


def python_messages() -> tuple[list[Text], list[tuple[str, str, str]]]:
    """Every string given to gettext in the project's code, and every (singular, plural)."""
    messages, plurals = [], []
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            strings = [a.value for a in node.args if isinstance(a, ast.Constant)]
            strings = [s for s in strings if isinstance(s, str)]
            where = f"{_relative(path)}:{node.lineno}"
            if name in GETTEXT and strings:
                text = Text(where, strings[-1], (_relative(path), strings[-1]))
                messages.append(text)
                if COUNTED.search(text.text):
                    SINGULAR_ONLY.append(text)
            elif name in NGETTEXT and len(strings) >= 2:
                messages += [Text(where, s, (_relative(path), s)) for s in strings[-2:]]
                plurals.append((where, strings[-2], strings[-1]))
    return messages, plurals


class _Skeleton(HTMLParser):
    """Text nodes and read attributes of a template whose tags and translations are blanked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data) -> None:
        if not self._skip:
            self.found.append((self.getpos()[0], data))


def _blank(contents: str) -> str:
    return "\x00" + "\n" * contents.count("\n")


def read_template(path: Path) -> tuple[list[Text], list[Text], list[tuple[str, str, str]]]:
    """(text outside translation tags, translated strings, plural messages) of a template."""
    source = path.read_text(encoding="utf-8")
    name = _relative(path)
    skeleton, translated = [], []
    inside: str | None = None  # "blocktranslate", "comment", "verbatim" while in one
    block: list[str] = []
    block_line = 0
    for token in Lexer(source).tokenize():
        raw = token.contents
        if token.token_type == TokenType.BLOCK:
            bits = raw.split()
            tag = bits[0] if bits else ""
            if inside == "blocktranslate" and tag in ("plural",):
                block.append(" ")
            elif inside and tag in (
                "endblocktranslate",
                "endblocktrans",
                "endcomment",
                "endverbatim",
            ):
                if inside == "blocktranslate":
                    translated.append(Text(f"{name}:{block_line}", "".join(block), (name, "")))
                inside = None
            elif inside is None and tag in ("blocktranslate", "blocktrans"):
                inside, block, block_line = "blocktranslate", [], token.lineno
            elif inside is None and tag in ("comment", "verbatim"):
                inside = tag
            elif inside is None and tag in ("translate", "trans") and len(bits) > 1:
                literal = token.split_contents()[1]
                if literal[:1] in "\"'":
                    translated.append(Text(f"{name}:{token.lineno}", literal[1:-1], (name, "")))
            skeleton.append(_blank(raw))
        elif token.token_type == TokenType.TEXT:
            if inside == "blocktranslate":
                block.append(raw)
                skeleton.append(_blank(raw))
            elif inside:
                skeleton.append(_blank(raw))
            else:
                skeleton.append(raw)
        else:  # variables and comments
            if inside == "blocktranslate":
                block.append("\x00")
            skeleton.append(_blank(raw))
    parser = _Skeleton()
    text = "".join(skeleton)
    if path.suffix == ".html":
        parser.feed(text)
        parser.close()
        nodes = parser.found
    else:
        nodes = [(n, line) for n, line in enumerate(text.split("\n"), 1)]
    loose = [
        Text(f"{name}:{line}", data.strip(), (name, data.strip()))
        for line, data in nodes
        if {w.lower() for w in WORD.findall(data.replace("\x00", " "))} - NAMES
    ]
    plurals = [
        (name, ast.literal_eval(one), ast.literal_eval(many))
        for one, many in re.findall(
            r"ngettext\((u?'(?:[^'\\]|\\.)*'|u?\"(?:[^\"\\]|\\.)*\"), "
            r"(u?'(?:[^'\\]|\\.)*'|u?\"(?:[^\"\\]|\\.)*\"), count\)",
            templatize(source, origin=str(path)),
        )
    ]
    return loose, translated, plurals


def model_labels() -> tuple[list[Text], list[str]]:
    """Every verbose name, choice label and help text of the project's models, and those that
    are plain strings (Django's English default from the attribute name, or never marked)."""
    labels, untranslated = [], []
    for model in apps.get_models():
        if not model.__module__.startswith("quartier."):
            continue
        label = model._meta.label
        for kind in ("verbose_name", "verbose_name_plural"):
            value = getattr(model._meta, kind)
            labels.append(Text(f"{label} ({kind})", str(value), (label, kind)))
            if not isinstance(value, Promise):
                untranslated.append(f"{label} Meta.{kind} = {value!r}")
        for field in model._meta.get_fields():
            if field.auto_created or not (field.concrete or field.many_to_many):
                continue
            where = f"{label}.{field.name}"
            texts = [("verbose_name", field.verbose_name)]
            if field.help_text:
                texts.append(("help_text", field.help_text))
            texts += [("choice", choice) for _, choice in (field.flatchoices or [])]
            for kind, value in texts:
                labels.append(Text(f"{where} ({kind})", str(value), (label, field.name)))
                if not isinstance(value, Promise) and not _pending((label, field.name)):
                    untranslated.append(f"{where} {kind} = {value!r}")
    return labels, untranslated


@pytest.fixture(scope="module")
def corpus():
    loose, translated, plurals = [], [], []
    for path in template_files():
        found = read_template(path)
        loose += found[0]
        translated += found[1]
        plurals += found[2]
    messages, python_plurals = python_messages()
    labels, untranslated = model_labels()
    return {
        "loose": loose,
        "strings": translated + messages + labels,
        "plurals": plurals + python_plurals,
        "untranslated": untranslated,
    }


# --- the checks ----------------------------------------------------------------------------


def test_templates_of_every_app_are_found():
    names = {_relative(p) for p in template_files()}
    assert "templates/base.html" in names
    assert "gatherings/templates/gatherings/home.html" in names
    assert "groups/templates/groups/email/reminder_body.txt" in names
    assert not any(".venv" in n or "django/contrib" in n for n in names)


def test_no_text_is_left_outside_the_translation_tags(corpus):
    assert not corpus["loose"], "\n".join(f"{t.where}: {t.text[:80]!r}" for t in corpus["loose"])


def test_every_verbose_name_choice_and_help_text_is_translatable(corpus):
    assert not corpus["untranslated"], "\n".join(corpus["untranslated"])


def _pending(key: tuple[str, str]) -> bool:
    return any(key[0] == where and key[1].startswith(text) for where, text in PENDING)


def test_no_english_word_in_a_french_string(corpus):
    found = [
        f"{t.where}: {sorted(words)} in {t.text[:80]!r}"
        for t in corpus["strings"]
        if (words := {w.lower() for w in WORD.findall(CODE.sub(" ", t.text))} & ENGLISH)
        and not _pending(t.key)
    ]
    assert not found, "\n".join(found)


def test_no_inclusive_middle_dot_forms(corpus):
    found = [
        f"{t.where}: {t.text[:80]!r}"
        for t in corpus["strings"] + corpus["loose"]
        if INCLUSIVE.search(t.text) and not _pending(t.key)
    ]
    assert not found, "write both forms or a neutral word:\n" + "\n".join(found)


def test_known_exceptions_are_still_there(corpus):
    """An entry of PENDING fixed since must leave the list."""
    keys = {t.key for t in corpus["strings"]} | {
        (model._meta.label, f.name)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if f.concrete and not isinstance(f.verbose_name, Promise)
    }
    stale = [
        (where, text)
        for where, text in PENDING
        if not any(key[0] == where and key[1].startswith(text) for key in keys)
    ]
    assert not stale, f"fixed: remove from PENDING {stale}"


def test_counts_agree_with_their_noun_the_french_way(corpus):
    """0 and 1 take the singular: each plural message is in the French catalog."""
    wrong = []
    with translation.override("fr"):
        for where, one, many in corpus["plurals"]:
            if (
                translation.ngettext(one, many, 0) != one
                or translation.ngettext(one, many, 2) != many
            ):
                wrong.append(f"{where}: {one!r}")
    assert not wrong, "run `quartier french_catalog`, then commit quartier/locale:\n" + "\n".join(
        wrong
    )
    assert len(corpus["plurals"]) > 20


def test_a_count_in_a_message_has_its_plural_form(corpus):
    """« %(count)s contributions » given to gettext reads « 1 contributions »: ngettext."""
    found = [f"{t.where}: {t.text[:80]!r}" for t in SINGULAR_ONLY if not _pending(t.key)]
    assert not found, "use ngettext:\n" + "\n".join(found)


@pytest.mark.parametrize("name", RESIDENT_TEMPLATES)
def test_pages_residents_read_carry_no_jargon(name):
    source = (ROOT / name).read_text(encoding="utf-8")
    for jargon in JARGON_FOR_RESIDENTS:
        assert jargon not in source, f"{name}: « {jargon} »"


def test_the_checks_catch_what_they_look_for(tmp_path):
    """A template with a loose English word and a middle dot form fails, naming the line."""
    sample = tmp_path / "sample.html"
    sample.write_text(
        '{% load i18n %}<p>{% translate "Bonjour" %}</p>\n<p title="Save">Click here</p>\n'
        "{% blocktranslate count counter=n %}{{ counter }} habitant·e"
        "{% plural %}x{% endblocktranslate %}"
    )
    original = ROOT
    loose, translated, plurals = read_template_outside(sample, tmp_path)
    assert [t.where for t in loose] == ["sample.html:2", "sample.html:2"]
    assert any(INCLUSIVE.search(t.text) for t in translated)
    assert plurals and plurals[0][1] == "%(counter)s habitant·e"
    assert original == ROOT


def read_template_outside(path: Path, root: Path):
    """read_template for a file outside the project (the self-test above)."""
    global ROOT
    saved, ROOT = ROOT, root
    try:
        return read_template(path)
    finally:
        ROOT = saved
