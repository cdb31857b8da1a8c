"""Navigation entries shown to the signed-in user, filtered by what their role may see.

Each app declares its own entries as `navigation = [(label, url name, permission or None)]`
on its AppConfig, so adding an app never means editing a shared list.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from quartier.core.hooks import declared


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    entries = []
    for label, url_name, perm in declared("navigation"):
        if perm is None or user.has_perm(perm):
            url = reverse(url_name)
            current = request.path == url or (url != "/" and request.path.startswith(url))
            entries.append({"label": label, "url": url, "current": current})
    return {"navigation": entries}
