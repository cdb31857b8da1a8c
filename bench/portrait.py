"""Time `quartier portrait` on a synthetic national commune file (35,000 rows, INSEE layout).

Run: `.venv/bin/python bench/portrait.py`. Prints the time to read the file and to build the
portrait of one commune against its département and France; figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import random
import sys
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


if __name__ == "__main__":
    main()
