from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateWindow(models.Model):
    """Recent attempts under one key (a hash: never a name or an address in clear), for rate
    limits that every server process shares. See quartier/core/ratelimit.py."""

    key = models.CharField(_("clé"), max_length=100, unique=True)
    attempts = models.JSONField(_("tentatives"), default=list)  # Unix times, oldest first
    expires_at = models.FloatField(_("expire à"), db_index=True)

    class Meta:
        verbose_name = _("fenêtre de limitation")
        verbose_name_plural = _("fenêtres de limitation")

    def __str__(self) -> str:
        return self.key
