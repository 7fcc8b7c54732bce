"""Tracing: a public request becomes a case, is matched, located, consulted and answered.

Every step is checked against lifecycle.TRANSITIONS; what reaches the enquirer is decided
by lifecycle.disclosure from the recorded consent, nowhere else.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from corridor.accounts.models import Organisation
from corridor.accounts.roles import OrganisationKind, Role
from corridor.audit import services as audit
from corridor.errors import NotPermitted, NotVisible
from corridor.tracing import lifecycle
from corridor.tracing.captcha import verify_once
from corridor.tracing.errors import (
    CaptchaFailed,
    InvalidRequest,
    MessageTooLong,
    StepNotAllowed,
    TooManyRequests,
)
from corridor.tracing.models import (
    CandidateStatus,
    CaseNote,
    Enquirer,
    EnquiryRate,
    FamilyMessage,
    MessageDirection,
    TracingCandidate,
    TracingCase,
)

PRIVACY_NOTICE_VERSION = "2026-11"
MESSAGE_LIMIT = 600
CASE_ROLES = frozenset({Role.CASEWORKER, Role.PROTECTION_DELEGATE})
DEFAULT_RETENTION_DAYS = {"civilian": 730, "child": 1825, "detainee": 1825, "military": 1825}
REFERENCE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3469"  # no look-alikes (0/O, 1/I, 2/Z, 5/S, 8/B)


def _keyed(purpose: str, value: str) -> str:
    key = hashlib.sha256(f"corridor-{purpose}|".encode() + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _intermediary() -> Organisation:
    org = Organisation.objects.filter(kind=OrganisationKind.INTERMEDIARY).order_by("code").first()
    if org is None:
        raise InvalidRequest("no intermediary organisation is set up")
    return org


def retention_days(category: str) -> int:
    table = getattr(settings, "CORRIDOR_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
    return int(table.get(category, 730))


def _new_reference() -> str:
    while True:
        ref = "TR-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Enquirer.objects.filter(reference=ref).exists():
            return ref


@dataclass
class Request:
    """What a relative gives on the public form."""

    sought_name: str
    enquirer_name: str
    relationship: str
    sought_birth: str = ""
    sought_sex: str = ""
    sought_place: str = ""
    last_contact_date: str = ""
    last_contact_place: str = ""
    circumstances: str = ""
    marks: str = ""
    email: str = ""
    phone: str = ""
    category: str = "civilian"
    language: str = "uk"


def _rate_limited(address: str) -> None:
    limit = int(getattr(settings, "CORRIDOR_REQUESTS_PER_HOUR", 5))
    digest = _keyed("address", address or "unknown")
    since = timezone.now() - datetime.timedelta(hours=1)
    if EnquiryRate.objects.filter(address_digest=digest, at__gte=since).count() >= limit:
        raise TooManyRequests()
    EnquiryRate.objects.create(address_digest=digest, at=timezone.now())


def _validate(req: Request) -> None:
    if not req.sought_name.strip():
        raise InvalidRequest("sought_name: whom are you looking for?")
    if not req.enquirer_name.strip():
        raise InvalidRequest("enquirer_name: your name is needed to answer you")
    if not (req.email.strip() or req.phone.strip()):
        raise InvalidRequest("email: give an e-mail address or a phone number")
    if req.sought_sex not in ("", "F", "M"):
        raise InvalidRequest("sought_sex: F, M or empty")
    if req.category not in DEFAULT_RETENTION_DAYS:
        raise InvalidRequest("category: unknown category")


def file_request(req: Request, *, captcha: str, address: str) -> tuple[Enquirer, str]:
    """A relative's request: a new case, a reference and a secret; matched in the background."""
    with transaction.atomic():
        _rate_limited(address)
    if not verify_once(captcha):
        raise CaptchaFailed()
    _validate(req)
    with transaction.atomic():
        org = _intermediary()
        case = TracingCase(
            organisation=org,
            category=req.category,
            sought_name=req.sought_name.strip()[:200],
            sought_birth=req.sought_birth.strip()[:60],
            sought_sex=req.sought_sex,
            sought_place=req.sought_place.strip()[:200],
            last_contact_date=req.last_contact_date.strip()[:60],
            last_contact_place=req.last_contact_place.strip()[:200],
            circumstances=req.circumstances.strip()[:4000] or None,
            marks=req.marks.strip()[:1000] or None,
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
            expires_at=timezone.now() + datetime.timedelta(days=retention_days(req.category)),
        )
        case.save()
        secret = secrets.token_urlsafe(12)
        enquirer = Enquirer(
            organisation=org,
            case=case,
            reference=_new_reference(),
            secret_digest=_keyed("enquirer-secret", secret),
            name=req.enquirer_name.strip()[:200],
            relationship=req.relationship.strip()[:60],
            email=req.email.strip()[:200] or None,
            phone=req.phone.strip()[:60] or None,
            language=req.language[:8],
        )
        enquirer.save()
        audit.record(None, "tracing.requested", case, {"notice": PRIVACY_NOTICE_VERSION})
        case_id = str(case.pk)
        transaction.on_commit(lambda: _enqueue_match(case_id))
    return enquirer, secret


def _enqueue_match(case_id: str) -> None:
    from corridor.tracing.tasks import match_case

    match_case.enqueue(case_id)


# --- what the enquirer sees ---


@dataclass(frozen=True)
class StatusView:
    """Exactly what the status page may show."""

    reference: str
    disclosure: lifecycle.Disclosure
    news: str = ""
    contact: str = ""
    address: str = ""
    messages: tuple[
        tuple[str, str, str], ...
    ] = ()  # (direction, status, text) the enquirer may see


def _open(obj, name: str) -> str:
    """A sealed value opened for the enquirer's page (the disclosure rule decided before)."""
    from corridor.keys.services import open_value

    value = getattr(obj, name)
    if value is None or isinstance(value, str):
        return value or ""
    return open_value(obj, type(obj)._meta.get_field(name), value)


def status(reference: str, secret: str) -> StatusView | None:
    """The case as its enquirer may see it; None alike for unknown references and wrong secrets."""
    digest = _keyed("enquirer-secret", secret or "")
    enquirer = (
        Enquirer.objects.select_related("case", "case__merged_into")
        .filter(reference=(reference or "").strip().upper()[:20])
        .first()
    )
    stored = enquirer.secret_digest if enquirer else _keyed("enquirer-secret", "-")
    if not hmac.compare_digest(stored, digest) or enquirer is None:
        return None
    case = enquirer.case
    while case.merged_into_id:
        case = case.merged_into  # type: ignore[assignment]
    if case.erased_at is not None or case.expires_at <= timezone.now():
        return None
    seen = lifecycle.disclosure(case.state, case.consent_scope or None)
    messages = []
    if seen.news:
        for m in FamilyMessage.objects.filter(case=case).order_by("created_at"):
            messages.append((m.direction, m.status, _open(m, "text")))
    return StatusView(
        reference=enquirer.reference,
        disclosure=seen,
        news=_open(case, "news_text") if seen.news else "",
        contact=_open(case, "contact_text") if seen.contact else "",
        address=_open(case, "address_text") if seen.address else "",
        messages=tuple(messages),
    )


# --- the caseworker's steps ---


def _case_for(user, case_id, *, lock: bool = True) -> TracingCase:
    case = TracingCase.objects.get_visible(user, case_id)  # 404 before 403
    if user.role not in CASE_ROLES or not user.organisation.is_intermediary:
        raise NotPermitted()
    if case.erased_at is not None:
        raise NotVisible()
    return TracingCase.objects.select_for_update().get(pk=case.pk) if lock else case


def _move(user, case: TracingCase, target: str, change: dict | None = None) -> None:
    try:
        lifecycle.check(case.state, target)
    except lifecycle.TransitionRefused as exc:
        raise StepNotAllowed() from exc
    before = case.state
    case.state = target
    case.save(update_fields=["state", "updated_at"])
    audit.record(user, f"tracing.{target}", case, {"from": before, **(change or {})})
    if target in lifecycle.OUTCOMES or (
        target == lifecycle.SEARCHING and before in lifecycle.OUTCOMES
    ):
        from corridor.tracing.notifications import notify_enquirers

        case_id = str(case.pk)
        transaction.on_commit(lambda: notify_enquirers(case_id))


@transaction.atomic
def accept(user, case_id, assignee=None) -> TracingCase:
    """Take a new request on: it becomes a case being searched, assigned to a caseworker."""
    case = _case_for(user, case_id)
    case.assigned_to = assignee or user
    case.save(update_fields=["assigned_to"])
    _move(user, case, lifecycle.ACCEPTED, {"assigned_to": case.assigned_to_id})
    _move(user, case, lifecycle.SEARCHING)
    return case


@transaction.atomic
def assign(user, case_id, assignee) -> TracingCase:
    """Hand a case to another caseworker of the intermediary."""
    case = _case_for(user, case_id)
    if (
        assignee is None
        or assignee.organisation_id != case.organisation_id
        or assignee.role not in CASE_ROLES
        or not assignee.is_active
    ):
        raise InvalidRequest("assignee: choose a caseworker of the intermediary")
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to", "updated_at"])
    audit.record(user, "tracing.assigned", case, {"to": assignee.pk})
    return case


@transaction.atomic
def change_state(user, case_id, target: str) -> TracingCase:
    """A step of the lifecycle without other data (close unresolved, reopen, detained …)."""
    if (
        target in (lifecycle.LOCATED, lifecycle.MERGED)
        or target in lifecycle.OUTCOME_OF_SCOPE.values()
    ):
        raise StepNotAllowed()  # these steps carry data: confirm, merge, record_consent
    case = _case_for(user, case_id)
    _move(user, case, target)
    return case


@transaction.atomic
def add_note(user, case_id, text: str) -> CaseNote:
    case = _case_for(user, case_id, lock=False)
    note = CaseNote(
        organisation=case.organisation, case=case, author=user, text=text.strip()[:4000]
    )
    note.save()
    audit.record(user, "tracing.note", note, {"case": str(case.pk)})
    return note


@transaction.atomic
def confirm_candidate(user, candidate_id) -> TracingCase:
    """The caseworker confirms the registry person is the one sought: the case is located."""
    candidate = TracingCandidate.objects.get_visible(user, candidate_id)
    case = _case_for(user, candidate.case_id)
    candidate = TracingCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != CandidateStatus.PENDING:
        raise StepNotAllowed()
    if case.state in (lifecycle.OPENED, lifecycle.ACCEPTED):
        _move(user, case, lifecycle.ACCEPTED) if case.state == lifecycle.OPENED else None
        _move(user, case, lifecycle.SEARCHING)
    candidate.status = CandidateStatus.CONFIRMED
    candidate.decided_by, candidate.decided_at = user, timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    case.located_person = candidate.person
    case.save(update_fields=["located_person"])
    _move(user, case, lifecycle.LOCATED, {"candidate": str(candidate.pk)})
    return case


@transaction.atomic
def reject_candidate(user, candidate_id) -> TracingCandidate:
    """Not the person sought: never proposed for this case again."""
    candidate = TracingCandidate.objects.get_visible(user, candidate_id)
    _case_for(user, candidate.case_id, lock=False)
    candidate = TracingCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != CandidateStatus.PENDING:
        raise StepNotAllowed()
    candidate.status = CandidateStatus.REJECTED
    candidate.decided_by, candidate.decided_at = user, timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(user, "tracing.candidate_rejected", candidate, {"case": str(candidate.case_id)})
    return candidate


@transaction.atomic
def record_consent(
    user, case_id, scope: str, *, news: str = "", contact: str = "", address: str = ""
) -> TracingCase:
    """The sought person's answer decides exactly what the enquirer will be told."""
    case = _case_for(user, case_id)  # 404 and 403 before anything else
    if scope not in lifecycle.SCOPES:
        raise InvalidRequest("scope: news, contact, address or declined")
    if case.state == lifecycle.LOCATED:
        _move(user, case, lifecycle.CONSULTED)
    if case.state != lifecycle.CONSULTED:
        raise StepNotAllowed()
    case.consent_scope = scope
    case.consent_recorded_by, case.consent_recorded_at = user, timezone.now()
    # Only what the scope covers is kept; the rest is not even stored.
    case.news_text = news.strip()[:MESSAGE_LIMIT] or None if scope != lifecycle.DECLINED else None
    case.contact_text = (
        contact.strip()[:300] or None if scope in (lifecycle.CONTACT, lifecycle.ADDRESS) else None
    )
    case.address_text = address.strip()[:300] or None if scope == lifecycle.ADDRESS else None
    case.save()
    _move(user, case, lifecycle.OUTCOME_OF_SCOPE[scope], {"scope": scope})
    return case


@transaction.atomic
def merge(user, duplicate_id, into_id) -> TracingCase:
    """Two requests for one person: one case, every enquirer kept with their own code."""
    duplicate = _case_for(user, duplicate_id)
    target = _case_for(user, into_id)
    if duplicate.pk == target.pk or target.state == lifecycle.MERGED:
        raise StepNotAllowed()
    Enquirer.objects.filter(case=duplicate).update(case=target)
    duplicate.merged_into = target
    duplicate.save(update_fields=["merged_into"])
    _move(user, duplicate, lifecycle.MERGED, {"into": str(target.pk)})
    return target


@transaction.atomic
def send_message(user, case_id, direction: str, text: str, reply_to=None) -> FamilyMessage:
    """Family news through the intermediary (the sender was warned authorities may read it).

    `reply_to`: the message this one answers; that message is then marked answered.
    """
    if len(text) > MESSAGE_LIMIT:
        raise MessageTooLong()
    if not text.strip() or direction not in MessageDirection.values:
        raise InvalidRequest("text: write the message")
    case = _case_for(user, case_id, lock=False)
    message = FamilyMessage(
        organisation=case.organisation,
        case=case,
        direction=direction,
        text=text.strip(),
        reply_to=reply_to,
    )
    message.save()
    if reply_to is not None:
        FamilyMessage.objects.filter(pk=reply_to.pk, case=case).update(status="replied")
    audit.record(user, "tracing.message", message, {"case": str(case.pk), "direction": direction})
    return message


def enquirer_message(reference: str, secret: str, text: str) -> FamilyMessage | None:
    """A relative's short message to the person sought, from the status page (same checks)."""
    if len(text) > MESSAGE_LIMIT:
        raise MessageTooLong()
    if not text.strip():
        raise InvalidRequest("text: write the message")
    if status(reference, secret) is None:
        return None
    with transaction.atomic():
        enquirer = Enquirer.objects.select_related("case").get(reference=reference.strip().upper())
        case = enquirer.case
        while case.merged_into_id:
            case = case.merged_into  # type: ignore[assignment]
        if case.state not in lifecycle.OPEN | {lifecycle.NEWS_ONLY, lifecycle.CONTACT_RESTORED}:
            raise StepNotAllowed()
        message = FamilyMessage(
            organisation=case.organisation,
            case=case,
            direction=MessageDirection.TO_SOUGHT,
            text=text.strip(),
        )
        message.save()
        audit.record(None, "tracing.message", message, {"case": str(case.pk), "from": "enquirer"})
    return message


@transaction.atomic
def mark_message(user, message_id, status: str) -> FamilyMessage:
    message = FamilyMessage.objects.get_visible(user, message_id)
    _case_for(user, message.case_id, lock=False)
    if status not in ("delivered", "undeliverable", "waiting"):
        raise InvalidRequest("status: delivered, undeliverable or waiting")
    message.status = status
    message.delivered_at = timezone.now() if status == "delivered" else None
    message.save(update_fields=["status", "delivered_at"])
    audit.record(user, "tracing.message_status", message, {"status": status})
    return message
