"""General assemblies: quorum from members up to date, proxies and their rules, votes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from quartier.association.actions import assemblies as ga
from quartier.association.actions.errors import AssociationError
from quartier.association.actions.members import add_member, record_dues
from quartier.association.models import Resolution
from quartier.gatherings.models import Gathering

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def assembly(association):
    association.quorum_percent = 50
    association.max_proxies = 2
    association.save()
    return ga.create_assembly(
        association,
        title="Assemblée générale ordinaire 2005",
        start=dt.datetime(2005, 3, 12, 14, 30, tzinfo=PARIS),
        end=dt.datetime(2005, 3, 12, 17, tzinfo=PARIS),
        place="Local de l'association",
        agenda="Rapport moral\n- Rapport financier\n\nÉlections",
    )


@pytest.fixture
def people(association):
    """Ten members up to date on the day of the assembly, and one who is not."""
    members = []
    for index in range(10):
        member = add_member(association, name=f"Membre {index}", joined_on=dt.date(2004, 3, 12))
        record_dues(member, year=2005, amount=1000, paid_on=dt.date(2005, 3, 1), method="cash")
        members.append(member.person)
    late = add_member(association, name="En retard", joined_on=dt.date(2004, 3, 12))
    record_dues(late, year=2005, amount=1000, paid_on=dt.date(2005, 3, 20), method="cash")
    return members, late.person


def test_the_assembly_is_a_gathering_of_the_territory(assembly):
    gathering = assembly.gathering
    assert gathering.kind == Gathering.Kind.GENERAL_ASSEMBLY
    assert gathering.territory == assembly.association.territory
    assert assembly.agenda_items == ["Rapport moral", "Rapport financier", "Élections"]


def test_quorum_counts_members_up_to_date_present_or_represented(assembly, people):
    members, late = people
    for person in members[:3]:
        ga.check_in(assembly, person)
    ga.check_in(assembly, late)  # present, but their dues were paid after the assembly
    quorum = ga.quorum(assembly)
    assert (quorum.voting, quorum.present, quorum.represented, quorum.needed) == (10, 3, 0, 5)
    assert quorum.present_not_voting == 1 and not quorum.reached
    ga.give_proxy(assembly, giver=members[5], holder=members[0])
    ga.give_proxy(assembly, giver=members[6], holder=members[0])
    quorum = ga.quorum(assembly)
    assert (quorum.present, quorum.represented, quorum.counted) == (3, 2, 5)
    assert quorum.reached and quorum.missing == 0


def test_a_proxy_counts_only_when_its_holder_is_there(assembly, people):
    members, _late = people
    ga.give_proxy(assembly, giver=members[5], holder=members[0])
    assert (ga.quorum(assembly).represented, ga.quorum(assembly).unused_proxies) == (0, 1)
    ga.check_in(assembly, members[0])
    assert ga.quorum(assembly).represented == 1
    ga.check_out(assembly, members[0])
    assert ga.quorum(assembly).represented == 0


def test_a_holder_carries_no_more_proxies_than_the_cap(assembly, people):
    members, _late = people
    ga.give_proxy(assembly, giver=members[1], holder=members[0])
    ga.give_proxy(assembly, giver=members[2], holder=members[0])
    with pytest.raises(AssociationError, match="déjà 2 pouvoirs"):
        ga.give_proxy(assembly, giver=members[3], holder=members[0])


def test_who_holds_a_proxy_cannot_give_one_and_who_gave_one_cannot_hold(assembly, people):
    members, _late = people
    ga.give_proxy(assembly, giver=members[1], holder=members[0])
    with pytest.raises(AssociationError, match="porte déjà un pouvoir"):
        ga.give_proxy(assembly, giver=members[0], holder=members[2])
    with pytest.raises(AssociationError, match="a donné son pouvoir"):
        ga.give_proxy(assembly, giver=members[3], holder=members[1])
    with pytest.raises(AssociationError, match="déjà donné son pouvoir"):
        ga.give_proxy(assembly, giver=members[1], holder=members[2])


def test_someone_present_cannot_be_represented(assembly, people):
    members, _late = people
    ga.check_in(assembly, members[1])
    with pytest.raises(AssociationError, match="personne présente"):
        ga.give_proxy(assembly, giver=members[1], holder=members[0])


def test_arriving_cancels_the_proxy_one_had_given(assembly, people):
    members, _late = people
    ga.check_in(assembly, members[0])
    ga.give_proxy(assembly, giver=members[1], holder=members[0])
    message = ga.check_in(assembly, members[1])
    assert "annulé" in message
    assert not assembly.proxies.exists()
    quorum = ga.quorum(assembly)
    assert (quorum.present, quorum.represented) == (2, 0)


def test_only_members_up_to_date_give_or_hold_proxies(assembly, people):
    members, late = people
    with pytest.raises(AssociationError, match="donner pouvoir"):
        ga.give_proxy(assembly, giver=late, holder=members[0])
    with pytest.raises(AssociationError, match="porter un pouvoir"):
        ga.give_proxy(assembly, giver=members[0], holder=late)
    with pytest.raises(AssociationError, match="soi-même"):
        ga.give_proxy(assembly, giver=members[0], holder=members[0])


def test_votes_are_never_more_than_voters(assembly, people):
    members, _late = people
    for person in members[:4]:
        ga.check_in(assembly, person)
    ga.give_proxy(assembly, giver=members[8], holder=members[0])
    resolution = ga.add_resolution(assembly, title="Approbation des comptes", majority="simple")
    with pytest.raises(
        AssociationError, match=r"Plus de votes \(6\) que de votants sur place ou par pouvoir \(5\)"
    ):
        ga.record_votes(resolution, votes_for=4, votes_against=1, abstentions=1)
    ga.record_votes(resolution, votes_for=3, votes_against=1, abstentions=1)
    assert resolution.adopted


def test_majorities(assembly):
    simple = Resolution(votes_for=3, votes_against=3, abstentions=4)
    two_thirds = Resolution(majority="two_thirds", votes_for=6, votes_against=3)
    assert not simple.adopted and two_thirds.adopted
    two_thirds.votes_for = 5
    assert not two_thirds.adopted


def test_a_late_notice_is_warned_about(assembly):
    assert ga.convocation_deadline(assembly) == dt.date(2005, 2, 25)  # 15 days before
    assert ga.convocation_warning(assembly, today=dt.date(2005, 2, 20)) == ""
    assert "au plus tard le 25/02/2005" in ga.convocation_warning(
        assembly, today=dt.date(2005, 3, 1)
    )
    assembly.convocation_sent_on = dt.date(2005, 3, 2)
    assert "moins de 15 jours" in ga.convocation_warning(assembly)
    assembly.convocation_sent_on = dt.date(2005, 2, 20)
    assert ga.convocation_warning(assembly) == ""
