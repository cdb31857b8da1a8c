"""The way back in the team's curation: each step records, in the same transaction, the state
it is about to change (themes, sub-themes, proposals, the placement of every contribution);
« Annuler » puts the last one back. A grouping run starts the history afresh: its themes are
not the ones a step saw."""

from __future__ import annotations

import json

from django.core import serializers
from django.db import models, transaction

from quartier.consultation.actions.grouping_run import refresh_salience
from quartier.consultation.models import (
    Consultation,
    Contribution,
    CurationStep,
    GroupingRun,
    SubTheme,
    Theme,
    ThemeProposal,
)

# Steps kept per consultation: enough to go back a few times, not a full history.
KEPT_STEPS = 20
# What a curation step may change on a contribution (never its text).
PLACEMENT = (
    "theme_id",
    "subtheme_id",
    "theme_curated",
    "other_reason",
    "is_pinned_quote",
    "is_excluded_quote",
    "placed_by_run_id",
)


def _rows(queryset) -> list[dict]:
    return json.loads(serializers.serialize("json", queryset))


def _links_to_themes() -> list:
    """Other apps' links to a theme that a deleted theme would empty (a working group's
    theme): found through the model's relations, so this app imports none of them."""
    return [
        relation
        for relation in Theme._meta.related_objects
        if relation.on_delete is models.SET_NULL and relation.related_model is not Contribution
    ]


def _link_key(relation) -> str:
    return f"{relation.related_model._meta.label}.{relation.field.name}"


def snapshot(consultation: Consultation) -> dict:
    """The curation state of a consultation, as JSON."""
    themes = Theme.objects.filter(consultation=consultation)
    return {
        "links": {
            _link_key(relation): list(
                relation.related_model._default_manager.filter(
                    **{f"{relation.field.name}__in": themes}
                ).values_list("pk", relation.field.attname)
            )
            for relation in _links_to_themes()
        },
        "themes": _rows(Theme.objects.filter(consultation=consultation)),
        "subthemes": _rows(SubTheme.objects.filter(theme__consultation=consultation)),
        "proposals": _rows(ThemeProposal.objects.filter(consultation=consultation)),
        "contributions": [
            list(row)
            for row in Contribution.objects.filter(consultation=consultation)
            .order_by("pk")
            .values_list("pk", *PLACEMENT)
        ],
    }


def lock(consultation: Consultation) -> None:
    """One curation step at a time per consultation: two people clicking wait for each other."""
    Consultation.objects.select_for_update().filter(pk=consultation.pk).first()


def record_step(consultation: Consultation, description: str, by=None) -> CurationStep:
    """Call inside the step's transaction, before it changes anything."""
    lock(consultation)
    step = CurationStep.objects.create(
        consultation=consultation,
        description=str(description)[:300],
        snapshot=snapshot(consultation),
        created_by=by if by is not None and by.is_authenticated else None,
    )
    old = consultation.curation_steps.order_by("-pk").values_list("pk", flat=True)[KEPT_STEPS:]
    CurationStep.objects.filter(pk__in=list(old)).delete()
    return step


def last_step(consultation: Consultation) -> CurationStep | None:
    return consultation.curation_steps.order_by("-pk").only("pk", "description").first()


def forget_steps(consultation: Consultation) -> None:
    """A grouping run changed the themes: earlier states are no longer a way back."""
    consultation.curation_steps.all().delete()


@transaction.atomic
def undo_last_step(consultation: Consultation) -> CurationStep | None:
    """Put the consultation back as it was before its last curation step; None if none."""
    lock(consultation)
    step = consultation.curation_steps.order_by("-pk").first()
    if step is None:
        return None
    _restore(consultation, step.snapshot)
    step.delete()
    return step


def _save_all(rows: list[dict], runs: set[int]) -> None:
    for item in serializers.deserialize("json", json.dumps(rows)):
        obj = item.object
        # A run deleted since (never in practice) must not break the way back.
        if getattr(obj, "created_by_run_id", None) not in (None, *runs):
            obj.created_by_run_id = None
        item.save()


def _restore(consultation: Consultation, state: dict) -> None:
    runs = set(GroupingRun.objects.filter(consultation=consultation).values_list("pk", flat=True))
    proposals = [row for row in state["proposals"] if row["fields"]["run"] in runs]
    # What the step created goes (its contributions fall back to no theme, then are placed
    # again below); what it removed comes back with the same ids.
    Theme.objects.filter(consultation=consultation).exclude(
        pk__in=[row["pk"] for row in state["themes"]]
    ).delete()
    _save_all(state["themes"], runs)
    SubTheme.objects.filter(theme__consultation=consultation).exclude(
        pk__in=[row["pk"] for row in state["subthemes"]]
    ).delete()
    _save_all(state["subthemes"], runs)
    _save_all(proposals, runs)
    placed = {row[0]: row[1:] for row in state["contributions"]}
    contributions = list(Contribution.objects.filter(consultation=consultation, pk__in=placed))
    for contribution in contributions:
        for field, value in zip(PLACEMENT, placed[contribution.pk], strict=True):
            if field == "placed_by_run_id" and value not in runs:
                value = None
            setattr(contribution, field, value)
    Contribution.objects.bulk_update(
        contributions, [field.removesuffix("_id") for field in PLACEMENT], batch_size=500
    )
    for relation in _links_to_themes():
        manager = relation.related_model._default_manager
        for pk, theme_id in state.get("links", {}).get(_link_key(relation), []):
            manager.filter(pk=pk).update(**{relation.field.attname: theme_id})
    refresh_salience(consultation)
