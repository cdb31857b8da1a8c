"""People rules that views, commands and tests all call: search and duplicate detection."""

from __future__ import annotations

from difflib import SequenceMatcher

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from quartier.core.text import fold
from quartier.people.models import Consent, Person

# Above this similarity two names are probably the same person typed twice ("Aïcha B" / "Aicha B.").
SIMILAR_NAME_RATIO = 0.85


def search_people(query: str, queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """People whose name contains every word typed, accents and case ignored."""
    people = queryset if queryset is not None else Person.objects.all()
    for word in fold(query).split():
        people = people.filter(search_name__contains=word)
    return people


def names_look_alike(a: str, b: str) -> bool:
    """Same name once folded, same words in another order, or a near spelling."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa == fb or sorted(fa.split()) == sorted(fb.split()):
        return True
    return SequenceMatcher(None, fa, fb).ratio() >= SIMILAR_NAME_RATIO


def find_similar_people(name: str, queryset: QuerySet[Person] | None = None) -> list[Person]:
    """People already recorded whose name looks like `name`: a warning before creating a twin."""
    folded = fold(name)
    if not folded:
        return []
    people = queryset if queryset is not None else Person.objects.all()
    # Narrow in the database on any word of the name, then compare the candidates precisely.
    query = Q()
    for word in folded.split():
        query |= Q(search_name__contains=word[:4])
    candidates = people.filter(query).only("pk", "display_name", "search_name")[:500]
    return [p for p in candidates if names_look_alike(p.display_name, name)]


# --- Consent: every app asks these before using a person's data for a purpose. -------------


def has_active_consent(person: Person, purpose: str) -> bool:
    """True when the person has given consent for `purpose` and not withdrawn it."""
    return person.consents.filter(purpose=purpose, withdrawn_on__isnull=True).exists()


def consent_withdrawn(person: Person, purpose: str) -> bool:
    """True when the person gave consent for `purpose` and has withdrawn every such consent.

    Not the same as "no consent": most residents met at a meeting never signed anything, and
    withdrawing is an explicit request that must hide what the consent covered.
    """
    consents = person.consents.filter(purpose=purpose)
    return consents.exists() and not consents.filter(withdrawn_on__isnull=True).exists()


def consent_withdrawn_expression(purpose: str, person_ref: str = "pk") -> ExpressionWrapper:
    """The same test as `consent_withdrawn`, to annotate a queryset whose `person_ref` is the
    person's id (e.g. "person" on Attendance): `.annotate(name_hidden=...)`."""
    of_purpose = Consent.objects.filter(person=OuterRef(person_ref), purpose=purpose)
    withdrawn = Exists(of_purpose) & ~Exists(of_purpose.filter(withdrawn_on__isnull=True))
    return ExpressionWrapper(withdrawn, output_field=BooleanField())
