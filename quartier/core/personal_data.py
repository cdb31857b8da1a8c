"""How an app declares the personal data it holds: the one place a person's export, their
erasure and the withdrawal of a consent read from.

Each app that holds data about persons has a module `personal_data.py` with a list
`PERSONAL_DATA` of `Declaration`s, one per model. The privacy app (above every app but the
demo on the spine) discovers these modules; apps never import privacy.

A declaration sorts every field of its model, so that nothing is missed by accident:

- `subjects`: the relations (to `Person` or `User`, or `"pk"` for `Person` itself) that make a
  record this person's: the export lists the records reached through them;
- `exported`: the fields shown in the export, labelled and displayed from the model itself
  (verbose names, choices, « oui » / « non »); `gathering__start` shows a field of a related
  record (the date of the gathering an attendance is for);
- `left_out`: every other field, each with the reason it is not exported.

`quartier/privacy/test_export_completeness.py` fails when a model that is `Person` or `User`,
or has a relation to either, has no declaration, or when one of its fields (a new column
included) is in none of the three lists.

Erasure, consent withdrawal and retention act on the same declarations:

- `erasure`: what becomes of a field of the person's records when they are erased
  (`BLANK`, `NULL`, `PSEUDONYM`, or a function `(record, person) -> value`); fields not listed
  are kept, so reports still count the (now anonymous) person;
- `erasure_hook`: a function `(queryset of the person's records, person)` for what a field rule
  cannot say (closing a log-in); every hook runs in the same transaction, before any field
  rule (the name is still there to find what to blank);
- `withdrawal`: for a consent purpose, the fields blanked (emptied, or no value) when the person
  withdraws it;
- `seen_since`: a function `(cutoff datetime) -> Q` over the person's records here that shows
  they were still around after `cutoff` (came to a gathering, still belongs to a group): a
  resident with one is not anonymised by `quartier retention`. An app whose records say a
  person is active must declare it, or retention will not know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

BLANK = "blank"  # an empty string
NULL = "null"  # no value
PSEUDONYM = "pseudonym"  # « Personne anonymisée n°12 »: unique, stable, names nobody

ErasureRule = str | Callable[[models.Model, Any], Any]
ErasureHook = Callable[[models.QuerySet, Any], None]
SeenSince = Callable[[dt.datetime], models.Q]


@dataclass(frozen=True)
class Declaration:
    model: str  # "app_label.ModelName"
    label: Any  # the section's title in the export (a lazy translation)
    subjects: tuple[str, ...]
    exported: tuple[str, ...]
    left_out: Mapping[str, str]
    erasure: Mapping[str, ErasureRule] = field(default_factory=dict)
    erasure_hook: ErasureHook | None = None
    withdrawal: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    seen_since: SeenSince | None = None
    order_by: tuple[str, ...] = ("pk",)

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


def declarable_fields(model: type[models.Model]) -> list[str]:
    """Every field a declaration of `model` must sort: concrete fields and many-to-many
    relations, not the automatic primary key."""
    names = []
    for f in model._meta.get_fields():
        if f.auto_created or not (f.concrete or f.many_to_many):
            continue
        if getattr(f, "primary_key", False) and isinstance(f, models.AutoField):
            continue
        names.append(f.name)
    return names


def unsorted_fields(declaration: Declaration) -> list[str]:
    """Fields of the model that the declaration neither follows, exports nor leaves out."""
    sorted_ = {*declaration.subjects, *_heads(declaration.exported), *declaration.left_out}
    return [name for name in declarable_fields(declaration.model_class) if name not in sorted_]


def unknown_fields(declaration: Declaration) -> list[str]:
    """Names the declaration uses that are no field of the model (a renamed or deleted one)."""
    known = set(declarable_fields(declaration.model_class)) | {"pk"}
    used = {
        *declaration.subjects,
        *_heads(declaration.exported),
        *declaration.left_out,
        *declaration.erasure,
        *(name for names in declaration.withdrawal.values() for name in names),
    }
    return sorted(used - known)


def _heads(paths) -> set[str]:
    """'gathering__start' sorts the field 'gathering' (a related value shown beside it)."""
    return {path.split("__")[0] for path in paths}
