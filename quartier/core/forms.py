"""Form pieces every app uses."""

from __future__ import annotations

from django import forms

# The browser's own date pickers (phone-friendly); the value format is the one they require.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
