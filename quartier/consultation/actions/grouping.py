"""Asking for a theme grouping: refused when nothing changed or a run is under way, run inside
the request for a small consultation, queued for the background worker for a large one.

The run itself is `grouping_run.execute_run`; `quartier.consultation.tasks` wraps it for the
worker. This module sits above both, so the three never import in a circle.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.consultation.actions.grouping_run import (
    execute_run,
    input_fingerprint,
    interrupt_stopped_runs,
    published,
)
from quartier.consultation.models import Consultation, GroupingRun
from quartier.consultation.tasks import group_consultation

# Up to this many published contributions the grouping runs inside the request (a few
# seconds); beyond, it is queued for the background worker (`quartier db_worker`).
INLINE_LIMIT = 300
MAX_THEMES = 30


def active_run(consultation: Consultation) -> GroupingRun | None:
    """The run queued or under way, once runs whose worker is gone are declared interrupted."""
    interrupt_stopped_runs(consultation)
    return (
        consultation.grouping_runs.filter(
            status__in=[GroupingRun.Status.QUEUED, GroupingRun.Status.RUNNING]
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def cancel_run(consultation: Consultation) -> GroupingRun | None:
    """Stop the consultation's run: a queued one is never started, a running one stops at its
    next progress report and applies nothing. Returns the run stopped, if any."""
    run = active_run(consultation)
    if run is None:
        return None
    GroupingRun.objects.filter(pk=run.pk, status=run.status).update(
        status=GroupingRun.Status.CANCELLED,
        finished_at=timezone.now(),
        message=_("Arrêté par l'équipe : rien n'a été changé."),
    )
    run.refresh_from_db()
    return run


def start_grouping(
    consultation: Consultation,
    *,
    requested_by=None,
    n_themes: int | None = None,
    inline: bool | None = None,
) -> GroupingRun:
    """Group the published contributions: at once when few, else queued for the worker.

    Raises ValidationError (French) when there is nothing to group, a run is already under
    way, or the number of themes asked is out of range.
    """
    if active_run(consultation):
        raise ValidationError(_("Un regroupement est déjà en cours."), code="busy")
    count = published(consultation).count()
    if not count:
        raise ValidationError(_("Aucune contribution publiée à regrouper."), code="empty")
    if n_themes is not None and not 2 <= n_themes <= MAX_THEMES:
        raise ValidationError(
            _("Demandez entre 2 et %(max)s thèmes, ou laissez vide.") % {"max": MAX_THEMES},
            code="n_themes",
        )
    fingerprint = input_fingerprint(consultation, n_themes)
    last = consultation.grouping_runs.filter(status=GroupingRun.Status.DONE).first()
    if last and last.result.get("fingerprint") == fingerprint:
        # The engine is deterministic: the same input would give the same themes.
        raise ValidationError(
            _("Rien n'a changé depuis le dernier regroupement : il donnerait le même résultat."),
            code="unchanged",
        )
    if inline is None:
        inline = count <= INLINE_LIMIT
    run = GroupingRun.objects.create(
        consultation=consultation,
        requested_themes=n_themes,
        requested_by=requested_by,
        message=_("En attente du programme de tâches de fond."),
    )
    if inline:
        execute_run(run.pk)
    else:
        result = group_consultation.enqueue(run.pk)
        GroupingRun.objects.filter(pk=run.pk).update(result={"task": str(result.id)})
    run.refresh_from_db()
    return run
