"""A portrait as JSON, Markdown, HTML (self-contained, accessible) or PDF (WeasyPrint).

Every text that comes from a file (area names, labels) is escaped: a file is untrusted input.
"""

from __future__ import annotations

import json
from html import escape

from .portrait import Gap, LevelPortrait, Portrait, portrait_to_dict

FORMATS = ("json", "html", "pdf", "md")
NBSP = "\u00a0"
MISSING = "n.d."

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1b1b1b; margin: 0;
       line-height: 1.45; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; margin: 1.6rem 0 .5rem; border-bottom: 2px solid #2d5a8c; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.meta, .note, footer { color: #3d3d3d; font-size: .9rem; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid #b5b5b5; padding: .3rem .45rem; vertical-align: top; }
thead th { background: #e8eef5; text-align: left; }
tbody th { text-align: left; font-weight: normal; }
td.number { text-align: right; white-space: nowrap; }
code { font-size: .8rem; overflow-wrap: anywhere; }
ol.gaps li { margin-bottom: .4rem; }
a { color: #1c4a7a; }
@page { size: A4 landscape; margin: 1.2cm; }
"""


def render(portrait: Portrait, fmt: str) -> bytes:
    """The portrait in one of FORMATS, as bytes ready to be written."""
    if fmt == "json":
        data = portrait_to_dict(portrait)
        return (json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode()
    if fmt == "md":
        return render_markdown(portrait).encode()
    if fmt == "html":
        return render_html(portrait).encode()
    if fmt == "pdf":
        return render_pdf(portrait)
    raise ValueError(f"format inconnu : {fmt}")


# --- numbers in French ---------------------------------------------------------------------


def _grouped(value: float, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return ("−" if value < 0 and text.strip("0,\u00a0") else "") + text


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return MISSING
    if unit == "%":
        return f"{_grouped(value, 1)}{NBSP}%"
    if unit == "% par an":
        return f"{_grouped(value, 2)}{NBSP}% par an"
    if unit == "€":
        return f"{_grouped(value, 0)}{NBSP}€"
    return _grouped(value, 0)


def format_difference(gap: Gap) -> str:
    sign = "+" if gap.difference >= 0 else ""
    if gap.unit == "%":
        plural = "s" if abs(gap.difference) >= 2 else ""
        return f"{sign}{_grouped(gap.difference, 1)}{NBSP}point{plural}"
    if gap.unit == "% par an":
        return f"{sign}{_grouped(gap.difference, 2)}{NBSP}point par an"
    return sign + format_value(gap.difference, gap.unit)


def _count(value: float | None) -> str:
    if value is None:
        return MISSING
    return _grouped(value, 0 if abs(value - round(value)) < 0.05 or abs(value) >= 100 else 1)


format_count = _count  # census counts are weighted estimates: shown rounded, in French


# --- wording -------------------------------------------------------------------------------


def level_title(level: LevelPortrait) -> str:
    """'Cher (département 18)', 'Bourges (commune 18033)', 'France'."""
    return level.title


# A parent area as a sentence names it: "le département (Cher)", and "du département".
_PARENT_WORDS = {
    "iris": ("l'IRIS", "de l'IRIS"),
    "commune": ("la commune", "de la commune"),
    "departement": ("le département", "du département"),
}
_PEER_WORDS = {"iris": "IRIS", "commune": "communes", "departement": "départements"}


def _parent_phrase(parent: LevelPortrait) -> tuple[str, str]:
    """("le département (Cher)", "du département") or ("la France hors Mayotte", "de France
    hors Mayotte"): the parent as a subject, and as a complement."""
    if parent.level == "france":
        name = parent.name or "France"
        return f"la {name}", "de " + name
    article, of = _PARENT_WORDS[parent.level]
    return (f"{article} ({parent.name})" if parent.name else f"{article} {parent.code}"), of


def _difference_words(gap: Gap) -> str:
    """'5,2 points de plus', '1 200 € de moins', 'autant' (what rounds to nothing)."""
    size = abs(gap.difference)
    if gap.unit == "%":
        words = f"{_grouped(size, 1)}{NBSP}point{'s' if size >= 2 else ''}"
    elif gap.unit == "% par an":
        words = f"{_grouped(size, 2)}{NBSP}point par an"
    else:
        words = format_value(size, gap.unit)
    if not words.split(NBSP)[0].strip("0,"):
        return "autant"
    return f"{words} {'de plus' if gap.difference > 0 else 'de moins'}"


def gap_sentence(gap: Gap, levels: dict[tuple[str, str], LevelPortrait]) -> str:
    """One plain sentence per comparison, with one reference area: what a social worker
    writes in a report ("Taux de chômage : 15,0 % pour Bourges, contre 10,0 % pour le
    département (Cher), soit 5,0 points de plus. Peu d'autres communes du département
    s'en écartent autant.")."""
    area = levels.get((gap.area_level, gap.area_code))
    parent = levels.get((gap.parent_level, gap.parent_code))
    area_name = (area.name or _parent_phrase(area)[0]) if area else gap.area_code
    subject, of = _parent_phrase(parent) if parent else (gap.parent_code, "")
    text = (
        f"{gap.label} : {format_value(gap.area_value, gap.unit)} pour {area_name}, contre "
        f"{format_value(gap.parent_value, gap.unit)} pour {subject}, soit "
        f"{_difference_words(gap)}."
    )
    if gap.score is not None:
        peers = f"{_PEER_WORDS.get(gap.area_level, 'territoires')} {of}".strip()
        score = abs(gap.score)
        if score >= 2:
            text += f" Peu d'autres {peers} s'en écartent autant."
        elif score >= 1:
            text += f" Un écart net, comparé aux autres {peers}."
        else:
            text += f" Un écart courant entre les {peers}."
    return text


def gap_detail(gap: Gap, levels: dict[tuple[str, str], LevelPortrait]) -> str:
    """How the sentence was computed, for whoever checks it: the INSEE formula, the figures
    it was applied to, and how unusual the gap is measured."""
    parts = []
    for key in ((gap.area_level, gap.area_code), (gap.parent_level, gap.parent_code)):
        level = levels.get(key)
        item = level.indicators.get(gap.indicator) if level else None
        if item is None:
            continue
        figures = f"{level_title(level)} : {format_value(item.value, item.unit)}"
        if item.numerator is not None and item.denominator is not None:
            figures += f" ({_count(item.numerator)} / {_count(item.denominator)})"
        parts.append(figures)
    formula = next(
        (
            level.indicators[gap.indicator].formula
            for level in levels.values()
            if gap.indicator in level.indicators
        ),
        "",
    )
    text = f"Formule Insee : {formula}. " if formula else ""
    text += " ; ".join(parts) + "."
    peers = _PEER_WORDS.get(gap.area_level, "territoires")
    if gap.score is not None:
        text += (
            f" Écart de {format_difference(gap)}, soit {_grouped(abs(gap.score), 1)} fois "
            f"l'écart type de l'indicateur entre les {_grouped(gap.peers, 0)} autres {peers} "
            "comparables."
        )
    else:
        text += f" {gap.note}" if gap.note else ""
    return text


def _levels(portrait: Portrait) -> dict[tuple[str, str], LevelPortrait]:
    return {(level.level, level.code): level for level in portrait.levels}


def _subtitle(portrait: Portrait) -> str:
    area, parents = portrait.levels[0], portrait.levels[1:]
    text = level_title(area)
    if parents:
        text += ", comparé à : " + " ; ".join(level_title(p) for p in parents)
    years = []
    if portrait.year:
        years.append(f"recensement de la population {portrait.year}")
    if portrait.income_year:
        years.append(f"revenus {portrait.income_year}")
    return text + (". " + ", ".join(years).capitalize() if years else "") + "."


class _Notes:
    """Numbered notes, each text once."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def number(self, text: str) -> int:
        if text not in self.texts:
            self.texts.append(text)
        return self.texts.index(text) + 1


# --- Markdown ------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace("\n", " ")
        .replace("*", "\\*")
        .replace("_", "\\_")
    )


def render_markdown(portrait: Portrait) -> str:
    notes = _Notes()
    area = portrait.levels[0]
    lines = [
        f"# Portrait de territoire : {_md(area.name or area.code)}",
        "",
        _md(_subtitle(portrait)),
        "",
    ]
    lines += ["## Ce qui ressort", ""]
    if portrait.gaps:
        levels = _levels(portrait)
        for n, gap in enumerate(portrait.gaps, 1):
            lines.append(f"{n}. {_md(gap_sentence(gap, levels))}")
            lines.append(f"   Détail : {_md(gap_detail(gap, levels))}")
    else:
        lines.append("Aucun écart calculable avec les territoires de comparaison.")
    lines += ["", "## Indicateurs", ""]
    header = ["Indicateur", *(_md(level_title(level)) for level in portrait.levels), "Formule"]
    lines += [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] + ["---:"] * len(portrait.levels) + ["---"]) + "|",
    ]
    for key, first in area.indicators.items():
        cells = [_md(first.label)]
        for level in portrait.levels:
            item = level.indicators[key]
            cell = format_value(item.value, item.unit)
            if item.note:
                cell += f" [{notes.number(item.note)}]"
            cells.append(cell)
        cells.append(f"`{first.formula.replace('|', '/')}`")
        lines.append("| " + " | ".join(cells) + " |")
    if notes.texts:
        lines += ["", "Notes :", ""]
        lines += [f"{n}. {_md(text)}" for n, text in enumerate(notes.texts, 1)]
    lines += ["", "## Détail des calculs", ""]
    for level in portrait.levels:
        lines += [f"### {_md(level_title(level))}", ""]
        if level.note:
            lines += [_md(level.note), ""]
        lines += ["| Indicateur | Numérateur | Dénominateur | Valeur |", "|---|---:|---:|---:|"]
        for item in level.indicators.values():
            lines.append(
                f"| {_md(item.label)} | {_count(item.numerator)} | "
                f"{_count(item.denominator) if item.denominator is not None else ''} | "
                f"{format_value(item.value, item.unit)} |"
            )
        lines.append("")
    if portrait.variables:
        lines += ["## Variables utilisées", ""]
        lines += [f"- `{name}` : {_md(label)}" for name, label in portrait.variables.items()]
        lines.append("")
    if portrait.warnings:
        lines += ["## Avertissements", ""]
        lines += [f"- {_md(text)}" for text in portrait.warnings]
        lines.append("")
    lines.append(_md(_source_line(portrait)))
    return "\n".join(lines) + "\n"


def _source_line(portrait: Portrait) -> str:
    return portrait.source + (f" Fichier : {portrait.file_name}." if portrait.file_name else "")


# --- HTML ----------------------------------------------------------------------------------


def render_html(portrait: Portrait) -> str:
    notes = _Notes()
    area = portrait.levels[0]
    e = escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Portrait de territoire : {e(area.name or area.code)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>Portrait de territoire : {e(area.name or area.code)}</h1>",
        f'<p class="meta">{e(_subtitle(portrait))}</p>',
        '<section aria-labelledby="ressort">',
        '<h2 id="ressort">Ce qui ressort</h2>',
    ]
    if portrait.gaps:
        out.append('<ol class="gaps">')
        levels = _levels(portrait)
        out += [
            f"<li>{e(gap_sentence(gap, levels))} <details><summary>détail</summary>"
            f"{e(gap_detail(gap, levels))}</details></li>"
            for gap in portrait.gaps
        ]
        out.append("</ol>")
    else:
        out.append("<p>Aucun écart calculable avec les territoires de comparaison.</p>")
    out += ["</section>", '<section aria-labelledby="indicateurs">']
    out += ['<h2 id="indicateurs">Indicateurs</h2>']
    out.append('<div class="table-scroll" tabindex="0" role="region" aria-label="Indicateurs">')
    out.append("<table>")
    out.append(
        f"<caption>Indicateurs : {e(level_title(area))} et ses territoires de comparaison</caption>"
    )
    out.append('<thead><tr><th scope="col">Indicateur</th>')
    out += [f'<th scope="col">{e(level_title(level))}</th>' for level in portrait.levels]
    out.append('<th scope="col">Formule (variables Insee)</th></tr></thead>')
    out.append("<tbody>")
    for key, first in area.indicators.items():
        cells = [f'<th scope="row">{e(first.label)}</th>']
        for level in portrait.levels:
            item = level.indicators[key]
            cell = e(format_value(item.value, item.unit))
            if item.note:
                number = notes.number(item.note)
                cell += f'<sup><a href="#note-{number}">{number}</a></sup>'
            cells.append(f'<td class="number">{cell}</td>')
        cells.append(f"<td><code>{e(first.formula)}</code></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>", "</div>"]
    if notes.texts:
        out.append('<ol class="note">')
        out += [f'<li id="note-{n}">{e(text)}</li>' for n, text in enumerate(notes.texts, 1)]
        out.append("</ol>")
    out += ["</section>", '<section aria-labelledby="calculs">']
    out.append('<h2 id="calculs">Détail des calculs</h2>')
    for level in portrait.levels:
        out.append(f"<h3>{e(level_title(level))}</h3>")
        if level.note:
            out.append(f'<p class="note">{e(level.note)}</p>')
        label = e(f"Calculs : {level_title(level)}")
        out.append(f'<div class="table-scroll" tabindex="0" role="region" aria-label="{label}">')
        out.append(
            f"<table><caption>Numérateurs et dénominateurs : {e(level_title(level))}</caption>"
        )
        out.append(
            '<thead><tr><th scope="col">Indicateur</th><th scope="col">Numérateur</th>'
            '<th scope="col">Dénominateur</th><th scope="col">Valeur</th></tr></thead><tbody>'
        )
        for item in level.indicators.values():
            denominator = _count(item.denominator) if item.denominator is not None else ""
            out.append(
                f'<tr><th scope="row">{e(item.label)}</th>'
                f'<td class="number">{e(_count(item.numerator))}</td>'
                f'<td class="number">{e(denominator)}</td>'
                f'<td class="number">{e(format_value(item.value, item.unit))}</td></tr>'
            )
        out += ["</tbody></table>", "</div>"]
    out.append("</section>")
    if portrait.variables:
        out += [
            '<section aria-labelledby="variables">',
            '<h2 id="variables">Variables utilisées</h2>',
            "<dl>",
        ]
        for name, label in portrait.variables.items():
            out.append(f"<dt><code>{e(name)}</code></dt><dd>{e(label)}</dd>")
        out += ["</dl>", "</section>"]
    if portrait.warnings:
        out += [
            '<section aria-labelledby="avertissements">',
            '<h2 id="avertissements">Avertissements</h2>',
            "<ul>",
        ]
        out += [f"<li>{e(text)}</li>" for text in portrait.warnings]
        out += ["</ul>", "</section>"]
    out += ["</main>", f"<footer><main><p>{e(_source_line(portrait))}</p></main></footer>"]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> dict:
    raise ValueError(f"aucune ressource externe n'est chargée ({url[:60]})")


def render_pdf(portrait: Portrait) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    return HTML(string=render_html(portrait), url_fetcher=_refuse_fetch).write_pdf()
