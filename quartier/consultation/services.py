"""Consultation rules shared by views, commands and tests: capture, import, public form,
moderation, export, theme grouping, curation and restitution."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.consultation.models import (
    AgeBand,
    Consultation,
    Contribution,
    GroupingRun,
    ImportDraft,
    Theme,
    ThemeProposal,
)
from quartier.core import ratelimit
from quartier.core.tabular import Table
from quartier.core.text import fold
from quartier.gatherings.models import Gathering
from quartier.people.models import Consent, Person

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 10_000
# Public form: at most this many submissions per address in the window.
PUBLIC_RATE_LIMIT = 5
PUBLIC_RATE_WINDOW = 10 * 60
IMPORT_DRAFT_MAX_AGE = dt.timedelta(days=1)


# --- capture -------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Surrounding blanks go; everything inside is kept as typed (stored intact)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Écrivez ce qui a été dit."), code="empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            _("Le texte est trop long (%(max)s caractères au plus).") % {"max": MAX_TEXT_LENGTH},
            code="too_long",
        )
    return text


def capture_contribution(
    consultation: Consultation,
    *,
    text: str,
    kind: str = Contribution.Kind.EXPECTATION,
    entered_by=None,
    gathering: Gathering | None = None,
    channel: str | None = None,
    author: Person | None = None,
    age_band: str = "",
    said_on: dt.date | None = None,
) -> Contribution:
    """Record one contribution typed by the team: published at once (the team wrote it down)."""
    if channel is None:
        channel = Contribution.Channel.MEETING if gathering else Contribution.Channel.PAPER
    return Contribution.objects.create(
        consultation=consultation,
        text=clean_text(text),
        kind=kind,
        gathering=gathering,
        channel=channel,
        author=author,
        age_band=age_band,
        said_on=said_on,
        entered_by=entered_by,
        state=Contribution.State.PUBLISHED,
    )


def find_author(name: str) -> list[Person]:
    """People whose name is exactly `name` once folded (accents and case ignored)."""
    folded = fold(name)
    if not folded:
        return []
    return list(Person.objects.filter(search_name=folded, anonymised_at__isnull=True)[:5])


def counts(consultation: Consultation) -> dict[str, list[tuple[str, int]]]:
    """Contributions by kind, channel and state, with French labels, for the consultation page."""
    contributions = consultation.contributions.all()
    result = {}
    for name, choices in (
        ("kind", Contribution.Kind),
        ("channel", Contribution.Channel),
        ("state", Contribution.State),
    ):
        tally = dict(contributions.values_list(name).annotate(n=Count("pk")).order_by())
        result[name] = [(label, tally.get(value, 0)) for value, label in choices.choices]
    return result


def filter_contributions(
    contributions: QuerySet[Contribution],
    *,
    q: str = "",
    kind: str = "",
    channel: str = "",
    state: str = "",
    gathering: Gathering | None = None,
) -> QuerySet[Contribution]:
    for word in q.split():
        contributions = contributions.filter(text__icontains=word)
    if kind:
        contributions = contributions.filter(kind=kind)
    if channel:
        contributions = contributions.filter(channel=channel)
    if state:
        contributions = contributions.filter(state=state)
    if gathering:
        contributions = contributions.filter(gathering=gathering)
    return contributions


# --- public form and moderation -----------------------------------------------------------


class RateLimited(Exception):
    """Too many submissions from one address: the message is for the resident."""

    def __str__(self) -> str:
        return _(
            "Vous avez déjà envoyé plusieurs messages. Merci ! Attendez dix minutes avant "
            "d'en envoyer un autre."
        )


def check_rate_limit(ip: str) -> None:
    """Count one submission for `ip`; raise RateLimited beyond PUBLIC_RATE_LIMIT per window."""
    limit = (
        ratelimit.key_for("public-form", ip or "unknown"),
        PUBLIC_RATE_LIMIT,
        PUBLIC_RATE_WINDOW,
    )
    if ratelimit.attempt([limit]):
        raise RateLimited


def submit_public_contribution(
    consultation: Consultation,
    *,
    text: str,
    ip: str,
    author_name: str = "",
    age_band: str = "",
    honeypot: str = "",
) -> Contribution | None:
    """A resident's message from the public form, queued for moderation.

    A filled honeypot (a field only robots see) returns None and saves nothing, silently: the
    robot is told nothing it could learn from. Raises RateLimited, or ValidationError when the
    consultation is closed or the text empty.
    """
    if not consultation.is_open:
        raise ValidationError(_("Cette consultation est terminée."), code="closed")
    text = clean_text(text)
    check_rate_limit(ip)
    if honeypot:
        return None
    return Contribution.objects.create(
        consultation=consultation,
        text=text,
        author_name=" ".join(author_name.split())[:100],
        age_band=age_band if age_band in AgeBand.values else "",
        channel=Contribution.Channel.WEB,
        kind=Contribution.Kind.EXPECTATION,
        state=Contribution.State.PENDING,
        said_on=timezone.localdate(),
    )


def moderate(contribution: Contribution, state: str) -> Contribution:
    if state not in Contribution.State.values:
        raise ValidationError(_("État inconnu."), code="state")
    contribution.state = state
    contribution.save(update_fields=["state"])
    return contribution


# --- export --------------------------------------------------------------------------------


def export_rows(contributions: QuerySet[Contribution]) -> tuple[list[str], list[list[object]]]:
    """Header and rows for the team's spreadsheet export (names included: team only)."""
    header = [
        _("date"),
        _("canal"),
        _("rencontre"),
        _("type"),
        _("texte"),
        _("auteur"),
        _("tranche d'âge"),
        _("thème"),
        _("état"),
    ]
    rows = [
        [
            c.date,
            c.get_channel_display(),
            c.gathering.title if c.gathering else "",
            c.get_kind_display(),
            c.text,
            c.author.display_name if c.author else c.author_name,
            c.get_age_band_display() if c.age_band else "",
            c.theme.label if c.theme else "",
            c.get_state_display(),
        ]
        for c in contributions.select_related("gathering", "author", "theme").order_by(
            "said_on", "created_at", "pk"
        )
    ]
    return header, rows


# --- import --------------------------------------------------------------------------------

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


@dataclass
class ImportProblem:
    line: int
    column: str
    reason: str


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
        plan.contributions.append(contribution)

    _match_authors(plan, names)
    return plan


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


# --- theme grouping ------------------------------------------------------------------------

# Up to this many published contributions the grouping runs inside the request (a few
# seconds); beyond, it is queued for the background worker (`quartier db_worker`).
INLINE_LIMIT = 300
# A run queued or running for longer is considered abandoned (no worker, or it died).
STALE_RUN = dt.timedelta(hours=2)
MAX_THEMES = 30
MAX_QUOTES = 3
# An engine theme with more than this share of its members in one existing theme is that theme.
OVERLAP_TO_MATCH = 0.5


def published(consultation: Consultation) -> QuerySet[Contribution]:
    return consultation.contributions.filter(state=Contribution.State.PUBLISHED).order_by("pk")


def active_run(consultation: Consultation) -> GroupingRun | None:
    """The run queued or under way, unless it is so old it must have been abandoned."""
    return (
        consultation.grouping_runs.filter(
            status__in=[GroupingRun.Status.QUEUED, GroupingRun.Status.RUNNING],
            created_at__gte=timezone.now() - STALE_RUN,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def start_grouping(
    consultation: Consultation,
    *,
    requested_by=None,
    n_themes: int | None = None,
    inline: bool | None = None,
) -> GroupingRun:
    """Group the published contributions: at once when few, else queued for the worker.

    Raises ValidationError (French) when there is nothing to group, a run is already under
    way, or the number of themes asked is out of range.
    """
    # Runs no worker took in time are given up, so a late worker does not apply them.
    consultation.grouping_runs.filter(
        status__in=[GroupingRun.Status.QUEUED, GroupingRun.Status.RUNNING],
        created_at__lt=timezone.now() - STALE_RUN,
    ).update(
        status=GroupingRun.Status.FAILED,
        finished_at=timezone.now(),
        message=_("Abandonné : le programme de tâches de fond ne l'a pas terminé à temps."),
    )
    if active_run(consultation):
        raise ValidationError(_("Un regroupement est déjà en cours."), code="busy")
    count = published(consultation).count()
    if not count:
        raise ValidationError(_("Aucune contribution publiée à regrouper."), code="empty")
    if n_themes is not None and not 2 <= n_themes <= MAX_THEMES:
        raise ValidationError(
            _("Demandez entre 2 et %(max)s thèmes, ou laissez vide.") % {"max": MAX_THEMES},
            code="n_themes",
        )
    fingerprint = input_fingerprint(consultation, n_themes)
    last = consultation.grouping_runs.filter(status=GroupingRun.Status.DONE).first()
    if last and last.result.get("fingerprint") == fingerprint:
        # The engine is deterministic: the same input would give the same themes.
        raise ValidationError(
            _("Rien n'a changé depuis le dernier regroupement : il donnerait le même résultat."),
            code="unchanged",
        )
    if inline is None:
        inline = count <= INLINE_LIMIT
    run = GroupingRun.objects.create(
        consultation=consultation,
        requested_themes=n_themes,
        requested_by=requested_by,
        message=_("En attente du programme de tâches de fond."),
    )
    if inline:
        execute_run(run.pk)
    else:
        from quartier.consultation.tasks import group_consultation

        result = group_consultation.enqueue(run.pk)
        GroupingRun.objects.filter(pk=run.pk).update(result={"task": str(result.id)})
    run.refresh_from_db()
    return run


def input_fingerprint(consultation: Consultation, n_themes: int | None) -> str:
    """What a run reads: published texts and authors, and the number of themes asked."""
    rows = published(consultation).values_list("pk", "author_id", "text")
    return _fingerprint(rows, n_themes)


def _fingerprint(rows, n_themes: int | None) -> str:
    digest = hashlib.sha256(str(n_themes).encode())
    for pk, author, text in rows:
        digest.update(f"\x1e{pk}\x1f{author}\x1f{text}".encode("utf-8", "replace"))
    return digest.hexdigest()


def execute_run(run_id: int) -> GroupingRun:
    """Run the engine for a queued run, recording progress as it goes; never raises."""
    from quartier.synthesis import group_texts

    run = GroupingRun.objects.select_related("consultation").get(pk=run_id)
    runs = GroupingRun.objects.filter(pk=run.pk)
    # Claim the run in one statement: a second worker (or a retry) finds it taken.
    claimed = runs.filter(status=GroupingRun.Status.QUEUED).update(
        status=GroupingRun.Status.RUNNING,
        started_at=timezone.now(),
        progress=0,
        message=_("Lecture des contributions."),
    )
    if not claimed:
        return run
    last = [-1]

    def progress(fraction: float, message: str) -> None:
        # One write per percent at most: the page polls this row.
        percent = max(0, min(99, int(fraction * 100)))
        if percent != last[0]:
            last[0] = percent
            runs.update(progress=percent, message=str(message)[:300])

    try:
        contributions = list(published(run.consultation))
        grouping = group_texts(
            [c.text for c in contributions],
            [f"person-{c.author_id}" if c.author_id else None for c in contributions],
            n_themes=run.requested_themes,
            progress=progress,
        )
        with transaction.atomic():
            summary = apply_grouping(run, contributions, grouping)
            summary["fingerprint"] = _fingerprint(
                [(c.pk, c.author_id, c.text) for c in contributions], run.requested_themes
            )
    except Exception as error:
        logger.exception("grouping run %s failed", run.pk)
        runs.update(
            status=GroupingRun.Status.FAILED,
            finished_at=timezone.now(),
            message=_("Le regroupement a échoué : %(error)s") % {"error": str(error)[:200]},
        )
    else:
        runs.update(
            status=GroupingRun.Status.DONE,
            progress=100,
            finished_at=timezone.now(),
            message=_("Terminé."),
            result=summary,
        )
    run.refresh_from_db()
    return run


def _match_themes(existing: list[Theme], contributions: list[Contribution], grouping) -> dict:
    """Engine theme id -> existing Theme (same key, a merged key, or mostly the same members)."""
    by_key: dict[str, Theme] = {}
    for theme in existing:
        for key in [theme.engine_key, *theme.engine_keys]:
            if key:
                by_key.setdefault(key, theme)
    by_pk = {theme.pk: theme for theme in existing}
    matches: dict[int, Theme | None] = {}
    for engine_theme in grouping.themes:
        target = by_key.get(engine_theme.key)
        if target is None and engine_theme.members:
            tally = Counter(
                contributions[i].theme_id
                for i in engine_theme.members
                if contributions[i].theme_id in by_pk
            )
            if tally:
                theme_pk, n = tally.most_common(1)[0]
                if n > OVERLAP_TO_MATCH * len(engine_theme.members):
                    target = by_pk[theme_pk]
        matches[engine_theme.id] = target
    return matches


def apply_grouping(run: GroupingRun, contributions: list[Contribution], grouping) -> dict:
    """Store an engine result (`grouping` for `contributions`, in the same order).

    The first run creates the themes. A re-run never overwrites the team's choices: curated
    labels, contributions placed by the team (`theme_curated`), pins, hidden themes and merges
    stay; contributions never grouped before are placed; every other change (a new theme, a new
    label, a contribution the engine would move) becomes a ThemeProposal the team accepts.
    """
    consultation = run.consultation
    existing = list(consultation.themes.all())
    pks = [c.pk for c in contributions]
    # A queued run read its contributions long ago: the team may have placed some since.
    now = {
        pk: rest
        for pk, *rest in Contribution.objects.filter(pk__in=pks).values_list(
            "pk", "theme_id", "theme_curated", "placed_by_run_id"
        )
    }
    for contribution in contributions:
        if contribution.pk in now:
            theme_id, curated, placed_by = now[contribution.pk]
            contribution.theme_id = theme_id
            contribution.theme_curated = curated
            contribution.placed_by_run_id = placed_by
    first_run = not existing
    proposals: list[ThemeProposal] = []
    if first_run:
        targets = {
            engine_theme.id: Theme.objects.create(
                consultation=consultation,
                label=engine_theme.label[:200],
                keywords=list(engine_theme.keywords),
                engine_key=engine_theme.key[:100],
                quotes=[pks[i] for i in engine_theme.quotes],
                position=position,
                created_by_run=run,
            )
            for position, engine_theme in enumerate(grouping.themes)
        }
    else:
        targets = _match_themes(existing, contributions, grouping)
        updated: set[int] = set()
        for engine_theme in grouping.themes:
            target = targets[engine_theme.id]
            quotes = [pks[i] for i in engine_theme.quotes]
            if target is None:
                members = [
                    pks[i] for i in engine_theme.members if not contributions[i].theme_curated
                ]
                if members:
                    proposals.append(
                        ThemeProposal(
                            kind=ThemeProposal.Kind.NEW_THEME,
                            label=engine_theme.label[:200],
                            keywords=list(engine_theme.keywords),
                            engine_key=engine_theme.key[:100],
                            contributions=members,
                            quotes=quotes,
                        )
                    )
                continue
            if target.pk in updated:  # a second engine theme in a merged one: add its quotes
                target.quotes = list(dict.fromkeys([*target.quotes, *quotes]))
            else:
                updated.add(target.pk)
                target.keywords = list(engine_theme.keywords)
                target.quotes = quotes
                if not target.label_curated and target.label != engine_theme.label:
                    proposals.append(
                        ThemeProposal(
                            kind=ThemeProposal.Kind.RENAME,
                            theme=target,
                            label=engine_theme.label[:200],
                        )
                    )
            if not target.engine_key:
                target.engine_key = engine_theme.key[:100]
            elif engine_theme.key not in (target.engine_key, *target.engine_keys):
                target.engine_keys = [*target.engine_keys, engine_theme.key[:100]]
            target.save(update_fields=["keywords", "quotes", "engine_key", "engine_keys"])

    placed: list[Contribution] = []
    moves: dict[int | None, list[int]] = {}
    move_reasons: dict[str, str] = {}
    for index, contribution in enumerate(contributions):
        if contribution.theme_curated:
            continue
        engine_id = grouping.assignments[index]
        target = targets.get(engine_id) if engine_id is not None else None
        if engine_id is not None and target is None:
            continue  # in a proposed new theme: placed if the team accepts it
        reason = "" if target else grouping.other_reasons.get(index, "")[:500]
        target_pk = target.pk if target else None
        if first_run or contribution.placed_by_run_id is None or contribution.theme_id == target_pk:
            contribution.theme = target
            contribution.other_reason = reason
            contribution.placed_by_run = run
            placed.append(contribution)
        else:
            moves.setdefault(target_pk, []).append(contribution.pk)
            if target is None:
                move_reasons[str(contribution.pk)] = reason
    Contribution.objects.bulk_update(placed, ["theme", "other_reason", "placed_by_run"])
    themes_by_pk = {theme.pk: theme for theme in existing}
    for target_pk, moved in moves.items():
        proposals.append(
            ThemeProposal(
                kind=ThemeProposal.Kind.MOVE,
                theme=themes_by_pk.get(target_pk),
                contributions=moved,
                reasons={pk: move_reasons[pk] for pk in map(str, moved) if pk in move_reasons},
            )
        )
    # Only the latest run's suggestions are worth examining.
    consultation.theme_proposals.filter(status=ThemeProposal.Status.PENDING).delete()
    for proposal in proposals:
        proposal.consultation = consultation
        proposal.run = run
    ThemeProposal.objects.bulk_create(proposals)
    refresh_salience(consultation)
    return {
        "contributions": len(contributions),
        "themes": len(grouping.themes),
        "other": sum(1 for a in grouping.assignments if a is None),
        "proposals": len(proposals),
    }


def refresh_salience(consultation: Consultation) -> None:
    """Salience = distinct authors among a theme's published contributions (anonymous: one each)."""
    tally = {
        row["theme"]: row["named"] + row["anonymous"]
        for row in published(consultation)
        .exclude(theme=None)
        .values("theme")
        .annotate(
            named=Count("author", distinct=True),
            anonymous=Count("pk", filter=Q(author=None)),
        )
        .order_by()
    }
    themes = list(consultation.themes.all())
    for theme in themes:
        theme.salience = tally.get(theme.pk, 0)
    Theme.objects.bulk_update(themes, ["salience"])


# --- curation ------------------------------------------------------------------------------


def _same_consultation(*objects) -> None:
    if len({obj.consultation_id for obj in objects}) != 1:
        raise ValidationError(_("Ce thème appartient à une autre consultation."), code="other")


def clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError(_("Donnez un intitulé au thème."), code="empty")
    if len(label) > 200:
        raise ValidationError(_("L'intitulé est trop long (200 caractères au plus)."), code="long")
    return label


def rename_theme(theme: Theme, label: str) -> Theme:
    """The team's label: a re-run will not change it."""
    theme.label = clean_label(label)
    theme.label_curated = True
    theme.save(update_fields=["label", "label_curated"])
    return theme


@transaction.atomic
def merge_themes(source: Theme, target: Theme) -> Theme:
    """Put `source`'s contributions in `target` and remove `source`; a re-run keeps them merged."""
    if source.pk == target.pk:
        raise ValidationError(_("Choisissez deux thèmes différents."), code="same")
    _same_consultation(source, target)
    source.contributions.update(theme=target)
    target.engine_keys = list(
        dict.fromkeys(k for k in [*target.engine_keys, source.engine_key, *source.engine_keys] if k)
    )
    target.quotes = list(dict.fromkeys([*target.quotes, *source.quotes]))
    target.keywords = list(dict.fromkeys([*target.keywords, *source.keywords]))[:12]
    target.hidden = target.hidden and source.hidden
    target.save(update_fields=["engine_keys", "quotes", "keywords", "hidden"])
    source.delete()
    refresh_salience(target.consultation)
    target.refresh_from_db()
    return target


@transaction.atomic
def split_theme(theme: Theme, contribution_ids: list[int], label: str) -> Theme:
    """A new theme, named by the team, with the chosen contributions of `theme`."""
    label = clean_label(label)
    chosen = theme.contributions.filter(pk__in=contribution_ids)
    if not chosen.exists():
        raise ValidationError(_("Cochez les contributions à mettre dans le nouveau thème."))
    last = theme.consultation.themes.aggregate(last=Max("position"))["last"] or 0
    new = Theme.objects.create(
        consultation=theme.consultation,
        label=label,
        label_curated=True,
        position=last + 1,
        keywords=[],
    )
    chosen.update(theme=new, theme_curated=True)
    refresh_salience(theme.consultation)
    new.refresh_from_db()
    return new


def move_contribution(contribution: Contribution, theme: Theme | None, reason: str = "") -> None:
    """The team's placement (a theme, or None for "other"): a re-run will not move it."""
    if theme is not None:
        _same_consultation(contribution, theme)
    contribution.theme = theme
    contribution.theme_curated = True
    contribution.other_reason = (
        "" if theme else (reason.strip()[:500] or _("Mise hors thème par l'équipe."))
    )
    if theme is None:
        contribution.is_pinned_quote = False
    contribution.save(update_fields=["theme", "theme_curated", "other_reason", "is_pinned_quote"])
    refresh_salience(contribution.consultation)


def set_quote(contribution: Contribution, pinned: bool) -> None:
    """Pin a contribution as a quote of its theme, or take it out of the quotes."""
    if pinned and contribution.theme_id is None:
        raise ValidationError(_("Seule une contribution rangée dans un thème peut être citée."))
    contribution.is_pinned_quote = pinned
    contribution.is_excluded_quote = not pinned
    contribution.save(update_fields=["is_pinned_quote", "is_excluded_quote"])


def set_hidden(theme: Theme, hidden: bool) -> None:
    theme.hidden = hidden
    theme.save(update_fields=["hidden"])


@transaction.atomic
def move_theme(theme: Theme, offset: int) -> None:
    """Move a theme up (-1) or down (+1) in the team's order."""
    themes = list(theme.consultation.themes.order_by("position", "pk"))
    index = next(i for i, t in enumerate(themes) if t.pk == theme.pk)
    other = index + offset
    if 0 <= other < len(themes):
        themes[index], themes[other] = themes[other], themes[index]
    for position, item in enumerate(themes):
        item.position = position
    Theme.objects.bulk_update(themes, ["position"])


@transaction.atomic
def accept_proposal(proposal: ThemeProposal) -> Theme | None:
    """Apply a re-run's suggestion; contributions the team placed since are left alone."""
    if proposal.status != ThemeProposal.Status.PENDING:
        raise ValidationError(_("Cette proposition a déjà été traitée."), code="done")
    consultation = proposal.consultation
    movable = consultation.contributions.filter(pk__in=proposal.contributions, theme_curated=False)
    theme = proposal.theme
    if proposal.kind == ThemeProposal.Kind.NEW_THEME:
        last = consultation.themes.aggregate(last=Max("position"))["last"]
        theme = Theme.objects.create(
            consultation=consultation,
            label=proposal.label,
            keywords=proposal.keywords,
            engine_key=proposal.engine_key,
            quotes=proposal.quotes,
            position=0 if last is None else last + 1,
            created_by_run=proposal.run,
        )
        movable.update(theme=theme, other_reason="", placed_by_run=proposal.run)
    elif proposal.kind == ThemeProposal.Kind.RENAME:
        if theme is not None and not theme.label_curated:
            theme.label = proposal.label
            theme.save(update_fields=["label"])
    elif theme is not None:
        movable.update(theme=theme, other_reason="", placed_by_run=proposal.run)
    else:
        for contribution in movable:
            contribution.theme = None
            contribution.is_pinned_quote = False
            contribution.other_reason = proposal.reasons.get(str(contribution.pk), "")
            contribution.placed_by_run = proposal.run
            contribution.save(
                update_fields=["theme", "is_pinned_quote", "other_reason", "placed_by_run"]
            )
    proposal.status = ThemeProposal.Status.ACCEPTED
    proposal.save(update_fields=["status"])
    refresh_salience(consultation)
    return theme


def dismiss_proposal(proposal: ThemeProposal) -> None:
    proposal.status = ThemeProposal.Status.DISMISSED
    proposal.save(update_fields=["status"])


# --- restitution ---------------------------------------------------------------------------


@dataclass
class Quote:
    text: str
    attribution: str


@dataclass
class RestitutionTheme:
    theme: Theme
    contributions: int
    salience: int
    percent: int  # bar length, relative to the most salient theme
    quotes: list[Quote]


@dataclass
class Restitution:
    consultation: Consultation
    themes: list[RestitutionTheme]
    total: int
    people: int
    other: int


def quote_attribution(contribution: Contribution, consenting: set[int]) -> str:
    """A name only with an active "contributions" consent; otherwise anonymous (age if known)."""
    if contribution.author_id and contribution.author_id in consenting:
        return contribution.author.display_name
    if contribution.age_band:
        return _("Un·e habitant·e, %(age)s") % {"age": contribution.get_age_band_display()}
    return _("Un·e habitant·e")


def quote_contributions(theme: Theme, members: list[Contribution]) -> list[Contribution]:
    """Pinned quotes first, then the engine's, never an excluded one: MAX_QUOTES unless pinned."""
    by_pk = {c.pk: c for c in members}
    chosen = [c for c in members if c.is_pinned_quote]
    for pk in theme.quotes:
        if len(chosen) >= MAX_QUOTES:
            break
        contribution = by_pk.get(pk)
        if contribution and not contribution.is_excluded_quote and contribution not in chosen:
            chosen.append(contribution)
    return chosen


def theme_quotes(theme: Theme, members: list[Contribution], consenting: set[int]) -> list[Quote]:
    return [
        Quote(c.text, quote_attribution(c, consenting)) for c in quote_contributions(theme, members)
    ]


def build_restitution(consultation: Consultation) -> Restitution:
    """What the restitution meeting shows: themes to present, most salient first."""
    contributions = list(published(consultation).select_related("author"))
    author_ids = {c.author_id for c in contributions if c.author_id}
    consenting = set(
        Consent.objects.filter(
            person_id__in=author_ids,
            purpose=Consent.Purpose.CONTRIBUTIONS,
            withdrawn_on__isnull=True,
        ).values_list("person_id", flat=True)
    )
    members: dict[int, list[Contribution]] = {}
    for contribution in contributions:
        members.setdefault(contribution.theme_id, []).append(contribution)
    all_themes = list(consultation.themes.all())
    themes = sorted(
        (t for t in all_themes if not t.hidden and members.get(t.pk)),
        key=lambda t: (-t.salience, t.position, t.pk),
    )
    top = max((t.salience for t in themes), default=0) or 1
    hidden = {t.pk for t in all_themes if t.hidden}
    return Restitution(
        consultation=consultation,
        themes=[
            RestitutionTheme(
                theme=t,
                contributions=len(members[t.pk]),
                salience=t.salience,
                percent=max(2, round(100 * t.salience / top)),
                quotes=theme_quotes(t, members[t.pk], consenting),
            )
            for t in themes
        ],
        total=len(contributions),
        people=len(author_ids) + sum(1 for c in contributions if not c.author_id),
        other=sum(len(members.get(k, [])) for k in [None, *hidden]),
    )
