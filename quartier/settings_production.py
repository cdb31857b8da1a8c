"""Production settings: the base settings, hardened. Select with
DJANGO_SETTINGS_MODULE=quartier.settings_production.

Required environment: SECRET_KEY (at least 50 random characters) and ALLOWED_HOSTS (comma
separated host names). quartier runs behind a reverse proxy (nginx, Caddy) that terminates
HTTPS and sets X-Forwarded-Proto; see docs/security.md.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

# Checked before importing the base settings, which would otherwise invent a key in var/.
if not os.environ.get("SECRET_KEY", "").strip():
    raise ImproperlyConfigured(
        "SECRET_KEY manque : en production, définissez la variable d'environnement SECRET_KEY "
        "(50 caractères aléatoires au moins, par exemple : "
        'python3 -c "import secrets; print(secrets.token_urlsafe(50))").'
    )
if not os.environ.get("ALLOWED_HOSTS", "").strip():
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS manque : en production, indiquez le ou les noms du serveur, séparés par "
        "des virgules (par exemple ALLOWED_HOSTS=quartier.example.org)."
    )

from quartier.settings import *  # noqa: E402, F403
from quartier.settings import VAR_DIR, _env_bool  # noqa: E402

DEBUG = False
WHITENOISE_AUTOREFRESH = False
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# HTTPS everywhere. The proxy must set X-Forwarded-Proto itself (and strip any sent by clients).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The header alone enrols nothing: a domain is preloaded only once submitted to hstspreload.org.
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
# A working day, and nothing survives closing the browser (shared computers in social centres).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True

# Several gunicorn workers must share log-in throttling counters: a file cache in var/.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}

# Logs go to stderr (journald / the container runtime keeps them). They never carry personal
# data on purpose: who saw what is recorded in the audit log (privacy app), not here.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("QUARTIER_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # Host header attacks are noise, not incidents.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "quartier": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
