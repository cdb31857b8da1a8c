"""Test factories shared by the apps' tests: accounts by role."""

from __future__ import annotations

from quartier.people.models import Organisation, User

TEST_PASSWORD = "un-mot-de-passe-de-test"  # noqa: S105 (test accounts only)


def make_user(role: str = User.Role.PROFESSIONAL, username: str | None = None, **extra) -> User:
    username = username or f"{role}-user"
    if role == User.Role.PROFESSIONAL and "organisation" not in extra:
        extra["organisation"], _ = Organisation.objects.get_or_create(
            name="Caisse d'allocations familiales", defaults={"short_name": "CAF", "kind": "caf"}
        )
    user = User(username=username, role=role, **extra)
    user.set_password(TEST_PASSWORD)
    user.save()
    return user
