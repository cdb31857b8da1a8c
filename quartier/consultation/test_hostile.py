"""The hostile corpus (quartier.testing.hostile) through the consultation's public form, its
importer (CSV, XLSX, ODS) and its exports: shown as text, stored intact, defused in
spreadsheets, never a server error; any file imports entirely or not at all."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartier.consultation.models import Consultation, Contribution
from quartier.core.tabular import TabularError, read_tabular
from quartier.testing.crawler import spreadsheet_cells
from quartier.testing.hostile import (
    HOSTILE_STRINGS,
    as_sent,
    check_all_or_nothing,
    defused,
    expected_stored,
    importer_files,
    injected_markup,
    table_bytes,
    xml_safe,
)

pytestmark = pytest.mark.django_db
MAPPING = {"text": "0", "default_kind": "expectation", "default_channel": "paper"}


def _html(response) -> str:
    assert response.status_code < 500
    return response.content.decode("utf-8", errors="replace")


def _import(client, consultation, data: bytes, name: str, mapping: dict | None = None):
    """Upload then import as a person would; returns (imported?, last page)."""
    upload = client.post(
        reverse("consultation:import", args=[consultation.pk]),
        {"file": SimpleUploadedFile(name, data, "text/csv")},
    )
    assert upload.status_code in (200, 302), upload.status_code
    if upload.status_code == 200:
        return False, _html(upload)
    preview = _html(client.get(upload.url))
    assert not injected_markup(preview), injected_markup(preview)
    response = client.post(upload.url, {**MAPPING, **(mapping or {}), "action": "import"})
    if response.status_code == 302:
        return True, _html(client.get(response.url))
    return False, _html(response)


def _exports(client, consultation) -> list[str]:
    cells = []
    for file_format in ("csv", "xlsx"):
        response = client.get(
            reverse("consultation:export", args=[consultation.pk]), {"format": file_format}
        )
        assert response.status_code == 200
        cells += spreadsheet_cells(response["Content-Type"], response.content)
    return cells


def test_public_form_takes_every_corpus_string_as_text(client, professional, consultation):
    url = reverse("consultation:public", args=[consultation.pk])
    expected = []
    for number, text in enumerate(HOSTILE_STRINGS):
        body = f"text={_quote(text)}&first_name={_quote(text[:100])}&age_band=&website="
        response = client.post(
            url,
            body,
            content_type="application/x-www-form-urlencoded",
            REMOTE_ADDR=f"10.1.{number // 250}.{number % 250}",
        )
        page = _html(response)
        value = expected_stored(text, max_length=10_000)
        if value is None:  # NUL or too long: refused with a French message next to the text
            assert response.status_code == 200 and 'class="error"' in page, text[:40]
            continue
        assert response.status_code == 302, (text[:40], page[-500:])
        expected.append(value)
    stored = list(Contribution.objects.order_by("pk").values_list("text", flat=True))
    assert stored == expected
    client.force_login(professional)
    for name in ("moderation", "contributions"):
        page = _html(client.get(reverse(f"consultation:{name}", args=[consultation.pk])))
        assert not injected_markup(page), (name, injected_markup(page))
    cells = _exports(client, consultation)
    assert not [c for c in cells if not (defused(c) or c.lstrip("-").isdigit())]
    assert '\'=HYPERLINK("http://example.invalid","clic")' in cells


def _quote(text: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(text, encoding="utf-8", errors="surrogatepass")


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_every_corpus_string_imports_intact_and_comes_out_defused(
    client, professional, consultation, file_format
):
    # What the file format can hold, minus the blanks around a cell (and NUL, which PostgreSQL
    # cannot store, in CSV); XML turns carriage returns into line feeds.
    def kept(text: str) -> str:
        value = as_sent(text) if file_format == "csv" else xml_safe(text)
        value = value.replace("\x00", "").strip()
        if file_format != "csv":
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value

    texts = [t for t in HOSTILE_STRINGS if 0 < len(kept(t)) <= 10_000]
    rows = [["Texte", "Auteur"], *[[t, "Zoé"] for t in texts]]
    client.force_login(professional)
    imported, page = _import(
        client, consultation, table_bytes(rows, file_format), f"a.{file_format}"
    )
    assert imported, page[-1500:]
    assert not injected_markup(page)
    stored = list(consultation.contributions.order_by("pk").values_list("text", flat=True))
    if file_format != "csv":
        stored = [s.replace("\r", "\n") for s in stored]
    assert stored == [kept(t) for t in texts]
    for name in ("contributions", "detail"):
        page = _html(client.get(reverse(f"consultation:{name}", args=[consultation.pk])))
        assert not injected_markup(page), (name, injected_markup(page))
    assert all(
        defused(cell) or cell.lstrip("-").isdigit() for cell in _exports(client, consultation)
    )


def test_a_hostile_file_name_is_shown_as_text_and_never_written_to_disk(
    client, professional, consultation, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(professional)
    name = "../../<script>alert('quartier')</script>\u202evsc.xlsx.csv"
    imported, page = _import(client, consultation, b"texte\nUn banc\n", name)
    assert imported and not injected_markup(page)
    assert not list(tmp_path.iterdir())


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(file=importer_files(), with_author=st.booleans())
def test_any_file_imports_entirely_or_not_at_all(
    client, professional, consultation, file, with_author
):
    """Any bytes: either every non-blank row becomes a contribution, or a French report and
    not one row written anywhere."""
    data, name = file
    client.force_login(professional)
    try:
        table = read_tabular(data, name)
    except TabularError:
        table = None
    mapping = {"author": "1", "create_unknown_people": "on"} if with_author else {}
    if table is not None and len(table.header) < 2:
        mapping = {}
    expected = None
    if table is not None:
        expected = sum(1 for row in table.rows if any(c.strip() for c in row))
    pages: list[str] = []

    def run() -> bool:
        imported, page = _import(client, consultation, data, name, mapping)
        pages.append(page)
        return imported

    imported = check_all_or_nothing(
        run, imported_table="consultation_contribution", expected_rows=expected
    )
    if not imported:
        assert (
            'class="error"' in pages[0]
            and "rien n'a été importé" in pages[0]
            or ('class="error"' in pages[0])
        ), pages[0][-800:]
    assert not injected_markup(pages[0])


def test_all_or_nothing_check_catches_a_partial_import(consultation):
    """The helper other importers reuse fails when a refused import wrote a row."""

    def partial() -> bool:
        Contribution.objects.create(consultation=consultation, text="à moitié")
        return False

    with pytest.raises(AssertionError, match="refused import changed"):
        check_all_or_nothing(partial, imported_table="consultation_contribution")


def test_export_of_a_hostile_title_is_a_valid_workbook(client, professional, territory):
    from openpyxl import load_workbook

    client.force_login(professional)
    consultation = Consultation.objects.create(
        title="contrôle \x01\x02 =1+1 [x]", territory=territory, period_start=dt.date(1999, 3, 1)
    )
    Contribution.objects.create(consultation=consultation, text="@SUM(A1:A2)")
    response = client.get(
        reverse("consultation:export", args=[consultation.pk]), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=5).value == "'@SUM(A1:A2)"
