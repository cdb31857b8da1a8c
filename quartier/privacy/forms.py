from __future__ import annotations

import math
import time

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from quartier.core.forms import DATE_WIDGET
from quartier.core.net import client_ip
from quartier.privacy import throttle
from quartier.privacy.models import AuditEvent
from quartier.privacy.services import audit


class ThrottleMixin:
    """Refuse a log-in attempt while its user name or address is throttled; count failures."""

    def clean(self):
        username = (self.cleaned_data.get("username") or "")[:150]
        ip = client_ip(self.request)
        started = time.time()
        wait = throttle.start_attempt(username, ip, now=started)
        if wait:
            audit(None, AuditEvent.Action.LOGIN_BLOCKED, username=username, ip=ip)
            minutes = math.ceil(wait / 60)
            raise forms.ValidationError(
                ngettext(
                    "Trop de tentatives de connexion manquées. Par sécurité, réessayez dans "
                    "%(minutes)d minute.",
                    "Trop de tentatives de connexion manquées. Par sécurité, réessayez dans "
                    "%(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            data = super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                audit(None, AuditEvent.Action.LOGIN_FAILED, username=username, ip=ip)
            else:  # e.g. an inactive account: no password guess
                throttle.withdraw_attempt(username, ip, now=started)
            raise
        if self.get_user() is None:
            # A field left empty: Django tried no password, so nothing to count nor to clear.
            throttle.withdraw_attempt(username, ip, now=started)
        else:
            throttle.succeeded(username, ip, now=started)
        return data


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    pass


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Toutes"))] + AuditEvent.Action.choices
    )
    user = forms.CharField(label=_("Compte"), required=False, max_length=150)
    person = forms.IntegerField(label=_("N° de personne"), required=False, min_value=1)
    since = forms.DateField(label=_("Depuis le"), required=False, widget=DATE_WIDGET)
    until = forms.DateField(label=_("Jusqu'au"), required=False, widget=DATE_WIDGET)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("Cette date doit être après la date de début."))
        return data


class EraseConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme l'effacement : il est définitif."),
        error_messages={"required": _("Cochez la case pour confirmer l'effacement.")},
    )
