"""One theme-grouping run: the engine over a consultation's published contributions, its result
stored as themes. The first run creates the themes; a re-run keeps the team's curation and
only proposes changes (ThemeProposal); then every contribution is placed.

Called inside the request for a small consultation, by the background worker
(`quartier.consultation.tasks`) for a large one; never imports either caller.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.consultation.models import (
    Consultation,
    Contribution,
    GroupingRun,
    SubTheme,
    Theme,
    ThemeProposal,
)

logger = logging.getLogger(__name__)

# An engine theme with more than this share of its members in one existing theme is that theme.
OVERLAP_TO_MATCH = 0.5


def published(consultation: Consultation) -> QuerySet[Contribution]:
    return consultation.contributions.filter(state=Contribution.State.PUBLISHED).order_by("pk")


def input_fingerprint(consultation: Consultation, n_themes: int | None) -> str:
    """What a run reads: published texts and authors, and the number of themes asked."""
    rows = published(consultation).values_list("pk", "author_id", "text")
    return _fingerprint(rows, n_themes)


def _fingerprint(rows, n_themes: int | None) -> str:
    digest = hashlib.sha256(str(n_themes).encode())
    for pk, author, text in rows:
        digest.update(f"\x1e{pk}\x1f{author}\x1f{text}".encode("utf-8", "replace"))
    return digest.hexdigest()


# A running run writes a sign of life at least this often, so silence means its worker is gone.
HEARTBEAT_SECONDS = 10
# A queued run no worker has taken for this long is given up (no worker is running at all).
STALE_QUEUED = dt.timedelta(hours=2)


class RunStopped(Exception):
    """The run was cancelled, or declared interrupted, while this worker was on it."""


def stale_after() -> dt.timedelta:
    """How long a running run may stay silent before it counts as interrupted."""
    return dt.timedelta(seconds=settings.GROUPING_STALE_SECONDS)


def heartbeat_seconds() -> float:
    """How often a worker's run writes a sign of life: well within the silence allowed."""
    return min(HEARTBEAT_SECONDS, settings.GROUPING_STALE_SECONDS / 3)


def write_sign_of_life(run_id: int) -> None:
    GroupingRun.objects.filter(pk=run_id, status=GroupingRun.Status.RUNNING).update(
        heartbeat_at=timezone.now()
    )


@contextmanager
def _heartbeat(run_id: int) -> Iterator[None]:
    """Write the run's sign of life from a thread while the engine works: some of its steps
    (reading the words of thousands of contributions) report no progress for minutes."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(heartbeat_seconds()):
                try:
                    write_sign_of_life(run_id)
                except DatabaseError as error:
                    # A busy or locked database loses this beat only: the next one may pass,
                    # and a lost sign of life risks a run shown stopped, never data.
                    logger.warning("sign of life of grouping run %s not written: %s", run_id, error)
                    connection.close()
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"grouping-heartbeat-{run_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def execute_run(run_id: int, *, heartbeat: bool = False) -> GroupingRun:
    """Run the engine for a queued run, recording progress as it goes; never raises (but lets
    a worker's own shutdown through, once the run is marked interrupted).

    Every write is conditional on the run still running: the team may cancel it, or a page
    may have declared it interrupted after a long silence; the worker then stops and applies
    nothing. `heartbeat` (the worker) writes a sign of life from a thread between progress
    reports; a run inside a request is short and needs none.
    """
    from quartier.synthesis import group_texts

    # A worker taking a task first settles what dead workers left behind.
    interrupt_stopped_runs()
    run = GroupingRun.objects.select_related("consultation").get(pk=run_id)
    runs = GroupingRun.objects.filter(pk=run.pk)
    running = runs.filter(status=GroupingRun.Status.RUNNING)
    # Claim the run in one statement: a second worker (or a retry) finds it taken.
    claimed = runs.filter(status=GroupingRun.Status.QUEUED).update(
        status=GroupingRun.Status.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        progress=0,
        message=_("Lecture des contributions."),
    )
    if not claimed:
        return run
    last = {"percent": -1, "at": time.monotonic()}

    def progress(fraction: float, message: str) -> None:
        # One write per percent, or a heartbeat now and then: the page polls this row.
        percent = max(0, min(99, int(fraction * 100)))
        if percent != last["percent"] or time.monotonic() - last["at"] >= HEARTBEAT_SECONDS:
            last.update(percent=percent, at=time.monotonic())
            written = running.update(
                progress=percent, message=str(message)[:300], heartbeat_at=timezone.now()
            )
            if not written:
                raise RunStopped

    try:
        contributions = list(published(run.consultation))
        with _heartbeat(run.pk) if heartbeat else nullcontext():
            grouping = group_texts(
                [c.text for c in contributions],
                [f"person-{c.author_id}" if c.author_id else None for c in contributions],
                n_themes=run.requested_themes,
                progress=progress,
                question=run.consultation.question,
            )
        with transaction.atomic():
            # Locked: a cancellation arriving now waits, and one that came first wins.
            if not list(running.select_for_update().values_list("pk", flat=True)):
                raise RunStopped
            summary = apply_grouping(run, contributions, grouping)
            summary["fingerprint"] = _fingerprint(
                [(c.pk, c.author_id, c.text) for c in contributions], run.requested_themes
            )
            running.update(
                status=GroupingRun.Status.DONE,
                progress=100,
                finished_at=timezone.now(),
                heartbeat_at=timezone.now(),
                message=_("Terminé."),
                result={**run.result, **summary},
            )
    except RunStopped:
        logger.info("grouping run %s stopped before its end", run.pk)
    except Exception as error:
        logger.exception("grouping run %s failed", run.pk)
        running.update(
            status=GroupingRun.Status.FAILED,
            finished_at=timezone.now(),
            message=_("Le regroupement a échoué : %(error)s") % {"error": str(error)[:200]},
        )
    except BaseException:
        # The worker is being stopped (Ctrl-C, SIGTERM): say so, then let it stop.
        running.update(
            status=GroupingRun.Status.INTERRUPTED,
            finished_at=timezone.now(),
            message=_("Le programme de tâches de fond s'est arrêté pendant le regroupement."),
        )
        raise
    run.refresh_from_db()
    return run


def interrupt_stopped_runs(consultation: Consultation | None = None) -> int:
    """Declare interrupted the runs whose worker is gone, so the team can start again at once.

    A running run is gone when it has written nothing for `stale_after()` (its worker was
    killed: a SIGKILL leaves no trace but this silence) or when its task is over without it
    (the worker failed outside the run). A queued run whose task a worker took long ago but
    never started is gone too; one no worker took for `STALE_QUEUED` is given up. The task
    rows dead workers left running are marked failed. Returns how many runs were settled.
    """
    now = timezone.now()
    runs = GroupingRun.objects.filter(
        status__in=[GroupingRun.Status.QUEUED, GroupingRun.Status.RUNNING]
    )
    if consultation is not None:
        runs = runs.filter(consultation=consultation)
    silent = Q(status=GroupingRun.Status.RUNNING) & (
        Q(heartbeat_at__lt=now - stale_after())
        | Q(heartbeat_at__isnull=True, started_at__lt=now - stale_after())
    )
    gone = set(runs.filter(silent).values_list("pk", flat=True))
    for run in runs.exclude(pk__in=gone).filter(result__has_key="task"):
        if _task_is_gone(run.result.get("task"), run.status, now):
            gone.add(run.pk)
    settled = runs.filter(pk__in=gone).update(
        status=GroupingRun.Status.INTERRUPTED,
        finished_at=now,
        message=_(
            "Le programme de tâches de fond s'est arrêté avant la fin : rien n'a été changé. "
            "Vous pouvez relancer le regroupement."
        ),
    )
    if gone:
        _fail_tasks(GroupingRun.objects.filter(pk__in=gone))
    settled += runs.filter(
        status=GroupingRun.Status.QUEUED, created_at__lt=now - STALE_QUEUED
    ).update(
        status=GroupingRun.Status.FAILED,
        finished_at=now,
        message=_("Abandonné : le programme de tâches de fond ne l'a pas terminé à temps."),
    )
    return settled


def _task_result(task_id: str | None):
    if not task_id:
        return None
    from django_tasks import default_task_backend
    from django_tasks.exceptions import TaskResultDoesNotExist

    try:
        return default_task_backend.get_result(task_id)
    except (TaskResultDoesNotExist, NotImplementedError, ValueError, ValidationError):
        return None


def _task_is_gone(task_id: str | None, status: str, now: dt.datetime) -> bool:
    """The run's task ended without it, or was taken long ago and never started it."""
    from django_tasks import TaskResultStatus

    result = _task_result(task_id)
    if result is None:
        return False
    if result.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
        return True
    started = result.started_at
    return (
        status == GroupingRun.Status.QUEUED
        and result.status == TaskResultStatus.RUNNING
        and started is not None
        and started < now - stale_after()
    )


def _fail_tasks(runs: QuerySet[GroupingRun]) -> None:
    """The database backend's task rows that a killed worker left « running » for ever."""
    if not apps.is_installed("django_tasks_db"):
        return
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    ids = [run.result["task"] for run in runs if run.result.get("task")]
    DBTaskResult.objects.filter(id__in=ids, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )


def _match_themes(existing: list[Theme], contributions: list[Contribution], grouping) -> dict:
    """Engine theme id -> existing Theme (same key, a merged key, or mostly the same members)."""
    by_key: dict[str, Theme] = {}
    for theme in existing:
        for key in [theme.engine_key, *theme.engine_keys]:
            if key:
                by_key.setdefault(key, theme)
    by_pk = {theme.pk: theme for theme in existing}
    matches: dict[int, Theme | None] = {}
    for engine_theme in grouping.themes:
        target = by_key.get(engine_theme.key)
        if target is None and engine_theme.members:
            tally = Counter(
                contributions[i].theme_id
                for i in engine_theme.members
                if contributions[i].theme_id in by_pk
            )
            if tally:
                theme_pk, n = tally.most_common(1)[0]
                if n > OVERLAP_TO_MATCH * len(engine_theme.members):
                    target = by_pk[theme_pk]
        matches[engine_theme.id] = target
    return matches


def apply_grouping(run: GroupingRun, contributions: list[Contribution], grouping) -> dict:
    """Store an engine result (`grouping` for `contributions`, in the same order).

    The first run creates the themes. A re-run never overwrites the team's choices: curated
    labels, contributions placed by the team (`theme_curated`), pins, hidden themes and merges
    stay; contributions never grouped before are placed; every other change (a new theme, a new
    label, a contribution the engine would move) becomes a ThemeProposal the team accepts.
    """
    consultation = run.consultation
    existing = list(consultation.themes.all())
    _reread_placements(contributions)
    if existing:
        targets, proposals = _rerun_themes(existing, contributions, grouping)
    else:
        targets, proposals = _first_run_themes(run, contributions, grouping), []
    proposals += _place_contributions(run, contributions, grouping, targets, first_run=not existing)
    subthemes = _store_subthemes(run, contributions, grouping, targets)
    # The themes change under the team's earlier steps: they are no longer a way back.
    consultation.curation_steps.all().delete()
    # Only the latest run's suggestions are worth examining.
    consultation.theme_proposals.filter(status=ThemeProposal.Status.PENDING).delete()
    for proposal in proposals:
        proposal.consultation = consultation
        proposal.run = run
    ThemeProposal.objects.bulk_create(proposals)
    refresh_salience(consultation)
    return {
        "contributions": len(contributions),
        "themes": len(grouping.themes),
        "subthemes": subthemes,
        "other": sum(1 for a in grouping.assignments if a is None),
        "proposals": len(proposals),
    }


def _reread_placements(contributions: list[Contribution]) -> None:
    """A queued run read its contributions long ago: the team may have placed some since."""
    now = {
        pk: rest
        for pk, *rest in Contribution.objects.filter(
            pk__in=[c.pk for c in contributions]
        ).values_list("pk", "theme_id", "theme_curated", "placed_by_run_id")
    }
    for contribution in contributions:
        if contribution.pk in now:
            theme_id, curated, placed_by = now[contribution.pk]
            contribution.theme_id = theme_id
            contribution.theme_curated = curated
            contribution.placed_by_run_id = placed_by


def _first_run_themes(
    run: GroupingRun, contributions: list[Contribution], grouping
) -> dict[int, Theme]:
    """The first run: every engine theme becomes a theme, in the engine's order."""
    pks = [c.pk for c in contributions]
    return {
        engine_theme.id: Theme.objects.create(
            consultation=run.consultation,
            label=engine_theme.label[:200],
            keywords=list(engine_theme.keywords),
            engine_key=engine_theme.key[:100],
            quotes=[pks[i] for i in engine_theme.quotes],
            position=position,
            created_by_run=run,
        )
        for position, engine_theme in enumerate(grouping.themes)
    }


def _rerun_themes(
    existing: list[Theme], contributions: list[Contribution], grouping
) -> tuple[dict[int, Theme | None], list[ThemeProposal]]:
    """A re-run: each engine theme is matched to an existing theme, whose keywords and quotes
    it refreshes; a new theme or a new label is only proposed."""
    pks = [c.pk for c in contributions]
    targets = _match_themes(existing, contributions, grouping)
    proposals: list[ThemeProposal] = []
    updated: set[int] = set()
    for engine_theme in grouping.themes:
        target = targets[engine_theme.id]
        quotes = [pks[i] for i in engine_theme.quotes]
        if target is None:
            members = [pks[i] for i in engine_theme.members if not contributions[i].theme_curated]
            if members:
                proposals.append(
                    ThemeProposal(
                        kind=ThemeProposal.Kind.NEW_THEME,
                        label=engine_theme.label[:200],
                        keywords=list(engine_theme.keywords),
                        engine_key=engine_theme.key[:100],
                        contributions=members,
                        quotes=quotes,
                    )
                )
            continue
        if target.pk in updated:  # a second engine theme in a merged one: add its quotes
            target.quotes = list(dict.fromkeys([*target.quotes, *quotes]))
        else:
            updated.add(target.pk)
            target.keywords = list(engine_theme.keywords)
            target.quotes = quotes
            if not target.label_curated and target.label != engine_theme.label:
                proposals.append(
                    ThemeProposal(
                        kind=ThemeProposal.Kind.RENAME,
                        theme=target,
                        label=engine_theme.label[:200],
                    )
                )
        if not target.engine_key:
            target.engine_key = engine_theme.key[:100]
        elif engine_theme.key not in (target.engine_key, *target.engine_keys):
            target.engine_keys = [*target.engine_keys, engine_theme.key[:100]]
        target.save(update_fields=["keywords", "quotes", "engine_key", "engine_keys"])
    return targets, proposals


def _place_contributions(
    run: GroupingRun,
    contributions: list[Contribution],
    grouping,
    targets: dict[int, Theme | None],
    *,
    first_run: bool,
) -> list[ThemeProposal]:
    """Put each contribution the team has not placed in its theme (or in "other", with the
    engine's reason). A contribution an earlier run placed elsewhere is not moved: the move is
    proposed instead, one proposal per destination."""
    placed: list[Contribution] = []
    moves: dict[int | None, list[int]] = {}
    move_reasons: dict[str, str] = {}
    for index, contribution in enumerate(contributions):
        if contribution.theme_curated:
            continue
        engine_id = grouping.assignments[index]
        target = targets.get(engine_id) if engine_id is not None else None
        if engine_id is not None and target is None:
            continue  # in a proposed new theme: placed if the team accepts it
        reason = "" if target else grouping.other_reasons.get(index, "")[:500]
        target_pk = target.pk if target else None
        if first_run or contribution.placed_by_run_id is None or contribution.theme_id == target_pk:
            contribution.theme = target
            contribution.other_reason = reason
            contribution.placed_by_run = run
            placed.append(contribution)
        else:
            moves.setdefault(target_pk, []).append(contribution.pk)
            if target is None:
                move_reasons[str(contribution.pk)] = reason
    Contribution.objects.bulk_update(placed, ["theme", "other_reason", "placed_by_run"])
    themes_by_pk = {theme.pk: theme for theme in targets.values() if theme is not None}
    return [
        ThemeProposal(
            kind=ThemeProposal.Kind.MOVE,
            theme=themes_by_pk.get(target_pk),
            contributions=moved,
            reasons={pk: move_reasons[pk] for pk in map(str, moved) if pk in move_reasons},
        )
        for target_pk, moved in moves.items()
    ]


def _store_subthemes(
    run: GroupingRun, contributions: list[Contribution], grouping, targets: dict[int, Theme | None]
) -> int:
    """The engine's sub-themes of each theme it matched, replacing that theme's previous ones
    (sub-themes are the engine's detail: the team promotes one to a theme to keep it). A
    contribution gets a sub-theme only if it sits in the sub-theme's theme."""
    pks = [c.pk for c in contributions]
    themes = {theme.pk: theme for theme in targets.values() if theme is not None}
    SubTheme.objects.filter(theme__in=list(themes.values())).delete()
    by_engine_id: dict[int, SubTheme] = {}
    created = []
    for engine_theme in grouping.themes:
        target = targets.get(engine_theme.id)
        if target is None:
            continue
        for position, sub in enumerate(getattr(engine_theme, "subthemes", ())):
            subtheme = SubTheme(
                theme=target,
                label=sub.label[:200],
                keywords=list(sub.keywords),
                quotes=[pks[i] for i in sub.quotes],
                engine_key=sub.key[:100],
                position=position,
                created_by_run=run,
            )
            created.append(subtheme)
            by_engine_id[sub.id] = subtheme
    SubTheme.objects.bulk_create(created)
    changed = []
    subassignments = getattr(grouping, "subassignments", None) or [None] * len(contributions)
    for index, contribution in enumerate(contributions):
        sub = by_engine_id.get(subassignments[index]) if subassignments[index] is not None else None
        wanted = sub if sub is not None and sub.theme_id == contribution.theme_id else None
        if contribution.subtheme_id != (wanted.pk if wanted else None):
            contribution.subtheme = wanted
            changed.append(contribution)
    Contribution.objects.bulk_update(changed, ["subtheme"])
    return len(created)


def attach_subthemes(consultation: Consultation, themes: list[Theme]) -> None:
    """Give each theme `.subtheme_list`: its sub-themes, each with `.size`, the published
    contributions still in that theme; a sub-theme emptied by the team's moves is left out."""
    sizes = Counter(
        published(consultation)
        .filter(subtheme__isnull=False, subtheme__theme_id=F("theme_id"))
        .values_list("subtheme_id", flat=True)
    )
    by_theme: dict[int, list[SubTheme]] = {}
    for subtheme in SubTheme.objects.filter(theme__in=themes).order_by("position", "pk"):
        subtheme.size = sizes.get(subtheme.pk, 0)
        if subtheme.size:
            by_theme.setdefault(subtheme.theme_id, []).append(subtheme)
    for theme in themes:
        theme.subtheme_list = by_theme.get(theme.pk, [])


def refresh_salience(consultation: Consultation) -> None:
    """Salience = distinct authors among a theme's published contributions (anonymous: one each)."""
    tally = {
        row["theme"]: row["named"] + row["anonymous"]
        for row in published(consultation)
        .exclude(theme=None)
        .values("theme")
        .annotate(
            named=Count("author", distinct=True),
            anonymous=Count("pk", filter=Q(author=None)),
        )
        .order_by()
    }
    themes = list(consultation.themes.all())
    for theme in themes:
        theme.salience = tally.get(theme.pk, 0)
    Theme.objects.bulk_update(themes, ["salience"])
