"""The income statement (compte de résultat) in the layout of règlement ANC n° 2018-06, with
the previous year beside it, and the in-kind contributions at its foot, apart from the result.

Each line claims account prefixes; an account goes to the line whose prefix is the longest
match (756 Cotisations before 75 Autres produits), so every account lands on one line only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _

from quartier.association.actions.inkind import in_kind_by_account
from quartier.association.actions.ledger import previous_year
from quartier.association.models import Entry, EntryLine, FinancialYear

OPERATING_PRODUCTS = [
    (_("Cotisations"), ("756",)),
    (_("Ventes de biens"), ("701", "702", "703", "707")),
    (_("Ventes de prestations de service"), ("704", "705", "706", "708", "709")),
    (_("Concours publics et subventions d'exploitation"), ("73", "74")),
    (_("Ressources liées à la générosité du public"), ("754",)),
    (_("Contributions financières"), ("755",)),
    (
        _("Reprises sur amortissements, dépréciations, provisions et transferts de charges"),
        ("78", "79"),
    ),
    (_("Utilisations des fonds dédiés"), ("789",)),
    (_("Autres produits"), ("75", "71", "72")),
]
OPERATING_CHARGES = [
    (_("Achats de marchandises"), ("607",)),
    (_("Variation de stock"), ("603",)),
    (_("Autres achats et charges externes"), ("60", "61", "62")),
    (_("Aides financières"), ("657",)),
    (_("Impôts, taxes et versements assimilés"), ("63",)),
    (_("Salaires et traitements"), ("64",)),
    (_("Charges sociales"), ("645", "646", "647")),
    (_("Dotations aux amortissements, dépréciations et provisions"), ("68",)),
    (_("Reports en fonds dédiés"), ("689",)),
    (_("Autres charges"), ("65",)),
]
FINANCIAL_PRODUCTS = [(_("Produits financiers"), ("76",))]
FINANCIAL_CHARGES = [(_("Charges financières"), ("66",))]
EXCEPTIONAL_PRODUCTS = [(_("Produits exceptionnels"), ("77",))]
EXCEPTIONAL_CHARGES = [(_("Charges exceptionnelles"), ("67",))]
TAX_CHARGES = [(_("Impôts sur les sociétés"), ("69",))]
IN_KIND_PRODUCTS = [
    (_("Dons en nature"), ("870",)),
    (_("Prestations en nature"), ("871",)),
    (_("Bénévolat"), ("875",)),
]
IN_KIND_CHARGES = [
    (_("Secours en nature"), ("860",)),
    (_("Mises à disposition gratuites de biens"), ("861",)),
    (_("Prestations en nature"), ("862",)),
    (_("Personnel bénévole"), ("864",)),
]
ALL_LAYOUTS = [
    OPERATING_PRODUCTS,
    OPERATING_CHARGES,
    FINANCIAL_PRODUCTS,
    FINANCIAL_CHARGES,
    EXCEPTIONAL_PRODUCTS,
    EXCEPTIONAL_CHARGES,
    TAX_CHARGES,
]


@dataclass
class Line:
    label: str
    current: int = 0
    previous: int = 0


@dataclass
class Block:
    title: str
    lines: list[Line] = field(default_factory=list)

    @property
    def current(self) -> int:
        return sum(line.current for line in self.lines)

    @property
    def previous(self) -> int:
        return sum(line.previous for line in self.lines)


@dataclass
class Figure:
    label: str
    current: int
    previous: int
    strong: bool = False


@dataclass
class IncomeStatement:
    year: FinancialYear
    previous_year: FinancialYear | None
    rows: list  # Blocks and Figures, in print order
    products: Figure
    charges: Figure
    result: Figure
    in_kind_products: Block
    in_kind_charges: Block
    unplaced: dict[str, int]  # accounts no line claims (should stay empty)


def account_totals(year: FinancialYear | None) -> dict[str, int]:
    """Net debit − credit of every account over the year's entries (à-nouveaux left out)."""
    if year is None:
        return {}
    rows = (
        EntryLine.objects.filter(entry__financial_year=year)
        .exclude(entry__journal=Entry.Journal.OPENING)
        .values("account")
        .annotate(net=Sum(F("debit") - F("credit")))
    )
    return {row["account"]: row["net"] or 0 for row in rows}


def _line_of(account: str, layout) -> int | None:
    best, best_length = None, 0
    for index, (_label, prefixes) in enumerate(layout):
        for prefix in prefixes:
            if account.startswith(prefix) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    return best


def _block(title, layout, totals: dict[str, int], previous: dict[str, int], sign: int) -> Block:
    """`sign` +1 for charges (debit balance), −1 for products (credit balance)."""
    lines = [Line(str(label)) for label, _prefixes in layout]
    for column, source in (("current", totals), ("previous", previous)):
        for account, net in source.items():
            index = _line_of(account, layout)
            if index is not None:
                setattr(lines[index], column, getattr(lines[index], column) + sign * net)
    return Block(str(title), lines)


def _in_kind_block(title, layout, current: dict[str, int], previous: dict[str, int]) -> Block:
    lines = [Line(str(label)) for label, _prefixes in layout]
    for column, source in (("current", current), ("previous", previous)):
        for account, amount in source.items():
            index = _line_of(account, layout)
            if index is not None:
                setattr(lines[index], column, getattr(lines[index], column) + amount)
    return Block(str(title), lines)


def _claimed(account: str) -> bool:
    return account.startswith(("5", "1", "86", "87")) or any(
        _line_of(account, layout) is not None for layout in ALL_LAYOUTS
    )


def income_statement(year: FinancialYear) -> IncomeStatement:
    before = previous_year(year)
    now, then = account_totals(year), account_totals(before)
    products_now = {a: n for a, n in now.items() if a.startswith("7")}
    products_then = {a: n for a, n in then.items() if a.startswith("7")}
    charges_now = {a: n for a, n in now.items() if a.startswith("6")}
    charges_then = {a: n for a, n in then.items() if a.startswith("6")}

    operating_products = _block(
        _("Produits d'exploitation"), OPERATING_PRODUCTS, products_now, products_then, -1
    )
    operating_charges = _block(
        _("Charges d'exploitation"), OPERATING_CHARGES, charges_now, charges_then, 1
    )
    financial_products = _block(
        _("Produits financiers"), FINANCIAL_PRODUCTS, products_now, products_then, -1
    )
    financial_charges = _block(
        _("Charges financières"), FINANCIAL_CHARGES, charges_now, charges_then, 1
    )
    exceptional_products = _block(
        _("Produits exceptionnels"), EXCEPTIONAL_PRODUCTS, products_now, products_then, -1
    )
    exceptional_charges = _block(
        _("Charges exceptionnelles"), EXCEPTIONAL_CHARGES, charges_now, charges_then, 1
    )
    taxes = _block(_("Impôts sur les bénéfices"), TAX_CHARGES, charges_now, charges_then, 1)

    def figure(label, *parts: tuple[int, Block], strong: bool = False) -> Figure:
        return Figure(
            str(label),
            sum(sign * block.current for sign, block in parts),
            sum(sign * block.previous for sign, block in parts),
            strong,
        )

    operating = figure(
        _("1. Résultat d'exploitation"), (1, operating_products), (-1, operating_charges)
    )
    financial = figure(_("2. Résultat financier"), (1, financial_products), (-1, financial_charges))
    current = figure(
        _("3. Résultat courant avant impôts (1 + 2)"),
        (1, operating_products),
        (-1, operating_charges),
        (1, financial_products),
        (-1, financial_charges),
    )
    exceptional = figure(
        _("4. Résultat exceptionnel"), (1, exceptional_products), (-1, exceptional_charges)
    )
    products = figure(
        _("Total des produits"),
        (1, operating_products),
        (1, financial_products),
        (1, exceptional_products),
        strong=True,
    )
    charges = figure(
        _("Total des charges"),
        (1, operating_charges),
        (1, financial_charges),
        (1, exceptional_charges),
        (1, taxes),
        strong=True,
    )
    result = Figure(
        str(_("Excédent ou déficit")),
        products.current - charges.current,
        products.previous - charges.previous,
        True,
    )
    in_kind_now = in_kind_by_account(year)
    in_kind_then = in_kind_by_account(before) if before else {}
    in_kind_products = _in_kind_block(
        _("Contributions volontaires en nature : ressources"),
        IN_KIND_PRODUCTS,
        {a: v for a, v in in_kind_now.items() if a.startswith("87")},
        {a: v for a, v in in_kind_then.items() if a.startswith("87")},
    )
    in_kind_charges = _in_kind_block(
        _("Contributions volontaires en nature : emplois"),
        IN_KIND_CHARGES,
        {a: v for a, v in in_kind_now.items() if a.startswith("86")},
        {a: v for a, v in in_kind_then.items() if a.startswith("86")},
    )
    rows = [
        operating_products,
        operating_charges,
        operating,
        financial_products,
        financial_charges,
        financial,
        current,
        exceptional_products,
        exceptional_charges,
        exceptional,
        taxes,
        products,
        charges,
        result,
    ]
    unplaced = {a: n for a, n in now.items() if not _claimed(a)}
    return IncomeStatement(
        year=year,
        previous_year=before,
        rows=rows,
        products=products,
        charges=charges,
        result=result,
        in_kind_products=in_kind_products,
        in_kind_charges=in_kind_charges,
        unplaced=unplaced,
    )


def statement_table(statement: IncomeStatement) -> tuple[list[str], list[list]]:
    """The statement as rows (for CSV, XLSX, ODS): section, line, year, previous year."""
    from quartier.association.money import as_decimal

    year = statement.year.label
    before = statement.previous_year.label if statement.previous_year else ""
    header = [str(_("Rubrique")), str(_("Ligne")), year, before or str(_("Exercice précédent"))]
    rows: list[list] = []
    for row in [*statement.rows, statement.in_kind_products, statement.in_kind_charges]:
        if isinstance(row, Block):
            for line in row.lines:
                rows.append(
                    [row.title, line.label, as_decimal(line.current), as_decimal(line.previous)]
                )
            rows.append(
                [row.title, str(_("Total")), as_decimal(row.current), as_decimal(row.previous)]
            )
        else:
            rows.append(["", row.label, as_decimal(row.current), as_decimal(row.previous)])
    return header, rows
