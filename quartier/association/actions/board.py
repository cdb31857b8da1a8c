"""The board: mandates with the assembly that elected them, and the registre spécial every
association keeps (article 5 of the law of 1 July 1901, article 6 of the decree of 16 August
1901): the changes of the people in charge and of the statutes, with their dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from quartier.association.actions.errors import AssociationError
from quartier.association.models import (
    Association,
    Document,
    DocumentVersion,
    GeneralAssembly,
    Mandate,
)
from quartier.people.models import Person

ROLE_ORDER = [value for value, _label in Mandate.Role.choices]
# Roles held by one person at a time (co-presidents are two by definition).
SINGLE_ROLES = (Mandate.Role.PRESIDENT, Mandate.Role.TREASURER, Mandate.Role.SECRETARY)


def current_board(association: Association, on: dt.date) -> QuerySet[Mandate]:
    return (
        association.mandates.filter(started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .select_related("person", "elected_at__gathering")
        .order_by("role", "person__search_name")
    )


def representatives(association: Association, on: dt.date) -> QuerySet[Mandate]:
    """Who signs for the association on `on`: its president or co-presidents."""
    return current_board(association, on).filter(
        role__in=(Mandate.Role.PRESIDENT, Mandate.Role.CO_PRESIDENT)
    )


def add_mandate(
    association: Association,
    *,
    person: Person,
    role: str,
    started_on: dt.date,
    elected_at: GeneralAssembly | None = None,
    declared_on: dt.date | None = None,
) -> Mandate:
    if elected_at is not None and elected_at.association_id != association.pk:
        raise AssociationError(_("Cette assemblée est celle d'une autre association."))
    if role in SINGLE_ROLES:
        holder = current_board(association, started_on).filter(role=role).first()
        if holder is not None:
            raise AssociationError(
                _(
                    "%(name)s occupe déjà cette fonction : terminez d'abord son mandat "
                    "(à la veille du nouveau)."
                )
                % {"name": holder.person.display_name},
                field="role",
            )
    return Mandate.objects.create(
        association=association,
        person=person,
        role=role,
        started_on=started_on,
        elected_at=elected_at,
        declared_on=declared_on,
    )


def end_mandate(mandate: Mandate, *, ended_on: dt.date) -> Mandate:
    if ended_on < mandate.started_on:
        raise AssociationError(
            _("La fin du mandat doit suivre son début (%(start)s).")
            % {"start": mandate.started_on.strftime("%d/%m/%Y")},
            field="ended_on",
        )
    mandate.ended_on = ended_on
    mandate.save(update_fields=["ended_on"])
    return mandate


@dataclass
class RegisterEvent:
    on: dt.date
    nature: str
    detail: str
    declared_on: dt.date | None
    order: int = 0  # on one day: statutes, then ends of office, then the new board by role


def register_events(association: Association) -> list[RegisterEvent]:
    """Every entry of the registre spécial, oldest first."""
    events: list[RegisterEvent] = []
    mandates = association.mandates.select_related("person", "elected_at__gathering")
    for mandate in mandates:
        elected = (
            _(" (mandat voté à l'assemblée générale du %(date)s)")
            % {"date": mandate.elected_at.gathering.start.strftime("%d/%m/%Y")}
            if mandate.elected_at
            else ""
        )
        events.append(
            RegisterEvent(
                mandate.started_on,
                _("Entrée en fonction"),
                f"{mandate.person.display_name} : {mandate.get_role_display()}{elected}",
                mandate.declared_on,
                order=10 + ROLE_ORDER.index(mandate.role),
            )
        )
        if mandate.ended_on:
            events.append(
                RegisterEvent(
                    mandate.ended_on,
                    _("Fin de fonction"),
                    f"{mandate.person.display_name} : {mandate.get_role_display()}",
                    None,
                    order=1,
                )
            )
    statutes = DocumentVersion.objects.filter(
        document__association=association, document__kind=Document.Kind.STATUTES
    ).order_by("adopted_on", "uploaded_at")
    for index, version in enumerate(statutes):
        events.append(
            RegisterEvent(
                version.adopted_on or version.uploaded_at.date(),
                _("Statuts adoptés") if index == 0 else _("Modification des statuts"),
                version.note or version.document.title,
                version.declared_on,
            )
        )
    return sorted(events, key=lambda event: (event.on, event.order))
