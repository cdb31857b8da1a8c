"""Time `quartier portrait` on a synthetic national commune file (35,000 rows, INSEE layout).

Run: `.venv/bin/python bench/portrait.py`. Prints the time to read the file and to build the
portrait of one commune against its département and France, then, with the file imported into a
throw-away SQLite database, the dataset page's portrait on a first view and once kept (the
baseline is the first view, which every view cost before portraits were kept); figures go in
docs/benchmarks.md.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quartier.statistics.areas import DEPARTEMENT_NAMES, PLM  # noqa: E402
from quartier.statistics.portrait import build_portrait  # noqa: E402
from quartier.statistics.reader import read_table  # noqa: E402
from quartier.statistics.render import render  # noqa: E402

HEADER = (
    "CODGEO;P18_POP;P13_POP;P18_LOG;P18_RP;P18_RSECOCC;P18_LOGVAC;P18_RP_PROP;MED19;TP6019;"
    "P18_POP1564;P18_CHOM1564;P18_ACT1564"
)


def national_file(rows: int = 35_000, seed: int = 7) -> bytes:
    """A national commune file: every département, Paris/Lyon/Marseille and arrondissements."""
    rng = random.Random(seed)
    departements = list(DEPARTEMENT_NAMES)
    codes = [city for city in PLM] + [a for _, arrs in PLM.values() for a in arrs]
    per = 360  # enough for 35,000 rows once overseas (99 at most) are capped
    for departement in departements:
        width = 5 - len(departement)
        count = min(per, 10**width - 1)
        codes += [f"{departement}{n:0{width}d}" for n in range(1, count + 1)]
    lines = [HEADER]
    for code in sorted(set(codes))[:rows]:
        pop = rng.uniform(50, 5000)
        log = pop * 0.55
        rp = log * 0.8
        act = pop * 0.45
        med = "" if pop < 300 else f"{rng.randint(17000, 26000)}"
        tp = "s" if pop < 1000 else f"{rng.uniform(5, 30):.1f}".replace(".", ",")
        lines.append(
            f"{code};{pop:.4f};{pop * 1.01:.4f};{log:.4f};{rp:.4f};{log * 0.1:.4f};"
            f"{log * 0.1:.4f};{rp * 0.6:.4f};{med};{tp};{pop * 0.6:.4f};{act * 0.1:.4f};{act:.4f}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


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
    page_views(data, "45155")


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
