"""Small hand-built attendance data for the evaluation's tests: a gathering per call, people
by name, so each test states its known answer in a few lines."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from quartier.activities.models import Activity, ActivitySession
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person, Territory

PARIS = ZoneInfo("Europe/Paris")


def on(year: int, month: int, day: int, hour: int = 18) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=PARIS)


class Town:
    """People and gatherings of one territory, built by name."""

    def __init__(self, territory: Territory) -> None:
        self.territory = territory
        self.people: dict[str, Person] = {}

    def person(self, name: str, kind: str = Person.Kind.RESIDENT) -> Person:
        if name not in self.people:
            self.people[name] = Person.objects.create(
                display_name=name, kind=kind, territory=self.territory
            )
        return self.people[name]

    def gathering(
        self,
        when: dt.datetime,
        names: str,
        *,
        kind: str = Gathering.Kind.ACTIVITY_SESSION,
        facilitators: str = "",
        professionals: str = "",
        activity: Activity | None = None,
    ) -> Gathering:
        """`names`: participants separated by spaces; `facilitators` residents who ran it;
        `professionals` professionals present (a leading * makes one the facilitator);
        `activity` makes it a session of that activity."""
        gathering = Gathering.objects.create(
            kind=kind, title=f"Rencontre du {when:%d/%m/%Y}", start=when, territory=self.territory
        )
        if activity is not None:
            ActivitySession.objects.create(gathering=gathering, activity=activity)
        rows = [Attendance(gathering=gathering, person=self.person(n)) for n in names.split()]
        rows += [
            Attendance(gathering=gathering, person=self.person(n), role="facilitator")
            for n in facilitators.split()
        ]
        for name in professionals.split():
            role = "facilitator" if name.startswith("*") else "participant"
            person = self.person(name.lstrip("*"), Person.Kind.PROFESSIONAL)
            rows.append(Attendance(gathering=gathering, person=person, role=role))
        Attendance.objects.bulk_create(rows)
        return gathering
