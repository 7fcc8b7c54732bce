"""Retention and erasure of corridor records: the data goes from every copy, a tombstone stays.

An evacuee's registration keeps what the operation's counts need (state, decision, destination,
place, scans, times, the opaque code); the names go from the registry person the registration
made, from its search keys and match candidates, and from incidents about the person.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from corridor.audit import services as audit
from corridor.corridors import lifecycle as lc
from corridor.corridors.models import (
    Evacuee,
    Incident,
    MovementNotification,
    RegistrationSubmission,
)
from corridor.corridors.roles import ERASING_ROLES
from corridor.corridors.services.common import ensure_role
from corridor.registry.models import Person
from corridor.registry.retention import erase_person_data
from corridor.retention import ERASED, period

EVACUEES = "evacuee registration(s)"
NOTIFICATIONS = "notification contact(s)"


def _still_needed(person: Person) -> bool:
    """Another registration, a list the registry keeps as submitted, or a live tracing case."""
    from corridor.tracing.models import TracingCase

    return (
        Evacuee.objects.filter(person=person, erased_at__isnull=True).exists()
        or person.source_records.exists()
        or TracingCase.objects.filter(located_person=person, erased_at__isnull=True).exists()
    )


def _erase_person(person: Person) -> None:
    """The registry person a registration made, unless something else still needs them."""
    if person.family_name == ERASED or _still_needed(person):
        return
    erase_person_data(person)


def _erase_evacuee(evacuee: Evacuee, actor, reason: str) -> None:
    evacuee.decision_witness = ERASED  # never empty: a moving person's row keeps its shape
    evacuee.wheelchair = evacuee.stretcher = evacuee.medical_escort = False
    evacuee.child_alone = False
    evacuee.erased_at = timezone.now()
    evacuee.save()
    # An incident about the person keeps its kind, time and side; its account may name them.
    Incident.objects.filter(evacuee=evacuee).update(account=ERASED)
    _erase_person(evacuee.person)
    household = evacuee.household
    if household is not None and not household.members.exclude(family_name=ERASED).exists():
        household.reference = ""
        household.save(update_fields=["reference"])
    if (
        evacuee.submission_id
        and not Evacuee.objects.filter(
            submission_id=evacuee.submission_id, erased_at__isnull=True
        ).exists()
    ):
        # The digest was taken over the names: a replay of the erased submission is refused.
        RegistrationSubmission.objects.filter(pk=evacuee.submission_id).update(digest="")
    audit.record(actor, "corridors.erased", evacuee, {"reason": reason})


@transaction.atomic
def erase(user, evacuee_id, reason: str) -> Evacuee:
    """Erasure of one registration on request (the intermediary's data protection officer)."""
    evacuee = Evacuee.objects.get_visible(user, evacuee_id)  # 404 before 403
    ensure_role(user, ERASING_ROLES, intermediary=True)
    evacuee = Evacuee.objects.select_for_update().get(pk=evacuee.pk)
    if evacuee.erased_at is None:
        _erase_evacuee(evacuee, user, reason.strip()[:200] or "request")
    return evacuee


def _due_evacuees(now: datetime.datetime):
    """Registrations whose corridor ended a period ago (or, for none, registered a period ago)."""
    cutoff = now - period("evacuee")
    ended = list(lc.AGREEMENT_ENDS)
    return Evacuee.objects.filter(erased_at__isnull=True).filter(
        Q(agreement__state__in=ended, agreement__closed_at__lte=cutoff)
        | Q(
            agreement__isnull=True,
            place__convoy__agreement__state__in=ended,
            place__convoy__agreement__closed_at__lte=cutoff,
        )
        | Q(agreement__isnull=True, place__isnull=True, created_at__lte=cutoff)
    )


def expire_due(now: datetime.datetime | None = None) -> dict[str, int]:
    """Erase every registration and notification contact whose period ended; counts by kind."""
    now = now or timezone.now()
    erased = 0
    for evacuee_id in list(_due_evacuees(now).values_list("pk", flat=True)):
        with transaction.atomic():
            evacuee = Evacuee.objects.select_for_update().get(pk=evacuee_id)
            if evacuee.erased_at is None:
                _erase_evacuee(evacuee, None, "retention period ended")
                erased += 1
    contacts = 0
    due = MovementNotification.objects.filter(expires_at__lte=now - period("notification")).exclude(
        contact__in=("", ERASED)
    )
    for notification_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            notification = MovementNotification.objects.select_for_update().get(pk=notification_id)
            if notification.contact not in ("", ERASED):
                notification.contact = ERASED
                notification.save(update_fields=["contact"])
                audit.record(
                    None, "corridors.erased", notification, {"reason": "retention period ended"}
                )
                contacts += 1
    return {EVACUEES: erased, NOTIFICATIONS: contacts}
