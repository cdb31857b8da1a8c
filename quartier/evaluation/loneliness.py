"""The three-item UCLA loneliness scale (Hughes et al., 2004), before and after.

Each answer is 1 (« presque jamais »), 2 (« parfois ») or 3 (« souvent »); the score is their sum,
3 (hardly ever lonely) to 9 (often lonely). The change is reported only as an aggregate over the
people who answered both times, and not at all below the smallest publishable count
(`QUARTIER_MIN_COUNT`, 11 people: INSEE's rule), shown as « n < 11 ».
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Max, Q, When

from quartier.evaluation.models import SurveyResponse
from quartier.people.models import Territory

DEFAULT_MIN_COUNT = 11


def min_count() -> int:
    return getattr(settings, "QUARTIER_MIN_COUNT", DEFAULT_MIN_COUNT)


def score(lack_companionship: int, left_out: int, isolated: int) -> int:
    answers = (lack_companionship, left_out, isolated)
    if any(a not in (1, 2, 3) for a in answers):
        raise ValueError("each answer is 1, 2 or 3")
    return sum(answers)


@dataclass(frozen=True)
class PairedChange:
    respondents: int  # people who answered before and after
    mean_before: float | None
    mean_after: float | None
    improved: int | None  # people whose score went down (less lonely)

    @property
    def shown(self) -> bool:
        return self.respondents >= min_count()

    @property
    def mean_change(self) -> float | None:
        if not self.shown:
            return None
        return round(self.mean_after - self.mean_before, 1)

    def describe(self) -> str:
        """« n < 11 » below the threshold, else the counts: never one person's answers."""
        if not self.shown:
            return f"n < {min_count()}"
        return f"n = {self.respondents}"


def paired_change(territory: Territory | None = None) -> PairedChange:
    complete = Q(lack_companionship__isnull=False, left_out__isnull=False, isolated__isnull=False)
    rows = SurveyResponse.objects.filter(complete, person__isnull=False)
    if territory is not None:
        rows = rows.filter(territory=territory)
    total = F("lack_companionship") + F("left_out") + F("isolated")

    def wave(name: str) -> Max:
        return Max(Case(When(wave=name, then=total), output_field=IntegerField()))

    per_person = (
        rows.values("person")
        .annotate(before=wave(SurveyResponse.Wave.BEFORE), after=wave(SurveyResponse.Wave.AFTER))
        .filter(before__isnull=False, after__isnull=False)
        .order_by()
    )
    # Django cannot aggregate over this grouped query's annotations: a second small query
    # over the paired rows (one per respondent, not per answer).
    pairs = list(per_person.values_list("before", "after"))
    n = len(pairs)
    if n < min_count():
        return PairedChange(n, None, None, None)
    return PairedChange(
        n,
        round(sum(b for b, _a in pairs) / n, 1),
        round(sum(a for _b, a in pairs) / n, 1),
        sum(1 for b, a in pairs if a < b),
    )


def answered(territory: Territory | None = None) -> dict[str, int]:
    """How many questionnaires were taken, per wave (counts only)."""
    rows = SurveyResponse.objects.filter(person__isnull=False)
    if territory is not None:
        rows = rows.filter(territory=territory)
    return dict(rows.values_list("wave").annotate(n=Count("pk")).order_by())
