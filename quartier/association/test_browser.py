"""A volunteer keeps the association's books on a phone (375 px): a dues payment, a sale at the
Christmas market, a mistaken expense corrected, the year's income statement and the Cerfa 15059
printed; then people arrive at the general assembly and the quorum updates as they do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from quartier.association.actions.assemblies import create_assembly
from quartier.association.actions.identity import create_association
from quartier.association.actions.members import add_member, record_dues
from quartier.association.actions.subsidies import record_payment, report_due_date
from quartier.association.models import CraftItem, DuesPayment, Entry, Sale, Subsidy
from quartier.people.models import Organisation, Person
from quartier.testing.browser import audit_page, browser_login
from quartier.testing.documents import pdf_words, plain_words
from quartier.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def association(territory):
    association = create_association(
        name="Vivre ensemble aux Montoires",
        object="Rompre l'isolement.",
        founded_on=dt.date(2004, 3, 12),
        rna="W452001234",
        registered_office="Bâtiment C, Gien",
        territory=territory,
    )
    today = timezone.localdate()
    cg = Organisation.objects.create(name="Conseil général du Loiret", kind="departement")
    subsidy = Subsidy.objects.create(
        association=association,
        funder=cg,
        year=today.year,
        purpose="Ateliers",
        amount_asked=45_000,
        amount_granted=45_000,
        report_due_on=report_due_date(association, today.year),
    )
    record_payment(subsidy, paid_on=today, amount=45_000, means="bank")
    CraftItem.objects.create(association=association, name="Écharpe tricotée", price=1500, stock=6)
    for name in ("Aïcha Benali", "Karim Ouali", "Fatou Roche"):
        person = Person.objects.create(display_name=name, territory=territory)
        add_member(association, person=person, joined_on=dt.date(2004, 3, 12))
    return association


def test_a_volunteer_keeps_the_books_on_a_phone(page, association):
    make_user("volunteer", username="martine")
    browser_login(page, "martine")
    page.get_by_role("link", name="Association").click()
    page.get_by_role("heading", name="Vivre ensemble aux Montoires", level=1).wait_for()
    audit_page(page)

    # A dues payment, from the quick actions.
    page.get_by_role("link", name="Encaisser une cotisation").click()
    audit_page(page)
    page.get_by_role("link", name="Encaisser la cotisation de Aïcha Benali").click()
    audit_page(page)
    page.get_by_label("Montant (€)").fill("12")
    page.get_by_label("Moyen de paiement").select_option(label="Espèces")
    page.get_by_role("button", name="Enregistrer la cotisation").click()
    page.get_by_text("Cotisation", exact=False).filter(has_text="enregistrée").first.wait_for()
    audit_page(page)
    payment = DuesPayment.objects.get()
    assert payment.amount == 1200 and payment.entry.means == "cash"

    # A sale at the Christmas market: stock lowered, receipt written.
    page.goto(f"/association/{association.pk}/")
    page.get_by_role("link", name="Vente au stand").click()
    audit_page(page)
    page.get_by_role("group", name="Écharpe tricotée (6 en stock)").get_by_label("Vendus").fill("4")
    page.get_by_role("button", name="Enregistrer la vente").click()
    page.get_by_role("heading", name=f"Marché de Noël {timezone.localdate().year}").wait_for()
    audit_page(page)
    assert CraftItem.objects.get().stock == 2
    assert Sale.objects.get().entry.amount == 6000

    # A mistaken expense, then corrected: both entries stay.
    page.goto(f"/association/{association.pk}/")
    page.get_by_role("link", name="Noter une dépense").click()
    audit_page(page)
    page.get_by_label("Pour quoi").select_option(label="Courses pour l'atelier cuisine")
    page.get_by_label("Montant (€)").fill("42.50")
    page.get_by_label("Payé par").select_option(label="Caisse (espèces)")
    page.get_by_role("button", name="Enregistrer la dépense").click()
    page.get_by_role("heading", name="Livre de caisse").wait_for()
    audit_page(page)
    wrong = Entry.objects.get(kind="expense")
    page.get_by_role("link", name=f"n° {wrong.number} — Courses pour l'atelier cuisine").click()
    audit_page(page)
    page.get_by_role("link", name="Corriger").click()
    audit_page(page)
    page.get_by_label("Montant (€)").fill("24.50")
    page.get_by_label("Pourquoi corriger").fill("Ticket mal recopié : 24,50 €")
    page.get_by_role("button", name="Corriger").click()
    page.get_by_text("les deux restent dans le livre").wait_for()
    audit_page(page)
    right = Entry.objects.get(replaces=wrong)
    assert right.amount == 2450 and Entry.objects.filter(reverses=wrong).exists()
    assert Entry.objects.get(pk=wrong.pk).amount == 4250
    page.get_by_role("link", name=f"l'écriture n° {wrong.number}").click()
    page.get_by_text("Annulée par l'écriture").wait_for()
    audit_page(page)

    # The year's income statement, on screen and printed.
    page.goto(f"/association/{association.pk}/")
    page.get_by_role("link", name="Exercices, comptes de résultat et fichier FEC").click()
    audit_page(page)
    page.get_by_role("link", name=f"Compte de résultat {timezone.localdate().year}").click()
    audit_page(page)
    with page.expect_download() as printed:
        page.get_by_role("link", name="Imprimer (PDF)").click()
    text = pdf_words(Path(printed.value.path()).read_bytes())
    assert "Compte de résultat de l'exercice" in text
    assert "Excédent ou déficit" in text and "24,50 €" in text

    # The Cerfa 15059 for the Département.
    page.goto(f"/association/{association.pk}/")
    page.get_by_role("link", name="Subventions et comptes rendus financiers").click()
    audit_page(page)
    page.get_by_role("link", name="Conseil général du Loiret", exact=False).first.click()
    audit_page(page)
    with page.expect_download() as cerfa:
        page.get_by_role("link", name="Compte rendu financier, Cerfa 15059 (PDF)").click()
    text = pdf_words(Path(cerfa.value.path()).read_bytes())
    assert "Cerfa n° 15059" in text and "La subvention de 450,00 € représente" in text


def test_the_quorum_updates_as_people_arrive(page, association):
    make_user("volunteer", username="martine")
    today = timezone.localdate()
    for member in association.members.all():
        record_dues(member, year=today.year, amount=1000, paid_on=today, method="cash")
    association.quorum_percent = 50
    association.save()
    assembly = create_assembly(
        association,
        title="Assemblée générale ordinaire",
        start=timezone.now() + dt.timedelta(hours=1),
        agenda="Rapport moral\nRapport financier",
    )
    browser_login(page, "martine")
    page.goto(f"/association/assemblees/{assembly.pk}/")
    audit_page(page)
    quorum = page.locator("#quorum")
    assert "0 sur place + 0 par pouvoir" in plain_words(quorum.inner_text())
    page.get_by_role("button", name="Arrivée : Aïcha Benali").click()
    page.locator("#quorum", has_text="1 sur place").wait_for()
    assert "pas encore atteint" in quorum.inner_text()
    page.get_by_role("button", name="Arrivée : Karim Ouali").click()
    page.locator("#quorum", has_text="2 sur place").wait_for()
    assert "Le quorum est atteint" in page.locator("#quorum").inner_text()
    audit_page(page)
