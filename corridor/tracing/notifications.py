"""E-mails to enquirers: a change happened, and a link to the status page. Nothing else.

The e-mail never carries the news, the contact or the state: mail passes through many hands.
What consent allows is shown only on the status page, behind the reference and secret.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from corridor.audit import services as audit
from corridor.keys.services import open_value
from corridor.tracing.models import Enquirer, TracingCase


def status_url() -> str:
    return (
        getattr(settings, "CORRIDOR_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
        + "/trace/status/"
    )


def notify_enquirers(case_id: str) -> int:
    """Tell each enquirer of the case (and of cases merged into it) that there is an update."""
    case = TracingCase.objects.filter(pk=case_id, erased_at__isnull=True).first()
    if case is None:
        return 0
    sent = 0
    for enquirer in Enquirer.objects.filter(case=case):
        if enquirer.email is None or isinstance(enquirer.email, str):
            continue
        address = open_value(enquirer, Enquirer._meta.get_field("email"), enquirer.email)  # type: ignore[arg-type]
        with translation.override(enquirer.language):
            subject = _("Your tracing request %(ref)s: there is an update") % {
                "ref": enquirer.reference
            }
            body = _(
                "There is an update on your request %(ref)s.\n\n"
                "Open %(url)s and enter your reference and the secret you were given.\n\n"
                "For your safety this e-mail says nothing more."
            ) % {"ref": enquirer.reference, "url": status_url()}
        send_mail(subject, body, None, [address])
        audit.record(None, "tracing.notified", enquirer, {"case": str(case.pk)})
        sent += 1
    return sent
