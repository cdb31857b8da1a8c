import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartier.consultation.actions.capture import (
    PUBLIC_RATE_LIMIT,
    capture_contribution,
    submit_public_contribution,
)
from quartier.consultation.models import Consultation, Contribution, ImportDraft
from quartier.people.models import Person
from quartier.testing.factories import make_user
from quartier.testing.queries import reads_from, reads_of_row

pytestmark = pytest.mark.django_db


def team_urls(consultation, contribution):
    pk = consultation.pk
    return [
        reverse("consultation:list"),
        reverse("consultation:create"),
        reverse("consultation:detail", args=[pk]),
        reverse("consultation:update", args=[pk]),
        reverse("consultation:capture", args=[pk]),
        reverse("consultation:contributions", args=[pk]),
        reverse("consultation:contribution_update", args=[pk, contribution.pk]),
        reverse("consultation:import", args=[pk]),
        reverse("consultation:moderation", args=[pk]),
        reverse("consultation:export", args=[pk]),
    ]


def test_team_pages_send_anonymous_visitors_to_log_in_and_refuse_residents(
    client, consultation, aicha
):
    contribution = capture_contribution(consultation, text="x", author=aicha)
    for url in team_urls(consultation, contribution):
        assert client.get(url).status_code == 302, url
    client.force_login(make_user("resident"))
    for url in team_urls(consultation, contribution):
        assert client.get(url).status_code == 403, url


def test_every_team_page_opens_for_a_volunteer(client, consultation, aicha):
    contribution = capture_contribution(consultation, text="x", author=aicha)
    client.force_login(make_user("volunteer"))
    for url in team_urls(consultation, contribution):
        assert client.get(url).status_code == 200, url


def test_a_contribution_page_reads_it_and_its_consultation_in_one_query(
    client, consultation, aicha
):
    contribution = capture_contribution(consultation, text="x", author=aicha)
    client.force_login(make_user("volunteer"))
    url = reverse("consultation:contribution_update", args=[consultation.pk, contribution.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    table = "consultation_contribution"
    assert reads_of_row(queries.captured_queries, table, "id", contribution.pk) == 1
    assert reads_from(queries.captured_queries, "consultation_consultation") == 0  # joined


def test_navigation_lists_consultations_for_the_team(client, professional):
    client.force_login(professional)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("consultation:list")}"' in page


def test_creating_a_consultation_leads_to_its_page(client, professional, territory):
    client.force_login(professional)
    response = client.post(
        reverse("consultation:create"),
        {
            "title": "Mieux vivre ensemble",
            "territory": territory.pk,
            "period_start": "1999-03-01",
            "period_end": "1999-02-01",
            "question": "Qu'attendez-vous ?",
            "status": "open",
        },
    )
    assert "La fin doit être après le début." in response.content.decode()
    assert not Consultation.objects.exists()
    response = client.post(
        reverse("consultation:create"),
        {
            "title": "Mieux vivre ensemble",
            "territory": territory.pk,
            "period_start": "1999-03-01",
            "question": "Qu'attendez-vous ?",
            "status": "open",
        },
    )
    consultation = Consultation.objects.get()
    assert response.url == consultation.get_absolute_url()
    assert consultation.created_by == professional


def test_consultation_page_shows_counts_links_and_the_public_address(
    client, professional, consultation
):
    capture_contribution(consultation, text="a", kind="problem")
    submit_public_contribution(consultation, text="b", ip="1.1.1.1")
    client.force_login(professional)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "2 contributions" in page
    assert "Modération (1)" in page
    assert f"http://testserver/consultations/{consultation.pk}/participer/" in page
    for name in ("capture", "import", "moderation", "export", "contributions"):
        assert reverse(f"consultation:{name}", args=[consultation.pk]) in page


def test_capture_saves_keeps_the_kind_and_clears_the_box(
    client, professional, consultation, meeting
):
    client.force_login(professional)
    url = reverse("consultation:capture_add", args=[consultation.pk])
    response = client.post(
        url,
        {"text": "Plus de bus le soir", "kind": "problem", "gathering": meeting.pk, "channel": ""},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    contribution = consultation.contributions.get()
    assert contribution.text == "Plus de bus le soir" and contribution.kind == "problem"
    assert contribution.gathering == meeting and contribution.channel == "meeting"
    assert contribution.entered_by == professional
    assert page.startswith('<section id="capture"')
    assert '<option value="problem" selected>' in page
    assert "></textarea>" in page  # the box is empty again
    assert "Plus de bus le soir" in page  # ...and the contribution is listed below


def test_capture_with_a_picked_or_typed_author(client, professional, consultation, aicha):
    client.force_login(professional)
    url = reverse("consultation:capture_add", args=[consultation.pk])
    client.post(url, {"text": "a", "kind": "expectation", "author": aicha.pk})
    client.post(url, {"text": "b", "kind": "expectation", "author_query": "aicha benali"})
    assert [c.author for c in consultation.contributions.order_by("pk")] == [aicha, aicha]


def test_capture_with_an_unknown_author_saves_nothing_and_keeps_the_text(
    client, professional, consultation, aicha
):
    client.force_login(professional)
    response = client.post(
        reverse("consultation:capture_add", args=[consultation.pk]),
        {"text": "Un local", "kind": "expectation", "author_query": "Aïcha"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "Personne ne s&#x27;appelle exactement ainsi" in page
    assert ">Un local</textarea>" in page
    assert not consultation.contributions.exists()


def test_capture_with_tampered_hidden_fields_saves_the_text_as_anonymous(
    client, professional, consultation
):
    client.force_login(professional)
    response = client.post(
        reverse("consultation:capture_add", args=[consultation.pk]),
        {"text": "Un local", "kind": "expectation", "author": "<b>x</b>", "gathering": "1 OR 1"},
    )
    assert response.status_code == 302
    contribution = consultation.contributions.get()
    assert contribution.text == "Un local"
    assert contribution.author is None and contribution.gathering is None


def test_capture_of_an_empty_text_says_why(client, professional, consultation):
    client.force_login(professional)
    response = client.post(
        reverse("consultation:capture_add", args=[consultation.pk]), {"text": "  ", "kind": "x"}
    )
    assert "Écrivez ce qui a été dit." in response.content.decode()
    assert not consultation.contributions.exists()


def test_author_suggestions_and_pick(client, professional, consultation, aicha):
    client.force_login(professional)
    suggestions = client.get(
        reverse("consultation:author_suggestions", args=[consultation.pk]),
        {"author_query": "aïch"},
    ).content.decode()
    assert "Aïcha Benali" in suggestions and f"person={aicha.pk}" in suggestions
    chip = client.get(
        reverse("consultation:author_pick", args=[consultation.pk]), {"person": aicha.pk}
    ).content.decode()
    assert f'name="author" value="{aicha.pk}"' in chip and "Aïcha Benali" in chip


def test_removing_a_captured_contribution(client, professional, consultation):
    contribution = capture_contribution(consultation, text="Oups")
    client.force_login(professional)
    response = client.post(
        reverse("consultation:contribution_delete", args=[consultation.pk, contribution.pk]),
        {"kind": "problem"},
        headers={"HX-Request": "true"},
    )
    assert "Contribution supprimée." in response.content.decode()
    assert not consultation.contributions.exists()


def test_editing_a_contribution_returns_to_a_safe_next_only(
    client, professional, consultation, aicha
):
    contribution = capture_contribution(consultation, text="Oups", author=aicha)
    client.force_login(professional)
    url = reverse("consultation:contribution_update", args=[consultation.pk, contribution.pk])
    data = {
        "text": "Corrigé",
        "kind": "suggestion",
        "channel": "paper",
        "state": "published",
        "make_anonymous": "on",
    }
    response = client.post(url, {**data, "next": "https://evil.example/"})
    assert response.url == reverse("consultation:contributions", args=[consultation.pk])
    contribution.refresh_from_db()
    assert contribution.text == "Corrigé" and contribution.author is None
    capture = reverse("consultation:capture", args=[consultation.pk])
    assert client.post(url, {**data, "next": capture}).url == capture


def test_contribution_list_filters(client, professional, consultation):
    capture_contribution(consultation, text="Le bus du dimanche", kind="problem")
    capture_contribution(consultation, text="Un local", kind="suggestion")
    client.force_login(professional)
    url = reverse("consultation:contributions", args=[consultation.pk])
    page = client.get(url, {"kind": "problem"}).content.decode()
    assert "Le bus du dimanche" in page and "Un local" not in page
    page = client.get(url, {"q": "local"}).content.decode()
    assert "Un local" in page and "Le bus" not in page


def test_export_csv_and_xlsx_for_the_team(client, professional, consultation, aicha):
    capture_contribution(consultation, text="=1+1", author=aicha)
    capture_contribution(consultation, text="autre", kind="problem")
    client.force_login(professional)
    url = reverse("consultation:export", args=[consultation.pk])
    response = client.get(url, {"format": "csv", "kind": "expectation"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0] == "date;canal;rencontre;type;texte;auteur;tranche d'âge;thème;état"
    assert "'=1+1" in text and "Aïcha Benali" in text and "autre" not in text
    response = client.get(url, {"format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "'=1+1" in cells and "autre" in cells


# --- import --------------------------------------------------------------------------------


def _upload(client, consultation, content: bytes, name: str = "contributions.csv"):
    return client.post(
        reverse("consultation:import", args=[consultation.pk]),
        {"file": SimpleUploadedFile(name, content, "text/csv")},
    )


CSV = (
    "Texte;Nom;Type;Date;Tranche d'âge\n"
    "Plus de bus le dimanche;Aïcha Benali;problème;18/03/1999;plus de 60 ans\n"
    "Un local pour se voir;Zoé Nouvelle;mauvais type;18/03/1999;\n"
    "Une fête;;;;18-25\n"
)


def test_import_flow_reports_a_bad_row_then_imports_the_fixed_file(
    client, professional, consultation, aicha
):
    client.force_login(professional)
    response = _upload(client, consultation, CSV.encode("latin-1"))
    draft = ImportDraft.objects.get()
    assert response.url == reverse("consultation:import_mapping", args=[consultation.pk, draft.pk])
    page = client.get(response.url).content.decode()
    assert "Plus de bus le dimanche" in page  # preview
    assert '<option value="0" selected>Texte</option>' in page  # guessed text column
    mapping = {"text": "0", "author": "1", "kind": "2", "date": "3", "age_band": "4"}
    mapping |= {"channel": "", "default_kind": "expectation", "default_channel": "paper"}
    page = client.post(response.url, {**mapping, "action": "import"}).content.decode()
    assert "1 problème : rien n'a été importé" in page
    assert "Type inconnu : « mauvais type »" in page
    assert not consultation.contributions.exists()

    fixed = CSV.replace("mauvais type", "suggestion")
    response = _upload(client, consultation, fixed.encode("utf-8"))
    page = client.post(response.url, {**mapping, "action": "check"}).content.decode()
    assert "Tout est correct" in page and "Zoé Nouvelle" in page
    assert not consultation.contributions.exists()
    response = client.post(response.url, {**mapping, "action": "import"})
    assert response.url == consultation.get_absolute_url()
    assert consultation.contributions.count() == 3
    assert consultation.contributions.get(text="Plus de bus le dimanche").author == aicha
    assert not ImportDraft.objects.exists()
    assert not Person.objects.filter(display_name="Zoé Nouvelle").exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "vide.csv", "Le fichier soumis est vide."),
        (b"\x00\x01PK\x03\x04garbage", "x.xlsx", "pas un classeur"),
        (b"texte\nx", "x.exe", "Format de fichier non reconnu"),
    ],
)
def test_unreadable_uploads_say_why_in_french(
    client, professional, consultation, content, name, message
):
    client.force_login(professional)
    response = _upload(client, consultation, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_too_large_uploads_are_refused(client, professional, consultation):
    client.force_login(professional)
    response = _upload(client, consultation, b"texte\n" + b"x" * (5 * 1024 * 1024 + 10))
    assert "trop lourd" in response.content.decode()


def test_an_import_draft_belongs_to_its_uploader(client, professional, consultation):
    client.force_login(professional)
    response = _upload(client, consultation, b"texte\nx\n")
    client.force_login(make_user("volunteer"))
    assert client.get(response.url).status_code == 404


# --- public form and moderation -------------------------------------------------------------


def test_the_public_form_opens_without_an_account_and_shows_no_names(client, consultation, aicha):
    capture_contribution(consultation, text="Un local", author=aicha)
    response = client.get(reverse("consultation:public", args=[consultation.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Qu&#x27;attendez-vous pour mieux vivre ensemble dans le quartier ?" in page
    assert "Aïcha" not in page and "Un local" not in page
    assert 'aria-hidden="true"' in page and 'tabindex="-1"' in page


def test_a_public_submission_lands_in_moderation(client, professional, consultation):
    url = reverse("consultation:public", args=[consultation.pk])
    response = client.post(
        url, {"text": "<script>alert(1)</script> Un banc", "first_name": "Zoé", "age_band": ""}
    )
    assert response.url == f"{url}?merci=1"
    assert "Merci" in client.get(response.url).content.decode()
    contribution = consultation.contributions.get()
    assert contribution.state == Contribution.State.PENDING
    client.force_login(professional)
    page = client.get(reverse("consultation:moderation", args=[consultation.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Un banc" in page
    assert "<script>alert(1)" not in page
    response = client.post(
        reverse("consultation:moderate", args=[consultation.pk, contribution.pk]),
        {"state": "published"},
        headers={"HX-Request": "true"},
    )
    assert "Publiée." in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.PUBLISHED


def test_the_public_form_honeypot_and_rate_limit(client, consultation):
    url = reverse("consultation:public", args=[consultation.pk])
    response = client.post(url, {"text": "spam", "website": "http://spam.example"})
    assert response.status_code == 302 and not consultation.contributions.exists()
    for _ in range(PUBLIC_RATE_LIMIT - 1):
        client.post(url, {"text": "une idée"})
    response = client.post(url, {"text": "encore une idée"})
    assert response.status_code == 429
    assert "Attendez dix minutes" in response.content.decode()
    assert consultation.contributions.count() == PUBLIC_RATE_LIMIT - 1


def test_the_public_form_refuses_empty_text_and_closed_consultations(client, consultation):
    url = reverse("consultation:public", args=[consultation.pk])
    assert "Écrivez" in client.post(url, {"text": " "}).content.decode()
    consultation.status = Consultation.Status.CLOSED
    consultation.save()
    page = client.post(url, {"text": "idée"}).content.decode()
    assert "Cette consultation est terminée" in page
    assert not consultation.contributions.exists()


def test_gathering_menus_offer_the_consultations_period_not_the_territorys_whole_history(
    consultation, meeting
):
    from django.utils import timezone

    from quartier.consultation.forms import gatherings_for
    from quartier.gatherings.models import Gathering

    consultation.period_end = dt.date(1999, 6, 30)
    consultation.save()
    years_later = Gathering.objects.create(
        kind=Gathering.Kind.ACTIVITY_SESSION,
        title="Cartes",
        start=timezone.make_aware(dt.datetime(2012, 1, 5, 14)),
        territory=consultation.territory,
    )
    assert list(gatherings_for(consultation)) == [meeting]
    # A contribution already tied to a gathering outside the period keeps it in its menu.
    assert set(gatherings_for(consultation, keep=years_later.pk)) == {meeting, years_later}
