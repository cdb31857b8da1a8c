"""One click from a curated consultation theme to a working group; facilitators' rights."""

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from quartier.consultation.models import Contribution, Theme
from quartier.groups import services
from quartier.groups.models import Membership, WorkingGroup
from quartier.people.models import Organisation, Person
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme(consultation, territory):
    theme = Theme.objects.create(
        consultation=consultation, label="Les jeunes le soir", keywords=["jeunes", "soir", "club"]
    )
    aicha = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    karim = Person.objects.create(display_name="Karim Ouali", territory=territory)
    gone = Person.objects.create(
        display_name="Personne anonymisée", territory=territory, anonymised_at=timezone.now()
    )
    rejected = Person.objects.create(display_name="Refusé Dupont", territory=territory)
    for author, text, pinned, state in [
        (aicha, "Les jeunes n'ont nulle part où aller le soir.", True, "published"),
        (aicha, "Il faudrait un club.", False, "published"),
        (karim, "Un éducateur, ça changerait tout.", False, "published"),
        (None, "Anonyme : <script>alert(1)</script> " + "long " * 100, True, "published"),
        (gone, "Ancienne contribution.", False, "published"),
        (rejected, "Hors sujet.", True, "rejected"),
    ]:
        Contribution.objects.create(
            consultation=consultation,
            theme=theme,
            author=author,
            text=text,
            is_pinned_quote=pinned,
            state=state,
        )
    return theme


@pytest.fixture
def worker_user(territory):
    cg = Organisation.objects.create(name="Conseil général", kind="departement")
    claire = Person.objects.create(
        display_name="Claire Morin", kind="professional", organisation=cg, territory=territory
    )
    return make_user("professional", username="claire", person=claire)


def _theme_page(theme: Theme) -> str:
    try:
        return reverse("consultation:theme", args=[theme.consultation_id, theme.pk])
    except NoReverseMatch:
        return reverse("consultation:detail", args=[theme.consultation_id])


def test_a_theme_becomes_a_group_with_its_contributors_invited(theme, worker_user, territory):
    group = services.create_group_from_theme(theme, worker_user)
    assert group.name == group.theme_label == "Les jeunes le soir"
    assert group.theme == theme and group.territory == territory
    assert group.created_by == worker_user
    assert group.status == WorkingGroup.Status.FORMING
    invited = group.memberships.filter(status=Membership.Status.INVITED)
    # Published contributions only, named authors only, never an anonymised person.
    assert sorted(m.person.display_name for m in invited) == ["Aïcha Benali", "Karim Ouali"]
    assert {m.invited_on for m in invited} == {timezone.localdate()}
    facilitator = group.memberships.get(role=Membership.Role.FACILITATOR)
    assert facilitator.person == worker_user.person
    assert facilitator.status == Membership.Status.MEMBER
    # The mandate: the quotes residents' words give, never the machine's keywords, no names.
    assert "Mots-clés" not in group.mandate and "club" not in group.mandate
    assert "« Les jeunes n'ont nulle part où aller le soir. »" in group.mandate
    assert "<script>alert(1)</script>" in group.mandate  # stored intact, escaped on display
    assert "Hors sujet" not in group.mandate
    assert "Aïcha" not in group.mandate


def test_a_second_click_returns_the_same_group(theme, worker_user):
    first = services.create_group_from_theme(theme, worker_user)
    again = services.create_group_from_theme(theme, worker_user)
    assert again == first and WorkingGroup.objects.count() == 1


def test_curated_themes_leave_out_hidden_ones_and_count_people(theme, consultation):
    Theme.objects.create(consultation=consultation, label="Caché", hidden=True)
    themes = list(services.curated_themes(consultation.territory))
    assert [t.label for t in themes] == ["Les jeunes le soir"]
    assert themes[0].contributor_count == 2


def test_the_create_page_offers_the_themes_and_one_click_creates(client, theme, worker_user):
    client.force_login(worker_user)
    page = client.get(reverse("groups:create")).content.decode()
    url = reverse("groups:create_from_theme", args=[theme.pk])
    assert f'action="{url}"' in page and "2 personnes à inviter" in page
    response = client.post(url)
    group = WorkingGroup.objects.get()
    assert response.status_code == 302 and response.url == group.get_absolute_url()
    detail = client.get(group.get_absolute_url()).content.decode()
    assert "Aïcha Benali" in detail and "Karim Ouali" in detail
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert f'<a href="{_theme_page(theme)}">Les jeunes le soir</a>' in detail
    # Now the theme links to its group instead of offering a second one.
    page = client.get(reverse("groups:create")).content.decode()
    assert f'action="{url}"' not in page and "Groupe déjà créé" in page
    client.post(url)
    assert WorkingGroup.objects.count() == 1


def test_only_the_team_creates_from_a_theme(client, theme, territory):
    assert client.post(reverse("groups:create_from_theme", args=[theme.pk])).status_code == 302
    client.force_login(make_user("resident"))
    response = client.post(reverse("groups:create_from_theme", args=[theme.pk]))
    assert response.status_code == 403
    assert client.get(reverse("groups:create_from_theme", args=[theme.pk])).status_code in {
        403,
        405,
    }
    assert not WorkingGroup.objects.exists()


def test_a_resident_facilitator_runs_the_sessions_of_their_group_only(client, theme, territory):
    group = services.create_group_from_theme(theme, None)
    other = services.create_group(name="Autre", mandate="m", territory=territory)
    denise = Person.objects.create(display_name="Denise Morel", territory=territory)
    services.add_member(group, denise, role=Membership.Role.FACILITATOR)
    user = make_user("resident", person=denise)
    client.force_login(user)
    detail = client.get(group.get_absolute_url()).content.decode()
    assert reverse("groups:session_create", args=[group.pk]) in detail
    assert reverse("groups:members", args=[group.pk]) not in detail  # adding people: team
    start = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT18:00")
    response = client.post(
        reverse("groups:session_create", args=[group.pk]), {"start": start, "place": "Local C"}
    )
    session = group.sessions.get()
    assert response.status_code == 302
    response = client.post(
        reverse("groups:minutes", args=[session.pk]), {"minutes_draft": "On a parlé."}
    )
    assert response.status_code == 302
    client.post(reverse("groups:decision_add", args=[session.pk]), {"text": "Écrire au maire"})
    assert session.decisions.get().text == "Écrire au maire"
    response = client.post(
        reverse("groups:action_create", args=[group.pk]),
        {"title": "Le courrier", "owner": denise.pk, "due_on": "2030-01-01", "status": "todo"},
    )
    assert response.status_code == 302 and group.actions.get().owner == denise
    # Not the team's pages, nor another group.
    assert client.get(reverse("groups:members", args=[group.pk])).status_code == 403
    assert client.get(reverse("groups:update", args=[group.pk])).status_code == 403
    assert client.get(reverse("groups:session_create", args=[other.pk])).status_code == 403
    assert client.get(reverse("groups:due")).status_code == 403
    # A plain member only sees.
    services.add_member(group, denise, role=Membership.Role.MEMBER)
    assert client.get(reverse("groups:session_create", args=[group.pk])).status_code == 403
    assert client.get(group.get_absolute_url()).status_code == 200


def test_facilitating_a_session_gives_the_facilitators_rights(theme, territory):
    from quartier.gatherings.models import Attendance

    group = services.create_group_from_theme(theme, None)
    session = services.schedule_session(group, start=timezone.now() - dt.timedelta(days=1))
    denise = Person.objects.create(display_name="Denise Morel", territory=territory)
    user = make_user("resident", person=denise)
    assert not user.has_perm("groups.view_group", group)
    Attendance.objects.create(
        gathering=session.gathering, person=denise, role=Attendance.Role.FACILITATOR
    )
    assert group.memberships.get(person=denise).role == Membership.Role.FACILITATOR
    assert user.has_perm("groups.change_session", session)
    assert user.has_perm("groups.add_session", group)
    assert not user.has_perm("groups.manage_members", group)
    assert not user.has_perm("groups.manage_proposals", group)


def test_the_theme_page_itself_offers_the_group_then_links_to_it(client, theme, worker_user):
    client.force_login(worker_user)
    url = reverse("groups:create_from_theme", args=[theme.pk])
    assert f'action="{url}"' in client.get(_theme_page(theme)).content.decode()
    client.post(url)
    page = client.get(_theme_page(theme)).content.decode()
    assert f'action="{url}"' not in page
    assert WorkingGroup.objects.get().get_absolute_url() in page


def test_undoing_a_merge_gives_the_group_its_theme_back(theme, consultation, worker_user):
    from quartier.consultation.actions.curation import merge_themes
    from quartier.consultation.actions.curation_history import undo_last_step

    group = services.create_group_from_theme(theme, worker_user)
    other = Theme.objects.create(consultation=consultation, label="La jeunesse")
    theme_pk = theme.pk
    merge_themes(theme, other)
    group.refresh_from_db()
    assert group.theme is None and group.theme_label == "Les jeunes le soir"
    undo_last_step(consultation)
    group.refresh_from_db()
    assert group.theme_id == theme_pk and group.theme.label == "Les jeunes le soir"
