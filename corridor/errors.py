"""The base of every domain error; one handler turns them into HTTP responses."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused an action."""

    http_status = 400
    default_message = _("The request was refused.")

    def __init__(self, message: str | None = None) -> None:
        self.message = str(message or self.default_message)
        super().__init__(self.message)


class NotVisible(DomainError):
    """The object does not exist for this user (not found and forbidden look the same)."""

    http_status = 404
    default_message = _("Not found.")


class NotPermitted(DomainError):
    """The user's role may not perform this action on objects it can see."""

    http_status = 403
    default_message = _("Your role does not allow this action.")
