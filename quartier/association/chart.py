"""The associations' chart of accounts (règlement ANC n° 2018-06), as far as a residents'
association uses it, and how plain-words categories, funders and in-kind contributions map
onto it. Plain data: no Django model, so every module reads the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

BANK = "512"
CASH = "530"
# Opening balances of a year (à-nouveaux) are set against the carried-forward result.
CARRIED_FORWARD = "110"

ACCOUNTS: dict[str, str] = {
    "110": "Report à nouveau",
    "512": "Banque",
    "530": "Caisse",
    # 60 Achats
    "6061": "Fournitures non stockables (eau, énergie)",
    "6063": "Fournitures d'entretien et de petit équipement",
    "6064": "Fournitures administratives",
    "6068": "Autres matières et fournitures",
    "607": "Achats de marchandises",
    # 61 Services extérieurs
    "6132": "Locations immobilières",
    "6135": "Locations mobilières",
    "615": "Entretien et réparations",
    "616": "Primes d'assurance",
    "618": "Divers (documentation, formations)",
    # 62 Autres services extérieurs
    "622": "Rémunérations d'intermédiaires et honoraires",
    "6231": "Annonces et insertions",
    "6236": "Catalogues et imprimés",
    "6251": "Voyages et déplacements",
    "6257": "Réceptions",
    "626": "Frais postaux et de télécommunications",
    "627": "Services bancaires et assimilés",
    "6281": "Cotisations (liées à l'activité)",
    # 63 to 68
    "63": "Impôts, taxes et versements assimilés",
    "641": "Rémunérations du personnel",
    "645": "Charges de sécurité sociale et de prévoyance",
    "6586": "Cotisations (vie statutaire)",
    "658": "Charges diverses de gestion courante",
    "661": "Charges d'intérêts",
    "671": "Charges exceptionnelles sur opérations de gestion",
    "6811": "Dotations aux amortissements",
    # 70 Ventes
    "701": "Ventes de produits finis",
    "706": "Prestations de services",
    "707": "Ventes de marchandises",
    "708": "Produits des activités annexes",
    # 74 Subventions d'exploitation, one account per kind of funder (as the Cerfa lists them)
    "741": "Subventions d'exploitation : État",
    "742": "Subventions d'exploitation : Région",
    "743": "Subventions d'exploitation : Département",
    "744": "Subventions d'exploitation : Commune et intercommunalité",
    "745": "Subventions d'exploitation : organismes sociaux",
    "746": "Subventions d'exploitation : fonds européens",
    "748": "Subventions d'exploitation : autres financeurs",
    # 75 Autres produits de gestion courante
    "7541": "Dons manuels",
    "756": "Cotisations",
    "758": "Produits divers de gestion courante",
    # 76, 77
    "768": "Autres produits financiers",
    "771": "Produits exceptionnels sur opérations de gestion",
    # 86 / 87 Contributions volontaires en nature (2018-06 numbering)
    "860": "Secours en nature",
    "8611": "Mise à disposition gratuite de locaux",
    "8612": "Mise à disposition gratuite de matériels",
    "862": "Prestations",
    "864": "Personnel bénévole",
    "870": "Dons en nature",
    "871": "Prestations en nature",
    "875": "Bénévolat",
}

MONEY_ACCOUNTS = (BANK, CASH)


def account_label(code: str) -> str:
    """The label of `code`, or of its nearest parent in the table."""
    for length in range(len(code), 0, -1):
        if code[:length] in ACCOUNTS:
            return ACCOUNTS[code[:length]]
    return code


def is_charge(code: str) -> bool:
    return code.startswith("6")


def is_product(code: str) -> bool:
    return code.startswith("7")


def is_in_kind(code: str) -> bool:
    return code.startswith(("86", "87"))


# --- Funders ------------------------------------------------------------------------------
# people.Organisation.Kind -> the 74x account of its subsidies.
FUNDER_ACCOUNTS = {
    "departement": "743",
    "town": "744",
    "caf": "745",
    "msa": "745",
}
OTHER_FUNDER_ACCOUNT = "748"


def subsidy_account(funder_kind: str) -> str:
    return FUNDER_ACCOUNTS.get(funder_kind, OTHER_FUNDER_ACCOUNT)


# --- In-kind contributions ------------------------------------------------------------------


@dataclass(frozen=True)
class InKindKind:
    key: str
    charge: str  # 86x: how the contribution was used
    product: str  # 87x: what was contributed (2018-06 numbering)
    cerfa_product: str  # the same line as the Cerfa 15059 still numbers it (old chart)


VOLUNTEERING = InKindKind("volunteering", charge="864", product="875", cerfa_product="870")
PREMISES = InKindKind("premises", charge="8611", product="871", cerfa_product="871")
GIFTS = InKindKind("gifts", charge="8612", product="870", cerfa_product="875")
IN_KIND_KINDS = (VOLUNTEERING, PREMISES, GIFTS)

# The Cerfa 15059 keeps the 1999 chart's 87x labels: 870 bénévolat, 871 prestations en nature,
# 875 dons en nature. The current chart swapped 870 and 875; lines are mapped by meaning.
CERFA_PRODUCT_IN_KIND = {
    "870": _("870 – Bénévolat"),
    "871": _("871 – Prestations en nature"),
    "875": _("875 – Dons en nature"),
}
CERFA_CHARGE_IN_KIND = {
    "860": _("860 – Secours en nature"),
    "861": _("861 – Mise à disposition gratuite de biens et prestations"),
    "862": _("862 – Prestations"),
    "864": _("864 – Personnel bénévole"),
}


def cerfa_in_kind_line(code: str) -> str:
    """The Cerfa line (old numbering) an 86x/87x account of the current chart goes on."""
    if code.startswith("87"):
        by_meaning = {k.product: k.cerfa_product for k in IN_KIND_KINDS}
        return by_meaning.get(code[:3], "871")
    return "861" if code.startswith("861") else code[:3]


# --- Groups for the Cerfa 15059 table ------------------------------------------------------
CERFA_CHARGE_GROUPS = [
    ("60", _("60 – Achats")),
    ("61", _("61 – Services extérieurs")),
    ("62", _("62 – Autres services extérieurs")),
    ("63", _("63 – Impôts et taxes")),
    ("64", _("64 – Charges de personnel")),
    ("65", _("65 – Autres charges de gestion courante")),
    ("66", _("66 – Charges financières")),
    ("67", _("67 – Charges exceptionnelles")),
    ("68", _("68 – Dotation aux amortissements")),
]
CERFA_PRODUCT_GROUPS = [
    ("70", _("70 – Ventes de produits finis, de marchandises, prestations de services")),
    ("73", _("73 – Dotations et produits de tarification")),
    ("74", _("74 – Subventions d'exploitation")),
    ("75", _("75 – Autres produits de gestion courante (dont cotisations, dons manuels)")),
    ("76", _("76 – Produits financiers")),
    ("77", _("77 – Produits exceptionnels")),
    ("78", _("78 – Reprises sur amortissements et provisions")),
]
BUDGET_GROUPS = [
    *CERFA_CHARGE_GROUPS,
    ("86", _("86 – Emplois des contributions volontaires en nature")),
    *CERFA_PRODUCT_GROUPS,
    ("87", _("87 – Contributions volontaires en nature")),
]

# --- Categories in plain words ---------------------------------------------------------------


@dataclass(frozen=True)
class DefaultCategory:
    label: str
    kind: str  # "receipt" or "expense"
    account: str
    purpose: str = ""  # "dues" or "sales": the category the app itself uses


DEFAULT_CATEGORIES = [
    DefaultCategory("Cotisations", "receipt", "756", "dues"),
    DefaultCategory("Ventes du marché de Noël", "receipt", "701", "sales"),
    DefaultCategory("Buvette (boissons achetées et revendues)", "receipt", "707"),
    DefaultCategory("Participation aux ateliers et aux sorties", "receipt", "706"),
    DefaultCategory("Subvention de la mairie", "receipt", "744"),
    DefaultCategory("Subvention du Département", "receipt", "743"),
    DefaultCategory("Subvention de la CAF", "receipt", "745"),
    DefaultCategory("Autre subvention", "receipt", "748"),
    DefaultCategory("Dons", "receipt", "7541"),
    DefaultCategory("Remboursements et recettes diverses", "receipt", "758"),
    DefaultCategory("Intérêts du livret", "receipt", "768"),
    DefaultCategory("Courses pour l'atelier cuisine", "expense", "6068"),
    DefaultCategory("Fournitures pour les ateliers (laine, tissu, perles)", "expense", "6068"),
    DefaultCategory("Petit matériel", "expense", "6063"),
    DefaultCategory("Papeterie et photocopies", "expense", "6064"),
    DefaultCategory("Location de salle", "expense", "6132"),
    DefaultCategory("Assurance", "expense", "616"),
    DefaultCategory("Affiches et tracts", "expense", "6236"),
    DefaultCategory("Fêtes, goûters et réceptions", "expense", "6257"),
    DefaultCategory("Déplacements et sorties", "expense", "6251"),
    DefaultCategory("Timbres, téléphone, internet", "expense", "626"),
    DefaultCategory("Frais de banque", "expense", "627"),
]

# Accounts a category may be mapped to, by kind, for the category form.
RECEIPT_ACCOUNTS = [code for code in ACCOUNTS if code.startswith("7")]
EXPENSE_ACCOUNTS = [code for code in ACCOUNTS if code.startswith("6")]
