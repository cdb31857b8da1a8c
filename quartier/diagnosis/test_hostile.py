"""The hostile corpus (quartier.testing.hostile) through the diagnosis import: a hostile title,
column names and cells are shown as text, defused in exports, never a server error; any file
imports entirely or not at all (no table changes on refusal)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings

from quartier.diagnosis import services
from quartier.diagnosis.models import Dataset
from quartier.statistics.errors import ReadError
from quartier.testing.crawler import spreadsheet_cells
from quartier.testing.hostile import (
    HOSTILE_STRINGS,
    as_sent,
    check_all_or_nothing,
    defused,
    importer_files,
    injected_markup,
)

pytestmark = pytest.mark.django_db
SHORT = [as_sent(s) for s in HOSTILE_STRINGS if len(s) < 1000 and "\x00" not in s]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _page(response) -> str:
    assert response.status_code < 500
    html = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("text/html"):
        assert not injected_markup(html), injected_markup(html)
    return html


@pytest.mark.parametrize("text", SHORT)
def test_hostile_title_columns_and_cells_are_shown_as_text(client, professional, territory, text):
    client.force_login(professional)
    data = _csv([["CODGEO", "P18_POP", text], ["45155", "1000", text]])
    upload = {"territory": territory.pk, "title": text[:200] or "x"}
    upload["file"] = io.BytesIO(data)
    upload["file"].name = "hostile.csv"
    response = client.post(reverse("diagnosis:import"), upload)
    _page(response)
    if response.status_code != 302:
        assert "\r" in text or 'class="error"' in _page(response), text[:40]
        return
    preview = client.get(response.url)
    _page(preview)
    confirmed = client.post(response.url)
    _page(confirmed)
    for dataset in Dataset.objects.all():
        _page(client.get(reverse("diagnosis:dataset", args=[dataset.pk])))
        export = client.get(reverse("diagnosis:dataset_export", args=[dataset.pk]))
        assert export.status_code < 500
        if export.status_code == 200:
            cells = spreadsheet_cells(export["Content-Type"], export.content)
            assert all(defused(c) or c.lstrip("-").replace(",", "").isdigit() for c in cells)
    _page(client.get(reverse("diagnosis:index")))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(file=importer_files())
def test_any_file_imports_entirely_or_not_at_all(territory, file):
    data, name = file

    def run() -> bool:
        try:
            services.import_dataset(territory, "Essai", data, name)
        except ReadError as error:
            assert str(error)
            return False
        return True

    check_all_or_nothing(run, imported_table="diagnosis_area")
