import pytest

from quartier.gatherings.models import Attendance
from quartier.groups.models import Proposal, Session, WorkingGroup
from quartier.testing.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_has_the_three_groups_of_1999():
    story = load_demo()
    groups = {g.name: g for g in WorkingGroup.objects.all()}
    assert set(groups) == {
        "Jeunes et prévention",
        "Retour des services publics dans le quartier",
        "Isolement et lien social",
    }
    meetings = [story.gatherings["first_public_meeting"], story.gatherings["second_public_meeting"]]
    for group in groups.values():
        sessions = Session.objects.filter(group=group)
        assert 9 <= sessions.count() <= 12
        assert sessions.filter(gathering__kind="working_group_session").count() == sessions.count()
        years = {s.gathering.start.year for s in sessions.select_related("gathering")}
        assert years == {1999, 2000}
        participants = Attendance.objects.filter(
            gathering__group_session__group=group, role="participant"
        )
        # Residents who had come to the 1999 public meetings, facilitated by professionals.
        assert participants.exists()
        assert not participants.exclude(person__attendances__gathering__in=meetings).exists()
        facilitators = Attendance.objects.filter(
            gathering__group_session__group=group, role="facilitator"
        )
        assert not facilitators.exclude(person__kind="professional").exists()
        assert sessions.filter(approved_in__isnull=False).count() == sessions.count() - 1


def test_demo_prevention_club_proposal_ends_implemented():
    story = load_demo()
    proposal = Proposal.objects.get(group__name="Jeunes et prévention")
    assert proposal.addressee.name == "Commune de Gien"
    assert proposal.status == "implemented"
    assert proposal.outcome == "Un club de prévention spécialisée a été créé"
    assert list(proposal.steps.values_list("status", flat=True)) == [
        "draft",
        "submitted",
        "under_study",
        "accepted",
        "implemented",
    ]
    assert proposal.decided_in.group == proposal.group
    decision = story.weekly_activities_decision
    assert decision.session.group.name == "Isolement et lien social"
    for activity in ["journal", "cuisine", "cartes", "travaux manuels"]:
        assert activity in decision.text


def test_each_demo_group_came_from_a_theme_of_the_restitution():
    load_demo()
    labels = {group.theme.label for group in WorkingGroup.objects.select_related("theme")}
    assert len(labels) == 3
