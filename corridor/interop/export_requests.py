"""PFIF export requests: a recorded purpose, a second person's approval, one download.

Lists of names leave Corridor only this way (DOMAIN.md rule 6). A user of an exporting role
asks for an export and says what it is for; a data protection officer of the same
organisation, never the requester, approves or refuses it; the requester downloads the
document once while the approval is valid (setting ``CORRIDOR_PFIF_APPROVAL_HOURS``). Each
step is audited with ids, digests and counts: never the purpose's text, never a name.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from corridor.accounts.roles import Role
from corridor.audit import services as audit
from corridor.errors import NotPermitted
from corridor.interop import services
from corridor.interop.errors import (
    ExportRequestClosed,
    InvalidExportRequest,
    SecondPersonRequired,
)
from corridor.interop.models import (
    NOTE_MAX,
    PURPOSE_MAX,
    PURPOSE_MIN,
    ExportRequest,
    ExportState,
)
from corridor.registry.models import SourceList


def approval_validity() -> timedelta:
    """How long an approval may be used (setting CORRIDOR_PFIF_APPROVAL_HOURS, default 24)."""
    return timedelta(hours=int(getattr(settings, "CORRIDOR_PFIF_APPROVAL_HOURS", 24)))


def _clean_purpose(purpose: str) -> str:
    purpose = " ".join((purpose or "").split())
    if not PURPOSE_MIN <= len(purpose) <= PURPOSE_MAX:
        raise InvalidExportRequest(
            _(
                "purpose: say what the export is for and who will receive it (%(min)s–%(max)s characters)."
            )
            % {"min": PURPOSE_MIN, "max": PURPOSE_MAX}
        )
    return purpose


def _purpose_change(purpose: str) -> dict:
    return {
        "purpose_sha256": hashlib.sha256(purpose.encode()).hexdigest(),
        "purpose_length": len(purpose),
    }


def _is_dpo(user) -> bool:
    return bool(
        user is not None
        and user.is_active
        and user.organisation_id is not None
        and user.role == Role.DATA_PROTECTION_OFFICER
    )


def _create(user, purpose: str, list_id, via: str) -> ExportRequest:
    services.ensure_exporter(user)  # 403 before 404: the role says nothing of the list
    purpose = _clean_purpose(purpose)
    source_list = SourceList.objects.get_visible(user, list_id) if list_id else None
    export_request = ExportRequest.objects.create(
        organisation_id=user.organisation_id,
        requested_by=user,
        purpose=purpose,
        source_list=source_list,
    )
    audit.record(
        user,
        "pfif.export_requested",
        export_request,
        _purpose_change(purpose)
        | {"list": str(source_list.pk) if source_list else None, "via": via},
    )
    return export_request


@transaction.atomic
def request_export(user, purpose: str, list_id=None, *, via: str = "api") -> ExportRequest:
    """Ask for a PFIF export of every person one may see (or of one list), for a stated purpose."""
    return _create(user, purpose, list_id, via)


@transaction.atomic
def decide(user, request_id, approve: bool | None, note: str = "") -> ExportRequest:
    """A data protection officer of the organisation, not the requester, approves or refuses.

    ``approve`` None (the decision left out) is refused once the request is known to exist.
    """
    export_request = ExportRequest.objects.select_for_update().get_visible(user, request_id)
    if export_request.requested_by_id == user.pk:
        raise SecondPersonRequired()
    if not _is_dpo(user):
        raise NotPermitted(_("Only a data protection officer can approve or refuse an export."))
    if export_request.state != ExportState.REQUESTED:
        raise ExportRequestClosed(
            _("This request was already decided (%(state)s).")
            % {"state": export_request.shown_state_label()}
        )
    if approve is None:
        raise InvalidExportRequest(_("approve: true to approve the export, false to refuse it."))
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise InvalidExportRequest(_("note: at most %(max)s characters.") % {"max": NOTE_MAX})
    if not approve and not note:
        raise InvalidExportRequest(
            _("note: say why the export is refused, so that the requester knows what to change.")
        )
    now = timezone.now()
    export_request.state = ExportState.APPROVED if approve else ExportState.REFUSED
    export_request.decided_by = user
    export_request.decided_at = now
    export_request.decision_note = note
    export_request.expires_at = now + approval_validity() if approve else None
    export_request.save()
    audit.record(
        user,
        "pfif.export_approved" if approve else "pfif.export_refused",
        export_request,
        {
            "requested_by": str(export_request.requested_by_id),
            "note_length": len(note),
            "expires_at": export_request.expires_at.isoformat() if approve else None,
        },
    )
    return export_request


def _refusal(export_request: ExportRequest, now) -> ExportRequestClosed | None:
    state = export_request.shown_state(now)
    if state == ExportState.DOWNLOADED:
        when = formats.date_format(
            timezone.localtime(export_request.downloaded_at), "SHORT_DATETIME_FORMAT"
        )
        return ExportRequestClosed(
            _(
                "This export was already downloaded (%(when)s). A document is handed out once: "
                "ask for a new export if it is needed again."
            )
            % {"when": when}
        )
    if state == ExportState.REQUESTED:
        return ExportRequestClosed(_("This export has not been approved yet."))
    if state == ExportState.REFUSED:
        return ExportRequestClosed(_("This export was refused."))
    if state == ExportState.EXPIRED:
        return ExportRequestClosed(
            _("The approval of this export has expired: ask for a new export.")
        )
    return None


def _hand_out(user, export_request: ExportRequest) -> services.PfifExport:
    """Write the document of an approved request and mark it downloaded; in the caller's transaction."""
    written = services.write_export(user, export_request.source_list, export_request=export_request)
    export_request.state = ExportState.DOWNLOADED
    export_request.downloaded_at = timezone.now()
    export_request.document_digest = written.digest
    export_request.person_count = written.persons
    export_request.save()
    audit.record(
        user,
        "pfif.export_downloaded",
        export_request,
        {"persons": written.persons, "bytes_digest": written.digest},
    )
    return written


def download(user, request_id) -> services.PfifExport:
    """The approved request's PFIF document, for its requester, exactly once, before it expires."""
    refusal = None
    with transaction.atomic():
        # Locked: of two concurrent downloads, the second waits and then finds it downloaded.
        export_request = ExportRequest.objects.select_for_update().get_visible(user, request_id)
        if export_request.requested_by_id != user.pk:
            raise NotPermitted(_("Only the person who asked for this export can download it."))
        services.ensure_exporter(user)
        now = timezone.now()
        refusal = _refusal(export_request, now)
        if refusal is None:
            return _hand_out(user, export_request)
        if export_request.state == ExportState.APPROVED:  # past its validity: recorded as such
            export_request.state = ExportState.EXPIRED
            export_request.save(update_fields=["state"])
            audit.record(user, "pfif.export_expired", export_request, {})
    raise refusal


@transaction.atomic
def export_with_recorded_approval(
    user, purpose: str, approver, list_id=None
) -> tuple[ExportRequest, services.PfifExport]:
    """The command line's export: the approving officer is named, checked and recorded.

    Someone with shell access on the server still needs a purpose and a data protection
    officer of the organisation, other than themselves, who approved it.
    """
    if not _is_dpo(approver) or approver.organisation_id != getattr(user, "organisation_id", None):
        raise InvalidExportRequest(
            _("approved by: not an active data protection officer of your organisation.")
        )
    if approver.pk == user.pk:
        raise SecondPersonRequired()
    export_request = _create(user, purpose, list_id, via="cli")
    now = timezone.now()
    export_request.state = ExportState.APPROVED
    export_request.decided_by = approver
    export_request.decided_at = now
    export_request.expires_at = now + approval_validity()
    export_request.save()
    audit.record(
        user,
        "pfif.export_approval_recorded",
        export_request,
        {"approved_by": str(approver.pk), "via": "cli"},
    )
    return export_request, _hand_out(user, export_request)
