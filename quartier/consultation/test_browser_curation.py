"""Curation on a phone-sized screen never loses residents' words: a split keeps its quotes, a
theme left without one is flagged until a quote is chosen, a merge asks first, and undoing it
gives both themes back."""

import pytest

from quartier.consultation.actions.grouping_run import apply_grouping
from quartier.consultation.models import Contribution, GroupingRun
from quartier.consultation.test_curation_history import GROUPING, TEXTS
from quartier.testing.browser import audit_page, browser_login, screenshot
from quartier.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def quote_badge(page, text: str):
    """The « citée » badge of one contribution on a theme's page."""
    return page.locator("li.member", has_text=text).locator(".badge", has_text="citée")


def test_a_split_keeps_quotes_and_merge_then_undo_gives_the_themes_back(page, consultation):
    for text in TEXTS:
        Contribution.objects.create(consultation=consultation, text=text)
    run = GroupingRun.objects.create(consultation=consultation, status=GroupingRun.Status.DONE)
    apply_grouping(run, list(Contribution.objects.order_by("pk")), GROUPING)
    make_user("professional", username="claire")
    browser_login(page, "claire")
    themes_page = f"/consultations/{consultation.pk}/themes/"

    # 1. Split the bikes out of « Transports »: the quote about bikes goes with them.
    page.goto(themes_page)
    page.get_by_role("link", name="Transports", exact=True).click()
    page.get_by_role("heading", name="Transports", level=1).wait_for()
    audit_page(page)
    assert quote_badge(page, TEXTS[3]).count() == 1
    for text in TEXTS[3:5]:
        page.get_by_label(f"Mettre dans le nouveau thème : « {text}").check()
    page.get_by_label("Intitulé du nouveau thème").fill("Le vélo")
    page.get_by_role("button", name="Créer le thème").click()
    page.get_by_text("Nouveau thème « Le vélo » créé.").wait_for()
    audit_page(page)
    assert quote_badge(page, TEXTS[3]).count() == 1
    assert "aucune citation" not in page.content()

    # 2. A theme split off with no quote is flagged until the team picks one.
    page.goto(themes_page)
    page.get_by_role("link", name="Transports", exact=True).click()
    assert quote_badge(page, TEXTS[0]).count() == 1  # « Transports » kept its own
    page.get_by_label(f"Mettre dans le nouveau thème : « {TEXTS[1]}").check()
    page.get_by_label("Intitulé du nouveau thème").fill("Les horaires")
    page.get_by_role("button", name="Créer le thème").click()
    page.get_by_text("Ce thème n'a aucune citation").wait_for()
    audit_page(page)
    page.goto(themes_page)
    page.get_by_text("1 thème n'a aucune citation : la restitution").wait_for()
    audit_page(page)
    screenshot(page, "curation-unquoted")
    page.goto(f"/consultations/{consultation.pk}/restitution/")
    page.get_by_text("1 thème est présenté sans aucune citation des habitants").wait_for()
    audit_page(page)
    page.get_by_role("link", name="Les horaires").first.click()
    page.get_by_role("button", name=f"Citer « {TEXTS[1][:20]}").click()
    page.get_by_text("Citation retenue.", exact=True).wait_for()
    assert "aucune citation" not in page.content()

    # 3. Merge asks first, then undo gives both themes back.
    page.goto(themes_page)
    themes_before = set(consultation.themes.values_list("pk", "label"))
    page.get_by_label("Fusionner « Les jeunes » avec").select_option(label="Le vélo")
    page.get_by_role("button", name="Fusionner « Les jeunes »").click()
    page.get_by_role("heading", name="Confirmer la fusion").wait_for()
    audit_page(page)
    screenshot(page, "curation-merge-confirm")
    assert set(consultation.themes.values_list("pk", "label")) == themes_before
    page.get_by_role("button", name="Oui, fusionner").click()
    page.get_by_text("« Les jeunes » a rejoint « Le vélo ».").wait_for()
    audit_page(page)
    assert not consultation.themes.filter(label="Les jeunes").exists()
    screenshot(page, "curation-undo")
    page.get_by_role("button", name="Annuler cette étape").click()
    page.get_by_text("Étape annulée : « Les jeunes » fusionné avec « Le vélo ».").wait_for()
    audit_page(page)
    assert set(consultation.themes.values_list("pk", "label")) == themes_before
    page.get_by_role("link", name="Les jeunes", exact=True).click()
    page.get_by_role("heading", name="Les jeunes", level=1).wait_for()
    audit_page(page)
    assert quote_badge(page, TEXTS[5]).count() == 1
