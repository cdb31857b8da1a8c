"""A synthetic national commune file in INSEE's layout, for tests and benchmarks.

Plain Python, no Django (the statistics tests and `bench/portrait.py` both use it): every
département, Paris, Lyon and Marseille as whole communes and by arrondissement, `;`
separators, CRLF line endings, Latin-1, decimal commas and `s` for confidential cells, as the
Comparateur de territoires publishes them.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from quartier.statistics.areas import DEPARTEMENT_NAMES, PLM, departement_of

HEADER = (
    "CODGEO;P18_POP;P13_POP;P18_LOG;P18_RP;P18_RSECOCC;P18_LOGVAC;P18_RP_PROP;MED19;TP6019;"
    "P18_POP1564;P18_CHOM1564;P18_ACT1564"
)
VARIABLES = HEADER.split(";")[1:]


def national_file(
    rows: int = 35_000, seed: int = 7, empty: Iterable[str] = (), per: int = 360
) -> bytes:
    """A national commune file, `per` communes a département (fewer overseas); the communes
    of the départements in `empty` (e.g. "976", Mayotte in the Comparateur) are listed with
    every cell empty, as INSEE publishes them."""
    rng = random.Random(seed)
    without_data = set(empty)
    codes = [city for city in PLM] + [a for _, arrs in PLM.values() for a in arrs]
    for departement in DEPARTEMENT_NAMES:
        width = 5 - len(departement)
        count = min(per, 10**width - 1)
        codes += [f"{departement}{n:0{width}d}" for n in range(1, count + 1)]
    lines = [HEADER]
    for code in sorted(set(codes))[:rows]:
        pop = rng.uniform(50, 5000)
        if departement_of(code) in without_data:
            lines.append(code + ";" * len(VARIABLES))
            continue
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
