"""Contributions coming in: typed by the team during or after a gathering (published at once),
or sent by residents through the public form (queued for moderation)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.consultation.models import AgeBand, Consultation, Contribution
from quartier.core import ratelimit
from quartier.core.text import fold
from quartier.gatherings.models import Gathering
from quartier.people.models import Person

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
