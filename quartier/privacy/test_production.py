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
