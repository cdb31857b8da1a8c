"""The HTTP layer: upload -> preview -> confirm, the comparison page, PDF, exports, rights."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quartier.diagnosis import services
from quartier.diagnosis.demo import MONTOIRES, demo_file
from quartier.diagnosis.models import Area, Dataset, ImportDraft, LocalFact
from quartier.testing.datasets import INSEE_DATA
from quartier.testing.documents import pdf_words
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db
CHER = str(INSEE_DATA / "comparateur_2018_cher.csv")


@pytest.fixture
def demo_dataset(territory):
    territory.insee_iris = MONTOIRES
    territory.save()
    return services.import_dataset(
        territory, "Démo 1999", demo_file(random.Random(1)), "demo.csv", illustrative=True
    )


def _upload(client, territory, data: bytes, name: str = "f.csv", **extra):
    return client.post(
        reverse("diagnosis:import"),
        {
            "territory": territory.pk,
            "title": "Comparateur 2022",
            "file": SimpleUploadedFile(name, data, content_type="text/csv"),
            **extra,
        },
    )


def test_upload_preview_then_confirm(client, professional, territory):
    client.force_login(professional)
    with open(CHER, "rb") as handle:
        response = _upload(client, territory, handle.read(), "cher.csv")
    draft = ImportDraft.objects.get()
    assert response.status_code == 302
    assert not Dataset.objects.exists()  # nothing imported before confirmation
    preview = client.get(reverse("diagnosis:import_preview", kwargs={"draft": draft.pk}))
    body = preview.content.decode()
    assert "287 communes" in body and "18001" in body and "Confirmer l'import" in body
    assert "ni l'IRIS ni la commune du territoire" in body  # Gien is not in the Cher
    done = client.post(reverse("diagnosis:import_preview", kwargs={"draft": draft.pk}))
    dataset = Dataset.objects.get()
    assert done["Location"] == dataset.get_absolute_url()
    assert dataset.areas.count() == 287
    assert not ImportDraft.objects.exists()


def test_malformed_upload_gives_a_report_and_imports_nothing(client, professional, territory):
    client.force_login(professional)
    response = _upload(client, territory, b"CODGEO;P18_POP\n18001;3\n18002;abc\n18003;d\n")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Rapport de validation" in body
    assert "<td>3</td><td>P18_POP</td>" in body
    assert "<td>4</td><td>P18_POP</td>" in body  # every bad line, not only the first
    assert "n&#x27;est pas un nombre" in body
    assert not ImportDraft.objects.exists() and not Dataset.objects.exists()


def test_someone_elses_draft_is_not_found(client, professional, administrator, territory):
    draft = services.save_draft(territory, "x", b"CODGEO;P\n18001;1\n", "x.csv", administrator)
    client.force_login(professional)
    url = reverse("diagnosis:import_preview", kwargs={"draft": draft.pk})
    assert client.get(url).status_code == 404


def test_comparison_page(client, professional, demo_dataset):
    LocalFact.objects.create(
        territory=demo_dataset.territory,
        label="Bus par jour",
        value=4,
        unit="bus",
        source="Fiche horaire",
        observed_on=dt.date(1999, 9, 6),
    )
    client.force_login(professional)
    body = client.get(demo_dataset.get_absolute_url()).content.decode()
    for text in ["Les Montoires", "Gien", "Loiret", "France", "Valeurs d&#x27;illustration",
                 "P99_CHOM1564 / P99_ACT1564 × 100", "Ce qui ressort", "Bus par jour",
                 "diagnosis-bar", "<summary>détail</summary>", "Formule Insee : "]:  # fmt: skip
        assert text in body, text
    other = client.get(demo_dataset.get_absolute_url(), {"zone": "45155"}).content.decode()
    assert "Portrait de territoire : Gien" in other
    hostile = client.get(demo_dataset.get_absolute_url(), {"zone": "<script>"})
    assert hostile.status_code == 200
    assert "<script>" not in hostile.content.decode()
    assert "ne figure pas" in hostile.content.decode()


def test_pdf_and_exports(client, professional, demo_dataset):
    client.force_login(professional)
    pdf = client.get(reverse("diagnosis:dataset_pdf", kwargs={"pk": demo_dataset.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_words(pdf.content)
    assert "Portrait de territoire" in text and "Loiret" in text
    url = reverse("diagnosis:dataset_export", kwargs={"pk": demo_dataset.pk})
    csv = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Indicateur;Identifiant;Niveau")
    assert "unemployment_rate;iris;451550102" in csv
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_local_fact_entry(client, professional, territory):
    client.force_login(professional)
    url = reverse("diagnosis:fact_create")
    bad = client.post(url, {"territory": territory.pk, "label": "Bus", "value": "quatre"})
    assert bad.status_code == 200 and not LocalFact.objects.exists()
    client.post(
        url,
        {
            "territory": territory.pk,
            "label": "Bus par jour",
            "value": "4",
            "unit": "bus",
            "source": "Fiche horaire",
            "observed_on": "1999-09-06",
        },
    )
    fact = LocalFact.objects.get()
    assert (fact.label, fact.created_by) == ("Bus par jour", professional)
    assert "Bus par jour" in client.get(reverse("diagnosis:index")).content.decode()


@pytest.mark.parametrize(
    "role, view_status, import_status",
    [("resident", 200, 403), ("volunteer", 200, 403), ("administrator", 200, 200)],
)
def test_rights(client, demo_dataset, role, view_status, import_status):
    client.force_login(make_user(role))
    assert client.get(demo_dataset.get_absolute_url()).status_code == view_status
    assert client.get(reverse("diagnosis:import")).status_code == import_status
    assert client.get(reverse("diagnosis:fact_create")).status_code == import_status


def test_anonymous_visitors_are_sent_to_log_in(client, demo_dataset):
    response = client.get(demo_dataset.get_absolute_url())
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_deleting_a_dataset_asks_first_then_removes_its_figures(client, professional, demo_dataset):
    client.force_login(professional)
    url = reverse("diagnosis:dataset_delete", args=[demo_dataset.pk])
    assert url in client.get(reverse("diagnosis:dataset", args=[demo_dataset.pk])).content.decode()
    page = client.get(url).content.decode()
    assert "seront supprimés" in page
    assert Dataset.objects.filter(pk=demo_dataset.pk).exists()  # a GET deletes nothing
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("diagnosis:index")
    assert not Dataset.objects.filter(pk=demo_dataset.pk).exists()
    assert not Area.objects.filter(dataset_id=demo_dataset.pk).exists()


def test_a_resident_cannot_delete_a_dataset(client, demo_dataset):
    client.force_login(make_user("resident"))
    url = reverse("diagnosis:dataset_delete", args=[demo_dataset.pk])
    assert client.post(url).status_code == 403
    assert Dataset.objects.filter(pk=demo_dataset.pk).exists()
