"""Demo step: the residents' association of Les Montoires, founded in 2004 (the seed: « se
mobilise pour obtenir un local de l'office HLM et créent une association en 2004 »).

Two co-presidents and about 25 members, dues every year, 200 € from the Commune de Gien and
450 € from the Conseil général every year with their spending reports, the OPAC's flat lent
and the town's furniture given, the Christmas market every December, monthly sewing and
knitting workshops, board meetings and support meetings with the social workers. Years 2004 to
2024 are closed (in-kind contributions written, next year opened); 2025 is still open.

Entries go through `actions.ledger.record_entries`, the one path with the guards (balanced,
numbered, refused in a closed year), in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from quartier.association.actions import ledger
from quartier.association.actions.identity import create_association
from quartier.association.actions.members import METHOD_MEANS
from quartier.association.actions.subsidies import report_due_date
from quartier.association.chart import subsidy_account
from quartier.association.models import (
    BudgetLine,
    CraftItem,
    DuesPayment,
    Entry,
    FinancialYear,
    GeneralAssembly,
    InKindGift,
    Mandate,
    Member,
    PremisesLoan,
    Proxy,
    Resolution,
    Sale,
    SaleLine,
    Subsidy,
)
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person, User

PARIS = ZoneInfo("Europe/Paris")
FOUNDED = dt.date(2004, 3, 12)
YEARS = range(2004, 2026)
LAST_CLOSED = 2024
LOCAL = "Local de l'association, bâtiment C"
MEMBERS = 25
# (name, price in cents, materials cost in cents, pieces made a year)
CRAFTS = [
    ("Écharpe tricotée", 1500, 400, 10),
    ("Sac en tissu cousu main", 1200, 300, 12),
    ("Bracelet en perles", 500, 120, 25),
    ("Carte de vœux peinte", 250, 40, 40),
    ("Tablier de cuisine", 1000, 350, 6),
]
# (category label, amount range in euros, times a year, the subsidy it spends: town/cg/None)
EXPENSES = [
    ("Assurance", (110, 130), 1, "town"),
    ("Courses pour l'atelier cuisine", (35, 80), 4, "cg"),
    ("Fournitures pour les ateliers (laine, tissu, perles)", (50, 90), 3, "cg"),
    ("Papeterie et photocopies", (15, 40), 2, None),
    ("Affiches et tracts", (20, 35), 1, "town"),
    ("Fêtes, goûters et réceptions", (40, 90), 1, None),
    ("Frais de banque", (24, 24), 1, None),
    ("Timbres, téléphone, internet", (15, 25), 1, None),
    ("Déplacements et sorties", (250, 350), 1, None),
]
# Paid from the cash box; everything else by cheque or card on the bank account.
CASH_EXPENSES = {"Courses pour l'atelier cuisine", "Fêtes, goûters et réceptions"}
SUBSIDIES = [
    ("town", 20_000, "Fonctionnement et ateliers du local"),
    ("cg", 45_000, "Ateliers de lien social"),
]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    day = dt.date(year, month, 1)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    return day + dt.timedelta(weeks=nth - 1)


def build_association(story, rng: random.Random) -> None:
    volunteer = User.objects.get(username="benevole")
    territory = story.territory
    town, cg, opac = (story.organisations[key] for key in ("town", "cg", "opac"))
    association = create_association(
        # The partner that runs the weekly activities (activities demo) is this association.
        name=story.organisations["association"].name
        if "association" in story.organisations
        else "Association des habitants des Montoires",
        object="Rompre l'isolement des habitants du quartier des Montoires, créer du lien entre "
        "les générations et les cultures, animer un local ouvert à tous.",
        founded_on=FOUNDED,
        rna="W452001234",
        siret="44306184100013",
        registered_office="Local de l'association, bâtiment C, rue des Montoires, 45500 Gien",
        territory=territory,
        default_dues=1000,
    )
    story.association = association
    PremisesLoan.objects.create(
        association=association,
        lender=opac,
        description="Appartement du rez-de-chaussée, bâtiment C",
        agreement_start=dt.date(2004, 4, 1),
        hours_per_week=12,
        hourly_rate=800,
    )
    InKindGift.objects.create(
        association=association,
        giver=town,
        given_on=dt.date(2004, 4, 15),
        description="Mobilier du local : tables, chaises, une armoire",
        value=120_000,
    )

    # Members: the demo resident (who has an account) and residents who came to the meetings.
    # (The privacy step may have anonymised one of them: ask the database, not the story.)
    drawn = rng.sample(story.residents[1:70], MEMBERS + 5)
    kept = set(
        Person.objects.filter(pk__in=[p.pk for p in drawn], anonymised_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    people = [story.residents[0]] + [p for p in drawn if p.pk in kept][: MEMBERS - 1]
    joined = [FOUNDED] * 15 + [
        dt.date(2004 + rng.randint(1, 12), rng.randint(1, 12), rng.randint(1, 28))
        for _ in range(MEMBERS - 15)
    ]
    members = Member.objects.bulk_create(
        [
            Member(association=association, person=person, number=index + 1, joined_on=day)
            for index, (person, day) in enumerate(zip(people, sorted(joined), strict=True))
        ]
    )
    # Two members left along the way.
    for member in members[-3:-1]:
        member.left_on = dt.date(member.joined_on.year + 4, 6, 30)
    Member.objects.bulk_update(members[-3:-1], ["left_on"])
    board = _board(association, members)

    assemblies = _assemblies(association, members, board, rng)
    _meetings(association, members, board, story, rng)
    workshops = _workshops(association, members, rng)
    subsidies = _subsidies(association, town, cg)
    _money(association, members, assemblies, subsidies, volunteer, rng)
    _crafts(association, members, workshops, volunteer, rng)
    for year in YEARS:
        if year > LAST_CLOSED:
            break
        ledger.close_year(
            FinancialYear.objects.get(association=association, starts_on=dt.date(year, 1, 1)),
            closed_by=volunteer,
            today=dt.date(year + 1, 2, 15),
            at=at(dt.date(year + 1, 2, 15), 18),
        )


def _board(association, members: list[Member]) -> dict[str, Member]:
    """The founding board (2004), one co-president handing over in 2013, a new treasurer in
    2016."""
    roles = {
        "first_co": members[1],
        "second_co": members[2],
        "treasurer": members[3],
        "secretary": members[4],
        "new_co": members[5],
        "new_treasurer": members[6],
    }
    return roles


def _assemblies(association, members, board, rng) -> dict[int, GeneralAssembly]:
    """A general assembly every March (the constitutive one on the founding day)."""
    gatherings = []
    for year in YEARS:
        day = FOUNDED if year == 2004 else nth_weekday(year, 3, 5, 2)
        title = (
            "Assemblée générale constitutive"
            if year == 2004
            else f"Assemblée générale ordinaire {year}"
        )
        gatherings.append(
            Gathering(
                kind=Gathering.Kind.GENERAL_ASSEMBLY,
                title=title,
                start=at(day, 14, 30),
                end=at(day, 17, 0),
                place=LOCAL if year > 2004 else "Salle polyvalente des Montoires",
                territory=association.territory,
            )
        )
    Gathering.objects.bulk_create(gatherings)
    assemblies = {}
    for year, gathering in zip(YEARS, gatherings, strict=True):
        assemblies[year] = GeneralAssembly(
            gathering=gathering,
            association=association,
            agenda="Rapport moral\nRapport financier de l'année passée\nMontant de la cotisation\n"
            "Élection du conseil d'administration\nProjets de l'année"
            if year > 2004
            else "Adoption des statuts\nÉlection du conseil d'administration\nMontant de la "
            "cotisation",
            convocation_sent_on=gathering.start.date() - dt.timedelta(days=20),
            notes=f"Le rapport moral retrace les ateliers de l'année {year - 1} et le marché de "
            "Noël. Le rapport financier est présenté par la trésorerie."
            if year > 2004
            else "Les habitants du groupe « isolement » fondent l'association et adoptent ses "
            "statuts.",
        )
    GeneralAssembly.objects.bulk_create(assemblies.values())
    attendances, proxies, resolutions = [], [], []
    for year, assembly in assemblies.items():
        day = assembly.gathering.start.date()
        active = [
            m for m in members if m.joined_on <= day and (m.left_on is None or m.left_on > day)
        ]
        present = rng.sample(active, max(1, len(active) * 2 // 3))
        attendances += [Attendance(gathering=assembly.gathering, person=m.person) for m in present]
        absent = [m for m in active if m not in present]
        given = [
            Proxy(assembly=assembly, giver=giver.person, holder=holder.person)
            for giver, holder in zip(absent[:2], present[:2], strict=False)
        ]
        proxies += given
        voters = len(present) + len(given)
        titles = (
            ["Adoption des statuts", "Cotisation annuelle de 10 €"]
            if year == 2004
            else [
                "Approbation du rapport moral",
                f"Approbation des comptes de l'exercice {year - 1}",
                f"Cotisation annuelle de {10 if year < 2013 else 12} €",
            ]
        )
        for number, title in enumerate(titles, start=1):
            resolutions.append(
                Resolution(
                    assembly=assembly,
                    number=number,
                    title=title,
                    votes_for=max(0, voters - 1),
                    votes_against=0,
                    abstentions=1 if voters else 0,
                )
            )
    Attendance.objects.bulk_create(attendances)
    Proxy.objects.bulk_create(proxies)
    Resolution.objects.bulk_create(resolutions)
    mandates = [
        Mandate(
            association=association,
            person=board["first_co"].person,
            role="co_president",
            started_on=FOUNDED,
            ended_on=dt.date(2013, 3, 8),
            elected_at=assemblies[2004],
            declared_on=dt.date(2004, 4, 2),
        ),
        Mandate(
            association=association,
            person=board["second_co"].person,
            role="co_president",
            started_on=FOUNDED,
            elected_at=assemblies[2004],
            declared_on=dt.date(2004, 4, 2),
        ),
        Mandate(
            association=association,
            person=board["new_co"].person,
            role="co_president",
            started_on=assemblies[2013].gathering.start.date(),
            elected_at=assemblies[2013],
            declared_on=dt.date(2013, 4, 12),
        ),
        Mandate(
            association=association,
            person=board["treasurer"].person,
            role="treasurer",
            started_on=FOUNDED,
            ended_on=dt.date(2016, 3, 11),
            elected_at=assemblies[2004],
            declared_on=dt.date(2004, 4, 2),
        ),
        Mandate(
            association=association,
            person=board["new_treasurer"].person,
            role="treasurer",
            started_on=assemblies[2016].gathering.start.date(),
            elected_at=assemblies[2016],
            declared_on=dt.date(2016, 4, 8),
        ),
        Mandate(
            association=association,
            person=board["secretary"].person,
            role="secretary",
            started_on=FOUNDED,
            elected_at=assemblies[2004],
            declared_on=dt.date(2004, 4, 2),
        ),
        *(
            Mandate(
                association=association,
                person=m.person,
                role="board_member",
                started_on=FOUNDED,
                elected_at=assemblies[2004],
            )
            for m in members[7:10]
        ),
    ]
    Mandate.objects.bulk_create(mandates)
    return assemblies


def _meetings(association, members, board, story, rng) -> None:
    """Board meetings three times a year; support meetings with the social workers twice."""
    board_people = [m.person for m in members[1:10]]
    claire, elise = story.professionals[0], story.professionals[1]
    gatherings, attendances = [], []
    for year in YEARS:
        for month in (1, 6, 10):
            day = nth_weekday(year, month, 1, 1)
            gatherings.append(
                (
                    Gathering(
                        kind=Gathering.Kind.BOARD_MEETING,
                        title=f"Réunion du bureau ({day:%m/%Y})",
                        start=at(day, 18),
                        end=at(day, 20),
                        place=LOCAL,
                        territory=association.territory,
                    ),
                    None,
                )
            )
        for month in (4, 11):
            day = nth_weekday(year, month, 3, 2)
            gatherings.append(
                (
                    Gathering(
                        kind=Gathering.Kind.SUPPORT_MEETING,
                        title=f"Rencontre d'appui avec le conseil d'administration ({day:%m/%Y})",
                        start=at(day, 17),
                        end=at(day, 19),
                        place=LOCAL,
                        territory=association.territory,
                    ),
                    rng.choice([claire, elise]),
                )
            )
    Gathering.objects.bulk_create([g for g, _ in gatherings])
    for gathering, professional in gatherings:
        for person in rng.sample(board_people, 5):
            attendances.append(Attendance(gathering=gathering, person=person))
        if professional is not None:
            attendances.append(
                Attendance(
                    gathering=gathering, person=professional, role=Attendance.Role.FACILITATOR
                )
            )
    Attendance.objects.bulk_create(attendances)


def _workshops(association, members, rng) -> dict[int, list[Gathering]]:
    """Monthly sewing and knitting workshops (no July nor August) led by two volunteers, unless
    the weekly activities of the demo already hold activity sessions that year."""
    existing = set(
        Gathering.objects.filter(
            territory=association.territory, kind=Gathering.Kind.ACTIVITY_SESSION
        ).values_list("start__year", flat=True)
    )
    sessions: dict[int, list[Gathering]] = {}
    rows = []
    for year in YEARS:
        if year in existing:
            continue
        for month in (1, 2, 3, 4, 5, 6, 9, 10, 11, 12):
            day = nth_weekday(year, month, 2, 3)
            if day < FOUNDED:
                continue
            gathering = Gathering(
                kind=Gathering.Kind.ACTIVITY_SESSION,
                title="Atelier couture et tricot",
                start=at(day, 14),
                end=at(day, 17),
                place=LOCAL,
                territory=association.territory,
            )
            rows.append(gathering)
            sessions.setdefault(year, []).append(gathering)
    Gathering.objects.bulk_create(rows)
    attendances = []
    for gathering in rows:
        day = gathering.start.date()
        active = [
            m for m in members if m.joined_on <= day and (m.left_on is None or m.left_on > day)
        ]
        leaders = active[4:6]
        attendances += [
            Attendance(gathering=gathering, person=m.person, role=Attendance.Role.FACILITATOR)
            for m in leaders
        ]
        attendances += [
            Attendance(gathering=gathering, person=m.person)
            for m in rng.sample([m for m in active if m not in leaders], min(6, len(active) - 2))
        ]
    Attendance.objects.bulk_create(attendances)
    return sessions


def _subsidies(association, town, cg) -> dict[tuple[int, str], Subsidy]:
    funders = {"town": town, "cg": cg}
    subsidies = {}
    for year in YEARS:
        for key, amount, purpose in SUBSIDIES:
            subsidies[(year, key)] = Subsidy(
                association=association,
                funder=funders[key],
                year=year,
                purpose=purpose,
                amount_asked=amount,
                amount_granted=amount,
                conditions="Compte rendu financier (Cerfa 15059) dans les six mois suivant la "
                "fin de l'exercice.",
                asked_on=dt.date(year - 1, 11, 15) if year > 2004 else dt.date(2004, 3, 20),
                decided_on=dt.date(year, 2, 10) if year > 2004 else dt.date(2004, 5, 6),
                paid_on=dt.date(year, 4 if key == "town" else 5, 20)
                if year > 2004
                else dt.date(2004, 6, 20),
                report_due_on=report_due_date(association, year),
                report_sent_on=dt.date(year + 1, 5, 15) if year <= LAST_CLOSED else None,
                next_application_on=dt.date(year, 11, 30),
                description="Ateliers couture et tricot une fois par mois au local, ateliers "
                "cuisine, marché de Noël où les habitants vendent ce qu'ils ont fait, "
                "assemblée générale ouverte à tous les habitants.",
                objectives="Rompre l'isolement : les ateliers réunissent chaque mois des habitants "
                "qui ne se connaissaient pas ; de nouveaux membres rejoignent l'association "
                "chaque année.",
                gaps="Les dépenses d'ateliers ont été un peu plus élevées que prévu ; les ventes "
                "du marché de Noël les ont compensées.",
            )
    Subsidy.objects.bulk_create(subsidies.values())
    lines = []
    for (year, key), subsidy in subsidies.items():
        if key != "cg":
            continue
        # The operating budget sent with each application (the same to both funders).
        for other in (subsidy, subsidies[(year, "town")]):
            lines += [
                BudgetLine(
                    subsidy=other, group="60", label="Achats pour les ateliers", amount=60_000
                ),
                BudgetLine(subsidy=other, group="61", label="Assurance", amount=12_000),
                BudgetLine(
                    subsidy=other, group="62", label="Affiches, réceptions, banque", amount=18_000
                ),
                BudgetLine(subsidy=other, group="70", label="Marché de Noël", amount=25_000),
                BudgetLine(subsidy=other, group="74", funder=town, amount=20_000),
                BudgetLine(subsidy=other, group="74", funder=cg, amount=45_000),
                BudgetLine(subsidy=other, group="75", label="Cotisations", amount=20_000),
                BudgetLine(subsidy=other, group="86", amount=500_000),
                BudgetLine(subsidy=other, group="87", amount=500_000),
            ]
    BudgetLine.objects.bulk_create(lines)
    return subsidies


def _money(association, members, assemblies, subsidies, volunteer, rng) -> None:
    """Dues, subsidies received and the year's expenses, in date order, through the one path."""
    categories = {c.label: c for c in association.categories.all()}
    dues_category = categories["Cotisations"]
    specs: list[tuple[ledger.EntrySpec, dict | None]] = []
    # Who came to the assembly, or gave a proxy, paid their dues that day, at the door.
    at_assembly = set(
        Attendance.objects.filter(
            gathering__in=[a.gathering for a in assemblies.values()]
        ).values_list("gathering_id", "person_id")
    ) | set(
        Proxy.objects.filter(assembly__in=assemblies.values()).values_list(
            "assembly__gathering_id", "giver_id"
        )
    )
    for year in YEARS:
        assembly = assemblies[year]
        ga_day = assembly.gathering.start.date()
        amount = 1000 if year < 2013 else 1200
        start, end = association.membership_bounds(year)
        for member in members:
            if member.joined_on > end or (member.left_on and member.left_on < start):
                continue
            if (
                assembly.gathering_id,
                member.person_id,
            ) in at_assembly and member.joined_on <= ga_day:
                paid_on = ga_day
            else:
                paid_on = max(
                    member.joined_on, dt.date(year, rng.randint(1, 10), rng.randint(1, 28))
                )
            method = rng.choice(["cash", "cash", "cheque"])
            spec = ledger.money_entry_spec(
                association,
                kind=Entry.Kind.RECEIPT,
                date=paid_on,
                amount=amount,
                means=METHOD_MEANS[method],
                category=dues_category,
                label=f"Cotisation {year} — membre n° {member.number}",
                recorded_by=volunteer,
            )
            spec.recorded_at = at(paid_on, 19)
            specs.append((spec, {"member": member, "period": (start, end), "method": method}))
        for key in ("town", "cg"):
            subsidy = subsidies[(year, key)]
            spec = ledger.money_entry_spec(
                association,
                kind=Entry.Kind.RECEIPT,
                date=subsidy.paid_on,
                amount=subsidy.amount_granted,
                means=Entry.Means.BANK,
                account=subsidy_account(subsidy.funder.kind),
                label=f"Subvention {year} : {subsidy.funder}",
                subsidy=subsidy,
                recorded_by=volunteer,
            )
            spec.recorded_at = at(subsidy.paid_on, 19)
            specs.append((spec, None))
        for label, (low, high), times, funder in EXPENSES:
            for _ in range(times):
                day = dt.date(year, rng.randint(4 if year == 2004 else 1, 11), rng.randint(1, 28))
                spec = ledger.money_entry_spec(
                    association,
                    kind=Entry.Kind.EXPENSE,
                    date=day,
                    amount=rng.randint(low * 100, high * 100) // 10 * 10,
                    means=Entry.Means.CASH if label in CASH_EXPENSES else Entry.Means.BANK,
                    category=categories[label],
                    piece_ref=f"T{year}-{rng.randint(100, 999)}",
                    subsidy=subsidies[(year, funder)] if funder else None,
                    recorded_by=volunteer,
                )
                spec.recorded_at = at(day, 20)
                specs.append((spec, None))
        # Cash for the workshops' shopping, drawn each January.
        withdrawal = ledger.transfer_spec(
            association,
            date=dt.date(year, 1, 20) if year > 2004 else dt.date(2004, 3, 20),
            amount=30_000,
            source=Entry.Means.BANK,
            piece_ref=f"R{year}",
            recorded_by=volunteer,
        )
        withdrawal.recorded_at = at(withdrawal.date, 12)
        specs.append((withdrawal, None))
    specs.sort(key=lambda pair: pair[0].date)
    entries = ledger.record_entries([spec for spec, _ in specs])
    DuesPayment.objects.bulk_create(
        [
            DuesPayment(
                member=extra["member"],
                period_start=extra["period"][0],
                period_end=extra["period"][1],
                amount=entry.amount,
                paid_on=entry.date,
                method=extra["method"],
                entry=entry,
                recorded_by=volunteer,
            )
            for (spec, extra), entry in zip(specs, entries, strict=True)
            if extra is not None
        ]
    )


def _crafts(association, members, workshops, volunteer, rng) -> None:
    """What the workshops make, and the Christmas market every December, where it is sold."""
    from quartier.association.actions.crafts import sales_category

    makers = [m.person for m in members[4:9]]
    items = CraftItem.objects.bulk_create(
        [
            CraftItem(
                association=association,
                name=name,
                maker=makers[index % len(makers)],
                materials_cost=cost,
                price=price,
                stock=0,
            )
            for index, (name, price, cost, _made) in enumerate(CRAFTS)
        ]
    )
    category = sales_category(association)
    stock = {item.pk: 0 for item in items}
    markets, attendances, sales, specs = [], [], [], []
    for year in YEARS:
        day = nth_weekday(year, 12, 5, 2)
        market = Gathering(
            kind=Gathering.Kind.EVENT,
            title=f"Marché de Noël {year}",
            start=at(day, 10),
            end=at(day, 18),
            place="Place du marché, Gien",
            territory=association.territory,
        )
        markets.append(market)
        lines = []
        for item, (_name, price, _cost, made) in zip(items, CRAFTS, strict=True):
            stock[item.pk] += made
            sold = min(stock[item.pk], rng.randint(made * 3 // 4, made + 2))
            stock[item.pk] -= sold
            if sold:
                lines.append((item, sold, price))
        total = sum(quantity * price for _item, quantity, price in lines)
        spec = ledger.money_entry_spec(
            association,
            kind=Entry.Kind.RECEIPT,
            date=day,
            amount=total,
            means=Entry.Means.CASH,
            category=category,
            label=f"Ventes : Marché de Noël {year}",
            recorded_by=volunteer,
        )
        spec.recorded_at = at(day, 19)
        deposit = ledger.transfer_spec(
            association,
            date=day + dt.timedelta(days=3),
            amount=total,
            source=Entry.Means.CASH,
            piece_ref=f"D{year}",
            recorded_by=volunteer,
        )
        deposit.recorded_at = at(day + dt.timedelta(days=3), 12)
        specs += [spec, deposit]
        sales.append((day, lines))
    Gathering.objects.bulk_create(markets)
    for market in markets:
        day = market.start.date()
        active = [
            m for m in members if m.joined_on <= day and (m.left_on is None or m.left_on > day)
        ]
        attendances += [
            Attendance(gathering=market, person=m.person, role=Attendance.Role.FACILITATOR)
            for m in active[6:9]
        ]
    Attendance.objects.bulk_create(attendances)
    entries = ledger.record_entries(specs)
    sale_rows = Sale.objects.bulk_create(
        [
            Sale(
                association=association,
                sold_on=day,
                stall=f"Marché de Noël {day.year}",
                means=Entry.Means.CASH,
                entry=entry,
                recorded_by=volunteer,
            )
            for (day, _lines), entry in zip(sales, entries[::2], strict=True)
        ]
    )
    SaleLine.objects.bulk_create(
        [
            SaleLine(sale=sale, item=item, quantity=quantity, unit_price=price)
            for sale, (_day, lines) in zip(sale_rows, sales, strict=True)
            for item, quantity, price in lines
        ]
    )
    for item in items:
        item.stock = stock[item.pk]
        item.made_in = workshops.get(YEARS[-1], [None])[-1]
    CraftItem.objects.bulk_update(items, ["stock", "made_in"])
