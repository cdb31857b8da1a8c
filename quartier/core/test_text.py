import pytest

from quartier.core.text import of


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Les Montoires", "des Montoires"),
        ("Le Val", "du Val"),
        ("La Source", "de la Source"),
        ("L'Orme", "de l'Orme"),
        ("Aïcha", "d'Aïcha"),
        ("Hugo", "d'Hugo"),
        ("Karim", "de Karim"),
        ("Gien", "de Gien"),
        ("Lesparre", "de Lesparre"),
    ],
)
def test_de_before_a_name_is_contracted_or_elided(name, written):
    assert of(name) == written
