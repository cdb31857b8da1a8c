"""What the apps above gatherings offer on a gathering's page and on its printed documents.

Gatherings may not import the apps above it (see docs/architecture.md), so each app names on
its AppConfig the functions that say what it offers for a gathering:

    class ConsultationConfig(AppConfig):
        gathering_addresses = ["quartier.consultation.public_address.for_gathering"]
        gathering_actions = ["quartier.consultation.public_address.actions_for"]

`gathering_addresses` functions take the gathering and return `PublicAddress`es, printed on
its poster and sign-in sheet (no account needed, no name: anyone may read them);
`gathering_actions` functions take the gathering and the user and return `GatheringAction`s,
the links its page offers that user.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.module_loading import import_string

from quartier.core.hooks import declared


@dataclass(frozen=True)
class PublicAddress:
    title: str  # what it leads to, in plain words: the consultation's title
    question: str  # what residents are asked there
    path: str  # a short path anyone can type: /avis/3


@dataclass(frozen=True)
class GatheringAction:
    label: str  # the link's text: « Saisir ce qui est dit : Mieux vivre ensemble »
    url: str


def public_addresses(gathering) -> list[PublicAddress]:
    return [
        item for path in declared("gathering_addresses") for item in import_string(path)(gathering)
    ]


def actions_for(gathering, user) -> list[GatheringAction]:
    return [
        item
        for path in declared("gathering_actions")
        for item in import_string(path)(gathering, user)
    ]
