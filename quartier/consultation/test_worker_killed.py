"""The real background worker killed (SIGKILL) in the middle of a grouping: within a bounded
time the themes page says the run stopped, and a new run, taken by a new worker, starts and
finishes. PostgreSQL only: the worker is another process, it must see the test's data."""

from __future__ import annotations

import random
import signal
import time

import pytest

from quartier.consultation.actions.grouping import start_grouping
from quartier.consultation.models import Contribution, GroupingRun
from quartier.testing.worker import db_worker

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SUBJECTS = ["le bus", "la poste", "les jeunes", "le terrain de foot", "le marché"]
SAYINGS = [
    "il faudrait s'occuper de {s} le soir",
    "{s} ne passe pas assez souvent",
    "on aimerait plus d'activités avec {s}",
    "rien ne va avec {s} depuis des années",
]
# Few rows: the run goes to the worker because the test asks it (inline=False), and reading
# the words (loading spaCy) keeps it at a few percent for seconds: time to kill it there.
ROWS = 60
# The silence allowed, for the test's pages and the workers alike (minutes in production).
STALE_SECONDS = 3
# Bounds for each wait, generous on a busy 2-CPU machine; never a timing asserted.
WORKER_TAKES_IT = 60
PAGE_SAYS_STOPPED = 30
NEW_RUN_FINISHES = 90


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    pytest.fail(f"{what}: not within {seconds} s")


def refreshed(run: GroupingRun) -> GroupingRun:
    run.refresh_from_db()
    return run


def test_a_worker_killed_mid_run_is_seen_stopped_and_a_new_run_finishes(
    client, professional, consultation, settings
):
    settings.GROUPING_STALE_SECONDS = STALE_SECONDS
    worker_env = {"QUARTIER_GROUPING_STALE_SECONDS": str(STALE_SECONDS)}
    rng = random.Random(16)
    Contribution.objects.bulk_create(
        Contribution(
            consultation=consultation,
            text=f"{rng.choice(SAYINGS).format(s=rng.choice(SUBJECTS))} ({index})",
        )
        for index in range(ROWS)
    )
    client.force_login(professional)
    themes_page = f"/consultations/{consultation.pk}/themes/"

    with db_worker(worker_env) as worker:
        run = start_grouping(consultation, requested_by=professional, inline=False)
        assert run.status == GroupingRun.Status.QUEUED
        wait_for(
            lambda: refreshed(run).status == GroupingRun.Status.RUNNING and run.progress >= 2,
            WORKER_TAKES_IT,
            "the worker starts the run",
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    killed_at = refreshed(run).progress
    assert run.status == GroupingRun.Status.RUNNING and 2 <= killed_at < 100

    page = wait_for(
        lambda: (
            "Le regroupement s'est arrêté" in (html := client.get(themes_page).content.decode())
            and html
        ),
        PAGE_SAYS_STOPPED,
        "the page says the run stopped",
    )
    assert f"arrêté à {killed_at} %" in page and "Regrouper les contributions" in page
    assert refreshed(run).status == GroupingRun.Status.INTERRUPTED
    assert not consultation.themes.exists()  # nothing half applied

    with db_worker(worker_env):
        again = start_grouping(consultation, requested_by=professional, inline=False)
        wait_for(lambda: not refreshed(again).is_active, NEW_RUN_FINISHES, "the new run finishes")
    assert again.status == GroupingRun.Status.DONE, again.message
    assert consultation.themes.exists()
    assert "Dernier regroupement" in client.get(themes_page).content.decode()
