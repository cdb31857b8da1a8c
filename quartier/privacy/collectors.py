"""A person's records, read through every app's declarations (see quartier.core.personal_data):
the export shows them, erasure and consent withdrawal change them, retention asks whether any
says the person is still around."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from quartier.core.personal_data import BLANK, NULL, PSEUDONYM, Declaration
from quartier.people.models import Person
from quartier.privacy import registry

# A person seen every week for years has thousands of attendances: the page and the PDF show
# this many per section and say so; the JSON file holds every record.
MAX_RECORDS = 1000


def _user_of(person: Person):
    return get_user_model().objects.filter(person=person).first()


def subject_condition(declaration: Declaration, person: Person, user) -> Q | None:
    """The records of the declared model that are this person's, or None when none can be."""
    model = declaration.model_class
    condition = Q()
    for name in declaration.subjects:
        if name == "pk":
            condition |= Q(pk=person.pk)
            continue
        target = model._meta.get_field(name).related_model
        if target is Person:
            condition |= Q(**{name: person})
        elif user is not None and target is get_user_model():
            condition |= Q(**{name: user})
    return condition or None


def person_records(declaration: Declaration, person: Person, user=None) -> QuerySet:
    condition = subject_condition(declaration, person, user)
    manager = declaration.model_class._base_manager
    if condition is None:
        return manager.none()
    return manager.filter(condition).distinct()


# --- export ------------------------------------------------------------------------------------


def collect_personal_data(
    person: Person, limit: int | None = MAX_RECORDS
) -> list[tuple[str, list[dict]]]:
    """(section title, records) for every declaration with records, then computed sections.

    With a `limit`, a longer section shows its first records and its title says how many there
    are in all; without, every record (the JSON file, the person's complete copy).
    """
    user = _user_of(person)
    result = []
    for declaration in registry.declarations():
        if not declaration.exported:
            continue
        rows = person_records(declaration, person, user).order_by(*declaration.order_by)
        related = [p.rsplit("__", 1)[0] for p in declaration.exported if "__" in p]
        related += [
            name
            for name in declaration.exported
            if "__" not in name and _field(declaration.model_class, name).many_to_one
        ]
        if related:
            rows = rows.select_related(*related)
        found = list(rows if limit is None else rows[: limit + 1])
        if not found:
            continue
        label = str(declaration.label)
        if limit is not None and len(found) > limit:
            found = found[:limit]
            label = _(
                "%(label)s (%(shown)s sur %(total)s ; la liste entière est dans la copie complète, "
                "en fichier informatique)"
            ) % {
                "label": label,
                "shown": number_format(limit, force_grouping=True),
                "total": number_format(rows.count(), force_grouping=True),
            }
        result.append((label, [_record(obj, declaration, person) for obj in found]))
    for label, collector in registry.sections():
        result.append((str(label), collector(person)))
    return result


def _field(model, name: str) -> models.Field:
    return model._meta.get_field(name)


def field_label(model, path: str) -> str:
    """The French label of a field, or of a field of a related record ('gathering__start')."""
    *heads, last = path.split("__")
    for head in heads:
        model = _field(model, head).related_model
    return str(_field(model, last).verbose_name).capitalize()


def _record(obj: models.Model, declaration: Declaration, person: Person) -> dict:
    record: dict[str, object] = {}
    for path in declaration.exported:
        *heads, last = path.split("__")
        target = obj
        for head in heads:
            target = getattr(target, head) if target is not None else None
        label = field_label(declaration.model_class, path)
        record[label] = None if target is None else display_value(target, last, person)
    return record


def display_value(obj: models.Model, name: str, person: Person) -> object:
    """A field's value as a person reads it: choices by their label, yes/no in words, another
    person never named, the team by role."""
    field = _field(obj._meta.model, name)
    if field.many_to_many:
        related = list(getattr(obj, name).all())
        if field.related_model is Person:
            return _("cette personne") if person in related else None
        return ", ".join(str(r) for r in related) or None
    if field.is_relation:
        related_id = getattr(obj, field.attname)
        if related_id is None:
            return None
        if field.related_model is Person:
            return _("cette personne") if related_id == person.pk else _("une autre personne")
        related = getattr(obj, name)
        if field.related_model is get_user_model():
            return related.get_role_display()
        return str(related)
    if field.choices:
        return getattr(obj, f"get_{name}_display")()
    value = getattr(obj, name)
    if isinstance(field, models.BooleanField):
        return _("oui") if value else _("non")
    if isinstance(field, models.FileField):
        return value.name or None
    return value


# --- erasure and withdrawal --------------------------------------------------------------------


def erase_records(person: Person, pseudonym: str) -> None:
    """Apply every declaration's erasure to this person's records (inside the caller's
    transaction). Records are found before anything changes: closing a log-in unlinks it."""
    user = _user_of(person)
    found = [
        (declaration, declaration.model_class._base_manager.filter(pk__in=pks))
        for declaration in registry.declarations()
        if (pks := list(person_records(declaration, person, user).values_list("pk", flat=True)))
    ]
    # Every hook first, while the person still has their name (to find what to blank)...
    for hook in registry.erasure_hooks():
        hook(person)
    for declaration, records in found:
        if declaration.erasure_hook:
            declaration.erasure_hook(records, person)
    # ...then every field rule (the name becomes the pseudonym here).
    for declaration, records in found:
        if declaration.erasure:
            for obj in records:
                for name, rule in declaration.erasure.items():
                    setattr(obj, name, _erased_value(rule, obj, person, pseudonym))
                obj.save(update_fields=list(declaration.erasure))


def _erased_value(rule, obj, person: Person, pseudonym: str) -> object:
    if rule == BLANK:
        return ""
    if rule == NULL:
        return None
    if rule == PSEUDONYM:
        return pseudonym
    return rule(obj, person)


def blank_on_withdrawal(person: Person, purpose: str) -> list[str]:
    """Blank what the declarations say goes with `purpose`; returns the fields that held
    something (names only, for the audit log)."""
    user = _user_of(person)
    blanked: list[str] = []
    for declaration in registry.declarations():
        names = declaration.withdrawal.get(purpose, ())
        if not names:
            continue
        for obj in person_records(declaration, person, user):
            held = [name for name in names if getattr(obj, name)]
            if held:
                for name in held:
                    setattr(obj, name, empty_value(_field(obj._meta.model, name)))
                obj.save(update_fields=held)
                blanked.extend(held)
    return blanked


def empty_value(field: models.Field) -> object:
    """What a withdrawn field holds: an empty text, or no value for anything else."""
    return "" if isinstance(field, models.CharField | models.TextField) else None


# --- retention ---------------------------------------------------------------------------------


def seen_since(cutoff: dt.datetime) -> list[Exists]:
    """For each declaration that can say so, whether the person of the outer query (a `Person`
    queryset) has a record here showing them around after `cutoff`."""
    conditions = []
    for declaration in registry.declarations():
        if declaration.seen_since is None:
            continue
        model = declaration.model_class
        mine = Q()
        for name in declaration.subjects:
            if name == "pk":
                mine |= Q(pk=OuterRef("pk"))
            elif model._meta.get_field(name).related_model is Person:
                mine |= Q(**{name: OuterRef("pk")})
        if mine:
            records = model._base_manager.filter(mine).filter(declaration.seen_since(cutoff))
            conditions.append(Exists(records))
    return conditions
