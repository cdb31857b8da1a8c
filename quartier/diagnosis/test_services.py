"""Importing statistics all-or-nothing, rebuilding tables, portraits of the demo story."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartier.diagnosis import services
from quartier.diagnosis.demo import MONTOIRES, demo_file
from quartier.diagnosis.models import Area, Dataset
from quartier.statistics.errors import ReadError
from quartier.statistics.portrait import build_portrait
from quartier.statistics.reader import read_table
from quartier.testing.datasets import INSEE_DATA

DATA = INSEE_DATA
CHER = (DATA / "comparateur_2018_cher.csv").read_bytes()
CHER_META = (DATA / "meta_comparateur_2018_cher.csv").read_bytes()

pytestmark = pytest.mark.django_db


def test_real_file_imports_whole_and_gives_the_same_portrait(territory, professional):
    dataset = services.import_dataset(
        territory, "Cher", CHER, "cher.csv", professional, meta_data=CHER_META
    )
    assert dataset.areas.count() == 287
    assert (dataset.census_year, dataset.income_year, dataset.kind) == (2018, 2019, "commune")
    bourges = dataset.areas.get(code="18033")
    assert bourges.name == "Bourges"
    assert bourges.values["MED19"] == 20810
    assert dataset.labels["P18_POP"] == "Population en 2018"
    from_db = services.dataset_portrait(dataset, "18033")
    from_file = build_portrait(read_table(CHER, meta=CHER_META), "18033")
    assert [lv.indicators["unemployment_rate"].value for lv in from_db.levels] == [
        lv.indicators["unemployment_rate"].value for lv in from_file.levels
    ]
    assert from_db.levels[1].indicators["population"].value == 303408


@pytest.mark.parametrize(
    "data",
    [
        b"CODGEO|P18_POP\n18001|3\n",  # wrong separator
        b"COMMUNE;P18_POP\n18001;3\n",  # no code column
        b"CODGEO;P18_POP\n18001;3\n18002;trois\n",  # text in a number column
    ],
)
def test_malformed_files_import_nothing(territory, data):
    with pytest.raises(ReadError) as caught:
        services.import_dataset(territory, "x", data, "x.csv")
    assert caught.value.line is not None
    assert not Dataset.objects.exists()
    assert not Area.objects.exists()


def test_problem_report_names_line_and_column():
    try:
        services.read_upload(b"CODGEO;P18_POP\n18001;3\n18002;trois\n", "x.csv")
    except ReadError as error:
        problem = services.problem_of(error, "x.csv")
    assert (problem.line, problem.column, problem.file) == (3, "P18_POP", "x.csv")
    assert problem.reason == "« trois » n'est pas un nombre"


def test_bad_dictionary_is_reported_as_such(territory):
    with pytest.raises(ReadError, match="dictionnaire"):
        services.import_dataset(territory, "x", CHER, "x.csv", meta_data=b"A;B\n1;2\n")
    assert not Dataset.objects.exists()


def test_demo_portrait_has_four_levels_and_salient_gaps(territory):
    territory.insee_iris = MONTOIRES
    territory.save()
    dataset = services.import_dataset(
        territory, "Démo", demo_file(random.Random(1)), "demo.csv", illustrative=True
    )
    assert services.territory_area_code(dataset) == MONTOIRES
    portrait = services.dataset_portrait(dataset)
    assert [(lv.level, lv.code) for lv in portrait.levels] == [
        ("iris", MONTOIRES),
        ("commune", "45155"),
        ("departement", "45"),
        ("france", "FR"),
    ]
    assert [lv.name for lv in portrait.levels] == ["Les Montoires", "Gien", "Loiret", "France"]
    assert portrait.year == 1999
    # Published values at every level, since the file gives each level its own row.
    assert portrait.levels[1].indicators["median_living_standard"].value == 13900
    assert portrait.levels[0].indicators["owner_occupied_share"].value == pytest.approx(7.0)
    first = portrait.gaps[0]
    assert first.area_code == MONTOIRES and abs(first.score or 0) > 2
    rows = services.comparison_rows(portrait)
    population = next(row for row in rows if row.id == "population")
    assert population.bars[-1].width == 100.0
    header, table = services.export_table(portrait)
    assert len(table) == len(rows) * 4 and header[0] == "Indicateur"


def test_territory_without_its_codes_falls_back_to_the_first_area(territory):
    territory.insee_commune = ""
    territory.save()
    dataset = services.import_dataset(territory, "Cher", CHER, "cher.csv")
    assert services.territory_area_code(dataset) == "18001"


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.text(alphabet='CODGEIRSP18_;,\t\r\n0123456789 s."é', max_size=300).map(
            lambda text: text.encode("utf-8")
        ),
        st.lists(st.text(alphabet="0123456789,;s.a", max_size=8), min_size=1, max_size=12).map(
            lambda cells: ("CODGEO;P18_POP;MED19\n" + ";".join(cells) + "\n").encode()
        ),
    )
)
def test_any_bytes_give_a_clean_import_or_a_clear_report(territory, data):
    before = (Dataset.objects.count(), Area.objects.count())
    try:
        dataset = services.import_dataset(territory, "x", data, "x.csv")
    except ReadError as error:
        assert str(error)  # a French reason, with its place when there is one
        assert (Dataset.objects.count(), Area.objects.count()) == before
    else:
        table = read_table(data)
        assert dataset.areas.count() == len(table.codes)
        assert Area.objects.count() == before[1] + len(table.codes)


def test_abandoned_drafts_are_forgotten_after_a_day(territory, professional):
    import datetime as dt

    from django.utils import timezone

    from quartier.diagnosis.models import ImportDraft

    old = services.save_draft(territory, "vieux", b"x", "x.csv", professional)
    ImportDraft.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    new = services.save_draft(territory, "neuf", b"x", "x.csv", professional)
    assert list(ImportDraft.objects.values_list("pk", flat=True)) == [new.pk]


def test_gap_sentences_say_each_indicator_once(territory):
    territory.insee_iris = MONTOIRES
    territory.save()
    dataset = services.import_dataset(territory, "Démo", demo_file(random.Random(1)), "d.csv")
    portrait = services.dataset_portrait(dataset)
    sentences = services.gap_sentences(portrait)
    indicators = {gap.indicator for gap in portrait.gaps}
    assert len(sentences) == len(indicators) < len(portrait.gaps)
    assert sentences[0].startswith(portrait.gaps[0].label)


def test_a_portrait_is_kept_and_never_served_for_another_dataset(
    territory, professional, django_assert_num_queries
):
    first = services.import_dataset(territory, "Cher", CHER, "cher.csv", professional)
    built = services.dataset_portrait(first, "18033")
    with django_assert_num_queries(0):  # the stored rows are not read again
        again = services.dataset_portrait(first, "18033")
    assert again.levels[0].indicators["population"].value == (
        built.levels[0].indicators["population"].value
    )
    # Another import under the same number (SQLite reuses a deleted dataset's number) has
    # another import time: its portrait is built from its own rows.
    Dataset.objects.filter(pk=first.pk).update(imported_at=first.imported_at + dt.timedelta(1))
    reimported = Dataset.objects.get(pk=first.pk)
    Area.objects.filter(dataset=reimported, code="18033").update(values={"P18_POP": 1})
    assert (
        services.dataset_portrait(reimported, "18033").levels[0].indicators["population"].value == 1
    )
