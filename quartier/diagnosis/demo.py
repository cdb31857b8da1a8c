"""Demo step: a diagnosis of Les Montoires beside Gien, the Loiret and France (1999).

The figures are ILLUSTRATIVE: invented to be plausible for a 1999 social-housing neighbourhood
(many young people and single-parent families, few owners and cars, high unemployment) and
for its town, département and country at the 1999 census; the dataset is flagged
`illustrative` and every page showing it says so. They are stored through the same importer
as a real file, in the generic long format (code, indicator, year, value, source, name).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from quartier.diagnosis.models import LocalFact
from quartier.diagnosis.services import import_dataset
from quartier.people.models import User

SOURCE = "Valeurs d'illustration (fictives), ordre de grandeur du recensement 1999"
MONTOIRES = "451550102"
# Variable -> share of the population (or of main residences, dwellings, families).
OTHER_IRIS = {
    "451550101": "Centre-ville",
    "451550103": "Les Champs de la Ville",
    "451550104": "Berry - Gare",
    "451550105": "Arrabloy",
    "451550106": "Vieille Route",
}


def _area(pop: float, shares: dict[str, float]) -> dict[str, float]:
    """Counts from a population and shares, the way the census publishes them."""
    rp = pop * shares["rp"]
    log = rp * shares["log"]
    act = pop * shares["act"]
    families = pop * 0.27
    return {
        "P99_POP": pop,
        "P99_POP0014": pop * shares["young"],
        "P99_POP65P": pop * shares["old"],
        "P99_POP_ETR": pop * shares["foreign"],
        "P99_ACT1564": act,
        "P99_CHOM1564": act * shares["unemployed"],
        "P99_RP": rp,
        "P99_RP_PROP": rp * shares["owners"],
        "P99_RP_LOCHLMV": rp * shares["hlm"],
        "P99_RP_VOIT1P": rp * shares["car"],
        "P99_LOG": log,
        "P99_LOGVAC": log * shares["vacant"],
        "P99_RSECOCC": log * shares["secondary"],
        "C99_FAM": families,
        "C99_FAMMONO": families * shares["single_parent"],
    }


def demo_file(rng: random.Random) -> bytes:
    rows: list[tuple[str, str, dict[str, float]]] = []
    montoires = _area(
        2410,
        {"young": 0.27, "old": 0.08, "foreign": 0.14, "act": 0.44, "unemployed": 0.285,
         "rp": 0.37, "owners": 0.07, "hlm": 0.86, "car": 0.61, "log": 1.10, "vacant": 0.085,
         "secondary": 0.004, "single_parent": 0.23},
    )  # fmt: skip
    montoires.update(MED99=9600, TP6099=39)
    rows.append((MONTOIRES, "Les Montoires", montoires))
    for code, name in OTHER_IRIS.items():
        values = _area(
            rng.randint(2300, 3300),
            {"young": rng.uniform(0.15, 0.19), "old": rng.uniform(0.18, 0.26),
             "foreign": rng.uniform(0.02, 0.05), "act": rng.uniform(0.42, 0.47),
             "unemployed": rng.uniform(0.08, 0.12), "rp": rng.uniform(0.41, 0.45),
             "owners": rng.uniform(0.52, 0.72), "hlm": rng.uniform(0.04, 0.2),
             "car": rng.uniform(0.8, 0.9), "log": rng.uniform(1.06, 1.14),
             "vacant": rng.uniform(0.05, 0.09), "secondary": rng.uniform(0.01, 0.04),
             "single_parent": rng.uniform(0.09, 0.13)},
        )  # fmt: skip
        values.update(MED99=rng.randint(13800, 16500), TP6099=rng.randint(8, 14))
        rows.append((code, name, values))
    iris_rows = [values for _, _, values in rows]
    gien = {name: round(sum(v[name] for v in iris_rows), 3) for name in iris_rows[0]}
    gien.update(MED99=13900, TP6099=17)
    rows.append(("45155", "Gien", gien))
    loiret = _area(
        618126,
        {"young": 0.19, "old": 0.155, "foreign": 0.05, "act": 0.46, "unemployed": 0.109,
         "rp": 0.405, "owners": 0.6, "hlm": 0.15, "car": 0.86, "log": 1.12, "vacant": 0.07,
         "secondary": 0.035, "single_parent": 0.11},
    )  # fmt: skip
    loiret.update(MED99=15100, TP6099=11)
    rows.append(("45", "Loiret", loiret))
    france = _area(
        58518395,
        {"young": 0.186, "old": 0.16, "foreign": 0.056, "act": 0.455, "unemployed": 0.129,
         "rp": 0.41, "owners": 0.547, "hlm": 0.165, "car": 0.797, "log": 1.2, "vacant": 0.069,
         "secondary": 0.101, "single_parent": 0.124},
    )  # fmt: skip
    france.update(MED99=14900, TP6099=13)
    rows.append(("FR", "France", france))
    lines = ["code;nom;indicateur;annee;valeur;source"]
    for code, name, values in rows:
        for variable, value in values.items():
            number = f"{value:.3f}".rstrip("0").rstrip(".").replace(".", ",")
            lines.append(f"{code};{name};{variable};1999;{number};{SOURCE}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def build_diagnosis(story, rng: random.Random) -> None:
    territory = story.territory
    author = User.objects.filter(username="claire").first()
    story.diagnosis = import_dataset(
        territory,
        "Les Montoires, Gien, le Loiret et la France en 1999 (illustration)",
        demo_file(rng),
        "montoires-1999-illustration.csv",
        author,
        illustrative=True,
    )
    for label, value, unit, source, day in [
        ("Bus par jour vers le centre-ville (en semaine)", "4", "bus",
         "Fiche horaire du réseau départemental", dt.date(1999, 9, 6)),
        ("Bus le dimanche", "0", "bus", "Fiche horaire du réseau départemental",
         dt.date(1999, 9, 6)),
        ("Temps à pied jusqu'au premier commerce alimentaire", "25", "minutes",
         "Relevé de terrain de l'équipe", dt.date(1999, 10, 12)),
        ("Temps à pied jusqu'au bureau de poste", "35", "minutes",
         "Relevé de terrain de l'équipe", dt.date(1999, 10, 12)),
    ]:  # fmt: skip
        LocalFact.objects.create(
            territory=territory,
            label=label,
            value=Decimal(value),
            unit=unit,
            source=source,
            observed_on=day,
            created_by=author,
        )
