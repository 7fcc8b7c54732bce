"""Agreements: a party's request, counter-versions, the intermediary's relay, acceptance by hash."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation
from corridor.audit import services as audit
from corridor.corridors import lifecycle as lc
from corridor.corridors import text
from corridor.corridors.errors import InvalidAgreement, StaleVersion, StepNotAllowed
from corridor.corridors.models import Agreement, AgreementVersion
from corridor.corridors.roles import NEGOTIATING_ROLES, OPERATIONS_ROLES
from corridor.corridors.services.common import ensure_role, new_reference, other_kind, party
from corridor.errors import NotPermitted
from corridor.registry.models import Settlement
from corridor.transmissions.models import Basis
from corridor.transmissions.services import transmit

# What of an agreement and of a version crosses to the other party: the text, never more.
AGREEMENT_FIELDS = [
    "id", "reference", "title", "state", "current_hash", "current_number",
    "accepted_a_hash", "accepted_b_hash", "agreed_hash", "agreed_at",
]  # fmt: skip
VERSION_FIELDS = ["id", "agreement", "number", "content", "content_hash", "relayed_at"]


@dataclass
class Terms:
    """What an officer writes into a version (settlements by id)."""

    title: str
    from_party: str = lc.PARTY_A
    origin: list = field(default_factory=list)
    waypoints: list = field(default_factory=list)
    crossing: object = None
    destination: object = None
    windows: list[dict] = field(default_factory=list)
    who_may_pass: str = ""
    vehicles: str = ""
    escort: str = ""
    incident_procedure: str = ""
    hotlines: str = ""
    manifest_fields: list[str] = field(default_factory=lambda: ["family_name", "given_name"])


def _place(settlement_id) -> dict:
    s = Settlement.objects.filter(pk=settlement_id).first() if settlement_id else None
    if s is None:
        raise InvalidAgreement(_("route: unknown settlement"))
    return {
        "id": str(s.pk),
        "ru": s.name_ru,
        "uk": s.name_uk,
        "latin": s.name_latin,
        "lat": s.latitude,
        "lon": s.longitude,
    }


def _window(w: dict) -> dict:
    try:
        start = datetime.fromisoformat(str(w["start"]))
        end = datetime.fromisoformat(str(w["end"]))
    except (KeyError, ValueError) as exc:
        raise InvalidAgreement(_("windows: each window needs a start and an end")) from exc
    if start.tzinfo is None or end.tzinfo is None:
        tz = timezone.get_current_timezone()
        start, end = timezone.make_aware(start, tz), timezone.make_aware(end, tz)
    if end <= start:
        raise InvalidAgreement(_("windows: a window must end after it starts"))
    recurrence = w.get("recurrence") or "once"
    if recurrence not in text.RECURRENCES:
        raise InvalidAgreement(_("windows: once, daily or weekly"))
    out = {"start": start.isoformat(), "end": end.isoformat(), "recurrence": recurrence}
    if recurrence != "once":
        until = str(w.get("until") or "")
        try:
            datetime.fromisoformat(until)
        except ValueError as exc:
            raise InvalidAgreement(_("windows: a recurring window needs an end date")) from exc
        out["until"] = until[:10]
    return out


def build_content(terms: Terms) -> dict:
    """Validated, self-contained content: places carry their names and coordinates."""
    if not terms.title.strip():
        raise InvalidAgreement(_("title: give the corridor a title"))
    if terms.from_party not in (lc.PARTY_A, lc.PARTY_B):
        raise InvalidAgreement(_("from_party: party A or party B"))
    if not terms.origin:
        raise InvalidAgreement(_("origin: at least one settlement of origin"))
    if not terms.windows:
        raise InvalidAgreement(_("windows: at least one time window"))
    unknown = set(terms.manifest_fields) - set(text.MANIFEST_FIELD_CHOICES)
    if unknown or not terms.manifest_fields:
        raise InvalidAgreement(_("manifest_fields: choose among the listed fields"))
    return {
        "title": terms.title.strip()[:200],
        "from_party": terms.from_party,
        "route": {
            "origin": [_place(s) for s in terms.origin],
            "waypoints": [_place(s) for s in terms.waypoints],
            "crossing": _place(terms.crossing),
            "destination": _place(terms.destination),
        },
        "windows": [_window(w) for w in terms.windows],
        **{name: str(getattr(terms, name)).strip()[:2000] for name in text.TEXT_FIELDS},
        "manifest_fields": [f for f in text.MANIFEST_FIELD_CHOICES if f in terms.manifest_fields],
    }


def _locked(user, agreement_id) -> Agreement:
    agreement = Agreement.objects.get_visible(user, agreement_id)  # 404 before 403
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _move(user, agreement: Agreement, target: str, change: dict | None = None) -> None:
    try:
        lc.check_agreement(agreement.state, target)
    except lc.TransitionRefused as exc:
        raise StepNotAllowed() from exc
    before = agreement.state
    agreement.state = target
    if target in lc.AGREEMENT_ENDS:
        agreement.closed_at = timezone.now()
    agreement.save()
    audit.record(
        user, f"corridor.agreement.{target}", agreement, {"from": before, **(change or {})}
    )


def _new_version(user, agreement: Agreement, content: dict) -> AgreementVersion:
    digest = text.content_hash(content)
    if digest == agreement.current_hash:
        raise InvalidAgreement(_("This version is the same as the current one."))
    version = AgreementVersion.objects.create(
        organisation=user.organisation,
        agreement=agreement,
        number=agreement.current_number + 1,
        content=content,
        content_hash=digest,
        created_by=user,
    )
    agreement.current_number, agreement.current_hash = version.number, digest
    agreement.title = content["title"]
    agreement.save()
    audit.record(user, "corridor.version", version, {"hash": digest, "number": version.number})
    return version


@transaction.atomic
def request_corridor(officer, terms: Terms) -> Agreement:
    """A party's liaison officer drafts a request: the agreement and its first version."""
    ensure_role(officer, NEGOTIATING_ROLES, intermediary=False)
    content = build_content(terms)
    agreement = Agreement.objects.create(
        organisation=officer.organisation,
        reference=new_reference(Agreement, "CA-"),
        title=content["title"],
        created_by=officer,
    )
    audit.record(officer, "corridor.agreement.draft", agreement)
    _new_version(officer, agreement, content)
    return agreement


@transaction.atomic
def propose_version(officer, agreement_id, terms: Terms) -> AgreementVersion:
    """A new version (a change or a counter-proposal); acceptances of older hashes lapse."""
    agreement = _locked(officer, agreement_id)
    ensure_role(officer, NEGOTIATING_ROLES, intermediary=False)
    if agreement.state not in lc.OPEN_FOR_VERSIONS:
        raise StepNotAllowed()
    version = _new_version(officer, agreement, build_content(terms))
    if agreement.state != lc.DRAFT:
        _move(officer, agreement, lc.NEGOTIATING, {"version": version.number})
    return version


@transaction.atomic
def submit(officer, agreement_id) -> Agreement:
    """The requesting party sends its draft to the intermediary."""
    agreement = _locked(officer, agreement_id)
    ensure_role(officer, NEGOTIATING_ROLES, intermediary=False)
    if agreement.organisation_id != officer.organisation_id:
        raise NotPermitted()
    _move(officer, agreement, lc.SUBMITTED)
    return agreement


def pending_relay(agreement: Agreement) -> list[tuple[AgreementVersion, Organisation]]:
    """Versions not yet relayed, each with the party that will receive it."""
    out = []
    for version in agreement.versions.filter(relayed_at__isnull=True).select_related(
        "organisation"
    ):
        out.append((version, party(other_kind(version.organisation.kind))))
    return out


@transaction.atomic
def relay(lead, agreement_id) -> int:
    """The intermediary passes each unrelayed version to the other party (a Transmission)."""
    agreement = _locked(lead, agreement_id)
    ensure_role(lead, OPERATIONS_ROLES, intermediary=True)
    if agreement.state in (lc.DRAFT, *lc.AGREEMENT_ENDS):
        raise StepNotAllowed()
    sent = 0
    now = timezone.now()
    for version, recipient in pending_relay(agreement):
        version.relayed_at = now
        version.save(update_fields=["relayed_at"])
        items: list = [(version, VERSION_FIELDS)]
        if agreement.organisation_id != recipient.pk:
            items.insert(0, (agreement, AGREEMENT_FIELDS))
        transmit(
            lead,
            recipient,
            Basis.CORRIDOR,
            f"Corridor agreement {agreement.reference}, version {version.number}",
            items,
        )
        sent += 1
    if sent and agreement.state == lc.SUBMITTED:
        _move(lead, agreement, lc.NEGOTIATING, {"relayed": sent})
    return sent


def _side(officer) -> str:
    return str(officer.organisation.kind)


@transaction.atomic
def accept(officer, agreement_id, version_hash: str) -> Agreement:
    """One party accepts exactly this version; agreed only when both accepted the same hash."""
    agreement = _locked(officer, agreement_id)
    ensure_role(officer, NEGOTIATING_ROLES, intermediary=False)
    version = (
        AgreementVersion.objects.visible_to(officer)
        .filter(agreement=agreement, content_hash=version_hash)
        .first()
    )
    if version is None or version_hash != agreement.current_hash:
        raise StaleVersion()
    if agreement.state not in (
        lc.SUBMITTED,
        lc.NEGOTIATING,
        lc.ACCEPTED_A,
        lc.ACCEPTED_B,
        lc.SUSPENDED,
    ):
        raise StepNotAllowed()
    if _side(officer) == lc.PARTY_A:
        agreement.accepted_a_hash = version_hash
    else:
        agreement.accepted_b_hash = version_hash
    target = lc.after_acceptance(
        agreement.current_hash, agreement.accepted_a_hash, agreement.accepted_b_hash
    )
    audit.record(officer, "corridor.accepted", agreement, {"hash": version_hash})
    if target == lc.AGREED:
        agreement.agreed_hash, agreement.agreed_at = version_hash, timezone.now()
    if target != agreement.state:
        _move(officer, agreement, target, {"hash": version_hash})
    else:
        agreement.save()
    return agreement


@transaction.atomic
def reject(officer, agreement_id) -> Agreement:
    """A party declines the request as it stands."""
    agreement = _locked(officer, agreement_id)
    ensure_role(officer, NEGOTIATING_ROLES, intermediary=False)
    _move(officer, agreement, lc.REJECTED)
    return agreement


@transaction.atomic
def withdraw(officer, agreement_id) -> Agreement:
    """The requesting party withdraws its request."""
    agreement = _locked(officer, agreement_id)
    ensure_role(officer, NEGOTIATING_ROLES, intermediary=False)
    if agreement.organisation_id != officer.organisation_id:
        raise NotPermitted()
    _move(officer, agreement, lc.WITHDRAWN)
    return agreement


@transaction.atomic
def close(lead, agreement_id, target: str) -> Agreement:
    """The operations lead completes, aborts or expires an agreement."""
    agreement = _locked(lead, agreement_id)
    ensure_role(lead, OPERATIONS_ROLES, intermediary=True)
    if target not in (lc.COMPLETED, lc.ABORTED, lc.EXPIRED):
        raise StepNotAllowed()
    _move(lead, agreement, target)
    return agreement


def suspend(user, agreement: Agreement, incident_id: str) -> None:
    """An incident suspends the agreement: acceptances lapse, re-agreement is needed."""
    _move(user, agreement, lc.SUSPENDED, {"incident": incident_id})
    agreement.accepted_a_hash = agreement.accepted_b_hash = agreement.agreed_hash = ""
    agreement.save()


def activate(user, agreement: Agreement) -> None:
    if agreement.state == lc.NOTIFIED:
        _move(user, agreement, lc.ACTIVE)


def notified(user, agreement: Agreement) -> None:
    if agreement.state == lc.AGREED:
        _move(user, agreement, lc.NOTIFIED)


def agreed_content(agreement: Agreement) -> dict:
    """The content both parties accepted (the binding text)."""
    version = agreement.versions.filter(content_hash=agreement.agreed_hash).first()
    if version is None or agreement.state not in lc.BINDING:
        raise StepNotAllowed()
    return version.content
