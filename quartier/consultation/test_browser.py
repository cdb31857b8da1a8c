"""A social worker types what residents said, imports a flip-chart transcript, moderates the
public form and exports everything, on a phone-sized screen."""

from pathlib import Path

import pytest

from quartier.consultation.models import Consultation, Contribution
from quartier.gatherings.models import Attendance
from quartier.people.models import Person
from quartier.testing.browser import audit_page, browser_login, screenshot
from quartier.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FOCUS_ON_TEXT_BOX = "document.activeElement && document.activeElement.id === 'capture-text'"


def test_live_capture_of_five_contributions(page, consultation, meeting, territory):
    make_user("professional", username="claire")
    aicha = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    Attendance.objects.create(gathering=meeting, person=aicha)
    browser_login(page, "claire")
    page.get_by_role("link", name="Consultations").click()
    audit_page(page)
    page.get_by_role("link", name="Mieux vivre ensemble").click()
    audit_page(page)
    page.get_by_role("link", name="Saisie en direct").click()
    page.get_by_label("Rencontre").select_option(label="18 mars 1999 — Réunion publique de mars")
    page.get_by_role("button", name="Choisir").click()
    page.get_by_text("Rencontre : Réunion publique de mars").wait_for()
    audit_page(page)

    box = page.get_by_label("Ce qui a été dit")
    page.get_by_label("Type").select_option(label="Problème")
    said = [
        "Le bus passe pas le dimanche",
        "Rien pour les ados",
        "La poste est trop loin",
        "On se connait pas entre voisins",
    ]
    for number, text in enumerate(said, start=1):
        box.fill(text)
        box.press("Enter")
        page.get_by_role("status").filter(
            has_text=f"Contribution n° {number} enregistrée"
        ).wait_for()
        assert box.input_value() == ""
        page.wait_for_function(FOCUS_ON_TEXT_BOX)
    # Shift+Enter is a new line; the kind stays as chosen; an author picked from suggestions.
    box.fill("Un local")
    box.press("Shift+Enter")
    box.press_sequentially("pour se retrouver")
    page.get_by_label("Qui ? (vide : anonyme)").fill("aïch")
    page.get_by_role("button", name="Aïcha Benali").click()
    page.locator(".chosen-author", has_text="Aïcha Benali").wait_for()
    page.wait_for_function(FOCUS_ON_TEXT_BOX)
    audit_page(page)
    page.get_by_label("Ce qui a été dit").press("Enter")
    page.get_by_role("status").filter(has_text="Contribution n° 5 enregistrée").wait_for()
    # Back to anonymous for the next one, the kind kept.
    page.get_by_label("Qui ? (vide : anonyme)").wait_for()
    assert page.get_by_label("Type").input_value() == "problem"
    audit_page(page)

    contributions = list(consultation.contributions.order_by("pk"))
    assert [c.text for c in contributions] == [*said, "Un local\npour se retrouver"]
    assert all(c.kind == "problem" and c.gathering == meeting for c in contributions)
    assert contributions[-1].author == aicha
    assert all(c.author is None for c in contributions[:-1])
    items = page.locator(".captured-item")
    assert items.first.inner_text().startswith("Un local")  # newest first

    # Remove one, edit another.
    page.get_by_role("button", name="Supprimer « Rien pour les ados »").click()
    page.get_by_role("status").filter(has_text="Contribution supprimée.").wait_for()
    assert not consultation.contributions.filter(text="Rien pour les ados").exists()
    page.get_by_role("link", name="Modifier « La poste est trop loin »").click()
    audit_page(page)
    page.get_by_label("Texte").fill("La poste est trop loin, et la CAF aussi")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Saisie en direct").wait_for()
    assert consultation.contributions.filter(text__endswith="la CAF aussi").exists()


CSV_WITH_A_BAD_ROW = (
    "Texte;Nom;Type;Tranche d'âge\n"
    "Plus de bus le dimanche;Aïcha Benali;problème;plus de 60 ans\n"
    "Un local pour se retrouver;;souhait bizarre;\n"
    "Rien pour les jeunes;Zoé Nouvelle;;18-25\n"
)


def test_import_a_csv_with_one_bad_row_then_the_fixed_file(page, consultation, territory):
    make_user("volunteer", username="martine")
    Person.objects.create(display_name="Aïcha Benali", territory=territory)
    browser_login(page, "martine")
    page.goto(f"/consultations/{consultation.pk}/")
    page.get_by_role("link", name="Importer un tableau").click()
    audit_page(page)
    page.get_by_label("Fichier").set_input_files(
        {"name": "tableau.csv", "mimeType": "text/csv", "buffer": bytes(range(256)) * 4}
    )
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_text("Ce fichier ne ressemble pas à un tableau CSV").wait_for()
    audit_page(page)

    page.get_by_label("Fichier").set_input_files(
        {"name": "tableau.csv", "mimeType": "text/csv", "buffer": CSV_WITH_A_BAD_ROW.encode()}
    )
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_role("heading", name="Importer : vérifier les colonnes").wait_for()
    audit_page(page)
    # Sensible guesses: the text, the author's name, the kind and the age band.
    assert page.get_by_label("Colonne du texte").input_value() == "0"
    assert page.get_by_label("Colonne de l'auteur (nom)").input_value() == "1"
    assert page.get_by_label("Colonne du type").input_value() == "2"
    assert page.get_by_label("Colonne de la tranche d'âge").input_value() == "3"
    page.get_by_role("button", name="Importer").click()
    report = page.get_by_role("region", name="Problèmes trouvés")
    report.wait_for()
    assert "Type inconnu : « souhait bizarre »" in report.inner_text()
    assert page.get_by_role("alert").filter(has_text="L'import se fait en entier").count() == 1
    audit_page(page)
    assert not consultation.contributions.exists()

    page.get_by_role("link", name="Choisir un autre fichier").click()
    fixed = CSV_WITH_A_BAD_ROW.replace("souhait bizarre", "suggestion")
    page.get_by_label("Fichier").set_input_files(
        {"name": "tableau.csv", "mimeType": "text/csv", "buffer": fixed.encode("cp1252")}
    )
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_label("Créer les personnes inconnues").check()
    page.get_by_role("button", name="Vérifier").click()
    page.get_by_role("heading", name="Tout est correct").wait_for()
    audit_page(page)
    page.get_by_role("button", name="Importer").click()
    page.get_by_text("3 contributions importées. 1 personne créée.").wait_for()
    audit_page(page)
    assert consultation.contributions.count() == 3
    assert Person.objects.filter(display_name="Zoé Nouvelle").exists()


def test_public_form_moderation_and_export(page, consultation, territory):
    aicha = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    Contribution.objects.create(consultation=consultation, text="Un banc", author=aicha)
    Consultation.objects.create(
        title="Consultation close",
        territory=territory,
        period_start=consultation.period_start,
        question="Déjà terminée ?",
        status=Consultation.Status.CLOSED,
    )
    # A resident, without an account, from the log-in page to the open consultation's form.
    page.goto("/connexion/")
    audit_page(page)
    screenshot(page, "login")
    page.get_by_role("link", name="Donner mon avis").click()
    page.get_by_role("heading", name="Donner mon avis").wait_for()
    audit_page(page)
    screenshot(page, "give-opinion")
    assert "Aïcha" not in page.content() and "Consultation close" not in page.content()
    page.get_by_role("link", name="Répondre : Mieux vivre ensemble").click()
    page.get_by_role("heading", name="Mieux vivre ensemble").wait_for()
    assert page.url.endswith(f"/consultations/{consultation.pk}/participer/")
    audit_page(page)
    assert "Aïcha" not in page.content()
    page.get_by_label("Votre message").fill("<b>Plus de lumière</b> dans le parking")
    page.get_by_label("moins de 18 ans").check()
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("Merci ! Votre message est bien arrivé.").wait_for()
    audit_page(page)
    pending = consultation.contributions.get(state=Contribution.State.PENDING)
    assert pending.text == "<b>Plus de lumière</b> dans le parking"
    assert pending.author is None and pending.age_band == "under_18"

    make_user("professional", username="claire")
    browser_login(page, "claire")
    page.goto(f"/consultations/{consultation.pk}/")
    page.get_by_role("link", name="Modération (1)").click()
    audit_page(page)
    page.get_by_text("<b>Plus de lumière</b> dans le parking").wait_for()
    page.get_by_role("button", name="Publier").click()
    page.get_by_role("status").filter(has_text="Publiée.").wait_for()
    audit_page(page)
    pending.refresh_from_db()
    assert pending.state == Contribution.State.PUBLISHED

    page.goto(f"/consultations/{consultation.pk}/contributions/")
    audit_page(page)
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Exporter en CSV").click()
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("date;canal;rencontre;type;texte;auteur")
    assert "Aïcha Benali" in text and "Plus de lumière" in text
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Exporter en XLSX").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")


def test_capture_from_a_gathering_page_then_change_the_author(page, consultation, meeting):
    make_user("professional", username="claire")
    territory = meeting.territory
    Person.objects.create(display_name="Aïcha Abdi", territory=territory)
    present = Person.objects.create(display_name="Aïcha Zerrouk", territory=territory)
    other = Person.objects.create(display_name="Bernard Ziani", territory=territory)
    Attendance.objects.create(gathering=meeting, person=present)
    browser_login(page, "claire")
    page.goto(meeting.get_absolute_url())
    audit_page(page)
    screenshot(page, "gathering-offers")
    page.get_by_role("link", name="Saisir ce qui est dit : Mieux vivre ensemble").click()
    page.get_by_text("Rencontre : Réunion publique de mars").wait_for()
    audit_page(page)
    # The people present at the meeting come first among the suggested authors.
    page.get_by_label("Ce qui a été dit").fill("Un banc devant la poste")
    page.get_by_label("Qui ? (vide : anonyme)").fill("aïcha")
    suggestions = page.locator("#author-suggestions .suggestion")
    suggestions.first.wait_for()
    assert suggestions.first.inner_text().startswith("Aïcha Zerrouk")
    audit_page(page)
    suggestions.first.click()
    page.locator(".chosen-author", has_text="Aïcha Zerrouk").wait_for()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("status").filter(has_text="Contribution n° 1 enregistrée").wait_for()
    said = consultation.contributions.get()
    assert said.author == present and said.gathering == meeting and said.channel == "meeting"

    # Someone else said it: the team changes the author.
    page.get_by_role("link", name="Modifier « Un banc devant la poste »").click()
    page.get_by_role("heading", name="Modifier la contribution").wait_for()
    assert "18 mars 1999 — Réunion publique de mars" in page.get_by_label("Rencontre").inner_text()
    audit_page(page)
    page.get_by_role("button", name="Changer (anonyme)").click()
    page.get_by_label("Qui ? (vide : anonyme)").fill("bernard")
    page.get_by_role("button", name="Bernard Ziani").click()
    page.locator(".chosen-author", has_text="Bernard Ziani").wait_for()
    audit_page(page)
    screenshot(page, "contribution-author")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Saisie en direct").wait_for()
    said.refresh_from_db()
    assert said.author == other
