"""Contributions coming in: typed by the team during or after a gathering (published at once),
or sent by residents through the public form (queued for moderation)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.consultation.models import AgeBand, Consultation, Contribution
from quartier.core import ratelimit
from quartier.core.audit import audit
from quartier.core.text import fold
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person
from quartier.people.services import search_people

MAX_TEXT_LENGTH = 10_000
# Public form: at most this many submissions per address in the window.
PUBLIC_RATE_LIMIT = 5
PUBLIC_RATE_WINDOW = 10 * 60


def clean_text(text: str) -> str:
    """Surrounding blanks go; everything inside is kept as typed (stored intact)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Écrivez ce qui a été dit."), code="empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            _("Le texte est trop long (%(max)s caractères au plus).") % {"max": MAX_TEXT_LENGTH},
            code="too_long",
        )
    return text


def capture_contribution(
    consultation: Consultation,
    *,
    text: str,
    kind: str = Contribution.Kind.EXPECTATION,
    entered_by=None,
    gathering: Gathering | None = None,
    channel: str | None = None,
    author: Person | None = None,
    age_band: str = "",
    said_on: dt.date | None = None,
) -> Contribution:
    """Record one contribution typed by the team: published at once (the team wrote it down)."""
    if channel is None:
        channel = Contribution.Channel.MEETING if gathering else Contribution.Channel.PAPER
    return Contribution.objects.create(
        consultation=consultation,
        text=clean_text(text),
        kind=kind,
        gathering=gathering,
        channel=channel,
        author=author,
        age_band=age_band,
        said_on=said_on,
        entered_by=entered_by,
        state=Contribution.State.PUBLISHED,
    )


def find_author(name: str) -> list[Person]:
    """People whose name is exactly `name` once folded (accents and case ignored)."""
    folded = fold(name)
    if not folded:
        return []
    return list(Person.objects.filter(search_name=folded, anonymised_at__isnull=True)[:5])


def resolve_author(picked: int | None, typed: str) -> Person | None:
    """Who said it: the person picked from the suggestions, else the one person whose name is
    exactly what was typed; nothing picked or typed is anonymous. Raises ValidationError
    (a message for the field) when the typed name is nobody's, or several people's."""
    if picked:
        person = Person.objects.filter(pk=picked, anonymised_at__isnull=True).first()
        if person is None:
            raise ValidationError(_("Cette personne n'existe plus : choisissez-en une autre."))
        return person
    if not (typed := typed.strip()):
        return None
    matches = find_author(typed)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError(
            _(
                "Personne ne s'appelle exactement ainsi : choisissez un nom proposé, "
                "ou videz la case pour une contribution anonyme."
            )
        )
    raise ValidationError(_("Plusieurs personnes portent ce nom : choisissez dans la liste."))


def people_for_author(query: str, gathering: Gathering | None = None, limit: int = 8):
    """Suggestions for the author box: names containing every word typed, the people present
    at `gathering` first (who spoke there was, most likely, there)."""
    people = search_people(query).filter(anonymised_at__isnull=True)
    if gathering is None:
        return list(people.order_by("search_name", "pk")[:limit])
    present = Attendance.objects.filter(gathering=gathering, person=OuterRef("pk"))
    people = people.annotate(present=Exists(present)).order_by("-present", "search_name", "pk")
    return list(people[:limit])


def change_contribution(form, author: Person | None, *, by) -> Contribution:
    """Save the team's edit of a contribution (a valid ContributionForm) with its author,
    in one transaction, and record it in the audit log as other edits are: the fields
    changed and, for the author, the ids before and after (never a name)."""
    contribution = form.instance
    author_before = Contribution.objects.filter(pk=contribution.pk).values_list(
        "author_id", flat=True
    )[0]
    with transaction.atomic():
        contribution.author = author
        if author is not None:
            contribution.author_name = ""  # a person now: the typed first name is theirs
        contribution = form.save()  # « Rendre anonyme » wins over any author
        fields = set(form.changed_data)
        detail = {}
        if contribution.author_id != author_before:
            fields.add("author")
            detail = {"author_before": author_before, "author_after": contribution.author_id}
        if fields:
            audit(by, "change", contribution, fields=sorted(fields), **detail)
    return contribution


# --- public form and moderation -----------------------------------------------------------


class RateLimited(Exception):
    """Too many submissions from one address: the message is for the resident."""

    def __str__(self) -> str:
        return _(
            "Vous avez déjà envoyé plusieurs messages. Merci ! Attendez dix minutes avant "
            "d'en envoyer un autre."
        )


def check_rate_limit(ip: str) -> None:
    """Count one submission for `ip`; raise RateLimited beyond PUBLIC_RATE_LIMIT per window."""
    limit = (
        ratelimit.key_for("public-form", ip or "unknown"),
        PUBLIC_RATE_LIMIT,
        PUBLIC_RATE_WINDOW,
    )
    if ratelimit.attempt([limit]):
        raise RateLimited


def submit_public_contribution(
    consultation: Consultation,
    *,
    text: str,
    ip: str,
    author_name: str = "",
    age_band: str = "",
    honeypot: str = "",
) -> Contribution | None:
    """A resident's message from the public form, queued for moderation.

    A filled honeypot (a field only robots see) returns None and saves nothing, silently: the
    robot is told nothing it could learn from. Raises RateLimited, or ValidationError when the
    consultation is closed or the text empty.
    """
    if not consultation.is_open:
        raise ValidationError(_("Cette consultation est terminée."), code="closed")
    text = clean_text(text)
    check_rate_limit(ip)
    if honeypot:
        return None
    return Contribution.objects.create(
        consultation=consultation,
        text=text,
        author_name=" ".join(author_name.split())[:100],
        age_band=age_band if age_band in AgeBand.values else "",
        channel=Contribution.Channel.WEB,
        kind=Contribution.Kind.EXPECTATION,
        state=Contribution.State.PENDING,
        said_on=timezone.localdate(),
    )


def moderate(contribution: Contribution, state: str) -> Contribution:
    if state not in Contribution.State.values:
        raise ValidationError(_("État inconnu."), code="state")
    contribution.state = state
    contribution.save(update_fields=["state"])
    return contribution
