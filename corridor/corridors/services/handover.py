"""At the crossing and after: check-out and check-in by code, the live reconciliation of the
two sides' counts, incidents (refused passage, separation: a tracing case), arrival."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from corridor.access import visible_fields
from corridor.audit import services as audit
from corridor.corridors import lifecycle as lc
from corridor.corridors.errors import InvalidRegistration, StepNotAllowed, UnknownCode
from corridor.corridors.models import (
    Agreement,
    CheckpointEvent,
    CheckpointKind,
    Convoy,
    ConvoyState,
    Evacuee,
    Incident,
    IncidentKind,
    Place,
)
from corridor.corridors.roles import CHECKPOINT_ROLES, INCIDENT_ROLES, OPERATIONS_ROLES
from corridor.corridors.services import agreements
from corridor.corridors.services.common import ensure_role, intermediary, move_evacuee
from corridor.errors import NotPermitted


def side_of(user, convoy: Convoy) -> str:
    """Which scan this user's side makes at the crossing."""
    org = user.organisation
    if org.pk == convoy.departing_id:
        return CheckpointKind.CHECK_OUT
    if org.pk == convoy.receiving_id:
        return CheckpointKind.CHECK_IN
    raise NotPermitted()


def normalise_code(raw: str) -> str:
    """What a QR scan or a thumb gives: spaces, dashes and a scanner's prefix are dropped."""
    return "".join(ch for ch in raw if ch.isdigit())[-10:]


@dataclass(frozen=True)
class Scan:
    """The result of one scan."""

    evacuee: Evacuee
    kind: str
    new: bool


def scan(user, convoy_id, raw_code: str, kind: str | None = None) -> Scan:
    """One side checks one person out (departing) or in (receiving). Scanning twice is harmless."""
    convoy = Convoy.objects.get_visible(user, convoy_id)
    ensure_role(user, CHECKPOINT_ROLES)
    if user.organisation.is_intermediary:
        if kind not in CheckpointKind.values:
            raise StepNotAllowed()
    else:
        kind = side_of(user, convoy)
    if convoy.state != ConvoyState.UNDER_WAY:
        raise StepNotAllowed()
    code = normalise_code(raw_code)
    place = Place.objects.filter(convoy=convoy, evacuee__code=code).first() if code else None
    if place is None or not Evacuee.objects.visible_to(user).filter(pk=place.evacuee_id).exists():
        raise UnknownCode()
    try:
        with transaction.atomic():
            evacuee = Evacuee.objects.select_for_update().get(pk=place.evacuee_id)
            CheckpointEvent.objects.create(
                organisation=user.organisation,
                convoy=convoy,
                evacuee=evacuee,
                kind=kind,
                recorded_by=user,
            )
            if kind == CheckpointKind.CHECK_IN and evacuee.state == lc.IN_TRANSIT:
                move_evacuee(evacuee, lc.HANDED_OVER)
                evacuee.save(update_fields=["state", "updated_at"])
            audit.record(user, f"corridor.{kind}", evacuee, {"convoy": str(convoy.pk)})
            return Scan(evacuee, str(kind), True)
    except IntegrityError:
        return Scan(Evacuee.objects.get(pk=place.evacuee_id), str(kind), False)


@dataclass
class Row:
    """One person on the manifest, as the user may see them, and the two sides' scans."""

    evacuee_id: str
    name: str
    vehicle: str
    checked_out: bool
    checked_in: bool
    state: str


@dataclass
class Reconciliation:
    """The two sides' counts and the names that differ."""

    expected: int
    checked_out: int
    checked_in: int
    discrepancies: list[Row] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return self.expected == self.checked_out == self.checked_in


def display_name(user, person) -> str:
    fields = visible_fields(user, person)
    parts = [getattr(person, f) for f in ("family_name", "given_name", "patronymic") if f in fields]
    return " ".join(str(p) for p in parts if p) or _("(name not shared)")


def reconcile(user, convoy: Convoy) -> Reconciliation:
    """Counts of both sides from the recorded scans; names only as far as the user may see."""
    places = list(Place.objects.filter(convoy=convoy).select_related("evacuee__person", "vehicle"))
    events = set(CheckpointEvent.objects.filter(convoy=convoy).values_list("evacuee_id", "kind"))
    visible = set(
        Evacuee.objects.visible_to(user).filter(place__convoy=convoy).values_list("pk", flat=True)
    )
    from corridor.corridors.services.registration import state_for

    rows = []
    for p in places:
        e = p.evacuee
        rows.append(
            Row(
                evacuee_id=str(e.pk),
                name=display_name(user, e.person) if e.pk in visible else _("(not shared)"),
                vehicle=p.vehicle.label,
                checked_out=(e.pk, CheckpointKind.CHECK_OUT) in events,
                checked_in=(e.pk, CheckpointKind.CHECK_IN) in events,
                state=state_for(user, e),
            )
        )
    out = sum(r.checked_out for r in rows)
    into = sum(r.checked_in for r in rows)
    started = out or into
    discrepancies = [r for r in rows if started and r.checked_out != r.checked_in]
    return Reconciliation(len(rows), out, into, discrepancies, rows)


def _open_tracing_case(user, evacuee: Evacuee, kind: str):
    """Separated or detained en route: a tracing case for the intermediary's caseworkers."""
    from corridor.tracing.models import TracingCase
    from corridor.tracing.services import retention_days

    category = "detainee" if kind == IncidentKind.DETAINED else "civilian"
    person = evacuee.person
    case = TracingCase(
        organisation=intermediary(),
        category=category,
        sought_name=person.full_name()[:200],
        sought_birth=person.birth_date_display() or person.birth_note,
        sought_sex=person.sex if person.sex in ("F", "M") else "",
        sought_place=person.settlement.name_latin if person.settlement else "",
        last_contact_place=_("humanitarian corridor"),
        located_person=None,
        expires_at=timezone.now() + datetime.timedelta(days=retention_days(category)),
    )
    case.save()
    audit.record(user, "tracing.opened_from_corridor", case, {"evacuee": str(evacuee.pk)})
    return case


@transaction.atomic
def record_incident(
    user,
    agreement_id,
    kind: str,
    account: str,
    *,
    convoy_id=None,
    evacuee_id=None,
    by_party: str = "",
    suspend: bool = False,
    occurred_at: datetime.datetime | None = None,
) -> Incident:
    """A factual record. Refused passage changes the person's state; separation opens a case."""
    agreement = Agreement.objects.get_visible(user, agreement_id)
    ensure_role(user, INCIDENT_ROLES)
    if kind not in IncidentKind.values or not account.strip():
        raise InvalidRegistration(_("account: say factually what happened"))
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    convoy = Convoy.objects.get_visible(user, convoy_id) if convoy_id else None
    evacuee = None
    if evacuee_id:
        evacuee = Evacuee.objects.get_visible(user, evacuee_id)
        evacuee = Evacuee.objects.select_for_update().get(pk=evacuee.pk)
    incident = Incident(
        organisation=user.organisation,
        agreement=agreement,
        convoy=convoy,
        evacuee=evacuee,
        kind=kind,
        account=account.strip()[:2000],
        by_party=by_party[:20],
        suspends=suspend,
        recorded_by=user,
        occurred_at=occurred_at or timezone.now(),
    )
    if evacuee is not None and kind == IncidentKind.REFUSED_PASSAGE:
        move_evacuee(evacuee, lc.REFUSED_PASSAGE)
        evacuee.save()
    if evacuee is not None and kind in (IncidentKind.SEPARATED, IncidentKind.DETAINED):
        move_evacuee(evacuee, lc.SEPARATED)
        evacuee.save()
        incident.tracing_case = _open_tracing_case(user, evacuee, kind)
    incident.save()
    audit.record(user, "corridor.incident", incident, {"kind": kind, "suspends": suspend})
    if suspend:
        agreements.suspend(user, agreement, str(incident.pk))
    return incident


ARRIVAL_NEWS = gettext_noop(
    "The person you are looking for arrived safely through the humanitarian corridor on %(date)s."
)
ARRIVAL_ADDRESS = gettext_noop("Arrived at: %(place)s.")


@transaction.atomic
def confirm_arrival(lead, convoy_id, evacuee_ids: list | None = None) -> int:
    """Arrival closes each journey; linked tracing cases hear of it within their consent."""
    convoy = Convoy.objects.get_visible(lead, convoy_id)
    ensure_role(lead, OPERATIONS_ROLES, intermediary=True)
    convoy = Convoy.objects.select_for_update().get(pk=convoy.pk)
    qs = Evacuee.objects.select_for_update(of=("self",)).filter(
        place__convoy=convoy, state=lc.HANDED_OVER
    )
    if evacuee_ids is not None:
        qs = qs.filter(pk__in=evacuee_ids)
    arrived = 0
    for evacuee in qs.select_related("person", "destination"):
        move_evacuee(evacuee, lc.ARRIVED)
        evacuee.save()
        audit.record(lead, "corridor.arrived", evacuee, {"convoy": str(convoy.pk)})
        _tell_enquirers(lead, evacuee)
        arrived += 1
    still_moving = Evacuee.objects.filter(
        place__convoy=convoy, state__in=[lc.MANIFESTED, lc.BOARDED, lc.IN_TRANSIT, lc.HANDED_OVER]
    ).exists()
    if not still_moving and convoy.state == ConvoyState.UNDER_WAY:
        convoy.state = ConvoyState.ARRIVED
        convoy.save(update_fields=["state"])
        audit.record(lead, "corridor.convoy_arrived", convoy)
    return arrived


def _tell_enquirers(lead, evacuee: Evacuee) -> None:
    """A family message from the arrived person on each linked case whose consent allows news."""
    from corridor.tracing import lifecycle as tracing_lc
    from corridor.tracing.models import FamilyMessage, MessageDirection, TracingCase
    from corridor.tracing.notifications import notify_enquirers

    cases = TracingCase.objects.filter(
        located_person=evacuee.person, erased_at__isnull=True, expires_at__gt=timezone.now()
    )
    for case in cases:
        scope = case.consent_scope
        if scope not in (tracing_lc.NEWS, tracing_lc.CONTACT, tracing_lc.ADDRESS):
            continue  # no consent to tell anything: the case only gets the audit entry
        enquirer = case.enquirers.order_by("created_at").first()
        with translation.override(enquirer.language if enquirer else "en"):
            words = _(ARRIVAL_NEWS) % {"date": timezone.localdate().strftime("%d.%m.%Y")}
            if scope == tracing_lc.ADDRESS and evacuee.destination is not None:
                place = evacuee.destination.local_name(translation.get_language() or "en")
                words += " " + _(ARRIVAL_ADDRESS) % {"place": place}
        message = FamilyMessage(
            organisation=case.organisation,
            case=case,
            direction=MessageDirection.FROM_SOUGHT,
            text=words,
            status="delivered",
            delivered_at=timezone.now(),
        )
        message.save()
        audit.record(lead, "tracing.arrival_news", message, {"case": str(case.pk)})
        case_id = str(case.pk)
        transaction.on_commit(partial(notify_enquirers, case_id))
