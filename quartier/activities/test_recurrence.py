import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from quartier.activities import days_off, recurrence
from quartier.activities.models import Activity
from quartier.activities.planning import planned_days
from quartier.people.models import Territory

pytestmark = pytest.mark.django_db


def make_activity(territory, rule, **extra) -> Activity:
    return Activity.objects.create(
        name=extra.pop("name", "Atelier"),
        territory=territory,
        rule=rule,
        starts_on=extra.pop("starts_on", dt.date(2020, 1, 1)),
        start_time=dt.time(14),
        end_time=dt.time(16),
        **extra,
    )


def territory_in(insee: str, slug: str) -> Territory:
    return Territory.objects.create(name=slug, slug=slug, town=slug, insee_commune=insee)


def test_a_weekly_rule_skips_easter_monday_and_the_first_of_may(territory):
    mondays = make_activity(territory, "FREQ=WEEKLY;BYDAY=MO")
    days = planned_days(mondays, dt.date(2023, 4, 1), dt.date(2023, 5, 16))
    assert [d.day for d in days] == [
        dt.date(2023, 4, 3),
        dt.date(2023, 4, 10),
        dt.date(2023, 4, 17),
        dt.date(2023, 4, 24),
        dt.date(2023, 5, 1),
        dt.date(2023, 5, 8),
        dt.date(2023, 5, 15),
    ]
    skipped = {d.day: d.skipped_because for d in days if d.skipped_because}
    assert skipped == {
        dt.date(2023, 4, 10): "Lundi de Pâques",
        dt.date(2023, 5, 1): "Fête du Travail",
        dt.date(2023, 5, 8): "Fête de la Victoire",
    }


def test_good_friday_is_skipped_in_alsace_moselle_only(territory):
    rule = "FREQ=WEEKLY;BYDAY=FR"
    good_friday = dt.date(2024, 3, 29)
    for insee in ("67482", "68224", "57463"):  # Strasbourg, Mulhouse, Metz
        activity = make_activity(territory_in(insee, f"t{insee}"), rule)
        days = {d.day: d.skipped_because for d in planned_days(activity, good_friday, good_friday)}
        assert days == {good_friday: "Vendredi saint"}, insee
    in_gien = make_activity(territory, rule)
    assert planned_days(in_gien, good_friday, good_friday)[0].skipped_because == ""


def test_saint_stephens_day_is_skipped_in_moselle():
    metz = make_activity(territory_in("57463", "metz"), "FREQ=WEEKLY;BYDAY=FR")
    boxing_day = dt.date(2025, 12, 26)
    assert planned_days(metz, boxing_day, boxing_day)[0].skipped_because == "Saint-Étienne"


def test_school_holidays_are_skipped_only_when_asked(territory):
    during_toussaint = [dt.date(2024, 10, 23), dt.date(2024, 10, 30)]
    start, end = dt.date(2024, 10, 16), dt.date(2024, 11, 6)
    always = make_activity(territory, "FREQ=WEEKLY;BYDAY=WE")
    assert not [d for d in planned_days(always, start, end) if d.skipped_because]
    in_term = make_activity(territory, "FREQ=WEEKLY;BYDAY=WE", skip_school_holidays=True)
    skipped = {d.day: d.skipped_because for d in planned_days(in_term, start, end)}
    assert [day for day, reason in skipped.items() if reason] == during_toussaint
    assert skipped[during_toussaint[0]] == "vacances scolaires (Vacances de la Toussaint)"


def test_school_holidays_follow_the_zone_of_the_territory(territory):
    # Winter 2025: zone B (Gien, Loiret) is on holiday on 12 February, zone A (Lyon) is not.
    day = dt.date(2025, 2, 12)
    gien = make_activity(territory, "FREQ=WEEKLY;BYDAY=WE", skip_school_holidays=True)
    lyon = make_activity(
        territory_in("69123", "lyon"), "FREQ=WEEKLY;BYDAY=WE", skip_school_holidays=True
    )
    assert days_off.school_zone(gien.territory) == "B"
    assert days_off.school_zone(lyon.territory) == "A"
    assert planned_days(gien, day, day)[0].skipped_because
    assert not planned_days(lyon, day, day)[0].skipped_because


def test_departement_and_zone_are_read_from_the_insee_code():
    assert days_off.departement_of("45155") == "45"
    assert days_off.departement_of("2A004") == "2A"
    assert days_off.departement_of("97411") == "974"
    assert days_off.departement_of("") == ""
    corsica = Territory(insee_commune="2A004")
    assert days_off.school_zone(corsica) is None
    assert days_off.school_holidays(corsica, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == {}
    assert days_off.holiday_subdivision(Territory(insee_commune="67482")) == "6AE"
    assert days_off.holiday_subdivision(Territory(insee_commune="45155")) is None


def test_years_without_school_data_skip_no_day(territory):
    beyond = days_off.school_holidays_known_until() + dt.timedelta(days=400)
    assert days_off.school_holidays(territory, beyond, beyond + dt.timedelta(days=60)) == {}


def test_fortnightly_keeps_its_rhythm_from_the_first_day(territory):
    activity = make_activity(
        territory, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", starts_on=dt.date(2024, 9, 3)
    )
    days = [d.day for d in planned_days(activity, dt.date(2024, 9, 10), dt.date(2024, 10, 15))]
    assert days == [dt.date(2024, 9, 17), dt.date(2024, 10, 1), dt.date(2024, 10, 15)]


def test_no_day_before_the_first_nor_after_the_last(territory):
    activity = make_activity(
        territory,
        "FREQ=WEEKLY;BYDAY=TH",
        starts_on=dt.date(2024, 6, 10),
        ends_on=dt.date(2024, 6, 21),
    )
    days = [d.day for d in planned_days(activity, dt.date(2024, 6, 1), dt.date(2024, 7, 30))]
    assert days == [dt.date(2024, 6, 13), dt.date(2024, 6, 20)]


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", "chaque mardi"),
        ("FREQ=WEEKLY;BYDAY=TU,TH", "chaque mardi et jeudi"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "un mercredi sur deux"),
        ("FREQ=MONTHLY;BYDAY=1SA", "le premier samedi du mois"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "le dernier vendredi du mois"),
        ("FREQ=YEARLY;BYMONTH=1;BYDAY=2TH", "chaque année, le deuxième jeudi de janvier"),
        ("FREQ=YEARLY;BYMONTH=4;BYDAY=1SA", "chaque année, le premier samedi d'avril"),
        (
            "FREQ=MONTHLY;BYMONTH=1,2,3;BYDAY=1FR",
            "le premier vendredi du mois (en janvier, février et mars)",
        ),
        ("", "aux dates ajoutées une à une"),
        ("FREQ=WEEKLY;BYSETPOS=2;BYDAY=MO", "selon la règle FREQ=WEEKLY;BYSETPOS=2;BYDAY=MO"),
    ],
)
def test_a_rule_is_said_in_plain_french(rule, words):
    assert recurrence.describe(rule) == words


@pytest.mark.parametrize(
    "choices",
    [
        {"frequency": "weekly", "weekday": 1},
        {"frequency": "fortnightly", "weekday": 3},
        {"frequency": "monthly", "weekday": 5, "nth": 1},
        {"frequency": "monthly", "weekday": 4, "nth": -1},
        {"frequency": "yearly", "weekday": 3, "nth": 2, "month": 1},
        {"frequency": "none"},
    ],
)
def test_the_plain_choices_are_read_back_from_the_rule(choices):
    rule = recurrence.build_rule(
        choices["frequency"],
        choices.get("weekday", 0),
        choices.get("nth", 1),
        choices.get("month", 1),
    )
    read = recurrence.read_rule(rule)
    assert {k: v for k, v in read.items() if k in choices} == choices


def test_a_typed_rule_is_normalised():
    assert recurrence.normalise(" rrule:freq=monthly;byday=1sa ") == "FREQ=MONTHLY;BYDAY=1SA"
    assert recurrence.read_rule("FREQ=DAILY")["frequency"] == "custom"


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=HOURLY",
        "FREQ=WEEKLY;COUNT=3",
        "FREQ=WEEKLY;UNTIL=20300101",
        "DTSTART=20240101;FREQ=WEEKLY",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;INTERVAL=abc",
        "<script>alert(1)</script>",
        "FREQ",
        "",
    ],
)
def test_a_rule_that_is_not_only_dates_is_refused_in_french(text):
    with pytest.raises(ValidationError) as refused:
        recurrence.normalise(text)
    assert refused.value.messages[0][0].isupper()


def test_a_rule_that_never_matches_ends_at_the_horizon():
    never = recurrence.normalise("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
    days = recurrence.dates_between(
        never, first_day=dt.date(2001, 1, 1), start=dt.date(2024, 1, 1), end=dt.date(2030, 1, 1)
    )
    assert days == []
