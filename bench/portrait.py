"""Time `quartier portrait` on a synthetic national commune file (35,000 rows, INSEE layout).

Run: `.venv/bin/python bench/portrait.py`. Prints the time to read the file and to build the
portrait of one commune against its département and France (also with Mayotte's cells empty,
as the Comparateur publishes them: « France hors Mayotte »), then, with the file imported into a
throw-away SQLite database, the dataset page's portrait on a first view and once kept (the
baseline is the first view, which every view cost before portraits were kept); figures go in
docs/benchmarks.md.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quartier.statistics.portrait import build_portrait  # noqa: E402
from quartier.statistics.reader import read_table  # noqa: E402
from quartier.statistics.render import render  # noqa: E402
from quartier.testing.insee import national_file  # noqa: E402


def main() -> None:
    data = national_file()
    started = time.perf_counter()
    table = read_table(data)
    read = time.perf_counter() - started
    started = time.perf_counter()
    portrait = build_portrait(table, "45155")
    built = time.perf_counter() - started
    started = time.perf_counter()
    render(portrait, "json")
    rendered = time.perf_counter() - started
    levels = ", ".join(level.level for level in portrait.levels)
    print(f"{len(table.codes)} rows, {len(data) / 1e6:.1f} MB; levels: {levels}")
    print(f"read {read:.2f} s, portrait {built:.2f} s, json {rendered:.3f} s")
    without_mayotte()
    page_views(data, "45155")


def without_mayotte() -> None:
    """The Comparateur's national file lists Mayotte's communes with empty cells: France is
    then summed over the other départements (« France hors Mayotte »)."""
    table = read_table(national_file(empty=["976"]))
    started = time.perf_counter()
    portrait = build_portrait(table, "45155")
    built = time.perf_counter() - started
    print(f"portrait against {portrait.levels[-1].name}: {built:.2f} s")


def page_views(data: bytes, code: str) -> None:
    """The portrait the dataset page shows, rebuilt from the database, then kept."""
    folder = tempfile.mkdtemp(prefix="quartier-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from quartier.diagnosis import services
    from quartier.people.models import Territory

    call_command("migrate", verbosity=0)
    territory = Territory.objects.create(name="Bench", slug="bench", town="Bench")
    started = time.perf_counter()
    dataset = services.import_dataset(territory, "France", data, "national.csv")
    imported = time.perf_counter() - started
    views = []
    for _ in range(3):
        started = time.perf_counter()
        services.dataset_portrait(dataset, code)
        views.append(time.perf_counter() - started)
    print(f"import into SQLite {imported:.1f} s")
    print(
        f"dataset page portrait: first view {views[0]:.2f} s (baseline: every view before "
        f"portraits were kept), next views {max(views[1:]) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
