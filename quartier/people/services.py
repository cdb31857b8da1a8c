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


# Particles of names that many people share without being related ("de", "ben", "van").
PARTICLES = frozenset({"de", "du", "des", "la", "le", "d", "l", "van", "von", "der", "den",
                       "el", "al", "ben", "bin", "ibn", "da", "di", "do", "dos"})  # fmt: skip


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


def _word_fits(typed: str, words: list[str]) -> bool:
    """A typed word is one of the person's words, or the initial of one ("B." for Benali)."""
    if _is_initial(typed):
        return any(word.startswith(typed.rstrip(".")) for word in words)
    return typed in words


def possible_matches(name: str, queryset: QuerySet[Person] | None = None) -> list[Person]:
    """Everyone `name` could mean, besides an exact match, so that no one is created twice:

    - a name that is part of a longer one: a bare first name ("Aïcha" for "Aïcha Benali"),
      initials included ("Aïcha B.");
    - a name one of whose words several people carry ("Aïcha Diallo" when "Aïcha Benali" and
      "Aïcha Traoré" are known): which Aïcha is meant must be asked;
    - a near spelling or the same words in another order (`names_look_alike`).

    Anonymised records are never offered. Exact matches (same name once folded) are left to
    the caller, which records a single one unless other people could be meant too.
    """
    folded = fold(name)
    words = folded.split()
    if not words:
        return []
    people = (queryset if queryset is not None else Person.objects.all()).filter(
        anonymised_at__isnull=True
    )
    query = Q()
    for word in words:
        # Initials and particles narrow nothing; other words are looked up by their start.
        if not _is_initial(word) and word not in PARTICLES:
            query |= Q(search_name__contains=word[:4])
    if not query:
        return []
    candidates = list(people.filter(query).only("pk", "display_name", "search_name")[:500])
    carriers: dict[str, list[Person]] = {}
    for person in candidates:
        for word in (set(person.search_name.split()) & set(words)) - PARTICLES:
            carriers.setdefault(word, []).append(person)
    shared = {p.pk for group in carriers.values() if len(group) > 1 for p in group}
    others = [person for person in candidates if person.search_name != folded]
    part_of = {p.pk for p in others if all(_word_fits(w, p.search_name.split()) for w in words)}
    # People the whole name fits are the ones meant ("Aïcha B." is not Aïcha Traoré); only
    # when it fits no one does a word several people carry make it ambiguous.
    wanted = part_of or shared
    return [p for p in others if p.pk in wanted or names_look_alike(p.display_name, name)]


def people_named(name: str, queryset: QuerySet[Person] | None = None) -> tuple[list, list]:
    """(exact matches, other people the name could mean): what the fast attendance entry and
    every other place that finds a person by a typed name decide on.

    A single exact match is the person unless the name is a bare word others carry too
    ("Aïcha" when "Aïcha Benali" also exists): then the second list is not empty.
    """
    folded = fold(name)
    if not folded:
        return [], []
    people = queryset if queryset is not None else Person.objects.all()
    exact = list(people.filter(search_name=folded, anonymised_at__isnull=True)[:5])
    if len(exact) == 1 and len(folded.split()) > 1:
        return exact, []  # a full name typed exactly is that person
    return exact, possible_matches(name, people)


def find_similar_people(name: str, queryset: QuerySet[Person] | None = None) -> list[Person]:
    """Everyone already recorded that `name` could mean, exact matches first: the warning
    before creating a twin (see `people_named`)."""
    exact, others = people_named(name, queryset)
    return [*exact, *others]


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
