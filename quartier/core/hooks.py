"""The one way an app shows on its pages what an app above it offers, without importing it.

The upper app declares an entry on its AppConfig (a list attribute); the lower app's view or
template reads every installed app's entries with `declared(attribute)`. The groups app puts a
"create a working group" button on consultation's theme page this way (`theme_actions`), and
every app adds its menu entries (`navigation`). See docs/architecture.md.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps


def declared(attribute: str) -> list[Any]:
    """Every entry that installed apps list under `attribute` on their AppConfig, in app order."""
    entries: list[Any] = []
    for config in apps.get_app_configs():
        entries.extend(getattr(config, attribute, []))
    return entries
