"""Navigation entries shown to the signed-in user, filtered by what their role may see."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (label, url name, permission needed or None)
NAVIGATION = [
    (_("Accueil"), "home", None),
    (_("Rencontres"), "gatherings:list", "gatherings.view_gathering"),
    (_("Personnes"), "people:list", "people.list_person"),
]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    entries = [
        {"label": label, "url": reverse(name), "current": request.path == reverse(name)}
        for label, name, perm in NAVIGATION
        if perm is None or user.has_perm(perm)
    ]
    return {"navigation": entries}
