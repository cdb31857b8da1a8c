"""Settings for quartier.

Everything that differs between a laptop and a server comes from the environment, so the same
file serves `make run`, the test suite and production (see `quartier.settings_production`).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("QUARTIER_VAR_DIR", PROJECT_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Use SECRET_KEY from the environment, else a key kept in var/ so sessions survive restarts."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
DEBUG = _env_bool("QUARTIER_DEBUG", True)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    # quartier's apps, bottom to top of the spine (docs/architecture.md, checked by
    # quartier/tests/test_layering.py): an app imports only the apps listed before it.
    "quartier.core",
    "quartier.people",
    "quartier.gatherings",
    "quartier.diagnosis",
    "quartier.consultation",
    "quartier.groups",
    "quartier.activities",
    "quartier.association",
    "quartier.evaluation",
    "quartier.privacy",
    "quartier.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a log-in unless its view says @login_not_required: a new page is never
    # public by mistake (quartier.core.permissions).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "quartier.urls"
WSGI_APPLICATION = "quartier.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "quartier.core.context_processors.navigation",
            ],
        },
    },
]

# SQLite in var/ is the embedded default; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'quartier.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a background worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
# Only languages with a translation catalog in locale/: a browser asking for another language
# would otherwise get Django's own strings (dates, errors) in it around French text.
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the app folders without collectstatic, also when DEBUG is off.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "quartier@localhost")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Who answers for this installation, named in the accessibility statement (/accessibilite/):
# the body that offers quartier to its residents, and where to report an accessibility problem
# (an e-mail address or a postal address).
ACCESSIBILITY_ENTITY = os.environ.get("QUARTIER_ACCESSIBILITY_ENTITY", "")
ACCESSIBILITY_CONTACT = os.environ.get("QUARTIER_ACCESSIBILITY_CONTACT", "")

# Background work (theme grouping of large consultations) is queued in the database, so SQLite
# keeps working with no broker; `quartier db_worker` runs it (see quartier.consultation.tasks).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running grouping silent for this long (no progress written) has lost its worker: it is
# shown as interrupted and a new one may start (quartier.consultation.actions.grouping_run).
GROUPING_STALE_SECONDS = int(os.environ.get("QUARTIER_GROUPING_STALE_SECONDS", 180))

# --- Trust (privacy app) ----------------------------------------------------------------------
# Sessions end 12 hours after log-in, whatever happens (no sliding renewal): a shared computer at
# a social centre left signed in is closed by the next morning, and SQLite is not written to on
# every request. Production shortens this to 8 hours (quartier.settings_production).
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
# Log-in throttling (quartier.privacy.throttle): failed log-ins counted over a sliding window.
# The per-address limit is higher because a whole social centre often shares one public address.
LOGIN_THROTTLE_WINDOW = 15 * 60
LOGIN_THROTTLE_USERNAME_ATTEMPTS = 5
LOGIN_THROTTLE_IP_ATTEMPTS = 20
# Behind a reverse proxy, the request header holding the visitor's address (e.g. "HTTP_X_REAL_IP"),
# for log-in throttling and the public consultation form (quartier.core.net.client_ip).
LOGIN_THROTTLE_IP_HEADER = os.environ.get("LOGIN_THROTTLE_IP_HEADER", "")
# Residents not seen for this long are anonymised by `quartier retention` (see docs/security.md).
PRIVACY_RETENTION_DAYS = int(os.environ.get("PRIVACY_RETENTION_DAYS", 3 * 365))
# Routine audit events (views, failed log-ins) are kept this long; erasures and consents longer.
PRIVACY_AUDIT_RETENTION_DAYS = int(os.environ.get("PRIVACY_AUDIT_RETENTION_DAYS", 365))
BACKUP_DIR = Path(os.environ.get("QUARTIER_BACKUP_DIR", VAR_DIR / "backups"))
# --- end Trust ---------------------------------------------------------------------------------

# The evaluation publishes no count of fewer people than this (the open-data table, the
# loneliness change): INSEE's rule for data about persons is 11.
QUARTIER_MIN_COUNT = int(os.environ.get("QUARTIER_MIN_COUNT", 11))
