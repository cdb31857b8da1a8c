"""Pages every visitor may read, account or not."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# When the statement was written, and against what: update both when the checks change or an
# audit is done (and then the state of compliance too).
STATEMENT_DATE = dt.date(2026, 12, 1)
RGAA_VERSION = "4.1.2"
# « non conforme »: no RGAA audit has been done; only an audit may give another state.
COMPLIANCE = "non conforme"


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (déclaration d'accessibilité), in the RGAA's form."""
    return render(
        request,
        "core/accessibility.html",
        {
            "entity": settings.ACCESSIBILITY_ENTITY,
            "contact": settings.ACCESSIBILITY_CONTACT,
            "statement_date": STATEMENT_DATE,
            "rgaa_version": RGAA_VERSION,
            "compliance": COMPLIANCE,
            "site_url": request.build_absolute_uri("/"),
        },
    )
