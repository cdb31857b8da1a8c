"""Run quartier under gunicorn against the test database, and fire concurrent requests at it.

Used by the concurrency tests: the real server and a real PostgreSQL on 127.0.0.1, many
requests at once, then the test counts what was stored.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the database this process uses (the test database, in a test)."""
    s = connection.settings_dict
    user = urllib.parse.quote(s.get("USER") or "")
    password = urllib.parse.quote(s.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    return f"postgres://{auth}{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


@contextmanager
def gunicorn_server(
    workers: int = 4, threads: int = 4, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Serve the project with gunicorn on 127.0.0.1, on the database the tests use; `env` adds
    environment variables (settings read from the environment)."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "QUARTIER_DEBUG": "false",
        **(env or {}),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "quartier.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--log-level=warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Generous: on a busy machine four workers importing Django take a while to answer.
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(base + "/connexion/", timeout=10)  # noqa: S310 (loopback)
                break
            except OSError:  # refused, reset or timed out while the workers start
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


class Session:
    """A logged-in browser-like session over urllib (cookies and CSRF token)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf_token(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read().decode("utf-8", errors="replace")

    def post(self, path: str, data: dict, headers: dict[str, str] | None = None) -> int:
        payload = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf_token()})
        request = urllib.request.Request(  # noqa: S310 (loopback test server)
            self.base + path,
            data=payload.encode(),
            headers={"Referer": self.base + path, "HX-Request": "true", **(headers or {})},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def login(self, username: str, password: str) -> None:
        _, html = self.get("/connexion/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token
        status = self.post("/connexion/", {"username": username, "password": password})
        assert status in (200, 302)


def concurrently(calls: list, workers: int = 50) -> list:
    """Run the callables at once from a thread pool; return their results in order."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda call: call(), calls))
