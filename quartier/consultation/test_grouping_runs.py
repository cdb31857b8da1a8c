"""A grouping whose worker stops never blocks the team: a silent run is declared interrupted
and a new one starts at once, the team can stop a run, and a worker that starts settles what
an earlier one left. The real worker, killed mid-run, is in test_worker_killed.py."""

import datetime as dt

import pytest
from django.utils import timezone

from quartier.consultation.actions.grouping import active_run, cancel_run, start_grouping
from quartier.consultation.actions.grouping_run import (
    execute_run,
    interrupt_stopped_runs,
    stale_after,
)
from quartier.consultation.models import Consultation, Contribution, GroupingRun

pytestmark = pytest.mark.django_db

TEXTS = [
    "Le bus passe pas le dimanche",
    "Plus de bus après 19h",
    "Rien pour les ados le soir",
    "Un terrain de foot pour les jeunes",
]


@pytest.fixture
def contributions(consultation):
    return [Contribution.objects.create(consultation=consultation, text=t) for t in TEXTS]


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def running_run(consultation, *, silent_for: dt.timedelta, progress: int = 48) -> GroupingRun:
    """A run a worker took and wrote progress for, `silent_for` ago."""
    then = timezone.now() - silent_for
    return GroupingRun.objects.create(
        consultation=consultation,
        status=GroupingRun.Status.RUNNING,
        progress=progress,
        started_at=then,
        heartbeat_at=then,
    )


def test_a_run_silent_for_too_long_is_interrupted_and_a_new_one_starts_at_once(
    consultation, contributions
):
    dead = running_run(consultation, silent_for=stale_after() + dt.timedelta(seconds=5))
    assert active_run(consultation) is None
    dead.refresh_from_db()
    assert dead.status == GroupingRun.Status.INTERRUPTED and dead.progress == 48
    assert "relancer" in dead.message
    assert start_grouping(consultation).status == GroupingRun.Status.DONE


def test_a_run_that_writes_progress_is_still_running(consultation, contributions):
    alive = running_run(consultation, silent_for=stale_after() - dt.timedelta(seconds=30))
    assert active_run(consultation) == alive
    with pytest.raises(Exception, match="déjà en cours"):
        start_grouping(consultation)


def test_the_silence_allowed_is_a_setting(consultation, settings):
    run = running_run(consultation, silent_for=dt.timedelta(seconds=20))
    settings.GROUPING_STALE_SECONDS = 600
    assert active_run(consultation) == run
    settings.GROUPING_STALE_SECONDS = 10
    assert active_run(consultation) is None


def test_a_run_whose_task_failed_without_it_is_interrupted(consultation, contributions, db_tasks):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    run = start_grouping(consultation, inline=False)
    # The worker took the task and died outside the run (it never claimed it).
    DBTaskResult.objects.filter(id=run.result["task"]).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )
    assert active_run(consultation) is None
    run.refresh_from_db()
    assert run.status == GroupingRun.Status.INTERRUPTED


def test_a_queued_run_a_dead_worker_took_long_ago_is_interrupted(
    consultation, contributions, db_tasks
):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    run = start_grouping(consultation, inline=False)
    task = DBTaskResult.objects.filter(id=run.result["task"])
    task.update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    assert active_run(consultation) == run  # just taken: the worker is starting it
    task.update(started_at=timezone.now() - stale_after() - dt.timedelta(seconds=1))
    assert active_run(consultation) is None


def test_the_task_row_a_killed_worker_left_running_is_marked_failed(
    consultation, contributions, db_tasks
):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    run = start_grouping(consultation, inline=False)
    task = DBTaskResult.objects.filter(id=run.result["task"])
    task.update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    long_ago = timezone.now() - stale_after() - dt.timedelta(minutes=1)
    GroupingRun.objects.filter(pk=run.pk).update(
        status=GroupingRun.Status.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    assert interrupt_stopped_runs() == 1
    assert task.get().status == TaskResultStatus.FAILED


def test_a_worker_taking_a_task_first_settles_runs_dead_workers_left(
    consultation, contributions, territory
):
    other = Consultation.objects.create(
        title="Autre", territory=territory, period_start=dt.date(1999, 1, 1), question="?"
    )
    dead = running_run(other, silent_for=stale_after() * 2)
    queued = GroupingRun.objects.create(consultation=consultation)
    execute_run(queued.pk)
    dead.refresh_from_db()
    queued.refresh_from_db()
    assert dead.status == GroupingRun.Status.INTERRUPTED
    assert queued.status == GroupingRun.Status.DONE


def test_cancelling_a_queued_run_means_the_worker_never_starts_it(
    consultation, contributions, db_tasks
):
    run = start_grouping(consultation, inline=False)
    assert cancel_run(consultation).status == GroupingRun.Status.CANCELLED
    execute_run(run.pk)  # the worker, later
    run.refresh_from_db()
    assert run.status == GroupingRun.Status.CANCELLED and not consultation.themes.exists()
    assert start_grouping(consultation).status == GroupingRun.Status.DONE


def test_cancelling_a_running_run_stops_the_worker_at_its_next_progress(
    consultation, contributions, monkeypatch
):
    import quartier.synthesis

    real = quartier.synthesis.group_texts
    reports = []

    def cancelled_midway(texts, authors, *, progress, **options):
        def report(fraction, message):
            reports.append(fraction)
            if fraction >= 0.25 and len(reports) == 2:
                cancel_run(consultation)  # the team clicks « Arrêter » now
            progress(fraction, message)

        return real(texts, authors, progress=report, **options)

    monkeypatch.setattr(quartier.synthesis, "group_texts", cancelled_midway)
    run = start_grouping(consultation)
    assert run.status == GroupingRun.Status.CANCELLED
    assert not consultation.themes.exists()
    assert Contribution.objects.filter(placed_by_run__isnull=False).count() == 0
    assert len(reports) == 2  # it stopped at the report after the cancellation


def test_a_worker_being_shut_down_marks_its_run_interrupted(
    consultation, contributions, monkeypatch
):
    import quartier.synthesis

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # what the worker's SIGTERM handler raises

    monkeypatch.setattr(quartier.synthesis, "group_texts", interrupted)
    run = GroupingRun.objects.create(consultation=consultation)
    with pytest.raises(KeyboardInterrupt):
        execute_run(run.pk)
    run.refresh_from_db()
    assert run.status == GroupingRun.Status.INTERRUPTED


def test_progress_is_written_with_a_heartbeat(consultation, contributions):
    run = start_grouping(consultation)
    assert run.heartbeat_at is not None and run.heartbeat_at >= run.started_at


def test_the_themes_page_says_a_run_stopped_and_offers_to_start_again(
    client, professional, consultation, contributions
):
    running_run(consultation, silent_for=stale_after() * 2, progress=48)
    client.force_login(professional)
    page = client.get(f"/consultations/{consultation.pk}/themes/").content.decode()
    assert "Le regroupement s'est arrêté à 48 %" in page
    assert "Regrouper les contributions" in page  # the start button is back


def test_the_progress_block_offers_to_stop_a_run_and_stopping_it_works(
    client, professional, consultation, contributions
):
    run = running_run(consultation, silent_for=dt.timedelta(seconds=1))
    client.force_login(professional)
    block = client.get(f"/consultations/{consultation.pk}/themes/avancement/").content.decode()
    assert "Arrêter le regroupement" in block
    response = client.post(f"/consultations/{consultation.pk}/themes/arreter/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == GroupingRun.Status.CANCELLED


@pytest.mark.django_db(transaction=True)
def test_a_worker_run_writes_signs_of_life_while_a_long_step_reports_no_progress(
    consultation, contributions, settings, monkeypatch
):
    import time

    import quartier.synthesis

    settings.GROUPING_STALE_SECONDS = 0.3  # a sign of life every 0.1 s
    real = quartier.synthesis.group_texts
    seen = []

    def long_silent_step(texts, authors, *, progress, **options):
        progress(0.02, "analyse des mots")
        first = GroupingRun.objects.get().heartbeat_at
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not seen:
            time.sleep(0.05)
            if GroupingRun.objects.get().heartbeat_at > first:
                seen.append(True)
        return real(texts, authors, progress=progress, **options)

    monkeypatch.setattr(quartier.synthesis, "group_texts", long_silent_step)
    run = GroupingRun.objects.create(consultation=consultation)
    assert execute_run(run.pk, heartbeat=True).status == GroupingRun.Status.DONE
    assert seen, "no sign of life written while the engine was silent"


def test_a_sign_of_life_the_database_refused_does_not_stop_the_next_ones(settings, monkeypatch):
    import threading

    from django.db import OperationalError

    from quartier.consultation.actions import grouping_run

    settings.GROUPING_STALE_SECONDS = 0.3  # a sign of life every 0.1 s
    calls = []
    third = threading.Event()

    def locked_once(run_id):
        calls.append(run_id)
        if len(calls) == 1:
            raise OperationalError("database table is locked")
        if len(calls) == 3:
            third.set()

    monkeypatch.setattr(grouping_run, "write_sign_of_life", locked_once)
    with grouping_run._heartbeat(7):
        assert third.wait(10), "the heartbeat stopped after one refused write"
    assert calls[:3] == [7, 7, 7]
