"""Time the evaluation's pages at size: `quartier demo --scale` data (20,000 people, 500,000
attendances, 10 territories) and the same at 1/100, on the database Django is configured for.

Run: `.venv/bin/python bench/evaluation.py` (SQLite in a throw-away folder), then
`bin/with-postgres .venv/bin/python bench/evaluation.py` (a throw-away database on the
server DATABASE_URL names). Each scale is built in a fresh database by a child process; each
page is requested three times by a logged-in professional and the best time kept. Prints one
row per page: the time at each scale and the growth ratio (full over 1/100; the data grows
100 times). Figures go in docs/benchmarks.md; no test asserts them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCALES = (1.0, 0.01)
RUNS = 3


def pages(year: int, slug: str) -> list[tuple[str, str]]:
    one = f"territory={slug}"
    return [
        ("chiffres, par année, tous territoires", "/evaluation/"),
        ("chiffres, par trimestre, un territoire", f"/evaluation/?by=quarter&{one}"),
        ("chiffres, par mois, un territoire", f"/evaluation/?by=month&{one}"),
        ("réseau, un territoire, une année", f"/evaluation/reseau/?first_year={year}&{one}"),
        ("réseau, tous territoires, deux ans (page par défaut)", "/evaluation/reseau/"),
        ("réseau, tous territoires, dix ans", f"/evaluation/reseau/?first_year={year - 8}"),
        ("personnes à rappeler", "/evaluation/a-rappeler/"),
        ("bilan annuel (page)", f"/evaluation/bilan/?{one}&year={year}"),
        ("bilan annuel (PDF)", f"/evaluation/bilan.pdf?{one}&year={year}"),
        ("données ouvertes", f"/evaluation/donnees-ouvertes/?year={year}"),
    ]


def child(scale: float) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from quartier.demo.large import SLUG_PREFIX, build_large
    from quartier.testing.factories import make_user

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    summary = build_large(scale)
    built = time.perf_counter() - started
    client = Client(SERVER_NAME="localhost")
    client.force_login(make_user("professional", username="bench"))
    year = timezone.localdate().year - 1
    results = {}
    for label, url in pages(year, f"{SLUG_PREFIX}1"):
        best = None
        for _run in range(RUNS):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            best = elapsed if best is None else min(best, elapsed)
        results[label] = best
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "scale": scale,
                "build": built,
                "attendances": summary.attendances,
                "people": summary.people,
                "pages": results,
            }
        )
    )


def _fresh_database_env(name: str) -> tuple[dict, callable]:
    """Environment for a child on a database of its own, and how to remove it after."""
    env = dict(os.environ)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        folder = tempfile.mkdtemp(prefix="quartier-bench-")
        env["QUARTIER_VAR_DIR"] = folder
        return env, lambda: subprocess.run(["rm", "-rf", folder], check=False)
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return env, drop


def main() -> None:
    runs = {}
    for scale in SCALES:
        env, cleanup = _fresh_database_env(f"bench_{str(scale).replace('.', '_')}")
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(scale)],
                env=env,
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if done.returncode:
                sys.exit(f"scale {scale} failed:\n{done.stderr}")
            out = done.stdout
        finally:
            cleanup()
        runs[scale] = json.loads(out.strip().splitlines()[-1])
    full, small = runs[SCALES[0]], runs[SCALES[1]]
    print(
        f"{full['vendor']}: {full['attendances']} attendances / {full['people']} people "
        f"(built in {full['build']:.0f} s) against {small['attendances']} / {small['people']}"
    )
    data_growth = full["attendances"] / small["attendances"]
    print(f"| page | 1/100 (s) | full (s) | growth (data x{data_growth:.0f}) |")
    print("|---|---|---|---|")
    for label, seconds in full["pages"].items():
        base = small["pages"][label]
        print(f"| {label} | {base:.3f} | {seconds:.3f} | x{seconds / base:.1f} |")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(float(sys.argv[2]))
    else:
        main()
