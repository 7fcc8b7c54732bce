"""Movement notifications: one per movement of the agreed text, sent to both parties,
acknowledged by each (a receipt, never an approval); they expire, and a missing
acknowledgement close to the window raises an alert."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from corridor.accounts.roles import OrganisationKind
from corridor.audit import services as audit
from corridor.corridors import text
from corridor.corridors.errors import NotificationExpired, StepNotAllowed
from corridor.corridors.models import Acknowledgement, Agreement, MovementNotification
from corridor.corridors.roles import NEGOTIATING_ROLES, OPERATIONS_ROLES
from corridor.corridors.services import agreements
from corridor.corridors.services.common import ensure_role, party
from corridor.transmissions.models import Basis
from corridor.transmissions.services import transmit

NOTIFICATION_FIELDS = [
    "id", "agreement", "version_hash", "starts_at", "ends_at", "expires_at", "route",
    "vehicles", "contact",
]  # fmt: skip
# How long before a window opens a missing acknowledgement becomes an alert.
ALERT_LEAD = timedelta(hours=24)
PARTIES = (OrganisationKind.PARTY_A, OrganisationKind.PARTY_B)


@transaction.atomic
def notify_movements(lead, agreement_id) -> list[MovementNotification]:
    """Generate a notification for each movement of the agreed text and send it to both parties."""
    agreement = Agreement.objects.get_visible(lead, agreement_id)
    ensure_role(lead, OPERATIONS_ROLES, intermediary=True)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    content = agreements.agreed_content(agreement)
    route = " → ".join(text.place_label(p) for _, p in text.route_points(content))
    made = []
    for starts, ends in text.movements(content):
        if MovementNotification.objects.filter(
            agreement=agreement, version_hash=agreement.agreed_hash, starts_at=starts
        ).exists():
            continue
        made.append(
            MovementNotification.objects.create(
                organisation=lead.organisation,
                agreement=agreement,
                version_hash=agreement.agreed_hash,
                starts_at=starts,
                ends_at=ends,
                expires_at=ends,
                route=route[:600],
                vehicles=content.get("vehicles", "")[:600],
                contact=content.get("hotlines", "")[:300],
                created_by=lead,
            )
        )
    if not made and agreement.state != "agreed":
        raise StepNotAllowed()
    for kind in PARTIES:
        if made:
            transmit(
                lead,
                party(kind),
                Basis.CORRIDOR,
                f"Movement notifications under agreement {agreement.reference}",
                [(n, NOTIFICATION_FIELDS) for n in made],
            )
    for n in made:
        audit.record(lead, "corridor.notified", n, {"agreement": str(agreement.pk)})
    agreements.notified(lead, agreement)
    return made


def acknowledge(officer, notification_id) -> Acknowledgement:
    """A party acknowledges receipt. Acknowledging twice keeps the first."""
    notification = MovementNotification.objects.get_visible(officer, notification_id)
    ensure_role(officer, NEGOTIATING_ROLES, intermediary=False)
    if notification.expires_at <= timezone.now():
        raise NotificationExpired()
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create(
                organisation=officer.organisation,
                notification=notification,
                acknowledged_by=officer,
            )
            audit.record(
                officer, "corridor.acknowledged", ack, {"notification": str(notification.pk)}
            )
            return ack
    except IntegrityError:
        return Acknowledgement.objects.get(
            notification=notification, organisation=officer.organisation
        )


@dataclass(frozen=True)
class Alert:
    """A notification whose window is near or open while a party has not acknowledged it."""

    notification: MovementNotification
    missing: tuple[str, ...]  # organisation kinds that have not acknowledged


def acknowledged_kinds(notification: MovementNotification) -> set[str]:
    return set(notification.acknowledgements.values_list("organisation__kind", flat=True))


def alerts(user, agreement: Agreement | None = None) -> list[Alert]:
    """Missing acknowledgements for windows opening within ALERT_LEAD and not yet expired."""
    org = getattr(user, "organisation", None)
    if org is None:
        return []
    now = timezone.now()
    qs = MovementNotification.objects.visible_to(user).filter(
        starts_at__lte=now + ALERT_LEAD, expires_at__gt=now
    )
    if agreement is not None:
        qs = qs.filter(agreement=agreement)
    out = []
    for n in qs.prefetch_related("acknowledgements__organisation"):
        missing = tuple(k for k in PARTIES if k not in acknowledged_kinds(n))
        if not org.is_intermediary:
            missing = tuple(k for k in missing if k == org.kind)
        if missing:
            out.append(Alert(n, missing))
    return out
