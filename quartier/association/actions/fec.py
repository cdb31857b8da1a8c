"""The FEC (fichier des écritures comptables, article A47 A-1 du livre des procédures
fiscales): every line of every entry of a financial year, in the 18 columns of the standard,
tab-separated, one header line, dates as YYYYMMDD, amounts with a decimal comma, both Debit
and Credit filled, encoded in ISO-8859-15 (which holds every French letter, œ and €).

Named `<SIREN>FEC<closing date>.txt` when the association has a SIRET.
"""

from __future__ import annotations

import unicodedata

from django.utils import timezone

from quartier.association.chart import account_label
from quartier.association.identifiers import siren_of
from quartier.association.models import Entry, EntryLine, FinancialYear
from quartier.association.money import plain_amount

COLUMNS = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
]
ENCODING = "iso-8859-15"
JOURNALS = dict(Entry.Journal.choices)


def _field(text: str) -> str:
    """One field: no tab, no line break, nothing the encoding cannot hold (an accented letter
    outside ISO-8859-15 loses its accent, anything else becomes « ? »)."""
    flat = " ".join(str(text).split())
    out = []
    for char in flat:
        try:
            char.encode(ENCODING)
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(base or "?")
    return "".join(out)


def _date(day) -> str:
    return day.strftime("%Y%m%d")


def fec_rows(year: FinancialYear) -> list[list[str]]:
    lines = (
        EntryLine.objects.filter(entry__financial_year=year)
        .select_related("entry")
        .order_by("entry__number", "pk")
    )
    # The opening balances (à-nouveaux) come first, as accounting programs expect them.
    lines = sorted(lines, key=lambda line: line.entry.journal != Entry.Journal.OPENING)
    rows = []
    for line in lines:
        entry = line.entry
        rows.append(
            [
                entry.journal,
                _field(JOURNALS.get(entry.journal, entry.journal)),
                str(entry.number),
                _date(entry.date),
                line.account,
                _field(account_label(line.account)),
                "",
                "",
                _field(entry.piece_ref or f"E{entry.number}"),
                _date(entry.date),
                _field(entry.label),
                plain_amount(line.debit),
                plain_amount(line.credit),
                "",
                "",
                _date(timezone.localdate(entry.recorded_at)),
                "",
                "",
            ]
        )
    return rows


def fec_bytes(year: FinancialYear) -> bytes:
    text = "\r\n".join("\t".join(row) for row in [COLUMNS, *fec_rows(year)]) + "\r\n"
    return text.encode(ENCODING)


def fec_filename(year: FinancialYear) -> str:
    siren = siren_of(year.association.siret)
    return f"{siren}FEC{_date(year.ends_on)}.txt" if siren else f"FEC{_date(year.ends_on)}.txt"
