"""Fixtures shared by the whole suite: accounts per role, the objects most tests start from
(a territory, a resident, a consultation, a meeting, the whole demo story) and a real Chromium.

Browser tests drive Debian's Chromium through Playwright. Without /usr/bin/chromium they are
skipped on a developer's machine, and fail under CI=true: CI must run every test.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("QUARTIER_CHROMIUM", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").lower() == "true"
# Playwright's sync API keeps an event loop in the main thread; Django's ORM calls from the
# test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def require(condition: bool, reason: str) -> None:
    """Skip a test whose component is missing, or fail it in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: nothing may be skipped)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _postgres_marked_tests_need_postgresql(request):
    """A test marked `postgres` runs on PostgreSQL only: skipped elsewhere, failed under CI."""
    if request.node.get_closest_marker("postgres") is None:
        return
    from django.db import connection

    require(
        connection.vendor == "postgresql",
        "needs PostgreSQL: bin/with-postgres .venv/bin/pytest -m postgres",
    )


@pytest.fixture
def professional(db):
    from quartier.testing.factories import make_user

    return make_user("professional")


@pytest.fixture
def administrator(db):
    from quartier.testing.factories import make_user

    return make_user("administrator", is_superuser=True, is_staff=True)


@pytest.fixture
def territory(db):
    from quartier.people.models import Territory

    return Territory.objects.create(
        name="Les Montoires", slug="les-montoires", town="Gien", insee_commune="45155"
    )


@pytest.fixture
def aicha(territory):
    """A resident known by name, with no account."""
    from quartier.people.models import Person

    return Person.objects.create(display_name="Aïcha Benali", territory=territory)


@pytest.fixture
def consultation(territory):
    from quartier.consultation.models import Consultation

    return Consultation.objects.create(
        title="Mieux vivre ensemble",
        territory=territory,
        period_start=dt.date(1999, 3, 1),
        question="Qu'attendez-vous pour mieux vivre ensemble dans le quartier ?",
    )


@pytest.fixture
def meeting(territory):
    """A past public meeting, where contributions are said."""
    from django.utils import timezone

    from quartier.gatherings.models import Gathering

    return Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title="Réunion publique de mars",
        start=timezone.make_aware(dt.datetime(1999, 3, 18, 18)),
        territory=territory,
    )


@pytest.fixture
def demo(db):
    """The whole Les Montoires story (quartier/demo): every app's data, as `quartier demo`
    writes it (built once per test process, then copied: quartier/testing/demo.py)."""
    from quartier.testing.demo import load_demo

    return load_demo()


@pytest.fixture(scope="session")
def chromium():
    require(CHROMIUM.exists(), f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A phone-sized page (375 px wide) on the live server, in French."""
    context = chromium.new_context(
        viewport={"width": 375, "height": 812},
        locale="fr-FR",
        base_url=live_server.url,
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


_skipped: list[str] = []


def pytest_runtest_logreport(report) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus) -> None:
    """Under CI=true a skipped test is a failure: every component must be there."""
    if IN_CI and _skipped and exitstatus == 0:
        print(f"\nCI=true: {len(_skipped)} test(s) were skipped: " + ", ".join(_skipped[:10]))
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate limits, log-in failures and kept portraits
    of one test never reach another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_setup", "live_server"})


def _uses_database(item) -> bool:
    if item.get_closest_marker("django_db") or item.get_closest_marker("postgres"):
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items) -> None:
    """On PostgreSQL, run what touches the database: the plain-Python libraries (theme
    grouping, statistics) and the benchmarks' checks behave the same whatever the database,
    and they ran on SQLite already. This keeps the two runs of CI within its time.

    Then the heaviest tests go first: pytest-xdist deals tests out in this order, and the
    whole-project crawls (minutes each) collected last would leave one CPU working alone at
    the end while the other waits."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        kept = [item for item in items if _uses_database(item)]
        dropped = [item for item in items if not _uses_database(item)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept
    items.sort(key=_heaviness)


def _heaviness(item) -> int:
    """0 for the whole-project suites, 1 for the other slow tests, 2 for the rest (a stable
    sort keeps the collected order within each)."""
    if item.get_closest_marker("slow") is None:
        return 2
    return 0 if "quartier/tests/" in item.nodeid else 1
