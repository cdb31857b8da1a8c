"""From what residents said to the restitution, on a phone-sized screen: five contributions
typed live, a spreadsheet imported (a bad row first, then flagged when imported again), the
grouping run, two themes merged, the restitution projected and downloaded as a PDF."""

from pathlib import Path

import pytest

from quartier.consultation.test_browser import FOCUS_ON_TEXT_BOX
from quartier.testing.browser import audit_page, browser_login
from quartier.testing.documents import pdf_words
from quartier.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAID_LIVE = [
    "Le bus passe pas le dimanche",
    "Rien pour les jeunes le soir, ils trainent dans le hall",
    "La poste est trop loin, faut prendre le bus",
    "On se connait pas entre voisins",
    "Les jeunes s'ennuient, il faudrait un local pour les jeunes",
]
CSV_WITH_A_BAD_ROW = "\n".join(
    [
        "Texte;Type",
        "Plus de bus après 19h, on est coincés;problème",
        "Un terrain de foot pour les jeunes;suggestion",
        "Une fête des voisins pour se connaitre;n'importe quoi",
        "Le bus du samedi pour aller au marché;suggestion",
        "Les jeunes du quartier ont besoin d'un animateur;attente",
        "Un repas entre voisins une fois par mois;suggestion",
        "La navette en ville, un bus direct vers la gare;suggestion",
        "Les voisins âgés sont seuls, personne les connait;problème",
        "",
    ]
)


def test_from_live_capture_to_the_restitution_pdf(page, consultation, meeting):
    make_user("professional", username="claire")
    browser_login(page, "claire")
    page.goto(f"/consultations/{consultation.pk}/")
    audit_page(page)

    # 1. Five contributions typed live during the meeting.
    page.get_by_role("link", name="Saisie en direct").click()
    page.get_by_label("Rencontre").select_option(label="18 mars 1999 — Réunion publique de mars")
    page.get_by_role("button", name="Choisir").click()
    page.get_by_text("Rencontre : Réunion publique de mars").wait_for()
    audit_page(page)
    box = page.get_by_label("Ce qui a été dit")
    for number, text in enumerate(SAID_LIVE, start=1):
        box.fill(text)
        box.press("Enter")
        page.get_by_role("status").filter(
            has_text=f"Contribution n° {number} enregistrée"
        ).wait_for()
        page.wait_for_function(FOCUS_ON_TEXT_BOX)
    assert consultation.contributions.count() == 5

    # 2. A spreadsheet with one bad row: a clear error, nothing imported.
    page.goto(f"/consultations/{consultation.pk}/")
    page.get_by_role("link", name="Importer un tableau").click()
    audit_page(page)
    page.get_by_label("Fichier").set_input_files(
        {"name": "paperboard.csv", "mimeType": "text/csv", "buffer": CSV_WITH_A_BAD_ROW.encode()}
    )
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_role("heading", name="Importer : vérifier les colonnes").wait_for()
    page.get_by_role("button", name="Importer").click()
    report = page.get_by_role("region", name="Problèmes trouvés")
    report.wait_for()
    assert "Type inconnu : « n'importe quoi »" in report.inner_text()
    audit_page(page)
    assert consultation.contributions.count() == 5

    # 3. The fixed file goes in whole.
    page.get_by_role("link", name="Choisir un autre fichier").click()
    fixed = CSV_WITH_A_BAD_ROW.replace("n'importe quoi", "suggestion")
    page.get_by_label("Fichier").set_input_files(
        {"name": "paperboard.csv", "mimeType": "text/csv", "buffer": fixed.encode()}
    )
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_role("button", name="Importer").click()
    page.get_by_text("8 contributions importées.").wait_for()
    assert consultation.contributions.count() == 13

    # 3b. The same file again: every row is flagged as already imported, nothing doubles.
    page.goto(f"/consultations/{consultation.pk}/import/")
    page.get_by_label("Fichier").set_input_files(
        {"name": "paperboard.csv", "mimeType": "text/csv", "buffer": fixed.encode()}
    )
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_role("button", name="Vérifier").click()
    page.get_by_text("8 lignes semblent déjà importées").wait_for()
    audit_page(page)
    page.get_by_role("button", name="Importer").click()
    page.get_by_role("heading", name="Aucune nouvelle contribution à importer").wait_for()
    assert consultation.contributions.count() == 13
    page.goto(f"/consultations/{consultation.pk}/")

    # 4. The grouping, asked for three themes (few contributions: it runs at once).
    page.get_by_role("link", name="Thèmes").first.click()
    page.get_by_role("heading", name="Thèmes", exact=True).wait_for()
    audit_page(page)
    page.get_by_label("Nombre de thèmes").fill("3")
    page.get_by_role("button", name="Regrouper les contributions").click()
    page.get_by_text("Regroupement terminé").wait_for()
    audit_page(page)
    labels = list(consultation.themes.order_by("position", "pk").values_list("label", flat=True))
    assert len(labels) >= 2

    # 5. Merge the first two themes.
    first, second = labels[0], labels[1]
    page.get_by_label(f"Fusionner « {first} » avec").select_option(label=second)
    page.get_by_role("button", name=f"Fusionner « {first} »").click()
    page.get_by_role("heading", name="Confirmer la fusion").wait_for()
    audit_page(page)
    page.get_by_role("button", name="Oui, fusionner").click()
    page.get_by_text(f"« {first} » a rejoint « {second} ».").wait_for()
    audit_page(page)
    assert not consultation.themes.filter(label=first).exists()
    assert consultation.themes.count() == len(labels) - 1
    page.get_by_role("link", name=second, exact=True).click()
    page.get_by_role("heading", name=second).wait_for()
    audit_page(page)

    # 6. The restitution: one theme per screen, the keyboard moves on, then the PDF.
    page.goto(f"/consultations/{consultation.pk}/themes/")
    page.get_by_role("link", name="Document de restitution").click()
    page.get_by_role("heading", name="Mieux vivre ensemble", level=1).wait_for()
    audit_page(page)
    chart = page.get_by_role("figure")
    assert "Combien de personnes ont parlé de chaque thème" in chart.inner_text()
    assert "personnes" in chart.inner_text() or "personne" in chart.inner_text()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.hash === '#slide-1'")
    assert page.evaluate("document.activeElement.id") == "slide-1-title"
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    text = pdf_words(Path(download.value.path()).read_bytes())
    assert "Mieux vivre ensemble" in text
    assert any(label.split()[0] in text for label in [second, *labels[2:]])
