"""The hierarchy IRIS -> commune -> département -> France, and sums up that hierarchy.

Rules (what a careful analyst does with a published file):

- Levels come from the codes: an IRIS belongs to its `COM`; a commune to its département (the
  first 2 characters of its code, 3 overseas: 971...976; Corsica 2A/2B).
- Paris (75056), Lyon (69123) and Marseille (13055) are counted once. When the whole commune
  has its own row, its arrondissements (75101-75120, 69381-69389, 13201-13216) are kept as
  areas below it but never added to the département. When only arrondissements are present,
  all of them, the whole commune is their sum. When only some are present and the whole
  commune is not, the whole commune cannot be given: the arrondissements present count as
  communes of their département, with a warning.
- A département is always computed from the communes present, and its note says so: a file
  does not prove it holds every commune of the département.
- France is given only by a national file: communes from at least 96 départements (the 96
  metropolitan ones, or fewer metropolitan plus the overseas ones). Otherwise it is left out,
  never extrapolated.
- A département of a national file whose communes carry no value at all for a variable that
  is summed (Mayotte in the Comparateur de territoires) is left out of France, for every
  variable so that France stays one territory, and named: « France hors Mayotte », as INSEE
  publishes it. A value missing for only some communes of a département still makes France
  unavailable for that variable.
- Missing values are never read as zero. A sum (and so a rate built on sums) over component
  areas one of which lacks the variable is unavailable, and its note says how many lacked it:
  a partial total would look like a real one and be wrong by an unknown amount.
- Published medians and rates (MED, TP60) exist only where INSEE computed them: above the
  rows of the file they are unavailable, never averaged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .errors import AreaNotFoundError
from .reader import Table, normalise_area_code

LEVELS = ("iris", "commune", "departement", "france")
NATIONAL_MIN_DEPARTEMENTS = 96
FRANCE_CODE = "FR"
# Whole commune -> (name, its municipal arrondissements).
PLM = {
    "75056": ("Paris", tuple(f"751{n:02d}" for n in range(1, 21))),
    "69123": ("Lyon", tuple(f"6938{n}" for n in range(1, 10))),
    "13055": ("Marseille", tuple(f"132{n:02d}" for n in range(1, 17))),
}
ARRONDISSEMENT_OF = {arr: city for city, (_, arrs) in PLM.items() for arr in arrs}
DEPARTEMENT_NAMES = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes", "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes",
    "09": "Ariège", "10": "Aube", "11": "Aude", "12": "Aveyron", "13": "Bouches-du-Rhône",
    "14": "Calvados", "15": "Cantal", "16": "Charente", "17": "Charente-Maritime", "18": "Cher",
    "19": "Corrèze", "2A": "Corse-du-Sud", "2B": "Haute-Corse", "21": "Côte-d'Or",
    "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne", "25": "Doubs", "26": "Drôme",
    "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère", "30": "Gard", "31": "Haute-Garonne",
    "32": "Gers", "33": "Gironde", "34": "Hérault", "35": "Ille-et-Vilaine", "36": "Indre",
    "37": "Indre-et-Loire", "38": "Isère", "39": "Jura", "40": "Landes", "41": "Loir-et-Cher",
    "42": "Loire", "43": "Haute-Loire", "44": "Loire-Atlantique", "45": "Loiret", "46": "Lot",
    "47": "Lot-et-Garonne", "48": "Lozère", "49": "Maine-et-Loire", "50": "Manche",
    "51": "Marne", "52": "Haute-Marne", "53": "Mayenne", "54": "Meurthe-et-Moselle",
    "55": "Meuse", "56": "Morbihan", "57": "Moselle", "58": "Nièvre", "59": "Nord",
    "60": "Oise", "61": "Orne", "62": "Pas-de-Calais", "63": "Puy-de-Dôme",
    "64": "Pyrénées-Atlantiques", "65": "Hautes-Pyrénées", "66": "Pyrénées-Orientales",
    "67": "Bas-Rhin", "68": "Haut-Rhin", "69": "Rhône", "70": "Haute-Saône",
    "71": "Saône-et-Loire", "72": "Sarthe", "73": "Savoie", "74": "Haute-Savoie", "75": "Paris",
    "76": "Seine-Maritime", "77": "Seine-et-Marne", "78": "Yvelines", "79": "Deux-Sèvres",
    "80": "Somme", "81": "Tarn", "82": "Tarn-et-Garonne", "83": "Var", "84": "Vaucluse",
    "85": "Vendée", "86": "Vienne", "87": "Haute-Vienne", "88": "Vosges", "89": "Yonne",
    "90": "Territoire de Belfort", "91": "Essonne", "92": "Hauts-de-Seine",
    "93": "Seine-Saint-Denis", "94": "Val-de-Marne", "95": "Val-d'Oise", "971": "Guadeloupe",
    "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte",
}  # fmt: skip
PLURALS = {"iris": "IRIS", "commune": "communes", "departement": "départements"}


def departement_of(commune_code: str) -> str:
    """The département of a commune: 2 characters (2A, 2B included), 3 overseas (97x)."""
    return commune_code[:3] if commune_code.startswith(("97", "98")) else commune_code[:2]


@dataclass(eq=False)
class Area:
    """One area of the hierarchy; `row` is its row in the table, None when it is a sum."""

    level: str
    code: str
    name: str | None = None
    row: int | None = None
    parent: Area | None = None
    children: list[Area] = field(default_factory=list)
    arrondissement: bool = False
    note: str | None = None
    # Children not added into this area's sums (France: départements without data).
    left_out: list[Area] = field(default_factory=list)

    def adopt(self, child: Area) -> None:
        child.parent = self
        self.children.append(child)

    @property
    def chain(self) -> list[Area]:
        """This area, then its parents up to the top."""
        chain, area = [], self
        while area is not None:
            chain.append(area)
            area = area.parent
        return chain

    def descendants(self) -> Iterator[Area]:
        for child in self.children:
            yield child
            yield from child.descendants()

    @property
    def counted(self) -> list[Area]:
        """The children this area is the sum of (all of them but those left out)."""
        if not self.left_out:
            return self.children
        return [child for child in self.children if child not in self.left_out]

    def members(self) -> Iterator[Area]:
        """Descendants this area is made of: those of left-out children are not in it."""
        for child in self.counted:
            yield child
            yield from child.members()


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to build, and there are many
class Figure:
    """A variable's value for one area: read from a row (`published`) or summed."""

    value: float | None
    components: int = 1
    missing: int = 0
    component_level: str | None = None  # level of the summed areas; None: read from a row

    @property
    def published(self) -> bool:
        return self.component_level is None

    def missing_note(self, variable: str) -> str:
        if self.published:
            return f"{variable} absent pour ce territoire (secret statistique ou non diffusé)."
        return (
            f"{variable} manque pour {self.missing} des {self.components} "
            f"{PLURALS[self.component_level or 'commune']} (une valeur manquante n'est pas "
            "comptée comme zéro)."
        )


class AreaTree:
    """Every area a table allows, linked child to parent, with cached sums.

    `summed`: the variables sums will be asked for (default: every column); a national file's
    département with no value for one of them is left out of France.
    """

    def __init__(self, table: Table, summed: Iterable[str] | None = None) -> None:
        self.table = table
        wanted = table.columns if summed is None else summed
        self.summed = [name for name in wanted if name in table.columns]
        self.warnings: list[str] = []
        self.iris: dict[str, Area] = {}
        self.communes: dict[str, Area] = {}
        self.departements: dict[str, Area] = {}
        self.france: Area | None = None
        self._figures: dict[tuple[Area, str], Figure] = {}
        self._build()

    def _build(self) -> None:
        table, names = self.table, self.table.names
        levels = table.levels or [table.kind] * len(table.codes)
        upper_rows: dict[str, dict[str, int]] = {"departement": {}, "france": {}}
        for row, (code, commune_code, level) in enumerate(
            zip(table.codes, table.commune_codes, levels, strict=True)
        ):
            if level in upper_rows:
                upper_rows[level][code] = row
                continue
            key = commune_code if level == "iris" else code
            commune = self.communes.get(key)
            if commune is None:
                commune = Area("commune", key, names.get(key))
                self.communes[key] = commune
            if level == "iris":
                iris = Area("iris", code, names.get(code), row=row)
                self.iris[code] = iris
                commune.adopt(iris)
            else:
                commune.row = row
        for commune in self.communes.values():
            if commune.row is None and commune.children:
                count = len(commune.children)
                commune.note = f"Somme des {count} IRIS de la commune présents dans le fichier."
            elif commune.row is not None and commune.children:
                commune.note = "Valeurs publiées pour la commune (sa propre ligne du fichier)."

        counted_once: dict[str, str] = {}  # whole commune -> how it was counted
        for city, (city_name, arrondissement_codes) in PLM.items():
            present = [self.communes[c] for c in arrondissement_codes if c in self.communes]
            for arrondissement in present:
                arrondissement.arrondissement = True
                arrondissement.note = f"Arrondissement municipal de {city_name}."
            whole = self.communes.get(city)
            if whole is None and present and len(present) == len(arrondissement_codes):
                whole = Area("commune", city, names.get(city, city_name))
                whole.note = (
                    f"Somme des {len(present)} arrondissements municipaux présents dans le fichier."
                )
                self.communes[city] = whole
                counted_once[city] = f"{city_name} : somme de ses arrondissements"
            elif whole is not None and present and whole.row is not None:
                whole.note = (
                    "Ligne de la commune entière ; ses arrondissements, aussi dans le fichier, "
                    "ne sont pas ajoutés une seconde fois."
                )
                counted_once[city] = f"{city_name} compté une fois (commune entière)"
            elif present and whole is None:
                self.warnings.append(
                    f"Seuls {len(present)} des {len(arrondissement_codes)} arrondissements de "
                    f"{city_name} figurent dans le fichier, sans la commune entière : {city_name} "
                    "n'est pas calculée et ces arrondissements comptent comme des communes."
                )
            if whole is not None:
                whole.name = whole.name or city_name
                for arrondissement in present:
                    whole.adopt(arrondissement)

        for commune in self.communes.values():
            if commune.parent is not None:
                continue
            code = departement_of(commune.code)
            departement = self.departements.get(code)
            if departement is None:
                departement = Area("departement", code, DEPARTEMENT_NAMES.get(code))
                self.departements[code] = departement
            departement.adopt(commune)

        for code, row in upper_rows["departement"].items():
            departement = self.departements.get(code)
            if departement is None:
                departement = Area("departement", code, names.get(code))
                self.departements[code] = departement
            departement.row = row
            departement.name = departement.name or names.get(code) or DEPARTEMENT_NAMES.get(code)
        national = len(self.departements) >= NATIONAL_MIN_DEPARTEMENTS
        for departement in self.departements.values():
            if departement.row is not None:
                departement.note = (
                    "Valeurs publiées pour le département (sa propre ligne du fichier)."
                )
                continue
            count = len(departement.children)
            if national:
                note = f"Somme des {count} communes du département présentes dans le fichier."
            else:
                note = (
                    f"Calculé à partir des {count} communes du fichier ; le fichier ne permet "
                    "pas de vérifier qu'il contient toutes les communes du département."
                )
            plm = [
                text
                for city, text in counted_once.items()
                if departement_of(city) == departement.code
            ]
            departement.note = note + (f" {'; '.join(plm)}." if plm else "")
        if FRANCE_CODE in upper_rows["france"]:
            self.france = Area("france", FRANCE_CODE, "France", row=upper_rows["france"]["FR"])
            for departement in self.departements.values():
                self.france.adopt(departement)
            self.france.note = "Valeurs publiées pour la France (sa propre ligne du fichier)."
        elif national:
            self.france = Area("france", FRANCE_CODE, "France")
            for departement in self.departements.values():
                self.france.adopt(departement)
            absent = sorted(set(DEPARTEMENT_NAMES) - set(self.departements))
            self.france.left_out = self._departements_without_data()
            counted = len(self.departements) - len(self.france.left_out)
            self.france.note = (
                f"Somme des communes de {counted} départements (fichier national)"
                + (f" ; départements absents : {', '.join(absent)}" if absent else "")
                + "."
            )
            if self.france.left_out:
                self.france.name = "France hors " + _names(self.france.left_out)
                self.france.note += " " + self._left_out_note(self.france.left_out)

    def _departements_without_data(self) -> list[Area]:
        """Départements none of whose communes has a value for some summed variable, when
        enough départements remain for France to stay national."""
        empty = []
        for departement in self.departements.values():
            if departement.row is not None or not departement.children:
                continue
            if any(self._without_data(departement, name) for name in self.summed):
                empty.append(departement)
        remaining = len(self.departements) - len(empty)
        if not empty or remaining < NATIONAL_MIN_DEPARTEMENTS:
            return []
        return sorted(empty, key=lambda area: area.code)

    def _without_data(self, area: Area, variable: str) -> bool:
        """No row under `area` has a value for `variable` (stops at the first that has)."""
        if area.row is not None:
            return self.table.columns[variable][area.row] is None
        return all(self._without_data(child, variable) for child in area.children)

    def _left_out_note(self, left_out: list[Area]) -> str:
        lacking = [
            name for name in self.summed if any(self._without_data(d, name) for d in left_out)
        ]
        listed = ", ".join(lacking[:4]) + (" …" if len(lacking) > 4 else "")
        verb = "n'est pas comptée" if len(left_out) == 1 else "ne sont pas comptés"
        return (
            f"{_names(left_out)} {verb} : le fichier ne donne aucune valeur pour ses communes "
            f"({listed}). Comme l'Insee, le niveau national est « France hors "
            f"{_names(left_out)} » pour tous les indicateurs."
        )

    # --- lookup ---------------------------------------------------------------------------

    def find(self, code: str) -> Area:
        """The area with this code, at the finest level that has it."""
        wanted = normalise_area_code(code)
        for areas in (self.iris, self.communes, self.departements):
            if wanted in areas:
                return areas[wanted]
        if wanted in {"FR", "FRA", "FRANCE"}:
            if self.france is not None:
                return self.france
            raise AreaNotFoundError(
                "le niveau France n'est pas disponible : le fichier n'est pas national "
                f"({self._coverage()})"
            )
        raise AreaNotFoundError(
            f"le code « {code.strip()[:20]} » ne figure pas dans le fichier ({self._coverage()})"
        )

    def _coverage(self) -> str:
        departements = sorted(self.departements)
        listed = ", ".join(departements[:5]) + (" …" if len(departements) > 5 else "")
        parts = []
        if self.iris:
            parts.append(f"{len(self.iris)} IRIS")
        parts.append(f"{len(self.communes)} communes")
        word = "département" if len(departements) == 1 else "départements"
        parts.append(f"{len(departements)} {word} : {listed}")
        return ", ".join(parts)

    def peers(self, area: Area, ancestor: Area) -> list[Area]:
        """The other areas like `area` (same level, arrondissement or not) under `ancestor`."""
        return [
            other
            for other in ancestor.members()
            if other is not area
            and other.level == area.level
            and other.arrondissement == area.arrondissement
        ]

    # --- values ---------------------------------------------------------------------------

    def figure(self, area: Area, variable: str) -> Figure:
        """The variable for `area`: its own row when it has one, else the sum of its children.

        Sums are meant for counts; the caller decides whether a variable may be summed.
        """
        if area.row is not None:  # a row of the file: nothing to cache
            return Figure(self.table.columns[variable][area.row])
        key = (area, variable)
        cached = self._figures.get(key)
        if cached is not None:
            return cached
        parts = [self.figure(child, variable) for child in area.counted]
        missing = sum(1 for part in parts if part.value is None)
        total = None if missing or not parts else math.fsum(p.value or 0.0 for p in parts)
        level = area.children[0].level if area.children else "commune"
        figure = Figure(total, len(parts), missing, level)
        self._figures[key] = figure
        return figure


def _names(areas: list[Area]) -> str:
    """'Mayotte', 'Guyane et Mayotte', 'Guadeloupe, Guyane et Mayotte'."""
    names = [area.name or area.code for area in areas]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
