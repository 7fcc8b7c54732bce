"""Retention and erasure of exchange records: the data goes from every copy, a tombstone stays.

An erased entry keeps what the lists' and rounds' counts need (side, kind, population,
medical category, state, its list and round slot, times); the GC III art. 122 fields, the
sealed person to inform and death circumstances, the intermediary's interview record, the
reconciliation findings that compared it, and what the uploaded file's report quoted go.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from corridor.accounts.roles import Role
from corridor.audit import services as audit
from corridor.exchange import lifecycle
from corridor.exchange.models import ExchangeEntry, Finding, ListUpload, Protection
from corridor.exchange.services import ensure_desk
from corridor.retention import ERASED, period

ENTRIES = "exchange entry(ies)"
UPLOADS = "uploaded list file(s)"

# Erasure on request: the intermediary's data protection officer alone.
ERASING_ROLES = frozenset({Role.DATA_PROTECTION_OFFICER})
# Everything an entry says about the person, blanked (the surname reads as ERASED).
PERSONAL_FIELDS = (
    "given_names", "patronymic", "reference", "rank", "serial_number", "unit",
    "date_of_birth", "sex", "place_of_birth", "father_name", "mother_maiden_name",
    "date_of_capture", "place_of_capture", "removal_reason", "death_date", "death_place",
)  # fmt: skip


def _erase_upload(upload: ListUpload) -> None:
    """The file and the cell values its report quoted; the row counts stay."""
    upload.content = None
    upload.report = {**upload.report, "problems": []}
    upload.save(update_fields=["content", "report"])


def _erase_entry(entry: ExchangeEntry, actor, reason: str) -> None:
    Finding.objects.filter(Q(held=entry) | Q(sought=entry)).delete()
    Protection.objects.filter(entry=entry).update(
        verification_place="", outcome=None, notes=None, withdrawal_reason=None
    )
    entry.family_name = ERASED
    for name in PERSONAL_FIELDS:
        setattr(entry, name, "")
    entry.person_to_inform = entry.death_circumstances = None
    entry.erased_at = timezone.now()
    entry.save()
    for upload in ListUpload.objects.filter(exchange_list_id=entry.exchange_list_id):
        _erase_upload(upload)
    audit.record(actor, "exchange.erased", entry, {"reason": reason})


@transaction.atomic
def erase(user, entry_id, reason: str) -> ExchangeEntry:
    """Erasure of one list entry on request (the intermediary's data protection officer)."""
    entry = ExchangeEntry.objects.get_visible(user, entry_id)  # 404 before 403
    ensure_desk(user, ERASING_ROLES)
    entry = ExchangeEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.erased_at is None:
        _erase_entry(entry, user, reason.strip()[:200] or "request")
    return entry


def expire_due(now: datetime.datetime | None = None) -> dict[str, int]:
    """Erase entries a period after their final state, and list files a period after upload.

    A final state (receipt confirmed, removed, deceased) has no step after it, so the entry's
    last change is when it was reached. A person still held keeps their record.
    """
    now = now or timezone.now()
    due = ExchangeEntry.objects.filter(
        erased_at__isnull=True,
        state__in=lifecycle.FINAL,
        updated_at__lte=now - period("exchange_entry"),
    )
    entries = 0
    for entry_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            entry = ExchangeEntry.objects.select_for_update().get(pk=entry_id)
            if entry.erased_at is None:
                _erase_entry(entry, None, "retention period ended")
                entries += 1
    uploads = 0
    files = ListUpload.objects.filter(
        content__isnull=False, created_at__lte=now - period("exchange_upload")
    )
    for upload_id in list(files.values_list("pk", flat=True)):
        with transaction.atomic():
            upload = ListUpload.objects.select_for_update().get(pk=upload_id)
            if upload.content is not None:
                _erase_upload(upload)
                audit.record(None, "exchange.erased", upload, {"reason": "retention period ended"})
                uploads += 1
    return {ENTRIES: entries, UPLOADS: uploads}
