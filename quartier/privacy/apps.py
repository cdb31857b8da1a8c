from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "quartier.privacy"
    label = "privacy"
    verbose_name = _("Données personnelles")
    navigation = [(_("Journal des accès"), "privacy:audit_log", "privacy.view_auditevent")]

    def ready(self) -> None:
        from django.contrib import admin

        from quartier.core.audit import audit_requested
        from quartier.privacy.forms import ThrottledAdminAuthenticationForm
        from quartier.privacy.services import audit_from_signal

        audit_requested.connect(audit_from_signal, dispatch_uid="quartier.privacy.audit")
        # The admin's log-in page is throttled like /connexion/.
        admin.site.login_form = ThrottledAdminAuthenticationForm
