"""The hierarchy and sums up it: Paris, Lyon and Marseille once, missing never zero."""

from __future__ import annotations

import pytest

from quartier.statistics.areas import PLM, AreaTree, departement_of
from quartier.statistics.errors import AreaNotFoundError
from quartier.statistics.reader import read_table


def _national(whole_cities: bool = True, arrondissements: bool = True) -> bytes:
    """One commune of 1,000 people per département, plus Paris/Lyon/Marseille."""
    from quartier.statistics.areas import DEPARTEMENT_NAMES

    lines = ["CODGEO;P18_POP"]
    for departement in DEPARTEMENT_NAMES:
        if departement in {"75"}:
            continue
        lines.append(f"{departement}{'1' * (5 - len(departement))};1000")
    for city, (_, arrs) in PLM.items():
        if whole_cities:
            lines.append(f"{city};{100 * len(arrs)}")
        if arrondissements:
            lines += [f"{arr};100" for arr in arrs]
    return ("\n".join(lines) + "\n").encode()


def test_departement_codes():
    assert departement_of("18033") == "18"
    assert departement_of("2A004") == "2A"
    assert departement_of("97411") == "974"


def test_communes_sum_into_their_departement():
    tree = AreaTree(read_table(b"CODGEO;P18_POP\n18001;10.5\n18002;20\n36001;5\n"))
    cher = tree.departements["18"]
    assert cher.name == "Cher"
    assert tree.figure(cher, "P18_POP").value == 30.5
    assert tree.france is None  # not a national file: France is not invented
    with pytest.raises(AreaNotFoundError, match="France"):
        tree.find("FR")


def test_a_missing_count_makes_the_sum_unavailable_not_smaller():
    tree = AreaTree(read_table(b"CODGEO;P18_POP\n18001;10\n18002;s\n"))
    figure = tree.figure(tree.departements["18"], "P18_POP")
    assert figure.value is None
    assert figure.missing == 1
    assert "1 des 2 communes" in figure.missing_note("P18_POP")


def test_paris_lyon_marseille_are_counted_once_in_a_national_file():
    tree = AreaTree(read_table(_national()))
    assert tree.france is not None
    # One commune of 1,000 per département but Paris, + Paris 2,000, Lyon 900, Marseille 1,600:
    # adding the 45 arrondissements too would give 4,500 more.
    others = len(tree.departements) - 1
    assert tree.figure(tree.france, "P18_POP").value == others * 1000 + 2000 + 900 + 1600
    assert tree.figure(tree.departements["75"], "P18_POP").value == 2000
    assert tree.figure(tree.departements["69"], "P18_POP").value == 1000 + 900
    assert tree.figure(tree.departements["13"], "P18_POP").value == 1000 + 1600
    assert tree.find("75111").parent.code == "75056"


def test_arrondissements_alone_make_the_whole_city():
    tree = AreaTree(read_table(_national(whole_cities=False)))
    paris = tree.communes["75056"]
    assert paris.row is None
    assert tree.figure(paris, "P18_POP").value == 2000
    assert tree.figure(tree.departements["13"], "P18_POP").value == 1000 + 1600


def test_iris_sum_into_communes():
    text = b"IRIS;COM;P21_POP\n451550101;45155;100\n451550102;45155;250\n451600000;45160;7\n"
    tree = AreaTree(read_table(text))
    assert tree.figure(tree.communes["45155"], "P21_POP").value == 350
    assert tree.figure(tree.departements["45"], "P21_POP").value == 357
    assert tree.find("451550102").chain[-1].code == "45"


def test_rows_published_for_upper_levels_are_used_as_published():
    text = (
        "code;indicateur;valeur\n451550102;P99_POP;2100\n451550101;P99_POP;3000\n"
        "45155;P99_POP;16000\n45;P99_POP;618000\nFR;P99_POP;58500000\n"
    )
    tree = AreaTree(read_table(text.encode()))
    chain = tree.find("451550102").chain
    assert [area.level for area in chain] == ["iris", "commune", "departement", "france"]
    assert [tree.figure(area, "P99_POP").value for area in chain] == [
        2100,
        16000,
        618000,
        58500000,
    ]
    assert tree.figure(chain[1], "P99_POP").published


def test_unknown_area():
    tree = AreaTree(read_table(b"CODGEO;P18_POP\n18001;1\n"))
    with pytest.raises(AreaNotFoundError, match="ne figure pas"):
        tree.find("45155")
