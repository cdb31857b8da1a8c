"""Members and dues: recording a payment writes its receipt in the cash book in the same
transaction; « à jour de cotisation » on any date is a paid, uncancelled payment whose period
holds that date and that was paid by then."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.association.actions.errors import AssociationError
from quartier.association.actions.ledger import record_money
from quartier.association.models import Association, Category, DuesPayment, Entry, Member
from quartier.people.models import Person

METHOD_MEANS = {
    DuesPayment.Method.CASH: Entry.Means.CASH,
    DuesPayment.Method.CHEQUE: Entry.Means.BANK,
    DuesPayment.Method.TRANSFER: Entry.Means.BANK,
}


def paid_dues(on: dt.date) -> Q:
    """Dues that make a member up to date on `on` (for filters on DuesPayment)."""
    return Q(period_start__lte=on, period_end__gte=on, paid_on__lte=on, cancelled_on__isnull=True)


def belongs_on(on: dt.date, prefix: str = "") -> Q:
    """Members on `on` (for filters on Member, or through `prefix`): joined by then and not
    gone before that day. A leaving date still ahead is a member until then; a joining date
    ahead is not one yet."""
    p = prefix
    return Q(**{f"{p}joined_on__lte": on}) & (
        Q(**{f"{p}left_on__isnull": True}) | Q(**{f"{p}left_on__gte": on})
    )


def current_members(association: Association, on: dt.date) -> QuerySet[Member]:
    return Member.objects.filter(belongs_on(on), association=association)


def is_up_to_date(member: Member, on: dt.date) -> bool:
    return (
        current_members(member.association, on).filter(pk=member.pk).exists()
        and member.dues.filter(paid_dues(on)).exists()
    )


def up_to_date_members(association: Association, on: dt.date) -> QuerySet[Member]:
    """The members who may vote on `on`: joined, not gone, their dues paid for that date."""
    return current_members(association, on).filter(
        Exists(DuesPayment.objects.filter(paid_dues(on), member=OuterRef("pk")))
    )


def members_with_status(association: Association, on: dt.date) -> QuerySet[Member]:
    """Every member, with `up_to_date` on `on` and the end of their last paid period."""
    paid = DuesPayment.objects.filter(member=OuterRef("pk"), cancelled_on__isnull=True)
    return (
        Member.objects.filter(association=association)
        .select_related("person")
        .annotate(
            up_to_date=Exists(paid.filter(paid_dues(on), belongs_on(on, "member__"))),
            paid_until=Subquery(paid.order_by("-period_end").values("period_end")[:1]),
        )
        .order_by("person__search_name", "pk")
    )


def dues_category(association: Association) -> Category:
    from quartier.association.actions.identity import ensure_categories

    ensure_categories(association)
    return association.categories.get(purpose=Category.Purpose.DUES)


def next_member_number(association: Association) -> int:
    return (Member.objects.filter(association=association).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def add_member(
    association: Association,
    *,
    person: Person | None = None,
    name: str = "",
    joined_on: dt.date,
) -> Member:
    """Make `person` (or a new person named `name`) a member, with the next card number."""
    if person is None:
        name = " ".join(name.split())
        if not name:
            raise AssociationError(_("Choisissez une personne ou tapez un nom."), field="name")
        person = Person.objects.create(
            display_name=name, territory=association.territory, first_met_on=joined_on
        )
    if Member.objects.filter(association=association, person=person).exists():
        raise AssociationError(
            _("%(name)s est déjà membre de l'association.") % {"name": person.display_name},
            field="person",
        )
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Member.objects.create(
                    association=association,
                    person=person,
                    number=next_member_number(association),
                    joined_on=joined_on,
                )
        except IntegrityError:
            continue  # someone took the number meanwhile: take the next one
    raise AssociationError(_("Réessayez : un autre membre vient d'être enregistré."))


@transaction.atomic
def record_dues(
    member: Member,
    *,
    year: int,
    amount: int,
    paid_on: dt.date,
    method: str,
    piece_ref: str = "",
    recorded_by=None,
) -> DuesPayment:
    """Record one year's dues and its receipt in the cash book (all or nothing)."""
    member = (
        Member.objects.select_for_update().select_related("association", "person").get(pk=member.pk)
    )
    association = member.association
    start, end = association.membership_bounds(year)
    if member.dues.filter(
        cancelled_on__isnull=True, period_start__lte=end, period_end__gte=start
    ).exists():
        raise AssociationError(
            _("La cotisation %(year)s de ce membre est déjà enregistrée.")
            % {"year": _period_label(start, end)},
            field="year",
        )
    entry = record_money(
        association,
        kind=Entry.Kind.RECEIPT,
        date=paid_on,
        amount=amount,
        means=METHOD_MEANS[method],
        category=dues_category(association),
        # No name in the cash book: it is kept unchanged for ten years, names are not.
        label=_("Cotisation %(period)s — membre n° %(number)s")
        % {"period": _period_label(start, end), "number": member.number},
        piece_ref=piece_ref,
        recorded_by=recorded_by if getattr(recorded_by, "is_authenticated", False) else None,
    )
    return DuesPayment.objects.create(
        member=member,
        period_start=start,
        period_end=end,
        amount=amount,
        paid_on=paid_on,
        method=method,
        entry=entry,
        recorded_by=recorded_by if getattr(recorded_by, "is_authenticated", False) else None,
    )


def _period_label(start: dt.date, end: dt.date) -> str:
    return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"


def period_label(payment: DuesPayment) -> str:
    return _period_label(payment.period_start, payment.period_end)


def membership_years(association: Association, today: dt.date | None = None) -> list[int]:
    """The membership years a payment can be recorded for: from the founding to next year."""
    today = today or timezone.localdate()
    current = association.membership_year_of(today)
    first = association.membership_year_of(association.founded_on)
    return list(range(current + 1, max(first, current - 30) - 1, -1))


def member_of(user, association: Association | None = None) -> QuerySet[Member]:
    """The memberships of the person linked to `user` (a resident's own)."""
    person_id = getattr(user, "person_id", None)
    members = Member.objects.filter(person_id=person_id) if person_id else Member.objects.none()
    if association is not None:
        members = members.filter(association=association)
    return members.select_related("association", "person")
