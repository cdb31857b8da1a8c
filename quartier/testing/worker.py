"""Start the real background worker (`quartier db_worker`) against the test database, as a
separate process a test may kill: what happens to a grouping when its worker dies is only
known from a real one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from quartier.testing.loadtest import database_url


@contextmanager
def db_worker(env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """A `quartier db_worker` process on the test database (PostgreSQL: the process must see
    what the test committed), stopped on exit unless the test killed it first."""
    quartier = Path(sys.executable).with_name("quartier")
    process = subprocess.Popen(
        [str(quartier), "db_worker", "--no-reload", "--no-startup-delay", "--interval=0.2"],
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "QUARTIER_DEBUG": "false",
            **(env or {}),
        },
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
