"""Reading INSEE files as published: separators, encodings, line endings, secrets, errors."""

from __future__ import annotations

import pytest

from quartier.statistics.errors import ReadError
from quartier.statistics.reader import (
    level_of_code,
    normalise_area_code,
    parse_number,
    read_long,
    read_meta,
    read_table,
    year_of,
)

BASIC = "CODGEO;P18_POP;MED19\n18001;377;21360\n18002;188,5;s\n18003;10;\n"


def test_semicolon_lf_utf8():
    table = read_table(BASIC.encode())
    assert table.kind == "commune"
    assert table.codes == ["18001", "18002", "18003"]
    assert table.columns["P18_POP"] == [377.0, 188.5, 10.0]


def test_secret_and_empty_cells_are_missing_never_zero():
    table = read_table(BASIC.encode())
    assert table.columns["MED19"] == [21360.0, None, None]


@pytest.mark.parametrize("marker", ["s", "S", "nd", "n.d.", "ns", "nc", "so", "se"])
def test_every_secret_marker_reads_as_missing(marker):
    assert parse_number(marker) is None


def test_comma_separator_with_quoted_decimal_commas_crlf_latin1():
    text = 'CODGEO,LIBGEO,P18_POP\r\n18001,"Achères","54,0"\r\n18002,"Aïn",12.5\r\n'
    table = read_table(text.encode("latin-1"))
    assert table.columns["P18_POP"] == [54.0, 12.5]
    assert table.names["18001"] == "Achères"
    assert any("Latin-1" in warning for warning in table.warnings)
    assert any("« , »" in warning for warning in table.warnings)


def test_utf8_bom_cr_only_and_tab_separator():
    table = read_table(b"\xef\xbb\xbfCODGEO\tP21_POP\r18001\t5\r")
    assert table.codes == ["18001"]
    assert table.census_year == 2021


def test_spaced_thousands_and_lost_leading_zero():
    table = read_table("CODGEO;P18_POP\n1001;1\u00a0234,5\n".encode())
    assert table.codes == ["01001"]
    assert table.columns["P18_POP"] == [1234.5]


def test_year_comes_from_the_variable_names():
    assert read_table(b"CODGEO;P22_POP;MED21\n18001;1;2\n").census_year == 2022
    assert read_table(b"CODGEO;P22_POP;MED21\n18001;1;2\n").income_year == 2021
    assert read_table(b"CODGEO;P99_POP\n18001;1\n").census_year == 1999
    assert year_of("99") == 1999 and year_of("05") == 2005


def test_iris_file_links_each_iris_to_its_commune():
    text = "IRIS;COM;TYP_IRIS;LAB_IRIS;LIBIRIS;P21_POP\n451550101;45155;H;1;Centre;2000\n"
    table = read_table(text.encode())
    assert table.kind == "iris"
    assert table.commune_codes == ["45155"]
    assert table.names["451550101"] == "Centre"
    assert "TYP_IRIS" not in table.columns  # a coded text variable, not a number


def test_unknown_columns_are_reported_not_fatal():
    table = read_table("CODGEO;P18_POP;Commentaire libre\n18001;3;à revoir\n".encode())
    assert table.unknown_columns == ["Commentaire libre"]
    assert any("Commentaire libre" in warning for warning in table.warnings)
    assert table.columns["P18_POP"] == [3.0]


def test_an_unknown_column_of_text_is_ignored_whatever_its_case_of_name():
    table = read_table(b"CODGEO;SUPERF;REMARQUE;P18_POP\n18001;12,5;bien;3\n18002;4;;5\n")
    assert table.columns["SUPERF"] == [12.5, 4.0]  # undated but numeric: kept
    assert "REMARQUE" not in table.columns and "REMARQUE" in table.unknown_columns
    assert any("REMARQUE" in warning for warning in table.warnings)
    assert table.columns["P18_POP"] == [3.0, 5.0]


def test_variable_names_are_read_as_insee_writes_them_whatever_the_case():
    table = read_table(b"codgeo;p18_pop;Med19\n18001;3;21000\n")
    assert table.columns == {"P18_POP": [3.0], "MED19": [21000.0]}


def test_text_in_a_number_column_names_line_and_column_in_french():
    with pytest.raises(ReadError) as caught:
        read_table(b"CODGEO;P18_POP\n18001;3\n18002;abc\n")
    assert caught.value.line == 3
    assert caught.value.column == "P18_POP"
    assert str(caught.value) == "ligne 3, colonne P18_POP : « abc » n'est pas un nombre"


def test_wrong_separator_is_refused_in_french():
    with pytest.raises(ReadError) as caught:
        read_table(b"CODGEO|P18_POP\n18001|3\n")
    assert caught.value.line == 1
    assert "séparateur" in str(caught.value)


def test_rows_split_by_another_separator_than_the_header():
    with pytest.raises(ReadError) as caught:
        read_table(b"CODGEO;P18_POP;P18_LOG\n18001,3,4\n")
    assert caught.value.line == 2
    assert caught.value.column == "P18_POP"
    assert "séparateur" in str(caught.value)


def test_no_code_column():
    with pytest.raises(ReadError) as caught:
        read_table(b"COMMUNE;P18_POP\n18001;3\n")
    assert caught.value.line == 1
    assert "aucune colonne de code géographique" in str(caught.value)


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "vide"),
        (b"CODGEO;P18_POP\n", "aucune ligne"),
        (b"CODGEO;P18_POP\n18001;1\n18001;2\n", "deux fois"),
        (b"CODGEO;P18_POP\nabc;1\n", "code de commune"),
        (b"PK\x03\x04rest", "classeur"),
        (b"\xff\xfeA", "UTF-16"),
        (b"CODGEO;P18_POP\n18001;inf\n", "n'est pas un nombre"),
    ],
)
def test_malformed_files_give_french_reasons(data, words):
    with pytest.raises(ReadError, match=words):
        read_table(data)


def test_meta_file_labels_variables_and_names_areas():
    meta = read_meta(
        b"COD_VAR;LIB_VAR;LIB_VAR_LONG;COD_MOD;LIB_MOD;TYPE_VAR;LONG_VAR\r\n"
        b"P18_POP;Population en 2018;Population en 2018;;;NUM;7\r\n"
        b"CODGEO;CODGEO;Code;18033;Bourges;CHAR;5\r\n"
    )
    assert meta.labels["P18_POP"] == "Population en 2018"
    assert meta.names["18033"] == "Bourges"
    table = read_table(b"CODGEO;P18_POP;X18\n18033;1;2\n", meta=meta)
    assert table.names["18033"] == "Bourges"
    assert any("absentes du dictionnaire" in warning for warning in table.warnings)


def test_meta_file_must_look_like_a_dictionary():
    with pytest.raises(ReadError, match="dictionnaire"):
        read_meta(b"CODGEO;P18_POP\n18001;1\n")


def test_long_format_keeps_every_level_and_the_latest_year():
    text = (
        "code;indicateur;annee;valeur;source;nom\n"
        "451550102;P99_POP;1999;2100;Insee;Les Montoires\n"
        "45155;P99_POP;1999;16000;Insee;Gien\n"
        "45155;P99_POP;1990;15000;Insee;Gien\n"
        "45;P99_POP;1999;618000;Insee;\n"
        "FR;P99_POP;1999;58500000;Insee;\n"
        "R24;P99_POP;1999;2400000;Insee;\n"
    )
    long = read_long(text.encode())
    assert len(long.observations) == 6
    table = read_table(text.encode())
    assert table.codes == ["451550102", "45155", "45", "FR"]
    assert table.levels == ["iris", "commune", "departement", "france"]
    assert table.columns["P99_POP"] == [2100, 16000, 618000, 58500000]
    assert table.names["451550102"] == "Les Montoires"
    assert table.sources == ["Insee"]


def test_long_format_bad_year_and_bad_value():
    with pytest.raises(ReadError, match="année") as caught:
        read_long(b"code;indicateur;annee;valeur\n18001;X;hier;1\n")
    assert caught.value.column == "annee"
    with pytest.raises(ReadError, match="nombre"):
        read_long(b"code;indicateur;annee;valeur\n18001;X;2020;deux\n")


def test_codes():
    assert normalise_area_code("2a004") == "2A004"
    assert level_of_code("451550102") == "iris"
    assert level_of_code("2B033") == "commune"
    assert level_of_code("971") == "departement"
    assert level_of_code("FR") == "france"
    assert level_of_code("R24") is None


def test_every_bad_cell_is_reported_in_file_order_up_to_a_limit():
    with pytest.raises(ReadError) as caught:
        read_table(b"CODGEO;P18_POP;P18_LOG\n18001;abc;1\n18A0;2;3\n18003;4;y\n18003;5;6\n")
    where = [(p.line, p.column) for p in caught.value.problems]
    assert where == [(2, "P18_POP"), (3, "CODGEO"), (4, "P18_LOG"), (5, "CODGEO")]
    assert caught.value.line == 2  # the first one leads the message
    many = "CODGEO;P18_POP\n" + "".join(f"{18000 + n};abc\n" for n in range(1, 200))
    with pytest.raises(ReadError) as caught:
        read_table(many.encode())
    assert len(caught.value.problems) == 50


def test_a_broken_row_after_bad_cells_keeps_them_in_the_report():
    with pytest.raises(ReadError) as caught:
        read_table(b"CODGEO;P18_POP;P18_LOG\n18001;abc;1\n18002\n")
    assert [(p.line, p.column) for p in caught.value.problems] == [(2, "P18_POP"), (3, "P18_POP")]
