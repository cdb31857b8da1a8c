"""Sub-themes on a phone-sized screen: listed under their theme, shown on the theme page with
their quotes, one promoted to a theme, then listed under their theme in the restitution."""

import pytest

from quartier.consultation.actions.grouping_run import apply_grouping
from quartier.consultation.models import Contribution, GroupingRun
from quartier.consultation.test_subthemes import GROUPING, TEXTS
from quartier.testing.browser import audit_page, browser_login
from quartier.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sub_themes_from_the_themes_page_to_the_restitution(page, consultation):
    for text in TEXTS:
        Contribution.objects.create(consultation=consultation, text=text)
    run = GroupingRun.objects.create(consultation=consultation, status=GroupingRun.Status.DONE)
    apply_grouping(run, list(Contribution.objects.order_by("pk")), GROUPING)
    make_user("professional", username="claire")
    browser_login(page, "claire")

    page.goto(f"/consultations/{consultation.pk}/themes/")
    page.get_by_role("heading", name="Thèmes", exact=True).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    audit_page(page)
    page.get_by_role("link", name="Pistes cyclables").click()
    page.get_by_role("heading", name="2 sous-thèmes").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    audit_page(page)

    page.get_by_role("button", name="En faire un thème : « Pistes cyclables »").click()
    page.get_by_text("« Pistes cyclables » est devenu un thème.").wait_for()
    audit_page(page)
    assert consultation.themes.filter(label="Pistes cyclables").exists()

    page.goto(f"/consultations/{consultation.pk}/restitution/")
    page.get_by_role("heading", name=consultation.title, level=1).wait_for()
    audit_page(page)
    assert "Lignes de bus (3 contributions)" in page.content()
