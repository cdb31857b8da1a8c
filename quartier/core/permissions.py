"""Permission checks for views.

Anonymous visitors never reach a view that is not marked public: Django's
`LoginRequiredMiddleware` sends them to log in first, and public pages say so with
`@login_not_required` (the log-in page, the public contribution form, the iCal feeds). Signed-in
users without the right get a 403, as with Django's class-based `AccessMixin`.

- `access(request, source, perm, **lookup)` fetches one object and checks a permission on it in
  one step (Zulip's `access_*` helpers): one query, 404 when there is no such object, 403
  without the right. Views call it first thing and use what it returns; they never fetch the
  object again.
- `ObjectAccessMixin` does the same for a class-based view on one object (DetailView,
  UpdateView): its `get_object` goes through `access`, once.
- `permission_required(perm)` guards a view that works on no single object (a list, a form to
  create one); class-based views of that kind use `rules.contrib.views.PermissionRequiredMixin`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

ModelT = TypeVar("ModelT", bound=Model)


def access(
    request: HttpRequest,
    source: type[ModelT] | QuerySet[ModelT],
    perm: str,
    *,
    via: str | None = None,
    **lookup,
) -> ModelT:
    """The object of `source` matching `lookup`, once `request.user` holds `perm` on it.

    `source` is a model or a queryset (a module-level one is fine: it is copied, never
    evaluated). `via` names a relation of the object to check the permission on instead (a
    contribution is deleted by whoever may delete the contributions of its consultation): it is
    fetched in the same query. Raises Http404 when nothing matches, PermissionDenied without
    the right.
    """
    queryset = source.all() if isinstance(source, QuerySet) else source._default_manager.all()
    if via:
        queryset = queryset.select_related(via)
    obj = get_object_or_404(queryset, **lookup)
    target = _follow(obj, via) if via else obj
    if not request.user.has_perm(perm, target):
        raise PermissionDenied
    return obj


def _follow(obj: Model, path: str) -> Model | None:
    for name in path.split("__"):
        obj = getattr(obj, name)
        if obj is None:
            return None
    return obj


class ObjectAccessMixin:
    """For a class-based view on one object named by the URL's `pk`: `get_object` fetches it
    through `access` with `permission_required` checked on it, and keeps it for the request
    (DetailView and UpdateView ask for it more than once)."""

    permission_required: str

    def get_object(self, queryset: QuerySet | None = None) -> Model:
        if not hasattr(self, "_accessed"):
            source = self.get_queryset() if queryset is None else queryset
            pk = self.kwargs[self.pk_url_kwarg]
            self._accessed = access(self.request, source, self.permission_required, pk=pk)
        return self._accessed


def permission_required(perm: str) -> Callable:
    """Guard a view that works on no single object with a global permission (a view on one
    object calls `access` instead)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
