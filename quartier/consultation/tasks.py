"""Background work of the consultation app, run by `quartier db_worker` (django-tasks-db)."""

from __future__ import annotations

from django_tasks import task


@task()
def group_consultation(run_id: int) -> None:
    """Group a consultation's published contributions into themes (see services.execute_run)."""
    from quartier.consultation.services import execute_run

    execute_run(run_id)
