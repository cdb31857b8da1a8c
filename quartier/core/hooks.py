"""Extension points declared on AppConfigs, so an upper app can show what lower apps add
without importing them (e.g. the groups app puts a "create a group" button on a theme page)."""

from __future__ import annotations

from typing import Any

from django.apps import apps


def declared(attribute: str) -> list[Any]:
    """Every entry that installed apps list under `attribute` on their AppConfig, in app order."""
    entries: list[Any] = []
    for config in apps.get_app_configs():
        entries.extend(getattr(config, attribute, []))
    return entries
