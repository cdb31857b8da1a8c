"""The association's official numbers: RNA « W » + 9 digits, SIRET 14 digits with a Luhn key."""

import pytest
from django.core.exceptions import ValidationError

from quartier.association.identifiers import luhn_valid, siren_of, validate_rna, validate_siret
from quartier.association.money import euros, parse_euros, percent, plain_amount


@pytest.mark.parametrize("value", ["W452001234", "w452001234", "W 452 001 234"])
def test_rna_numbers_are_w_and_nine_digits(value):
    validate_rna(value)


@pytest.mark.parametrize("value", ["452001234", "W45200123", "W4520012345", "X452001234", ""])
def test_other_rna_numbers_are_refused_in_french(value):
    with pytest.raises(ValidationError, match="W suivi de 9 chiffres"):
        validate_rna(value)


def test_a_siret_needs_fourteen_digits_and_a_luhn_key():
    validate_siret("443 061 841 00013")
    validate_siret("")  # optional
    with pytest.raises(ValidationError, match="14 chiffres"):
        validate_siret("4430618410001")
    with pytest.raises(ValidationError, match="mal recopié"):
        validate_siret("44306184100014")
    assert luhn_valid("44306184100013") and not luhn_valid("44306184100031")


def test_la_poste_establishments_follow_their_own_rule():
    validate_siret("35600000000001")  # digits sum to a multiple of five
    with pytest.raises(ValidationError):
        validate_siret("35600000000002")


def test_the_siren_is_the_first_nine_digits():
    assert siren_of("443 061 841 00013") == "443061841"
    assert siren_of("") == ""


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("12", 1200),
        ("12,5", 1250),
        ("12.50", 1250),
        ("1 234,56", 123456),
        ("0,01", 1),
        ("7 €", 700),
    ],
)
def test_amounts_are_typed_in_euros_and_kept_in_cents(typed, cents):
    assert parse_euros(typed) == cents


@pytest.mark.parametrize("typed", ["douze", "1e309x", "NaN", "Infinity", "12,5,0", "-1e309"])
def test_what_is_not_an_amount_is_refused(typed):
    with pytest.raises(ValueError):
        parse_euros(typed)


def test_amounts_are_shown_the_french_way():
    assert euros(123456) == "1\u202f234,56\u00a0€"
    assert euros(-500) == "−5,00\u00a0€"
    assert euros(500, sign=True) == "+5,00\u00a0€"
    assert plain_amount(123456) == "1234,56" and plain_amount(0) == "0,00"
    assert str(percent(450, 1200)) == "37.5" and percent(1, 0) is None
