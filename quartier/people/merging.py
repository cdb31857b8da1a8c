"""Two records of the same person made one, and a record that holds nothing deleted.

Relations to `Person` are found from the models themselves, in every installed app: each
foreign key, one-to-one and many-to-many (through its table) pointing at Person, so an app
added later is merged without being listed here. A row of the duplicate that would break a
unique constraint once moved (both records came to the same gathering, are in the same group)
is a repetition: it is deleted and the kept record's own row stays. A one-to-one both records
hold (two log-ins) cannot be merged automatically: the merge is refused and says why.

Everything happens in one transaction, and the merge is written to the audit log (ids and
counts, never names).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from quartier.core.audit import audit
from quartier.core.deletion import deletion_summary
from quartier.people.models import Person
from quartier.people.services import PARTICLES, people_named, search_people

# Fields of the record itself: the kept one's win; its blanks are filled from the other.
FILLED_FROM_DUPLICATE = ("organisation", "territory", "phone", "email", "languages")


class MergeRefused(Exception):
    """A merge that cannot be done; the message is French, for the page."""


@dataclass(frozen=True)
class Relation:
    """A foreign key (or one-to-one) of some model that points at Person."""

    model: type[models.Model]
    field: models.ForeignKey

    @property
    def key(self) -> str:
        return f"{self.model._meta.label_lower}.{self.field.name}"

    def rows(self, person: Person) -> models.QuerySet:
        return self.model._base_manager.filter(**{self.field.name: person})


def person_relations() -> Iterator[Relation]:
    """Every foreign key and one-to-one to Person in installed apps, many-to-many included
    through their tables (explicit, like Attendance, or created by Django)."""
    for rel in Person._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            if rel.related_model is Person:
                continue  # a relation of Person to itself would need its own rule
            yield Relation(rel.related_model, rel.field)


@dataclass
class MergeReport:
    kept: Person
    merged_pk: int
    moved: dict[str, int] = field(default_factory=dict)  # relation key -> rows moved
    repeated: dict[str, int] = field(default_factory=dict)  # rows deleted as repetitions
    filled: list[str] = field(default_factory=list)  # fields of the record filled in

    @property
    def moved_count(self) -> int:
        return sum(self.moved.values())


def check_mergeable(kept: Person, duplicate: Person) -> None:
    """Raise MergeRefused (in French) when these two records cannot be merged."""
    if kept.pk == duplicate.pk:
        raise MergeRefused(_("Choisissez deux fiches différentes."))
    if kept.anonymised_at or duplicate.anonymised_at:
        raise MergeRefused(_("Une fiche anonymisée ne se fusionne pas."))
    for relation in person_relations():
        both = relation.rows(kept).exists() and relation.rows(duplicate).exists()
        if relation.field.one_to_one and both:
            raise MergeRefused(
                _(
                    "Les deux fiches ont chacune un lien « %(relation)s » qui ne peut "
                    "exister qu'une fois : supprimez ou détachez l'un des deux avant de "
                    "fusionner."
                )
                % {"relation": relation.model._meta.verbose_name}
            )


def merge_people(kept: Person, duplicate: Person, *, by=None) -> MergeReport:
    """Move everything of `duplicate` onto `kept`, then delete `duplicate`, in one
    transaction. Raises MergeRefused and changes nothing when they cannot be merged."""
    with transaction.atomic():
        # Lock both records: two people merging the same pair at once must not both move rows.
        pair = Person.objects.select_for_update().filter(pk__in=[kept.pk, duplicate.pk])
        locked = {p.pk: p for p in pair}
        if len(locked) != 2:
            raise MergeRefused(_("L'une des deux fiches n'existe plus."))
        kept, duplicate = locked[kept.pk], locked[duplicate.pk]
        check_mergeable(kept, duplicate)
        report = MergeReport(kept=kept, merged_pk=duplicate.pk)
        for relation in person_relations():
            moved, repeated = _move(relation, duplicate, kept)
            if moved:
                report.moved[relation.key] = moved
            if repeated:
                report.repeated[relation.key] = repeated
        report.filled = _fill_blanks(kept, duplicate)
        duplicate.delete()
        audit(
            by,
            "merge",
            kept,
            merged=report.merged_pk,
            moved=report.moved,
            repeated=report.repeated,
            fields=report.filled,
        )
    return report


def _move(relation: Relation, duplicate: Person, kept: Person) -> tuple[int, int]:
    """Point the duplicate's rows at `kept`; rows that would repeat one of kept's are deleted.
    Returns (moved, deleted as repetitions)."""
    rows = relation.rows(duplicate)
    repeated = 0
    for fields in _unique_sets(relation.model, relation.field.name):
        others = [name for name in fields if name != relation.field.name]
        kept_keys = set(relation.rows(kept).values_list(*others)) if others else set()
        if not others and relation.rows(kept).exists():
            kept_keys = {()}
        if not kept_keys:
            continue
        clashing = [pk for pk, *key in rows.values_list("pk", *others) if tuple(key) in kept_keys]
        if clashing:
            repeated += (
                relation.model._base_manager.filter(pk__in=clashing)
                .delete()[1]
                .get(relation.model._meta.label, 0)
            )
    moved = rows.update(**{relation.field.name: kept})
    return moved, repeated


def _unique_sets(model: type[models.Model], name: str) -> list[tuple[str, ...]]:
    """The sets of fields that must be unique together and include field `name` (a
    one-to-one is unique alone). Conditional constraints are taken as always applying: a
    repeated row is dropped rather than a merge failing halfway."""
    sets: list[tuple[str, ...]] = []
    concrete = model._meta.get_field(name)
    if concrete.unique:
        sets.append((name,))
    for together in model._meta.unique_together:
        if name in together:
            sets.append(tuple(together))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and name in (constraint.fields or ()):
            sets.append(tuple(constraint.fields))
    return sets


def _fill_blanks(kept: Person, duplicate: Person) -> list[str]:
    filled = []
    for name in FILLED_FROM_DUPLICATE:
        if not getattr(kept, name) and getattr(duplicate, name):
            setattr(kept, name, getattr(duplicate, name))
            filled.append(name)
    # Known since the first of the two meetings.
    dates = [d for d in (kept.first_met_on, duplicate.first_met_on) if d]
    if dates and min(dates) != kept.first_met_on:
        kept.first_met_on = min(dates)
        filled.append("first_met_on")
    if filled:
        kept.save(update_fields=filled)
    return filled


# --- deleting a record ---------------------------------------------------------------------


class DeletionRefused(Exception):
    """A record that holds something is not deleted; the message is French."""


def delete_person(person: Person, *, by=None) -> None:
    """Delete a record that holds nothing (created by mistake); anything pointing at it
    makes this refuse: merge it, or anonymise it, instead."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        summary = deletion_summary(person)
        if not summary.holds_nothing:
            held = [*summary.deleted, *summary.unlinked, *summary.protected]
            raise DeletionRefused(
                _("Cette fiche tient des données (%(what)s) : fusionnez-la plutôt.")
                % {"what": ", ".join(f"{c.count} {c.label}" for c in held)}
            )
        pk = person.pk
        person.delete()
        audit(by, "delete", None, person=pk)


def candidates_for(person: Person, query: str = "") -> models.QuerySet[Person]:
    """People to merge `person` with: those a search finds, or else those the name could mean
    either way round ("Aïcha" for "Aïcha Benali", and "Aïcha Benali" for "Aïcha")."""
    others = Person.objects.exclude(pk=person.pk).filter(anonymised_at__isnull=True)
    if query.strip():
        return search_people(query, others).order_by("search_name", "pk")
    exact, alike = people_named(person.display_name, others)
    words = set(person.search_name.split()) - PARTICLES
    shorter = Q()
    for word in words:
        shorter |= Q(search_name__contains=word)
    within = [
        p.pk
        for p in others.filter(shorter).only("pk", "search_name")[:500]
        if words and set(p.search_name.split()) <= set(person.search_name.split())
    ] if shorter else []  # fmt: skip
    pks = {p.pk for p in [*exact, *alike]} | set(within)
    return others.filter(pk__in=pks).order_by("search_name", "pk")
