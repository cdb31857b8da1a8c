"""Form pieces every app uses."""

from __future__ import annotations

from django import forms

from quartier.core.http import pk_or_none

# The browser's own date pickers (phone-friendly); the value format is the one they require.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PickedField(forms.CharField):
    """The hidden id of what was picked from suggestions (a person, an author): read as text,
    so a tampered value means "nothing picked" (None), never an error on a field no one sees."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> int | None:
        return pk_or_none(value)
