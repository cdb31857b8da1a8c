"""What the poster and the sign-in sheet of a gathering print, beside its date and place: the
short addresses where residents give their opinion (with a QR code), who invites, and what
will happen, in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from quartier.core.qr import printed_address, qr_svg
from quartier.gatherings.models import Gathering
from quartier.gatherings.offers import public_addresses
from quartier.people.models import Organisation

# A page of the sign-in sheet holds this many lines: the names already known, then blank
# lines up to it (at least MIN_BLANK_LINES), so a usual gathering prints on one page.
SIGN_IN_LINES_PER_PAGE = 20
MIN_BLANK_LINES = 4

# What will happen, said to residents in plain words, by kind of gathering.
WHAT_HAPPENS = {
    Gathering.Kind.PUBLIC_MEETING: _(
        "Venez dire ce qui va bien et ce qui manque dans le quartier. On en parle ensemble."
    ),
    Gathering.Kind.RESTITUTION: _(
        "Venez découvrir ce que les habitants ont dit, et choisir ensemble la suite."
    ),
    Gathering.Kind.WORKING_GROUP_SESSION: _(
        "Le groupe de travail se retrouve pour avancer sur son projet. Vous pouvez le rejoindre."
    ),
    Gathering.Kind.ACTIVITY_SESSION: _("Une activité pour se retrouver entre voisins."),
    Gathering.Kind.EVENT: _("Un moment pour se retrouver entre voisins, petits et grands."),
    Gathering.Kind.BOARD_MEETING: _("Le bureau de l'association se réunit."),
    Gathering.Kind.SUPPORT_MEETING: _("Une rencontre pour préparer la suite ensemble."),
    Gathering.Kind.GENERAL_ASSEMBLY: _(
        "L'assemblée générale de l'association : le bilan de l'année et les projets à venir."
    ),
}


@dataclass(frozen=True)
class PrintedAddress:
    title: str
    question: str
    shown: str  # as people type it: quartier.example.org/avis/3
    qr: str  # the QR code of the full address, inline SVG markup


def printed_addresses(gathering: Gathering, request: HttpRequest) -> list[PrintedAddress]:
    """The open consultations of the gathering's territory, as printed: address and QR code."""
    printed = []
    for address in public_addresses(gathering):
        url = request.build_absolute_uri(address.path)
        printed.append(
            PrintedAddress(address.title, address.question, printed_address(url), qr_svg(url))
        )
    return printed


def hosts() -> list[str]:
    """Who invites: the partners of the project (every organisation quartier knows)."""
    return [organisation.name for organisation in Organisation.objects.order_by("name")]


def poster_context(gathering: Gathering, request: HttpRequest) -> dict:
    return {
        "gathering": gathering,
        "what_happens": WHAT_HAPPENS.get(gathering.kind, ""),
        "addresses": printed_addresses(gathering, request),
        "hosts": hosts(),
    }


def sign_in_context(gathering: Gathering, regulars: list, request: HttpRequest) -> dict:
    blank = max(MIN_BLANK_LINES, SIGN_IN_LINES_PER_PAGE - len(regulars))
    return {
        "gathering": gathering,
        "regulars": regulars,
        "blank_lines": range(blank),
        "addresses": printed_addresses(gathering, request)[:2],
    }
