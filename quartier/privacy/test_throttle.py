"""Log-in throttling: repeated failures for one user name or from one address are refused."""

import pytest
from django.test import override_settings
from django.urls import reverse

from quartier.privacy import throttle
from quartier.privacy.models import AuditEvent
from quartier.testing.factories import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db
REFUSED = "Trop de tentatives de connexion manquées"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_five_failures_block_the_user_name_even_with_the_right_password(client):
    make_user("professional", username="claire")
    for _ in range(5):
        response = _login(client, "claire", "faux")
        assert response.status_code == 200
        assert REFUSED not in response.content.decode()
    response = _login(client, "Claire", TEST_PASSWORD)  # case does not dodge the counter
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed").count() == 5
    assert AuditEvent.objects.filter(action="login_blocked").count() == 1


def test_other_users_can_still_log_in_from_elsewhere(client):
    make_user("professional", username="claire")
    make_user("volunteer", username="martine")
    for _ in range(5):
        _login(client, "claire", "faux")
    response = _login(client, "martine", TEST_PASSWORD, ip="10.0.0.2")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@override_settings(LOGIN_THROTTLE_IP_ATTEMPTS=3)
def test_failures_from_one_address_block_that_address(client):
    make_user("volunteer", username="martine")
    for name in ["a", "b", "c"]:
        _login(client, name, "faux", ip="10.9.9.9")
    assert REFUSED in _login(client, "martine", TEST_PASSWORD, ip="10.9.9.9").content.decode()
    assert _login(client, "martine", TEST_PASSWORD, ip="10.1.1.1").status_code == 302


@override_settings(LOGIN_THROTTLE_IP_ATTEMPTS=3)
def test_text_that_cannot_be_a_user_name_does_not_lock_the_address(client):
    make_user("volunteer", username="martine")
    for text in ["<script>alert(1)</script>", "x' OR '1'='1", "a" * 5000, "=1+1"]:
        _login(client, text, "faux", ip="10.9.9.9")
    assert _login(client, "martine", TEST_PASSWORD, ip="10.9.9.9").status_code == 302


def test_the_block_lifts_after_the_window():
    for i in range(5):
        assert throttle.start_attempt("claire", "", now=1000.0 + i) == 0
    assert throttle.start_attempt("claire", "", now=1006.0) > 0
    assert throttle.retry_after("claire", "", now=1005.0) > 0
    # Allowed again once the oldest failure is 15 minutes old.
    assert throttle.retry_after("claire", "", now=1000.0 + 15 * 60 + 1) == 0


def test_a_success_resets_the_user_name_counter(client):
    make_user("professional", username="claire")
    for _ in range(4):
        _login(client, "claire", "faux")
    assert _login(client, "claire", TEST_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "claire", "faux")
    assert _login(client, "claire", TEST_PASSWORD).status_code == 302


def test_the_admin_log_in_is_throttled_too(client):
    make_user("administrator", username="admin", is_staff=True, is_superuser=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "admin", "password": "faux"})
    response = client.post("/admin/login/", {"username": "admin", "password": TEST_PASSWORD})
    assert REFUSED in response.content.decode()


@override_settings(LOGIN_THROTTLE_IP_HEADER="HTTP_X_FORWARDED_FOR", LOGIN_THROTTLE_IP_ATTEMPTS=3)
def test_behind_a_proxy_the_address_the_proxy_saw_is_counted(client):
    """Everyone comes from the proxy (REMOTE_ADDR); a forged X-Forwarded-For prefix is ignored."""
    for i in range(3):
        client.post(
            reverse("login"),
            {"username": f"inconnu{i}", "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, 203.0.113.7",
        )
    blocked = client.post(
        reverse("login"),
        {"username": "autre", "password": "x"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.200, 203.0.113.7",
    )
    assert REFUSED in blocked.content.decode()
    other = client.post(
        reverse("login"),
        {"username": "autre", "password": "x"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert REFUSED not in other.content.decode()


def test_an_empty_password_neither_counts_nor_clears_the_failures(client):
    """Only a real log-in clears a user name's failures: an empty password, sent between guesses,
    must not reset the counter (else the limit could be dodged forever)."""
    make_user("professional", username="claire")
    for _ in range(4):
        _login(client, "claire", "faux")
    response = _login(client, "claire", "")
    assert "Ce champ est obligatoire" in response.content.decode()
    _login(client, "claire", "faux")
    response = _login(client, "claire", TEST_PASSWORD)
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session
