from django.urls import path

from quartier.association.models import Entry
from quartier.association.views import (
    assemblies,
    board,
    crafts,
    home,
    identity,
    ledger,
    members,
    reports,
    subsidies,
)

app_name = "association"
urlpatterns = [
    path("", home.index, name="index"),
    path("nouvelle/", identity.create, name="create"),
    path("mon-adhesion/", home.my_membership, name="my_membership"),
    path("<int:pk>/", home.home, name="home"),
    path("<int:pk>/modifier/", identity.update, name="update"),
    # documents, premises, gifts
    path("<int:pk>/documents/", identity.documents, name="documents"),
    path("documents/<int:pk>/", identity.document, name="document"),
    path("versions/<int:pk>/telecharger/", identity.document_download, name="document_download"),
    path("<int:pk>/en-nature/", identity.in_kind, name="in_kind"),
    path("locaux/<int:pk>/modifier/", identity.loan_update, name="loan_update"),
    # members and dues
    path("<int:pk>/adherents/", members.member_list, name="members"),
    path("<int:pk>/adherents/export/", members.members_export, name="members_export"),
    path("<int:pk>/adherents/nouveau/", members.member_add, name="member_add"),
    path("adherents/<int:pk>/", members.member_detail, name="member"),
    path("adherents/<int:pk>/cotisation/", members.dues_add, name="dues_add"),
    path("adherents/<int:pk>/depart/", members.member_leave, name="member_leave"),
    path("adherents/<int:pk>/carte.pdf", members.member_card, name="member_card"),
    # board and registre spécial
    path("<int:pk>/conseil/", board.board, name="board"),
    path("mandats/<int:pk>/fin/", board.mandate_end, name="mandate_end"),
    path("<int:pk>/registre-special.pdf", board.register, name="register"),
    # general assemblies
    path("<int:pk>/assemblees/", assemblies.assembly_list, name="assemblies"),
    path("assemblees/<int:pk>/", assemblies.assembly_detail, name="assembly"),
    path("assemblees/<int:pk>/modifier/", assemblies.assembly_update, name="assembly_update"),
    path("assemblees/<int:pk>/presences/", assemblies.checkin, name="checkin"),
    path("assemblees/<int:pk>/quorum/", assemblies.quorum, name="quorum"),
    path("assemblees/<int:pk>/pouvoirs/", assemblies.proxy_add, name="proxy_add"),
    path("pouvoirs/<int:pk>/retirer/", assemblies.proxy_remove, name="proxy_remove"),
    path("assemblees/<int:pk>/resolutions/", assemblies.resolution_add, name="resolution_add"),
    path("resolutions/<int:pk>/vote/", assemblies.votes, name="votes"),
    path("assemblees/<int:pk>/convocation.pdf", assemblies.convocation, name="convocation"),
    path("assemblees/<int:pk>/proces-verbal.pdf", assemblies.minutes, name="minutes"),
    # cash book and financial years
    path("<int:pk>/caisse/", ledger.cashbook, name="cashbook"),
    path("<int:pk>/caisse/export/", ledger.cashbook_export, name="cashbook_export"),
    path(
        "<int:pk>/caisse/recette/",
        ledger.entry_add,
        {"kind": Entry.Kind.RECEIPT},
        name="receipt_add",
    ),
    path(
        "<int:pk>/caisse/depense/",
        ledger.entry_add,
        {"kind": Entry.Kind.EXPENSE},
        name="expense_add",
    ),
    path("<int:pk>/caisse/depot/", ledger.transfer_add, name="transfer_add"),
    path("ecritures/<int:pk>/", ledger.entry_detail, name="entry"),
    path("ecritures/<int:pk>/corriger/", ledger.entry_correct, name="entry_correct"),
    path("ecritures/<int:pk>/annuler/", ledger.entry_cancel, name="entry_cancel"),
    path("<int:pk>/exercices/", ledger.years, name="years"),
    path("exercices/<int:pk>/cloturer/", ledger.year_close, name="year_close"),
    path("<int:pk>/rapprochement/", ledger.bank_check, name="bank_check"),
    path("<int:pk>/categories/", ledger.categories, name="categories"),
    # reports
    path("exercices/<int:pk>/compte-de-resultat/", reports.statement, name="income_statement"),
    path(
        "exercices/<int:pk>/compte-de-resultat/export/",
        reports.statement_export,
        name="income_statement_export",
    ),
    path("exercices/<int:pk>/fec/", reports.fec, name="fec"),
    # subsidies
    path("<int:pk>/subventions/", subsidies.subsidy_list, name="subsidies"),
    path("<int:pk>/subventions/nouvelle/", subsidies.subsidy_add, name="subsidy_add"),
    path("subventions/<int:pk>/", subsidies.subsidy_detail, name="subsidy"),
    path("subventions/<int:pk>/modifier/", subsidies.subsidy_update, name="subsidy_update"),
    path("subventions/<int:pk>/budget/", subsidies.budget_line_add, name="budget_line_add"),
    path("subventions/<int:pk>/versement/", subsidies.subsidy_payment, name="subsidy_payment"),
    path("subventions/<int:pk>/compte-rendu-financier.pdf", subsidies.cerfa, name="cerfa"),
    # crafts and sales
    path("<int:pk>/artisanat/", crafts.craft_list, name="crafts"),
    path("artisanat/<int:pk>/", crafts.craft_detail, name="craft"),
    path("<int:pk>/ventes/nouvelle/", crafts.sale_add, name="sale_add"),
    path("ventes/<int:pk>/", crafts.sale_detail, name="sale"),
]
