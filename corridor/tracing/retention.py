"""Retention and erasure: the data goes from every place it was copied; a tombstone stays."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from corridor.accounts.roles import Role
from corridor.audit import services as audit
from corridor.errors import NotPermitted
from corridor.retention import ERASED
from corridor.tracing.models import (
    CaseNote,
    Enquirer,
    FamilyMessage,
    TracingCandidate,
    TracingCase,
)


def _erase(case: TracingCase, actor, reason: str) -> None:
    TracingCandidate.objects.filter(case=case).delete()
    CaseNote.objects.filter(case=case).update(text=None)
    FamilyMessage.objects.filter(case=case).update(text=None)
    for enquirer in Enquirer.objects.filter(case=case):
        enquirer.name, enquirer.relationship = ERASED, ""
        enquirer.email = enquirer.phone = None
        enquirer.secret_digest = ""  # the status page no longer opens
        enquirer.save()
    case.sought_name = ERASED
    case.sought_birth = case.sought_place = case.last_contact_date = case.last_contact_place = ""
    case.sought_sex = ""
    case.circumstances = case.marks = case.news_text = case.contact_text = case.address_text = None
    case.located_person = None
    case.erased_at = timezone.now()
    case.save()
    audit.record(actor, "tracing.erased", case, {"reason": reason})


@transaction.atomic
def erase(user, case_id, reason: str) -> TracingCase:
    """Erasure on request (the data protection officer or a caseworker)."""
    case = TracingCase.objects.get_visible(user, case_id)
    if user.role not in (Role.DATA_PROTECTION_OFFICER, Role.CASEWORKER):
        raise NotPermitted()
    case = TracingCase.objects.select_for_update().get(pk=case.pk)
    if case.erased_at is None:
        _erase(case, user, reason or "request")
    return case


def expire_due(now=None) -> int:
    """Erase every case whose retention period has ended (`corridor retention run`)."""
    now = now or timezone.now()
    count = 0
    for case_id in TracingCase.objects.filter(
        expires_at__lte=now, erased_at__isnull=True
    ).values_list("pk", flat=True):
        with transaction.atomic():
            case = TracingCase.objects.select_for_update().get(pk=case_id)
            if case.erased_at is None:
                _erase(case, None, "retention period ended")
                count += 1
    return count
