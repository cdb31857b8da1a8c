"""Importing a spreadsheet of contributions: guess what each column holds, check every row,
then write all of them or none."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.consultation.actions.capture import MAX_TEXT_LENGTH
from quartier.consultation.models import AgeBand, Consultation, Contribution, ImportDraft
from quartier.core.tabular import Table
from quartier.core.text import fold
from quartier.gatherings.models import Gathering
from quartier.people.models import Person

IMPORT_DRAFT_MAX_AGE = dt.timedelta(days=1)

MAPPED_COLUMNS = ("text", "author", "kind", "channel", "date", "age_band")

# Header words (folded) that say what a column holds, most telling first.
COLUMN_HINTS: dict[str, tuple[str, ...]] = {
    "text": (
        "texte",
        "contribution",
        "parole",
        "propos",
        "idee",
        "attente",
        "avis",
        "commentaire",
        "message",
        "remarque",
        "question",
        "text",
    ),
    "author": ("auteur", "nom", "prenom", "habitant", "personne", "qui", "author", "name"),
    "kind": ("type", "nature", "genre", "categorie", "kind"),
    "channel": ("canal", "source", "support", "moyen", "origine", "channel"),
    "date": ("date", "jour", "quand", "day"),
    "age_band": ("tranche", "age"),
}

KIND_WORDS = {
    Contribution.Kind.EXPECTATION: ("attente", "attentes", "souhait", "besoin", "expectation"),
    Contribution.Kind.PROBLEM: ("probleme", "problemes", "difficulte", "plainte", "problem"),
    Contribution.Kind.SUGGESTION: ("suggestion", "suggestions", "idee", "idees", "proposition"),
    Contribution.Kind.TESTIMONY: ("temoignage", "temoignages", "recit", "testimony"),
}
CHANNEL_WORDS = {
    Contribution.Channel.MEETING: ("reunion", "reunion publique", "oral", "meeting"),
    Contribution.Channel.PAPER: ("papier", "paperboard", "papier libre", "courrier", "paper"),
    Contribution.Channel.WEB: ("formulaire en ligne", "web", "internet", "en ligne", "site"),
    Contribution.Channel.PHONE: ("telephone", "tel", "phone", "appel"),
    Contribution.Channel.DOOR_TO_DOOR: ("porte-a-porte", "porte a porte", "door_to_door"),
}
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


@dataclass
class ImportMapping:
    """Which column (index in the header) holds what; None when absent."""

    text: int
    author: int | None = None
    kind: int | None = None
    channel: int | None = None
    date: int | None = None
    age_band: int | None = None
    default_kind: str = Contribution.Kind.EXPECTATION
    default_channel: str = Contribution.Channel.PAPER
    gathering: Gathering | None = None
    create_unknown_people: bool = False
    # Rows already in the consultation (same text, date and author) are left out unless False.
    skip_duplicates: bool = True


@dataclass
class ImportProblem:
    line: int
    column: str
    reason: str


@dataclass
class ImportDuplicate:
    """A row that is already a contribution (or already an earlier row of the same file)."""

    line: int
    text: str
    earlier_line: int | None = None  # None: already in the consultation


@dataclass
class ImportPlan:
    """What an import would do; nothing is written while `problems` is not empty."""

    contributions: list[Contribution] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    # Author names with no one of that name: created on confirmation, else kept anonymous.
    unknown_names: list[str] = field(default_factory=list)
    # Names shared by several people: kept anonymous, the team can fix them afterwards.
    ambiguous_names: list[str] = field(default_factory=list)
    matched_authors: int = 0
    skipped_blank_rows: int = 0
    created_people: int = 0
    # Rows that look already imported; left out of `contributions` when the mapping says so.
    duplicates: list[ImportDuplicate] = field(default_factory=list)
    duplicates_skipped: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.contributions)


def guess_mapping(header: list[str]) -> dict[str, int | None]:
    """Best guess of each column from its title ('Texte', 'Nom', 'Tranche d'âge'...)."""
    folded = [re.sub(r"[^a-z0-9]+", " ", fold(h)).split() for h in header]
    guess: dict[str, int | None] = {}
    taken: set[int] = set()
    # Specific fields first, so "Tranche d'âge" is not taken for a date or "Type" for text.
    for name in ("age_band", "date", "channel", "kind", "author", "text"):
        guess[name] = None
        for hint in COLUMN_HINTS[name]:
            index = next(
                (i for i, words in enumerate(folded) if i not in taken and hint in words), None
            )
            if index is not None:
                guess[name] = index
                taken.add(index)
                break
    if guess["text"] is None:
        free = [i for i in range(len(header)) if i not in taken]
        guess["text"] = free[0] if free else 0
    return {name: guess[name] for name in MAPPED_COLUMNS}


def guess_text_column(table: Table, guess: dict[str, int | None]) -> int:
    """Without a telling title, the text is the column with the longest cells."""
    hinted = any(hint in fold(table.header[guess["text"]]).split() for hint in COLUMN_HINTS["text"])
    if hinted or not table.rows:
        return guess["text"]
    taken = {v for k, v in guess.items() if k != "text" and v is not None}
    sample = table.rows[:50]
    lengths = {
        i: sum(len(row[i]) for row in sample) for i in range(len(table.header)) if i not in taken
    }
    return max(lengths, key=lambda i: lengths[i]) if lengths else guess["text"]


def _choice_from_words(value: str, words: dict, choices) -> str | None:
    folded = " ".join(re.sub(r"[^a-z0-9-]+", " ", fold(value)).split())
    for choice, synonyms in words.items():
        if folded in synonyms or folded == fold(str(choices(choice).label)) or folded == choice:
            return choice
    return None


def parse_kind(value: str) -> str | None:
    return _choice_from_words(value, KIND_WORDS, Contribution.Kind)


def parse_channel(value: str) -> str | None:
    return _choice_from_words(value, CHANNEL_WORDS, Contribution.Channel)


def parse_age_band(value: str) -> str | None:
    """'18-25', '26 à 40 ans', 'moins de 18 ans', '+60', 'plus de 60 ans', or an age: '34'."""
    folded = fold(value)
    numbers = [int(n) for n in re.findall(r"\d+", folded)]
    if any(word in folded for word in ("moins", "<")) or folded.startswith("-"):
        return AgeBand.UNDER_18 if numbers and numbers[0] <= 18 else None
    if any(word in folded for word in ("plus", "+", ">", "et plus")):
        return AgeBand.OVER_60 if numbers and numbers[0] >= 60 else None
    bounds = {
        (18, 25): AgeBand.FROM_18_TO_25,
        (26, 40): AgeBand.FROM_26_TO_40,
        (41, 60): AgeBand.FROM_41_TO_60,
    }
    if len(numbers) == 2:
        return bounds.get((numbers[0], numbers[1]))
    if len(numbers) == 1 and re.fullmatch(r"\d+( ans)?", folded):
        age = numbers[0]
        if age < 18:
            return AgeBand.UNDER_18
        if age > 60:
            return AgeBand.OVER_60
        return next(band for (low, high), band in bounds.items() if low <= age <= high)
    for band in AgeBand:
        if folded == fold(str(band.label)):
            return band.value
    return None


def parse_date(value: str) -> dt.date | None:
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", value):
        value = value[:10]
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def plan_import(consultation: Consultation, table: Table, mapping: ImportMapping) -> ImportPlan:
    """Check every row and build the contributions, unsaved: the validation report."""
    plan = ImportPlan()
    header = table.header
    names: dict[int, str] = {}

    def cell(row: list[str], index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""

    for position, row in enumerate(table.rows):
        if not any(c.strip() for c in row):
            plan.skipped_blank_rows += 1
            continue
        line = table.line_of(position)
        problems_before = len(plan.problems)

        def problem(index: int | None, reason: str, line: int = line) -> None:
            column = header[index] if index is not None else ""
            plan.problems.append(ImportProblem(line, column, reason))

        text = cell(row, mapping.text)
        if not text:
            problem(mapping.text, _("Le texte est vide."))
        elif len(text) > MAX_TEXT_LENGTH:
            problem(
                mapping.text,
                _("Le texte est trop long (%(max)s caractères au plus).")
                % {"max": MAX_TEXT_LENGTH},
            )
        kind = mapping.default_kind
        if raw := cell(row, mapping.kind):
            kind = parse_kind(raw)
            if kind is None:
                problem(
                    mapping.kind,
                    _("Type inconnu : « %(value)s ». Possibles : %(choices)s.")
                    % {"value": raw[:80], "choices": _labels(Contribution.Kind)},
                )
        channel = mapping.default_channel
        if raw := cell(row, mapping.channel):
            channel = parse_channel(raw)
            if channel is None:
                problem(
                    mapping.channel,
                    _("Canal inconnu : « %(value)s ». Possibles : %(choices)s.")
                    % {"value": raw[:80], "choices": _labels(Contribution.Channel)},
                )
        said_on = None
        if raw := cell(row, mapping.date):
            said_on = parse_date(raw)
            if said_on is None:
                problem(
                    mapping.date,
                    _("Date illisible : « %(value)s ». Écrivez-la comme 18/03/1999.")
                    % {"value": raw[:80]},
                )
        age_band = ""
        if raw := cell(row, mapping.age_band):
            age_band = parse_age_band(raw) or ""
            if not age_band:
                problem(
                    mapping.age_band,
                    _("Tranche d'âge inconnue : « %(value)s ». Possibles : %(choices)s.")
                    % {"value": raw[:80], "choices": _labels(AgeBand)},
                )
        if len(plan.problems) > problems_before:
            continue
        contribution = Contribution(
            consultation=consultation,
            text=text,
            kind=kind,
            channel=channel,
            gathering=mapping.gathering,
            said_on=said_on,
            age_band=age_band,
            state=Contribution.State.PUBLISHED,
        )
        if author_name := " ".join(cell(row, mapping.author).split()):
            names[len(plan.contributions)] = author_name[:150]
        contribution._import_line = line
        plan.contributions.append(contribution)

    _match_authors(plan, names)
    if not plan.problems:
        _flag_duplicates(consultation, plan, mapping)
    return plan


def _said_day(said_on: dt.date | None, gathering_start: dt.datetime | None) -> dt.date | None:
    """The day a contribution was said, as an import gives it: its date, else its gathering's."""
    if said_on:
        return said_on
    return timezone.localtime(gathering_start).date() if gathering_start else None


def _duplicate_key(text: str, day: dt.date | None, author: int | str | None) -> tuple:
    return (" ".join(text.split()).casefold(), day, author)


def _flag_duplicates(consultation: Consultation, plan: ImportPlan, mapping: ImportMapping) -> None:
    """Rows with the same text, day and author as a contribution already there, or as an
    earlier row of the file: flagged in the preview, and left out if the team says so."""
    existing = {
        _duplicate_key(text, _said_day(said_on, start), author)
        for text, said_on, start, author in consultation.contributions.values_list(
            "text", "said_on", "gathering__start", "author_id"
        )
    }
    gathering_start = mapping.gathering.start if mapping.gathering else None
    seen: dict[tuple, int] = {}
    kept = []
    for contribution in plan.contributions:
        day = _said_day(contribution.said_on, gathering_start)
        name = fold(getattr(contribution, "_import_author_name", ""))
        # Against the consultation: the author the row will have (an unknown name stays
        # anonymous unless created, and a person created now was never an author before).
        stored = _duplicate_key(contribution.text, day, contribution.author_id)
        if name and mapping.create_unknown_people:
            stored = None
        # Within the file: the name as typed, so two people saying the same are two rows.
        in_file = _duplicate_key(contribution.text, day, contribution.author_id or name or None)
        line = contribution._import_line
        excerpt = " ".join(contribution.text.split())[:120]
        if stored in existing:
            plan.duplicates.append(ImportDuplicate(line, excerpt))
        elif in_file in seen:
            plan.duplicates.append(ImportDuplicate(line, excerpt, earlier_line=seen[in_file]))
        else:
            seen[in_file] = line
            kept.append(contribution)
            continue
        if not mapping.skip_duplicates:
            kept.append(contribution)
    plan.duplicates_skipped = mapping.skip_duplicates and bool(plan.duplicates)
    plan.contributions = kept


def _labels(choices) -> str:
    return ", ".join(str(label).lower() for label in choices.labels)


def _match_authors(plan: ImportPlan, names: dict[int, str]) -> None:
    """Exact folded-name match against people; unknown and ambiguous names are noted."""
    folded_names = {fold(name) for name in names.values()}
    people: dict[str, list[Person]] = {}
    for person in Person.objects.filter(
        search_name__in=folded_names, anonymised_at__isnull=True
    ).order_by("pk"):
        people.setdefault(person.search_name, []).append(person)
    unknown: dict[str, str] = {}
    ambiguous: dict[str, str] = {}
    for index, name in names.items():
        matches = people.get(fold(name), [])
        if len(matches) == 1:
            plan.contributions[index].author = matches[0]
            plan.matched_authors += 1
        elif matches:
            ambiguous.setdefault(fold(name), name)
        else:
            unknown.setdefault(fold(name), name)
            # Remember the typed name until run_import decides (create or stay anonymous).
            plan.contributions[index]._import_author_name = name
    plan.unknown_names = sorted(unknown.values(), key=fold)
    plan.ambiguous_names = sorted(ambiguous.values(), key=fold)


def run_import(
    consultation: Consultation, table: Table, mapping: ImportMapping, entered_by=None
) -> ImportPlan:
    """Import every row or none: any problem leaves the database untouched.

    Unknown author names create new residents only when `mapping.create_unknown_people`;
    otherwise those contributions are anonymous and the name is not kept.
    """
    plan = plan_import(consultation, table, mapping)
    if not plan.is_valid:
        return plan
    with transaction.atomic():
        created: dict[str, Person] = {}
        for contribution in plan.contributions:
            contribution.entered_by = entered_by
            name = getattr(contribution, "_import_author_name", "")
            if name and mapping.create_unknown_people:
                key = fold(name)
                if key not in created:
                    created[key] = Person.objects.create(
                        display_name=name,
                        territory=consultation.territory,
                        first_met_on=contribution.said_on
                        or (
                            timezone.localtime(mapping.gathering.start).date()
                            if mapping.gathering
                            else None
                        ),
                    )
                contribution.author = created[key]
        Contribution.objects.bulk_create(plan.contributions)
    plan.created_people = len(created)
    return plan


def save_import_draft(consultation: Consultation, table: Table, filename: str, user) -> ImportDraft:
    """Keep the parsed rows between the upload and the import; old drafts are purged."""
    ImportDraft.objects.filter(created_at__lt=timezone.now() - IMPORT_DRAFT_MAX_AGE).delete()
    ImportDraft.objects.filter(consultation=consultation, created_by=user).delete()
    return ImportDraft.objects.create(
        consultation=consultation,
        created_by=user,
        filename=table_filename(filename),
        header=table.header,
        rows=table.rows,
        start_line=table.start_line,
    )


def table_filename(name: str) -> str:
    """Only the base name, for display: the file itself is never written to disk."""
    return re.split(r"[\\/]", name)[-1][:255]


def draft_table(draft: ImportDraft) -> Table:
    return Table(
        header=list(draft.header), rows=[list(r) for r in draft.rows], start_line=draft.start_line
    )
