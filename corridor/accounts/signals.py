"""Remember each signed-in session so deactivation can end it on the server."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def _track(sender, request, user, **kwargs) -> None:
    from corridor.accounts.services import track_session

    if request is not None and request.session.session_key:
        track_session(user, request.session.session_key)
