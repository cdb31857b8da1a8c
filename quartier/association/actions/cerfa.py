"""The spending report of a subsidy (compte rendu financier, Cerfa n° 15059), from what is
recorded: beneficiaries and dates from attendance, the table forecast / actual / % by account
group, one line per funder under 74, the in-kind lines 86/87 (with the form's old 87x labels),
and « La subvention de … € représente …% du total des produits ».

Beneficiaries are the distinct persons, professionals left out, who came to the association's
gatherings over the period: activity sessions, events and general assemblies of its territory
(the public life of the association; board and support meetings are its own work, not its
public).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from quartier.association import chart
from quartier.association.actions.inkind import in_kind_by_account, valuation
from quartier.association.actions.ledger import financial_year_for
from quartier.association.models import Association, Entry, EntryLine, Subsidy
from quartier.association.money import percent
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Organisation, Person

BENEFICIARY_KINDS = (
    Gathering.Kind.ACTIVITY_SESSION,
    Gathering.Kind.EVENT,
    Gathering.Kind.GENERAL_ASSEMBLY,
)


@dataclass
class Row:
    code: str
    label: str
    forecast: int = 0
    actual: int = 0
    children: list[Row] = field(default_factory=list)

    @property
    def percent(self):
        return percent(self.actual, self.forecast)


@dataclass
class Public:
    beneficiaries: int
    gatherings: int
    first: dt.date | None
    last: dt.date | None
    places: list[tuple[str, int]]


@dataclass
class CerfaReport:
    subsidy: Subsidy
    start: dt.date
    end: dt.date
    public: Public
    charges: list[Row]
    products: list[Row]
    in_kind_charges: list[Row]
    in_kind_products: list[Row]
    methods: list[str]
    # The budget gives in-kind forecasts as one figure each side (86, 87), not line by line.
    in_kind_charges_forecast: int = 0
    in_kind_products_forecast: int = 0

    @staticmethod
    def _total(rows: list[Row], code: str, label: str) -> Row:
        return Row(code, label, sum(r.forecast for r in rows), sum(r.actual for r in rows))

    @property
    def charges_total(self) -> Row:
        return self._total(self.charges, "", _("Total des charges"))

    @property
    def products_total(self) -> Row:
        return self._total(self.products, "", _("Total des produits"))

    @property
    def in_kind_charges_total(self) -> Row:
        row = self._total(self.in_kind_charges, "86", _("Total des emplois en nature"))
        row.forecast = self.in_kind_charges_forecast
        return row

    @property
    def in_kind_products_total(self) -> Row:
        row = self._total(self.in_kind_products, "87", _("Total des contributions en nature"))
        row.forecast = self.in_kind_products_forecast
        return row

    @property
    def grand_charges(self) -> Row:
        return self._total([self.charges_total, self.in_kind_charges_total], "", _("Total"))

    @property
    def grand_products(self) -> Row:
        return self._total([self.products_total, self.in_kind_products_total], "", _("Total"))

    @property
    def amount(self) -> int:
        return self.subsidy.amount_granted or self.subsidy.amount_asked

    @property
    def share(self):
        """The subsidy as a percentage of all actual products (in-kind apart)."""
        return percent(self.amount, self.products_total.actual)


def public_of(association: Association, start: dt.date, end: dt.date) -> Public:
    gatherings = Gathering.objects.filter(
        territory_id=association.territory_id,
        kind__in=BENEFICIARY_KINDS,
        start__date__gte=start,
        start__date__lte=end,
    )
    beneficiaries = (
        Attendance.objects.filter(gathering__in=gatherings)
        .exclude(person__kind=Person.Kind.PROFESSIONAL)
        .values("person")
        .distinct()
        .count()
    )
    dates = list(gatherings.order_by("start").values_list("start", "place"))
    places = Counter(place or _("lieu non précisé") for _start, place in dates)
    return Public(
        beneficiaries=beneficiaries,
        gatherings=len(dates),
        first=dates[0][0].date() if dates else None,
        last=dates[-1][0].date() if dates else None,
        places=places.most_common(),
    )


def _lines(subsidy: Subsidy, start: dt.date, end: dt.date):
    lines = EntryLine.objects.exclude(entry__journal=Entry.Journal.OPENING)
    if subsidy.scope == Subsidy.Scope.PROJECT:
        return lines.filter(entry__subsidy=subsidy)
    return lines.filter(
        entry__association=subsidy.association, entry__date__gte=start, entry__date__lte=end
    )


def cerfa_report(subsidy: Subsidy) -> CerfaReport:
    association = subsidy.association
    start, end = association.year_bounds(subsidy.year)
    lines = _lines(subsidy, start, end).filter(
        Q(account__startswith="6") | Q(account__startswith="7")
    )
    actual: dict[str, int] = defaultdict(int)
    by_funder: dict[object, int] = defaultdict(int)
    for row in lines.values("account", "entry__subsidy__funder").annotate(
        net=Sum(F("debit") - F("credit"))
    ):
        account, net = row["account"], row["net"] or 0
        group = account[:2]
        actual[group] += net if account.startswith("6") else -net
        if group == "74":
            by_funder[row["entry__subsidy__funder"] or f"account:{account}"] += -net
    forecast: dict[str, int] = defaultdict(int)
    forecast_by_funder: dict[object, int] = defaultdict(int)
    for line in subsidy.budget_lines.all():
        forecast[line.group] += line.amount
        if line.group == "74":
            forecast_by_funder[line.funder_id or "account:748"] += line.amount
    charges = [
        Row(code, str(label), forecast[code], actual[code])
        for code, label in chart.CERFA_CHARGE_GROUPS
    ]
    products = [
        Row(code, str(label), forecast[code], actual[code])
        for code, label in chart.CERFA_PRODUCT_GROUPS
    ]
    subsidies_row = next(row for row in products if row.code == "74")
    subsidies_row.children = _funder_rows(by_funder, forecast_by_funder)

    in_kind_actual = _in_kind_actual(subsidy, start, end)
    in_kind_charges = [
        Row(
            code,
            str(label),
            0,
            sum(
                v
                for a, v in in_kind_actual.items()
                if a.startswith("86") and chart.cerfa_in_kind_line(a) == code
            ),
        )
        for code, label in chart.CERFA_CHARGE_IN_KIND.items()
    ]
    in_kind_products = [
        Row(
            code,
            str(label),
            0,
            sum(
                v
                for a, v in in_kind_actual.items()
                if a.startswith("87") and chart.cerfa_in_kind_line(a) == code
            ),
        )
        for code, label in chart.CERFA_PRODUCT_IN_KIND.items()
    ]
    methods = (
        [line.method for line in valuation(association, start, end) if line.amount]
        if subsidy.scope == Subsidy.Scope.OPERATING
        else []
    )
    return CerfaReport(
        subsidy=subsidy,
        start=start,
        end=end,
        public=public_of(association, start, end),
        charges=charges,
        products=products,
        in_kind_charges=in_kind_charges,
        in_kind_products=in_kind_products,
        methods=methods,
        in_kind_charges_forecast=forecast["86"],
        in_kind_products_forecast=forecast["87"],
    )


def _funder_rows(actual: dict, forecast: dict) -> list[Row]:
    keys = list(dict.fromkeys([*forecast, *actual]))
    names = {
        o.pk: str(o.name)
        for o in Organisation.objects.filter(pk__in=[k for k in keys if isinstance(k, int)])
    }
    rows = []
    for key in keys:
        if isinstance(key, int):
            label = names.get(key, "")
        else:
            label = chart.account_label(key.removeprefix("account:"))
        rows.append(Row("", label, forecast.get(key, 0), actual.get(key, 0)))
    return sorted(rows, key=lambda row: row.label)


def _in_kind_actual(subsidy: Subsidy, start: dt.date, end: dt.date) -> dict[str, int]:
    if subsidy.scope == Subsidy.Scope.PROJECT:
        return {}
    year = financial_year_for(subsidy.association, start, create=False)
    if year is not None and year.starts_on == start and year.ends_on == end:
        return in_kind_by_account(year)
    totals: dict[str, int] = defaultdict(int)
    for line in valuation(subsidy.association, start, end):
        totals[line.kind.charge] += line.amount
        totals[line.kind.product] += line.amount
    return totals
