"""Demo step: a consent withdrawn and an erasure request, so the privacy pages have content."""

from __future__ import annotations

import datetime as dt
import random

from quartier.people.models import Consent, User
from quartier.privacy.services import anonymise_person, record_consent, withdraw_consent


def build_privacy(story, rng: random.Random) -> None:
    admin = User.objects.get(username="admin")
    came = list(
        Consent.objects.filter(purpose=Consent.Purpose.ATTENDANCE)
        .select_related("person")
        .order_by("person_id")
    )
    # Skip the resident who has the demo account (residents[0]).
    candidates = [c for c in came if c.person_id != story.residents[0].pk]
    # One resident no longer wants their name on attendance lists.
    withdrawn = rng.choice(candidates)
    withdraw_consent(withdrawn, by=admin, on=dt.date(2001, 9, 3))
    # One resident moved away and asked to be forgotten.
    leaving = rng.choice([c.person for c in candidates if c.pk != withdrawn.pk])
    record_consent(
        leaving, purpose=Consent.Purpose.CONTACT, given_on=dt.date(1999, 4, 22), means="signed"
    )
    anonymise_person(leaving, by=admin)
