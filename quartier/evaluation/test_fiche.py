"""The practice sheet restates the seed's facts from the demo's data, changes when the data
does, and a bad territory writes nothing."""

import pytest
from django.core.management import CommandError, call_command

from quartier.testing.demo import load_demo
from quartier.testing.documents import pdf_words

pytestmark = pytest.mark.django_db


@pytest.mark.slow  # the whole demo story
def test_the_sheet_restates_the_seed_from_data_and_follows_it(tmp_path):
    load_demo()
    out = tmp_path / "fiche.md"
    call_command("fiche", territory="les-montoires", format="md", out=str(out))
    text = out.read_text(encoding="utf-8")
    for partner in (
        "Caisse d'allocations familiales du Loiret",
        "Conseil général du Loiret — UTS de Gien",
        "OPAC du Loiret",
        "Mutualité sociale agricole Beauce Cœur de Loire",
    ):
        assert partner in text
    assert "Loiret (45)" in text
    for theme in ("lien social", "jeunes", "isolement géographique"):
        assert theme in text
    assert "club de prévention" in text and "mise en œuvre" in text
    for activity in ("Atelier cuisine", "Après-midi cartes", "Journal du quartier"):
        assert activity in text
    assert "CAP de cuisine à 45 ans" in text and "emploi trouvé : Agent d'entretien" in text
    assert "Intermarché" in text
    pdf = tmp_path / "fiche.pdf"
    call_command("fiche", format="pdf", out=str(pdf))
    assert "Intermarché" in pdf_words(pdf.read_bytes())
    html = tmp_path / "fiche.html"
    call_command("fiche", format="html", out=str(html))
    assert '<html lang="fr">' in html.read_text(encoding="utf-8")

    # The association, its founding and its subsidies come from the association app.
    association = pytest.importorskip("quartier.association.models")
    assert "Commune de Gien" in text  # a partner as the funder of a subsidy
    assert "en 2004" in text
    assert "200 €" in text and "450 €" in text
    subsidy = association.Subsidy.objects.filter(amount_granted=20_000).order_by("year").first()
    subsidy.amount_granted = 25_000
    subsidy.save()
    call_command("fiche", territory="les-montoires", format="md", out=str(out))
    assert "250 €" in out.read_text(encoding="utf-8")


def test_a_bad_territory_is_said_in_french_and_nothing_is_written(tmp_path, territory):
    out = tmp_path / "fiche.md"
    with pytest.raises(CommandError, match="Territoire inconnu : « nulle-part »"):
        call_command("fiche", territory="nulle-part", format="md", out=str(out))
    assert list(tmp_path.iterdir()) == []


def test_the_cli_exits_non_zero_on_a_bad_territory(tmp_path, territory):
    from django.core.management import ManagementUtility

    out = tmp_path / "fiche.md"
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(
            ["quartier", "fiche", "--territory", "nulle-part", "--out", str(out)]
        ).execute()
    assert exited.value.code != 0
    assert not out.exists()
