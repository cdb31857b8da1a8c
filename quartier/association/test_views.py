"""The association's pages for each role: a volunteer keeps the books, a professional reads
them, a resident sees only their own card; no page changes a recorded entry."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from quartier.association.actions import ledger
from quartier.association.actions.assemblies import create_assembly, quorum
from quartier.association.actions.members import add_member, record_dues
from quartier.association.models import DocumentVersion, DuesPayment, Entry, FinancialYear
from quartier.people.models import Person
from quartier.testing.documents import pdf_words
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def books(client, volunteer):
    client.force_login(volunteer)
    return client


@pytest.fixture
def member(association):
    person = Person.objects.create(display_name="Aïcha Benali", territory=association.territory)
    return add_member(association, person=person, joined_on=dt.date(2004, 3, 12))


@pytest.fixture
def expense(association):
    return ledger.record_money(
        association,
        kind="expense",
        date=dt.date(2005, 3, 4),
        amount=4250,
        means="cash",
        category=association.categories.get(label="Courses pour l'atelier cuisine"),
    )


def test_a_volunteer_records_a_dues_payment_and_its_receipt(books, member):
    response = books.post(
        reverse("association:dues_add", args=[member.pk]),
        {
            "year": "2005",
            "amount": "12,50",
            "paid_on": "2005-03-12",
            "method": "cheque",
            "piece_ref": "CHQ 1234",
        },
        follow=True,
    )
    assert "Cotisation 2005 de Aïcha Benali enregistrée" in response.content.decode()
    payment = DuesPayment.objects.get()
    assert payment.amount == 1250 and payment.entry.means == "bank"
    assert payment.entry.piece_ref == "CHQ 1234"


def test_a_bad_amount_is_refused_next_to_the_field(books, member):
    response = books.post(
        reverse("association:dues_add", args=[member.pk]),
        {"year": "2005", "amount": "douze", "paid_on": "2005-03-12", "method": "cash"},
    )
    assert "Tapez un montant en euros" in response.content.decode()
    assert not DuesPayment.objects.exists() and not Entry.objects.exists()


def test_a_new_member_is_someone_known_or_someone_new_not_both(books, association, member):
    known = Person.objects.create(display_name="Karim Ouali", territory=association.territory)
    url = reverse("association:member_add", args=[association.pk])
    response = books.post(url, {"person": known.pk, "name": "Zoé", "joined_on": "2005-01-01"})
    assert "pas les deux" in response.content.decode()
    books.post(url, {"name": "Zoé Nouvelle", "joined_on": "2005-01-01"})
    assert association.members.filter(person__display_name="Zoé Nouvelle").exists()


def test_no_page_changes_a_recorded_entry(books, expense):
    url = reverse("association:entry", args=[expense.pk])
    assert books.get(url).status_code == 200
    assert books.post(url, {"label": "Changé", "amount": "1"}).status_code == 405
    expense = Entry.objects.get(pk=expense.pk)
    assert (expense.label, expense.amount) == ("Courses pour l'atelier cuisine", 4250)


def test_correcting_writes_a_reversal_and_the_right_entry(books, expense, volunteer):
    response = books.post(
        reverse("association:entry_correct", args=[expense.pk]),
        {
            "date": "2005-03-04",
            "category": expense.category_id,
            "amount": "24,50",
            "means": "cash",
            "label": "Courses du 4 mars",
            "reason": "Ticket mal recopié",
        },
        follow=True,
    )
    assert "les deux restent" in response.content.decode()
    reversal = Entry.objects.get(reverses=expense)
    right = Entry.objects.get(replaces=expense)
    assert (right.amount, right.label, right.recorded_by) == (2450, "Courses du 4 mars", volunteer)
    assert Entry.objects.get(pk=expense.pk).amount == 4250  # still there, unchanged
    page = books.get(reverse("association:entry", args=[expense.pk])).content.decode()
    assert f"Annulée par l'écriture n° {reversal.number}" in page and "Ticket mal recopié" in page
    assert ledger.money_balances(expense.association, dt.date(2005, 12, 31))["530"] == -2450


def test_a_correction_without_a_reason_writes_nothing(books, expense):
    response = books.post(
        reverse("association:entry_correct", args=[expense.pk]),
        {
            "date": "2005-03-04",
            "category": expense.category_id,
            "amount": "24,50",
            "means": "cash",
            "reason": "",
        },
    )
    assert response.status_code == 200 and Entry.objects.count() == 1


def test_cancelling_an_entry_keeps_it_visible(books, expense):
    books.post(
        reverse("association:entry_cancel", args=[expense.pk]), {"reason": "Doublon"}, follow=True
    )
    page = books.get(reverse("association:cashbook", args=[expense.association_id])).content
    page = page.decode()
    assert "annulée" in page and f"annule le n° {expense.number}" in page


def test_closing_a_year_needs_a_confirmation_and_locks_it(books, expense, association):
    year = expense.financial_year
    url = reverse("association:year_close", args=[year.pk])
    books.post(url, {})
    assert not FinancialYear.objects.get(pk=year.pk).is_closed
    books.post(url, {"confirm": "on"})
    assert FinancialYear.objects.get(pk=year.pk).is_closed
    response = books.post(
        reverse("association:expense_add", args=[association.pk]),
        {"date": "2005-06-01", "category": expense.category_id, "amount": "10", "means": "cash"},
    )
    assert "est clos" in response.content.decode()
    assert not Entry.objects.filter(date=dt.date(2005, 6, 1)).exists()


def test_a_professional_reads_the_books_and_writes_nothing(client, association, expense):
    client.force_login(make_user("professional", username="claire"))
    assert client.get(reverse("association:cashbook", args=[association.pk])).status_code == 200
    assert client.get(reverse("association:expense_add", args=[association.pk])).status_code == 403
    response = client.post(
        reverse("association:entry_cancel", args=[expense.pk]), {"reason": "Essai"}
    )
    assert response.status_code == 403 and Entry.objects.count() == 1


def test_a_resident_sees_their_own_card_and_nothing_else(client, association, member):
    other = add_member(association, name="Karim Ouali", joined_on=dt.date(2005, 1, 1))
    record_dues(member, year=2005, amount=1000, paid_on=dt.date(2005, 3, 12), method="cash")
    client.force_login(make_user("resident", username="aicha", person=member.person))
    page = client.get(reverse("association:my_membership")).content.decode()
    assert "Aïcha Benali" not in page or "Membre n°" in page
    assert "Karim" not in page
    card = client.get(reverse("association:member_card", args=[member.pk]))
    assert card["Content-Type"] == "application/pdf"
    assert "Aïcha Benali" in pdf_words(card.content)
    assert client.get(reverse("association:member_card", args=[other.pk])).status_code == 403
    assert client.get(reverse("association:cashbook", args=[association.pk])).status_code == 403
    assert client.get(reverse("association:members", args=[association.pk])).status_code == 403


def test_documents_keep_every_version_and_refuse_disguised_files(
    books, association, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("association:documents", args=[association.pk])
    books.post(
        url,
        {
            "kind": "statutes",
            "title": "Statuts",
            "file": SimpleUploadedFile("statuts.pdf", b"%PDF-1.4 v1"),
        },
    )
    document = association.documents.get()
    books.post(
        reverse("association:document", args=[document.pk]),
        {
            "file": SimpleUploadedFile("statuts-2013.pdf", b"%PDF-1.4 v2"),
            "note": "Article 5 : siège social",
        },
    )
    response = books.post(
        reverse("association:document", args=[document.pk]),
        {"file": SimpleUploadedFile("page.pdf", b"<html><script>")},
    )
    assert "pas un vrai PDF" in response.content.decode()
    response = books.post(
        reverse("association:document", args=[document.pk]),
        {"file": SimpleUploadedFile("page.html", b"<html>")},
    )
    assert "Format non accepté" in response.content.decode()
    versions = DocumentVersion.objects.filter(document=document)
    assert versions.count() == 2
    download = books.get(reverse("association:document_download", args=[versions.first().pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 v2"


def test_the_income_statement_in_every_format(books, expense):
    year = expense.financial_year
    url = reverse("association:income_statement_export", args=[year.pk])
    for file_format, content_type in [
        ("csv", "text/csv"),
        ("xlsx", "application/vnd.openxmlformats"),
        ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("pdf", "application/pdf"),
    ]:
        response = books.get(url, {"format": file_format})
        assert response["Content-Type"].startswith(content_type), file_format
    text = pdf_words(books.get(url, {"format": "pdf"}).content)
    assert "Compte de résultat de l'exercice 2005" in text and "42,50" in text


def test_the_fec_download_is_named_for_the_accountant(books, expense):
    response = books.get(reverse("association:fec", args=[expense.financial_year_id]))
    assert response["Content-Disposition"] == 'attachment; filename="FEC20051231.txt"'
    assert response.content.split(b"\r\n")[0].count(b"\t") == 17


def test_checking_in_at_the_assembly_updates_the_quorum_at_once(books, association, member):
    record_dues(member, year=2005, amount=1000, paid_on=dt.date(2005, 3, 1), method="cash")
    assembly = create_assembly(
        association,
        title="AG 2005",
        start=dt.datetime(2005, 3, 12, 14, tzinfo=PARIS),
        agenda="Rapport moral",
    )
    response = books.post(
        reverse("association:checkin", args=[assembly.pk]),
        {"person": member.person_id},
        HTTP_HX_REQUEST="true",
    )
    block = response.content.decode()
    assert 'id="checkin"' in block and "1 sur place + 0 par pouvoir" in block
    assert "<html" not in block  # only the block is swapped
    assert quorum(assembly).present == 1
    poll = books.get(reverse("association:quorum", args=[assembly.pk])).content.decode()
    assert "Le quorum est atteint" in poll


def test_a_bank_statement_gap_is_shown_and_the_book_untouched(books, association, expense):
    response = books.post(
        reverse("association:bank_check", args=[association.pk]),
        {"on": "2005-12-31", "statement_balance": "10", "note": ""},
    )
    assert "Écart au 31 décembre 2005" in response.content.decode()
    assert Entry.objects.count() == 1


def test_hostile_text_is_stored_and_shown_as_text(books, association):
    label = '<script>alert("x")</script> =1+1'
    books.post(
        reverse("association:expense_add", args=[association.pk]),
        {
            "date": "2005-06-01",
            "amount": "3",
            "means": "cash",
            "label": label,
            "category": association.categories.get(label="Petit matériel").pk,
        },
    )
    entry = Entry.objects.get()
    assert entry.label == label
    page = books.get(reverse("association:entry", args=[entry.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    export = books.get(
        reverse("association:cashbook_export", args=[association.pk]),
        {"exercice": entry.financial_year_id, "format": "csv"},
    ).content.decode("utf-8-sig")
    assert "'<script>" not in export and label.replace('"', '""') in export


def test_the_pages_count_a_member_leaving_later_and_not_one_gone_or_not_yet_in(
    books, association, member
):
    today = timezone.localdate()
    for name in ("Karim Ouali", "Paul Durand"):
        leaving = add_member(association, name=name, joined_on=dt.date(2004, 1, 1))
        leaving.left_on = today + dt.timedelta(days=30)
        leaving.save()
    gone = add_member(association, name="Odile Martin", joined_on=dt.date(2004, 1, 1))
    gone.left_on = today - dt.timedelta(days=30)
    gone.save()
    add_member(association, name="Nadia Colin", joined_on=today + dt.timedelta(days=10))
    home = books.get(reverse("association:home", args=[association.pk])).content.decode()
    assert "sur 3 membres" in home  # Aïcha, Karim and Paul
    late = books.get(
        reverse("association:members", args=[association.pk]), {"statut": "en-retard"}
    ).content.decode()
    assert "Karim Ouali" in late and "Aïcha Benali" in late
    assert "Odile Martin" not in late and "Nadia Colin" not in late
