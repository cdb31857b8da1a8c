"""Import statistics files into the database (all or nothing) and compare a territory.

The numbers are read and computed by the Django-free engine in `quartier.statistics`; this
module only stores what it read and rebuilds its tables from the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.diagnosis.models import Area, Dataset, ImportDraft, Level, LocalFact
from quartier.people.models import Territory
from quartier.statistics.errors import ReadError, StatisticsError
from quartier.statistics.indicators import available_indicators
from quartier.statistics.portrait import Portrait, build_portrait
from quartier.statistics.reader import Meta, Table, read_meta, read_table
from quartier.statistics.render import (
    format_count,
    format_value,
    gap_detail,
    gap_sentence,
    level_title,
)

MAX_BYTES = 20 * 1024 * 1024  # a national commune file of the Comparateur is about 8 MB
PORTRAIT_CACHE_SECONDS = 7 * 24 * 3600
PREVIEW_ROWS = 8
BATCH = 2000


@dataclass
class Problem:
    """One line of the validation report: where, and why, in French."""

    reason: str
    line: int | None = None
    column: str | None = None
    file: str | None = None


def problem_of(error: StatisticsError, file_name: str | None = None) -> Problem:
    if isinstance(error, ReadError):
        return Problem(error.message, error.line, error.column, file_name)
    return Problem(str(error), file=file_name)


def problems_of(error: StatisticsError, file_name: str | None = None) -> list[Problem]:
    """Every problem the reader found (it lists up to 50 before stopping), in file order."""
    found = error.problems if isinstance(error, ReadError) else [error]
    return [problem_of(problem, file_name) for problem in found]


def read_upload(data: bytes, file_name: str, meta_data: bytes | None = None) -> Table:
    """Read a file (and its optional INSEE dictionary); raises ReadError, writes nothing."""
    if len(data) > MAX_BYTES:
        raise ReadError(_("le fichier dépasse 20 Mo"))
    meta: Meta | None = None
    if meta_data:
        try:
            meta = read_meta(bytes(meta_data))
        except ReadError as error:
            raise ReadError.several(
                [
                    ReadError(
                        _("dictionnaire des variables : %(reason)s") % {"reason": p.message},
                        line=p.line,
                        column=p.column,
                        source="dictionnaire",
                    )
                    for p in error.problems
                ]
            ) from None
    table = read_table(bytes(data), meta=meta)
    table.source_name = file_name
    return table


@dataclass
class Preview:
    table: Table
    counts: list[str]
    indicators: list[str]
    variables: list[str]
    rows: list[dict] = field(default_factory=list)
    territory_codes: list[str] = field(default_factory=list)  # the territory's codes found


def territory_codes_in(table: Table, territory: Territory) -> list[str]:
    """Which of the territory's INSEE codes (IRIS, then commune) the file holds."""
    wanted = [*territory.iris_codes, territory.insee_commune]
    return [code for code in wanted if code and code in table.row_of]


def _count_words(level: str, count: int) -> str:
    words = {
        "iris": ngettext("%(n)s IRIS", "%(n)s IRIS", count),
        "commune": ngettext("%(n)s commune", "%(n)s communes", count),
        "departement": ngettext("%(n)s département", "%(n)s départements", count),
        "france": _("France"),
    }
    return words.get(level, f"{count} {level}") % {"n": count}


def preview(table: Table, territory: Territory | None = None) -> Preview:
    levels = _levels(table)
    tally: dict[str, int] = {}
    for level in levels:
        tally[level] = tally.get(level, 0) + 1
    counts = [_count_words(level, count) for level, count in tally.items()]
    variables = list(table.columns)
    rows = [
        {
            "code": code,
            "name": table.names.get(code, ""),
            "level": levels[row],
            "values": [table.columns[v][row] for v in variables[:6]],
        }
        for row, code in enumerate(table.codes[:PREVIEW_ROWS])
    ]
    return Preview(
        table=table,
        counts=counts,
        indicators=[indicator.label for indicator in available_indicators(table)],
        variables=variables,
        rows=rows,
        territory_codes=territory_codes_in(table, territory) if territory else [],
    )


def _levels(table: Table) -> list[str]:
    return table.levels or [table.kind] * len(table.codes)


def save_draft(
    territory: Territory,
    title: str,
    data: bytes,
    file_name: str,
    user,
    meta_data: bytes | None = None,
    meta_name: str = "",
) -> ImportDraft:
    # Drafts hold whole files: forget the ones abandoned more than a day ago.
    ImportDraft.objects.filter(created_at__lt=timezone.now() - dt.timedelta(days=1)).delete()
    return ImportDraft.objects.create(
        territory=territory,
        title=title,
        file_name=file_name[:255],
        data=data,
        meta_data=meta_data or None,
        meta_name=meta_name[:255],
        created_by=user,
    )


def import_dataset(
    territory: Territory,
    title: str,
    data: bytes,
    file_name: str,
    user=None,
    meta_data: bytes | None = None,
    illustrative: bool = False,
) -> Dataset:
    """Store a whole file or nothing: the file is read completely before anything is written,
    and the writes share one transaction. Raises ReadError with the line and column."""
    table = read_upload(data, file_name, meta_data)
    return store_table(territory, title, file_name, table, user, illustrative)


def store_table(
    territory: Territory,
    title: str,
    file_name: str,
    table: Table,
    user=None,
    illustrative: bool = False,
) -> Dataset:
    """Write a table already read (see `read_upload`): the dataset and its areas, in one
    transaction."""
    levels = _levels(table)
    with transaction.atomic():
        dataset = Dataset.objects.create(
            territory=territory,
            title=title[:200],
            file_name=file_name[:255],
            source=_source(table)[:300],
            kind=table.kind,
            census_year=table.census_year,
            income_year=table.income_year,
            labels=table.labels,
            warnings=table.warnings,
            unknown_columns=table.unknown_columns,
            illustrative=illustrative,
            imported_by=user,
        )
        columns = list(table.columns.items())
        Area.objects.bulk_create(
            (
                Area(
                    dataset=dataset,
                    position=row,
                    code=code,
                    level=levels[row],
                    commune_code=table.commune_codes[row][:5]
                    if levels[row] in (Level.IRIS, Level.COMMUNE)
                    else "",
                    name=table.names.get(code, "")[:200],
                    values={name: values[row] for name, values in columns},
                )
                for row, code in enumerate(table.codes)
            ),
            batch_size=BATCH,
        )
    return dataset


def read_draft(draft: ImportDraft) -> Table:
    """The draft's file read again (it is stored unread); raises ReadError."""
    return read_upload(bytes(draft.data), draft.file_name, bytes(draft.meta_data or b"") or None)


def confirm_draft(draft: ImportDraft, user, table: Table | None = None) -> Dataset:
    """Import a previewed draft (`table`: the draft already read), then forget it; raises
    ReadError if the file went bad."""
    table = table if table is not None else read_draft(draft)
    with transaction.atomic():
        dataset = store_table(draft.territory, draft.title, draft.file_name, table, user)
        draft.delete()
    return dataset


def _source(table: Table) -> str:
    if table.sources:
        return ", ".join(table.sources)
    return "Insee"


def dataset_table(dataset: Dataset) -> Table:
    """The engine's table, rebuilt from the stored rows, with names of areas and variables."""
    areas = list(dataset.areas.order_by("position"))
    variables: dict[str, None] = {}
    for area in areas:
        variables.update(dict.fromkeys(area.values))
    columns = {name: [area.values.get(name) for area in areas] for name in variables}
    levels = [area.level for area in areas]
    return Table(
        kind=dataset.kind,
        codes=[area.code for area in areas],
        commune_codes=[area.commune_code or area.code[:5] for area in areas],
        columns=columns,
        names={area.code: area.name for area in areas if area.name},
        labels=dict(dataset.labels),
        unknown_columns=list(dataset.unknown_columns),
        warnings=list(dataset.warnings),
        sources=[dataset.source] if dataset.source else [],
        source_name=dataset.file_name,
        levels=levels if len(set(levels)) > 1 else None,
    )


def territory_area_code(dataset: Dataset, territory: Territory | None = None) -> str | None:
    """The finest area of the dataset that is the territory: its IRIS, else its commune."""
    territory = territory or dataset.territory
    wanted = [*territory.iris_codes, territory.insee_commune]
    present = set(
        dataset.areas.filter(code__in=[c for c in wanted if c]).values_list("code", flat=True)
    )
    for code in wanted:
        if code in present:
            return code
    if (
        territory.insee_commune
        and dataset.areas.filter(commune_code=territory.insee_commune).exists()
    ):
        return territory.insee_commune  # a commune computed from its IRIS
    first = dataset.areas.order_by("position").first()
    return first.code if first else None


def dataset_portrait(dataset: Dataset, code: str | None = None) -> Portrait:
    """The portrait of `code` (default: the dataset's territory); raises StatisticsError."""
    code = code or territory_area_code(dataset)
    if not code:
        raise StatisticsError(_("ce jeu de statistiques ne contient aucun territoire"))
    # A dataset never changes once imported, and against a national file a portrait takes a
    # second or two (every commune is ranked): it is kept. The import time is in the key
    # because SQLite may hand a deleted dataset's number to the next one.
    digest = hashlib.sha256(code.encode("utf-8", "replace")).hexdigest()[:24]
    key = f"quartier:portrait:{dataset.pk}:{dataset.imported_at.timestamp()}:{digest}"
    portrait = cache.get(key)
    if portrait is None:
        portrait = build_portrait(dataset_table(dataset), code)
        cache.set(key, portrait, PORTRAIT_CACHE_SECONDS)
    return portrait


@dataclass
class Bar:
    title: str
    value: float | None
    text: str
    width: float  # 0-100, share of the chart's scale
    note: str | None
    numerator: str = ""
    denominator: str = ""
    short: str = ""  # the area's name alone, for narrow table cells


@dataclass
class IndicatorRow:
    id: str
    label: str
    formula: str
    unit: str
    bars: list[Bar]


def comparison_rows(portrait: Portrait) -> list[IndicatorRow]:
    """One row per indicator, with a bar per level: percentages on a 0-100 scale, other
    values against the largest of the row, so bars compare levels of one indicator."""
    titles = [level_title(level) for level in portrait.levels]
    shorts = [level.name or level_title(level) for level in portrait.levels]
    rows = []
    for key, first in portrait.area.indicators.items():
        items = [level.indicators[key] for level in portrait.levels]
        values = [item.value for item in items if item.value is not None]
        biggest = max((abs(v) for v in values), default=0.0)
        scale = 100.0 if first.unit == "%" else (biggest or 1.0)
        bars = [
            Bar(
                title=title,
                value=item.value,
                text=format_value(item.value, item.unit),
                width=round(min(100.0, abs(item.value) / scale * 100), 1)
                if item.value is not None
                else 0.0,
                note=item.note,
                numerator=format_count(item.numerator) if item.numerator is not None else "",
                denominator=format_count(item.denominator) if item.denominator is not None else "",
                short=short,
            )
            for title, short, item in zip(titles, shorts, items, strict=True)
        ]
        rows.append(IndicatorRow(key, first.label, first.formula, first.unit, bars))
    return rows


@dataclass
class GapText:
    sentence: str  # plain words, one reference area
    detail: str  # the INSEE formula and the figures, behind « détail »


def gap_sentences(portrait: Portrait) -> list[GapText]:
    """The salient facts, most unusual first: one sentence per indicator (its most unusual
    comparison), so a reader is not told the same thing against each parent area."""
    levels = {(level.level, level.code): level for level in portrait.levels}
    seen: set[str] = set()
    sentences = []
    for gap in portrait.gaps:
        if gap.indicator in seen:
            continue
        seen.add(gap.indicator)
        sentences.append(GapText(gap_sentence(gap, levels), gap_detail(gap, levels)))
    return sentences


def export_table(portrait: Portrait) -> tuple[list[str], list[list[object]]]:
    """Header and rows for CSV/XLSX: one row per indicator and level, numbers kept numbers."""
    header = [
        _("Indicateur"),
        _("Identifiant"),
        _("Niveau"),
        _("Code"),
        _("Territoire"),
        _("Valeur"),
        _("Unité"),
        _("Numérateur"),
        _("Dénominateur"),
        _("Formule"),
        _("Note"),
    ]
    rows: list[list[object]] = []
    for key, first in portrait.area.indicators.items():
        for level in portrait.levels:
            item = level.indicators[key]
            rows.append(
                [
                    first.label,
                    key,
                    level.level,
                    level.code,
                    level.name or "",
                    item.value,
                    item.unit,
                    item.numerator,
                    item.denominator,
                    item.formula,
                    item.note or "",
                ]
            )
    return header, rows


def facts_for(territory: Territory):
    return LocalFact.objects.filter(territory=territory).order_by("label", "-observed_on")
