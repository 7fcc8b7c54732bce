"""Authentication of API requests: a bearer token (machines) or a two-factor session (pages)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cor_…`: a token bound to one user, organisation and role."""

    def authenticate(self, request: HttpRequest, token: str):
        from corridor.accounts.services import user_for_token

        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """The browser session of a user who passed the second factor; CSRF-checked on writes."""

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_verified():
            return user
        return None


def principal(request: HttpRequest):
    """Who is calling, for middleware that runs before the API's own authentication."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return TokenAuth().authenticate(request, header[7:].strip())
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_verified():
        return user
    return None


__all__ = ["TokenAuth", "VerifiedSessionAuth", "principal"]
