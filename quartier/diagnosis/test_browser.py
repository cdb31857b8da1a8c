"""A social worker imports an INSEE file, checks the preview, confirms, reads the comparison
page and hits a malformed file, on a phone-sized screen; every page passes axe-core."""

from __future__ import annotations

import random

import pytest

from quartier.diagnosis import services
from quartier.diagnosis.demo import MONTOIRES, demo_file
from quartier.diagnosis.models import Dataset
from quartier.testing.browser import audit_page, browser_login
from quartier.testing.datasets import INSEE_DATA
from quartier.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHER = str(INSEE_DATA / "comparateur_2018_cher.csv")
META = str(INSEE_DATA / "meta_comparateur_2018_cher.csv")


def test_import_preview_confirm_and_compare(page, territory, tmp_path):
    make_user("professional", username="claire")
    browser_login(page, "claire")
    page.get_by_role("link", name="Diagnostic").first.click()
    page.get_by_role("heading", name="Diagnostic de territoire").wait_for()
    audit_page(page)

    page.get_by_role("link", name="Importer des statistiques").click()
    audit_page(page)
    bad = tmp_path / "mauvais.csv"
    bad.write_bytes(b"CODGEO;P18_POP\r\n18001;12\r\n18002;douze\r\n")
    page.get_by_label("Titre").fill("Essai")
    page.get_by_label("Fichier de statistiques").set_input_files(str(bad))
    page.get_by_role("button", name="Lire le fichier").click()
    report = page.get_by_role("alert").filter(has_text="Rapport de validation")
    report.wait_for()
    assert "P18_POP" in report.inner_text() and "douze" in report.inner_text()
    audit_page(page)
    assert not Dataset.objects.exists()

    page.get_by_label("Titre").fill("Comparateur de territoires 2022 (Cher)")
    page.get_by_label("Fichier de statistiques").set_input_files(CHER)
    page.get_by_label("Dictionnaire des variables (facultatif)").set_input_files(META)
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_role("heading", name="Vérifier l'import").wait_for()
    assert "287 communes" in page.content()
    audit_page(page)
    assert not Dataset.objects.exists()
    page.get_by_role("button", name="Confirmer l'import").click()
    page.get_by_role("heading", name="Ce qui ressort").wait_for()
    assert Dataset.objects.get().areas.count() == 287
    audit_page(page)

    page.get_by_label("Autre territoire du fichier (code Insee)").fill("18033")
    page.get_by_role("button", name="Afficher").click()
    page.get_by_role("heading", name="Portrait de territoire : Bourges").wait_for()
    assert "P18_CHOM1564 / P18_ACT1564 × 100" in page.content()
    audit_page(page)


def test_comparison_page_of_the_demo(page, territory):
    territory.insee_iris = MONTOIRES
    territory.save()
    dataset = services.import_dataset(
        territory, "Démo 1999", demo_file(random.Random(1)), "demo.csv", illustrative=True
    )
    make_user("resident", username="habitant")
    browser_login(page, "habitant")
    page.goto(dataset.get_absolute_url())
    page.get_by_role("heading", name="Portrait de territoire : Les Montoires").wait_for()
    text = page.inner_text("main")
    for name in ["Gien", "Loiret", "France", "Valeurs d'illustration"]:
        assert name in text
    assert page.locator(".diagnosis-indicator").count() >= 10
    audit_page(page)
