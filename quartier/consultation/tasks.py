"""Background work of the consultation app, run by `quartier db_worker` (django-tasks-db).

Queued rows name the task by this module's path, so it stays here. It only calls the run
(`actions.grouping_run`); `actions.grouping` queues it: neither is imported back.
"""

from __future__ import annotations

from django_tasks import task

from quartier.consultation.actions.grouping_run import execute_run


@task()
def group_consultation(run_id: int) -> None:
    """Group a consultation's published contributions into themes."""
    execute_run(run_id, heartbeat=True)
