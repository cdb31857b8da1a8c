"""The association's models, one module per concern."""

from quartier.association.models.assemblies import GeneralAssembly, Proxy, Resolution
from quartier.association.models.board import Mandate
from quartier.association.models.crafts import CraftItem, Sale, SaleLine
from quartier.association.models.identity import (
    Association,
    Document,
    DocumentVersion,
    InKindGift,
    PremisesLoan,
)
from quartier.association.models.ledger import (
    BankCheck,
    Category,
    Entry,
    EntryLine,
    FinancialYear,
    ImmutableRecordError,
)
from quartier.association.models.members import DuesPayment, Member
from quartier.association.models.subsidies import BudgetLine, Subsidy

__all__ = [
    "Association",
    "BankCheck",
    "BudgetLine",
    "Category",
    "CraftItem",
    "Document",
    "DocumentVersion",
    "DuesPayment",
    "Entry",
    "EntryLine",
    "FinancialYear",
    "GeneralAssembly",
    "ImmutableRecordError",
    "InKindGift",
    "Mandate",
    "Member",
    "PremisesLoan",
    "Proxy",
    "Resolution",
    "Sale",
    "SaleLine",
    "Subsidy",
]
