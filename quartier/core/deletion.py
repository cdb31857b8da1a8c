"""What deleting a record takes with it, said before anyone confirms.

Found the way Django deletes (its collector), so a relation added by any app later is counted
too: rows deleted with the record, rows that stay but lose their link to it, and rows that
forbid the deletion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.admin.utils import NestedObjects
from django.db import models, router


@dataclass
class Count:
    label: str  # the model's plural verbose name: « présences »
    count: int


@dataclass
class DeletionSummary:
    deleted: list[Count] = field(default_factory=list)  # go with the record
    unlinked: list[Count] = field(default_factory=list)  # stay, without the link
    protected: list[Count] = field(default_factory=list)  # make the deletion impossible

    @property
    def possible(self) -> bool:
        return not self.protected

    @property
    def holds_nothing(self) -> bool:
        return not (self.deleted or self.unlinked or self.protected)


def _counts(by_model: dict[type[models.Model], int]) -> list[Count]:
    """« 1 présence », « 3 présences »: the model's names agree with the count (French puts
    0 and 1 in the singular)."""
    return [
        Count(
            str(model._meta.verbose_name if count <= 1 else model._meta.verbose_name_plural), count
        )
        for model, count in sorted(by_model.items(), key=lambda item: item[0]._meta.label)
        if count
    ]


def deletion_summary(obj: models.Model) -> DeletionSummary:
    """What `obj.delete()` would do, counted by kind of record (the record itself left out)."""
    collector = NestedObjects(using=router.db_for_write(obj.__class__, instance=obj))
    collector.collect([obj])
    deleted = {
        model: len(instances) - (1 if model is obj.__class__ else 0)
        for model, instances in collector.data.items()
    }
    unlinked: dict[type[models.Model], int] = {}
    for (changed, _value), batches in collector.field_updates.items():
        unlinked[changed.model] = unlinked.get(changed.model, 0) + sum(len(b) for b in batches)
    protected: dict[type[models.Model], int] = {}
    for item in collector.protected:
        protected[item.__class__] = protected.get(item.__class__, 0) + 1
    return DeletionSummary(_counts(deleted), _counts(unlinked), _counts(protected))
