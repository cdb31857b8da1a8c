"""A portrait as JSON, Markdown, HTML (self-contained, accessible) or PDF (WeasyPrint).

Every text that comes from a file (area names, labels) is escaped: a file is untrusted input.
"""

from __future__ import annotations

import json
from html import escape

from .portrait import Gap, LevelPortrait, Portrait, portrait_to_dict

FORMATS = ("json", "html", "pdf", "md")
NBSP = "\u00a0"
LEVEL_WORDS = {"iris": "IRIS", "commune": "commune", "departement": "département", "france": ""}
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
    if level.level == "france":
        return level.name or "France"
    where = f"{LEVEL_WORDS[level.level]} {level.code}"
    return f"{level.name} ({where})" if level.name else where.capitalize()


def _titles(portrait: Portrait) -> dict[tuple[str, str], str]:
    return {(level.level, level.code): level_title(level) for level in portrait.levels}


def gap_sentence(gap: Gap, titles: dict[tuple[str, str], str]) -> str:
    area = titles.get((gap.area_level, gap.area_code), gap.area_code)
    parent = titles.get((gap.parent_level, gap.parent_code), gap.parent_code)
    text = (
        f"{gap.label} : {format_value(gap.area_value, gap.unit)} pour {area} contre "
        f"{format_value(gap.parent_value, gap.unit)} pour {parent} ({format_difference(gap)})"
    )
    if gap.score is not None:
        peers = {"iris": "IRIS", "commune": "communes", "departement": "départements"}
        text += (
            f" ; écart de {_grouped(abs(gap.score), 1)} fois la dispersion entre les "
            f"{gap.peers} autres {peers.get(gap.area_level, 'territoires')} comparables"
        )
    return text + "."


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
    titles, notes = _titles(portrait), _Notes()
    area = portrait.levels[0]
    lines = [
        f"# Portrait de territoire : {_md(area.name or area.code)}",
        "",
        _md(_subtitle(portrait)),
        "",
    ]
    lines += ["## Ce qui ressort", ""]
    if portrait.gaps:
        lines += [f"{n}. {_md(gap_sentence(g, titles))}" for n, g in enumerate(portrait.gaps, 1)]
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
    titles, notes = _titles(portrait), _Notes()
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
        out += [f"<li>{e(gap_sentence(gap, titles))}</li>" for gap in portrait.gaps]
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
