"""Days an activity does not meet: French public holidays and, when asked, school holidays.

Both come from data shipped in packages (`holidays`, `vacances-scolaires-france`): nothing is
fetched at run time. The territory's département, read from its INSEE commune code, decides
Alsace-Moselle's two extra public holidays (Good Friday, 26 December) and the school zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache

import holidays
from django.utils.translation import gettext as _
from vacances_scolaires_france import SchoolHolidayDates

from quartier.people.models import Territory

# Départements of Alsace-Moselle (local law keeps Good Friday and 26 December) and the
# `holidays` subdivision that carries them.
ALSACE_MOSELLE = {"57": "57", "67": "6AE", "68": "6AE"}

# School zones since the 2016 reform, by académie, and the départements of each académie.
# Corsica and overseas départements have calendars of their own, outside zones A, B and C.
ACADEMY_ZONES = {
    "A": {
        "Besançon": "25 39 70 90",
        "Bordeaux": "24 33 40 47 64",
        "Clermont-Ferrand": "03 15 43 63",
        "Dijon": "21 58 71 89",
        "Grenoble": "07 26 38 73 74",
        "Limoges": "19 23 87",
        "Lyon": "01 42 69",
        "Poitiers": "16 17 79 86",
    },
    "B": {
        "Aix-Marseille": "04 05 13 84",
        "Amiens": "02 60 80",
        "Lille": "59 62",
        "Nancy-Metz": "54 55 57 88",
        "Nantes": "44 49 53 72 85",
        "Nice": "06 83",
        "Normandie": "14 27 50 61 76",
        "Orléans-Tours": "18 28 36 37 41 45",
        "Reims": "08 10 51 52",
        "Rennes": "22 29 35 56",
        "Strasbourg": "67 68",
    },
    "C": {
        "Créteil": "77 93 94",
        "Montpellier": "11 30 34 48 66",
        "Paris": "75",
        "Toulouse": "09 12 31 32 46 65 81 82",
        "Versailles": "78 91 92 95",
    },
}
SCHOOL_ZONES = {
    departement: zone
    for zone, academies in ACADEMY_ZONES.items()
    for departements in academies.values()
    for departement in departements.split()
}


def departement_of(insee_commune: str) -> str:
    """The département of an INSEE commune code: '45' for 45155, '2A' for 2A004, '974' for
    97411; empty when there is no code."""
    code = insee_commune.strip().upper()
    if len(code) != 5:
        return ""
    return code[:3] if code.startswith("97") else code[:2]


def holiday_subdivision(territory: Territory) -> str | None:
    """The `holidays` subdivision of the territory's département (Alsace-Moselle, overseas),
    or None for the rest of metropolitan France."""
    departement = departement_of(territory.insee_commune)
    if departement in ALSACE_MOSELLE:
        return ALSACE_MOSELLE[departement]
    return departement if departement in holidays.France.subdivisions else None


def public_holidays(territory: Territory, years: Iterable[int]) -> dict[dt.date, str]:
    """Public holidays of the territory over `years`, each with its French name."""
    return dict(
        holidays.France(years=list(years), subdiv=holiday_subdivision(territory), language="fr")
    )


def school_zone(territory: Territory) -> str | None:
    """'A', 'B' or 'C' for the territory's département, None where no zone applies."""
    return SCHOOL_ZONES.get(departement_of(territory.insee_commune))


@cache
def _school_calendar() -> SchoolHolidayDates:
    # Reads the package's CSV once per process.
    return SchoolHolidayDates()


def school_holidays(territory: Territory, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """School holiday days of the territory's zone between `start` and `end` (both included),
    each with the holiday's name. Years the package has no data for are left out: no day is
    skipped on a guess."""
    zone = school_zone(territory)
    if zone is None:
        return {}
    calendar = _school_calendar()
    days = {}
    for year in range(max(start.year, calendar.min_year), min(end.year, calendar.max_year) + 1):
        for day, row in calendar.holidays_for_year_and_zone(year, zone).items():
            if start <= day <= end:
                days[day] = row["nom_vacances"]
    return days


def school_holidays_known_until() -> dt.date:
    """The last day the shipped school calendar covers."""
    return dt.date(_school_calendar().max_year, 12, 31)


def describe_zone(territory: Territory) -> str:
    zone = school_zone(territory)
    if zone is None:
        return _("pas de zone de vacances scolaires connue pour ce territoire")
    return _("zone %(zone)s") % {"zone": zone}
