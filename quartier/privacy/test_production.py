"""Production settings pass Django's deployment checklist and refuse to start half-configured."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def _quartier(args: list[str], env: dict, tmp_path) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-m", "quartier.cli", *args],
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "quartier.settings_production",
            "QUARTIER_VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.PROJECT_DIR,
    )


def test_check_deploy_reports_no_issue(tmp_path):
    result = _quartier(
        ["check", "--deploy"],
        {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "quartier.example.org"},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    # The production settings must not have invented a key file in var/.
    assert not (tmp_path / "secret_key").exists()


def test_missing_secret_key_is_a_clear_error(tmp_path):
    result = _quartier(["check"], {"ALLOWED_HOSTS": "quartier.example.org"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY manque" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_missing_allowed_hosts_is_a_clear_error(tmp_path):
    result = _quartier(["check"], {"SECRET_KEY": secrets.token_urlsafe(50)}, tmp_path)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS manque" in result.stderr


def test_base_settings_expire_sessions():
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.PRIVACY_RETENTION_DAYS == 1095


HEADERS_SCRIPT = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
plain = client.get("/connexion/")
secure = client.get("/connexion/", secure=True)
cookies = {name: dict(morsel.items()) for name, morsel in secure.cookies.items()}
print(json.dumps({
    "redirect": [plain.status_code, plain.get("Location", "")],
    "status": secure.status_code,
    "headers": dict(secure.items()),
    "cookies": cookies,
    "session": [settings.SESSION_COOKIE_AGE, settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
                settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                settings.DEBUG],
}))
"""


def test_production_answers_with_https_only_headers_and_secure_cookies(tmp_path):
    import json

    result = _quartier_python(
        HEADERS_SCRIPT,
        {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "testserver"},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["redirect"] == [301, "https://testserver/connexion/"]
    assert seen["status"] == 200
    headers = seen["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csrf = seen["cookies"]["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    assert seen["session"] == [8 * 60 * 60, True, True, True, False]


def _quartier_python(script: str, env: dict, tmp_path) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", script],
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "quartier.settings_production",
            "QUARTIER_VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.PROJECT_DIR,
    )


def test_a_session_ends_when_it_expires_and_is_not_renewed_by_activity(client, db):
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from quartier.testing.factories import make_user

    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    client.force_login(make_user("professional"))
    assert client.get("/").status_code == 200
    session = Session.objects.get()
    expires = session.expire_date
    assert abs((expires - timezone.now()) - dt.timedelta(hours=12)) < dt.timedelta(minutes=1)
    client.get("/")
    assert Session.objects.get().expire_date == expires  # activity does not extend it
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/connexion/")
