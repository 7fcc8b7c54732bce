"""Session timeouts and the two-factor rule for every signed-in page."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse

SESSION_STARTED = "corridor_started"

# Paths a signed-in but not yet verified session may reach (there are none in practice:
# sessions are only signed in after the second factor), plus public assets.
OPEN_PREFIXES = ("/static/", "/accounts/", "/i18n/", "/api/", "/favicon.ico")


class SessionTimeoutMiddleware:
    """Ends sessions older than the absolute limit; the idle limit is the cookie/session age."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        started = session.get(SESSION_STARTED)
        now = int(time.time())
        if started is not None and now - started > settings.CORRIDOR_SESSION_ABSOLUTE_SECONDS:
            session.flush()
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """A signed-in staff session that has not passed the second factor is signed out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            logout(request)
            if not request.path.startswith(OPEN_PREFIXES):
                return HttpResponseRedirect(reverse("accounts:login"))
        return self.get_response(request)
