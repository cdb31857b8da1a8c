"""access() fetches an object and checks a permission in one query: 404 before 403, the
permission judged on the object (or on the relation named by `via`), never a second fetch.

The objects here are Django's own (permissions and their content types): core sits below
every app and its tests import none."""

import pytest
import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.views.generic import DetailView

from quartier.core.permissions import ObjectAccessMixin, access

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged():
    """A permission granted on content types of the auth app only; what it was asked about."""
    asked = []

    @rules.predicate
    def about_auth(user, obj) -> bool:
        asked.append(obj)
        return isinstance(obj, ContentType) and obj.app_label == "auth"

    rules.add_perm("core.test_access", about_auth)
    yield asked
    rules.remove_perm("core.test_access")


@pytest.fixture
def request_as():
    def make(user):
        request = RequestFactory().get("/")
        request.user = user
        return request

    return make


@pytest.fixture
def user(db):
    return get_user_model().objects.create(username="quelqu-un")


def test_the_object_and_the_relation_it_is_judged_on_come_in_one_query(
    judged, request_as, user, django_assert_num_queries
):
    permission = Permission.objects.filter(content_type__app_label="auth").first()
    with django_assert_num_queries(1):
        got = access(
            request_as(user), Permission, "core.test_access", via="content_type", pk=permission.pk
        )
        assert got.content_type.app_label == "auth"  # already there: no second query
    assert got == permission
    assert judged == [permission.content_type]


def test_without_the_right_it_is_denied_and_without_the_object_not_found(judged, request_as, user):
    other_app = Permission.objects.exclude(content_type__app_label="auth").first()
    with pytest.raises(PermissionDenied):
        access(
            request_as(user), Permission, "core.test_access", via="content_type", pk=other_app.pk
        )
    with pytest.raises(Http404):
        access(request_as(user), Permission, "core.test_access", via="content_type", pk=10**9)
    # Nothing to judge when nothing matched: 404 says no more to someone without the right.
    assert judged == [other_app.content_type]


def test_a_queryset_narrows_what_may_be_found(judged, request_as, user):
    auth_type = ContentType.objects.get(app_label="auth", model="permission")
    others = ContentType.objects.exclude(app_label="auth")
    with pytest.raises(Http404):
        access(request_as(user), others, "core.test_access", pk=auth_type.pk)
    assert access(request_as(user), ContentType.objects.all(), "core.test_access", pk=auth_type.pk)


class ContentTypeView(ObjectAccessMixin, DetailView):
    model = ContentType
    permission_required = "core.test_access"


def test_a_class_view_fetches_its_object_once_however_often_it_asks(
    judged, request_as, user, django_assert_num_queries
):
    auth_type = ContentType.objects.get(app_label="auth", model="permission")
    view = ContentTypeView()
    view.setup(request_as(user), pk=auth_type.pk)
    with django_assert_num_queries(1):
        assert view.get_object() == auth_type
        assert view.get_object() is view.get_object()
    other = ContentType.objects.exclude(app_label="auth").first()
    refused = ContentTypeView()
    refused.setup(request_as(user), pk=other.pk)
    with pytest.raises(PermissionDenied):
        refused.get_object()
