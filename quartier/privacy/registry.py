"""Where every app declares the personal data it holds, for exports and for erasure.

Apps sit above `privacy` on the dependency spine and must not import it. So an app declares its
data in a module `personal_data.py` of its own, which privacy discovers at start-up:

    # quartier/consultation/personal_data.py
    from django.utils.translation import gettext_lazy as _

    def contributions(person) -> list[dict]:
        return [{"Texte": c.text, "Date": c.said_on} for c in person.contributions.all()]

    def forget_author(person) -> None:
        person.contributions.update(author_name="")   # keep the text, anonymous

    PERSONAL_DATA = [(_("Contributions"), contributions)]   # (label, collector)
    ERASURE_HOOKS = [forget_author]                          # run inside the erasure transaction
    PERSONAL_DATA_MODELS = ["consultation.contribution"]     # covered above: not listed again

A collector returns one dict per record, keys are human-readable French labels and values are
JSON-friendly (str, numbers, booleans, dates, None). An erasure hook receives the person before
their name is replaced, inside the same transaction: if it raises, nothing is erased.
`register_personal_data` / `register_erasure_hook` do the same from code (privacy itself, tests).

Any model pointing at a person that no collector declares in PERSONAL_DATA_MODELS is listed
anyway, field by field (`collectors.other_records`): an app that forgets to declare its data
still has it in the export.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils.module_loading import module_has_submodule

if TYPE_CHECKING:
    from quartier.people.models import Person

Collector = Callable[["Person"], list[dict]]
ErasureHook = Callable[["Person"], None]

_collectors: dict[str, tuple[object, Collector]] = {}
_erasure_hooks: dict[str, ErasureHook] = {}
_declared_models: set[str] = set()
DISCOVERY_MODULE = "personal_data"


def _key(fn: Callable) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def register_personal_data(label: object, collector: Collector) -> None:
    """Add a section to every person's export. Registering the same function twice is harmless."""
    _collectors[_key(collector)] = (label, collector)


def register_erasure_hook(hook: ErasureHook) -> None:
    """Run `hook(person)` when that person is erased or anonymised."""
    _erasure_hooks[_key(hook)] = hook


def unregister(fn: Callable) -> None:
    """For tests that register a temporary collector or hook."""
    _collectors.pop(_key(fn), None)
    _erasure_hooks.pop(_key(fn), None)


def collect_personal_data(person: Person) -> list[tuple[str, list[dict]]]:
    """(label, records) for every registered source, in registration order, then a section
    per other model that points at the person."""
    from quartier.privacy.collectors import other_records

    sections = [(str(label), collector(person)) for label, collector in _collectors.values()]
    return sections + other_records(person, covered=_declared_models)


def run_erasure_hooks(person: Person) -> None:
    for hook in _erasure_hooks.values():
        hook(person)


def autodiscover() -> None:
    """Import `<app>.personal_data` for every installed app and register what it declares."""
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, DISCOVERY_MODULE):
            continue
        module = importlib.import_module(f"{config.name}.{DISCOVERY_MODULE}")
        for label, collector in getattr(module, "PERSONAL_DATA", []):
            register_personal_data(label, collector)
        for hook in getattr(module, "ERASURE_HOOKS", []):
            register_erasure_hook(hook)
        _declared_models.update(m.lower() for m in getattr(module, "PERSONAL_DATA_MODELS", []))
