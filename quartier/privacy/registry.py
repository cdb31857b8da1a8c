"""Where the personal data of every app is found: each app's `personal_data.py`.

An app declares its data in its own module (see `quartier.core.personal_data`):

    # quartier/<app>/personal_data.py
    PERSONAL_DATA = [Declaration(model="app.Model", label=..., subjects=..., exported=...,
                                 left_out={...}, erasure={...}, withdrawal={...})]
    SECTIONS = [(label, collector)]   # optional: computed sections, collector(person) -> [dict]
    ERASURE_HOOKS = [hook]            # optional: hook(person), inside the erasure transaction

Privacy sits above every app but the demo on the spine and reads these modules; apps never
import privacy.
`register_section` and `register_erasure_hook` add to them from code (tests).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.module_loading import module_has_submodule

from quartier.core.personal_data import Declaration

if TYPE_CHECKING:
    from quartier.people.models import Person

Collector = Callable[["Person"], list[dict]]
ErasureHook = Callable[["Person"], None]
DISCOVERY_MODULE = "personal_data"

_extra_sections: dict[str, tuple[object, Collector]] = {}
_extra_hooks: dict[str, ErasureHook] = {}


@cache
def _modules() -> tuple:
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, DISCOVERY_MODULE):
            found.append(importlib.import_module(f"{config.name}.{DISCOVERY_MODULE}"))
    return tuple(found)


def declarations() -> list[Declaration]:
    """Every app's declarations, in the order of INSTALLED_APPS."""
    return [d for module in _modules() for d in getattr(module, "PERSONAL_DATA", [])]


def sections() -> list[tuple[object, Collector]]:
    """Computed sections of the export (label, collector), after the declared records."""
    declared = [s for module in _modules() for s in getattr(module, "SECTIONS", [])]
    return declared + list(_extra_sections.values())


def erasure_hooks() -> list[ErasureHook]:
    declared = [h for module in _modules() for h in getattr(module, "ERASURE_HOOKS", [])]
    return declared + list(_extra_hooks.values())


def holds_personal_data(model) -> bool:
    """`Person`, `User`, or a model with a relation to one of them: it needs a declaration."""
    from quartier.people.models import Person

    person_models = (Person, get_user_model())
    if model in person_models:
        return True
    return any(
        f.is_relation and not f.auto_created and f.related_model in person_models
        for f in model._meta.get_fields()
        if f.concrete or f.many_to_many
    )


def _key(fn: Callable) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def register_section(label: object, collector: Collector) -> None:
    """Add a computed section to every person's export (tests, extensions)."""
    _extra_sections[_key(collector)] = (label, collector)


def register_erasure_hook(hook: ErasureHook) -> None:
    _extra_hooks[_key(hook)] = hook


def unregister(fn: Callable) -> None:
    _extra_sections.pop(_key(fn), None)
    _extra_hooks.pop(_key(fn), None)
