"""Object-level access on the demo story, as docs/security.md states it: a resident sees their
own record and the groups they belong to, and no other resident's name anywhere else; accounts
the project did not plan for (a resident with no record, an unknown role) see no one.

These crawl from "/" like test_crawl: a page added later is covered once a link leads to it.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from quartier.groups.models import Membership, WorkingGroup
from quartier.people.models import Consent, Person, User
from quartier.testing.crawler import crawl

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _client(user: User) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


def _resident_names() -> dict[int, str]:
    return dict(
        Person.objects.filter(kind=Person.Kind.RESIDENT, anonymised_at__isnull=True).values_list(
            "pk", "display_name"
        )
    )


def _quoted() -> set[int]:
    """Residents who agreed to be quoted by name: they may appear in a published restitution."""
    return set(
        Consent.objects.filter(
            purpose=Consent.Purpose.CONTRIBUTIONS, withdrawn_on__isnull=True
        ).values_list("person_id", flat=True)
    )


def _leaks(client: Client, allowed: set[int]) -> dict[str, list[str]]:
    """Names of residents outside `allowed` on any page or download reachable by `client`."""
    names = {pk: name for pk, name in _resident_names().items() if pk not in allowed}
    result = crawl(client, per_route=3)
    assert not [url for url, status in result.statuses.items() if status >= 500]
    leaks = {}
    bodies = {
        **result.pages,
        **{u: b.decode("utf-8", "replace") for u, (_, b) in result.downloads.items()},
    }
    for url, body in bodies.items():
        found = [name for name in names.values() if name in body]
        if found:
            leaks[url] = found[:3]
    return leaks


def test_the_demo_resident_sees_only_their_record_and_fellow_members(demo):
    user = User.objects.get(username="habitant")
    groups = WorkingGroup.objects.filter(
        memberships__person_id=user.person_id, memberships__left_on__isnull=True
    )
    fellows = set(
        Membership.objects.filter(group__in=groups, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    assert not _leaks(_client(user), {user.person_id, *fellows, *_quoted()})


def test_a_resident_account_without_a_record_sees_no_one(demo):
    user = User.objects.create_user("sans-fiche", role=User.Role.RESIDENT)
    client = _client(user)
    assert not _leaks(client, _quoted())
    person = Person.objects.filter(kind=Person.Kind.RESIDENT).first()
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 403
    assert client.get(reverse("people:list")).status_code == 403


def test_an_account_with_a_role_the_project_does_not_know_sees_no_one(demo):
    user = User.objects.create_user("partenaire", role="partenaire")
    client = _client(user)
    assert not _leaks(client, set())
    group = WorkingGroup.objects.first()
    for url in (
        reverse("people:list"),
        reverse("groups:detail", args=[group.pk]),
        reverse("consultation:list"),
        reverse("privacy:audit_log"),
    ):
        assert client.get(url).status_code == 403, url


def test_a_resident_outside_a_group_and_a_former_member_are_refused_every_group_page(demo):
    group = WorkingGroup.objects.filter(sessions__isnull=False).distinct().first()
    outsider = Person.objects.filter(kind=Person.Kind.RESIDENT, user__isnull=True)
    outsider = outsider.exclude(memberships__group=group).first()
    membership = group.memberships.filter(left_on__isnull=True, person__user__isnull=True).first()
    member = User.objects.create_user("membre", role=User.Role.RESIDENT, person=membership.person)
    stranger = User.objects.create_user("voisin", role=User.Role.RESIDENT, person=outsider)
    urls = [
        reverse("groups:detail", args=[group.pk]),
        reverse("groups:group_due", args=[group.pk]),
        reverse("groups:session", args=[group.sessions.first().pk]),
    ]
    if proposal := group.proposals.first():
        urls.append(reverse("groups:proposal", args=[proposal.pk]))
    for url in urls:
        assert _client(member).get(url).status_code == 200, url
        assert _client(stranger).get(url).status_code == 403, url
    membership.left_on = membership.joined_on
    membership.save(update_fields=["left_on"])
    for url in urls:
        assert _client(member).get(url).status_code == 403, url
