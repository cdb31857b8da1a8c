"""The audit log: who saw or changed whose personal data, when.

An event names its target by type and id and a non-identifying label ("Personne n°12"), never by
a resident's name, so the log stays readable after that person has been anonymised.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Consultation")
        CHANGE = "change", _("Modification")
        EXPORT = "export", _("Export")
        ERASE = "erase", _("Effacement")
        ANONYMISE = "anonymise", _("Anonymisation")
        CONSENT_GIVEN = "consent_given", _("Consentement enregistré")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consentement retiré")
        LOGIN_FAILED = "login_failed", _("Échec de connexion")
        LOGIN_BLOCKED = "login_blocked", _("Connexion bloquée")
        BACKUP = "backup", _("Sauvegarde")
        RESTORE = "restore", _("Restauration")
        MERGE = "merge", _("Fusion de deux fiches")
        DELETE = "delete", _("Suppression")

    at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as typed at the time: the log must still say who acted if the account is deleted.
    user_repr = models.CharField(_("par"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("type de donnée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(_("identifiant"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("cible"), max_length=200, blank=True)
    detail = models.JSONField(_("détail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("événement du journal")
        verbose_name_plural = _("journal des accès")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_repr or '—'} {self.action} {self.target_repr}"
