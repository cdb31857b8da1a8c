"""A social worker on a phone (375 px) reads the figures, the network and the people to call
on the demo story, and notes a call; a resident and an anonymous visitor see none of it."""

import pytest

from quartier.demo.story import DEMO_PASSWORD
from quartier.evaluation.models import FollowUpNote, Milestone
from quartier.testing.browser import audit_page, browser_login, screenshot
from quartier.testing.demo import UP_TO_EVALUATION, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    """The part of the story the page stands on (built once per process, then copied)."""
    return load_demo(steps=UP_TO_EVALUATION)


def test_the_team_reads_the_figures_the_network_and_calls_someone(page, demo):
    browser_login(page, "claire", DEMO_PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Évaluation").click()
    page.get_by_role("heading", name="Mobilisation des habitants").wait_for()
    audit_page(page)
    screenshot(page, "evaluation-index")
    page.get_by_label("Découpage").select_option("quarter")
    page.get_by_role("button", name="Afficher").click()
    page.get_by_role("rowheader", name="1er trimestre", exact=False).first.wait_for()
    audit_page(page)

    page.get_by_role("link", name="Liens entre les personnes").click()
    page.get_by_role("heading", name="Le réseau").wait_for()
    assert page.locator("svg.network line").count() > 0
    audit_page(page)
    screenshot(page, "evaluation-network")

    page.get_by_role("link", name="Personnes à rappeler").first.click()
    page.get_by_role("heading", name="Personnes à rappeler").wait_for()
    audit_page(page)
    screenshot(page, "evaluation-follow-up")
    first = page.locator("ol.follow-up > li").first
    first.locator("summary").click()
    first.get_by_label("Ce qui a été dit").fill("Jointe, revient mardi.")
    first.get_by_label("Personne jointe").check()
    before = FollowUpNote.objects.count()
    first.get_by_role("button", name="Enregistrer l'appel").click()
    page.get_by_text("Appel noté.").wait_for()
    audit_page(page)
    assert FollowUpNote.objects.count() == before + 1
    assert FollowUpNote.objects.order_by("-pk").first().note == "Jointe, revient mardi."

    page.get_by_role("link", name="Personnes à rappeler").click()
    page.get_by_role("link", name="Parcours et insertion").click()
    page.get_by_role("heading", name="Isolement, avant et après").wait_for()
    page.get_by_text("Intermarché", exact=False).wait_for()
    audit_page(page)
    screenshot(page, "evaluation-insertion")
    diploma = Milestone.objects.get(kind="diploma")
    page.get_by_role("link", name=diploma.person.display_name).click()
    page.get_by_text("CAP de cuisine (45 ans)").wait_for()
    page.get_by_text("Noter une étape").click()
    page.get_by_label("Intitulé").fill("Permis de conduire")
    page.get_by_label("Étape (obligatoire)").select_option("diploma")
    page.get_by_role("button", name="Enregistrer l'étape").click()
    page.get_by_text("Enregistré.").wait_for()
    audit_page(page)
    assert diploma.person.milestones.filter(title="Permis de conduire").exists()


@pytest.mark.parametrize(
    "path",
    ["/evaluation/", "/evaluation/reseau/", "/evaluation/a-rappeler/", "/evaluation/parcours/"],
)
def test_a_resident_and_an_anonymous_visitor_see_none_of_it(page, demo, path):
    response = page.goto(path)
    assert "/connexion/" in page.url
    audit_page(page)
    browser_login(page, "habitant", DEMO_PASSWORD)
    response = page.goto(path)
    assert response.status == 403
    assert page.get_by_role("link", name="Évaluation").count() == 0
    audit_page(page)
