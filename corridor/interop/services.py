"""PFIF in and out of the registry: a document becomes a source list; persons become a document.

An import writes, in one transaction, the source list, one row per PFIF record (kept whole, so
the document can be written back without loss), one person per PFIF person with its search
keys, the match candidates against the organisation's registry and one audit entry. An
export is for the roles allowed to let data leave, holds only the persons the exporter may
see (of a transmitted person only the transmitted fields), never a sealed field, and is
audited with ids and digests only.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access import plain_field_names, visible_fields
from corridor.accounts.roles import IMPORTING_ROLES, PFIF_EXPORTING_ROLES
from corridor.audit import services as audit
from corridor.errors import NotPermitted
from corridor.imports.services import max_upload_bytes
from corridor.imports.writing import REVIEW_THRESHOLD, _registry_records, settlement_finder
from corridor.interop import mapping, pfif
from corridor.interop.errors import AlreadyImported, InvalidPfif
from corridor.linkage.engine import DEFAULT_THRESHOLD, Settings, link
from corridor.matching.models import MatchCandidate
from corridor.registry import index
from corridor.registry.models import ListKind, Person, PersonKey, SourceList, SourceRecord

SHEET = "PFIF"  # SourceList.sheet of every PFIF import: one import per file and organisation
FILE_FORMAT = "pfif"
DEFAULT_DOMAIN = "corridor.local"


def record_domain() -> str:
    """The domain of this repository's PFIF record ids (setting CORRIDOR_PFIF_DOMAIN)."""
    return str(getattr(settings, "CORRIDOR_PFIF_DOMAIN", "") or DEFAULT_DOMAIN)


@dataclass(frozen=True)
class ImportCounts:
    """What an imported PFIF list holds."""

    persons: int
    notes: int
    orphan_notes: int
    candidates: int


# --- import ---


def _importing_organisation(user, organisation):
    if user is None:
        if organisation is None:
            raise NotPermitted()
        return organisation
    if user.organisation_id is None or user.role not in IMPORTING_ROLES:
        raise NotPermitted()
    if organisation is not None and organisation.pk != user.organisation_id:
        raise NotPermitted()
    return user.organisation


def _refuse_repeat(organisation, digest: str) -> None:
    previous = SourceList.objects.filter(
        organisation=organisation, file_digest=digest, sheet=SHEET
    ).first()
    if previous is not None:
        raise AlreadyImported(
            _("This file was already imported as the list “%(name)s” (%(id)s).")
            % {"name": previous.name, "id": previous.pk}
        )


def _read(filename: str, data: bytes) -> list[mapping.Row]:
    try:
        doc = pfif.parse(data, max_bytes=max_upload_bytes())
    except pfif.PfifError as exc:
        raise InvalidPfif(
            _("%(file)s is not a PFIF document: %(problem)s") % {"file": filename, "problem": exc}
        ) from exc
    rows = mapping.rows_of(doc)
    if not rows:
        raise InvalidPfif(_("%(file)s holds no person and no note.") % {"file": filename})
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        if row.person is not None and not row.record_id:
            raise InvalidPfif(
                _("%(file)s: person %(n)s has no person_record_id.") % {"file": filename, "n": n}
            )
        if row.person is not None and not any(pfif.split_name(row.person)):
            raise InvalidPfif(
                _("%(file)s: person %(id)s has no name.") % {"file": filename, "id": row.record_id}
            )
        key = row.record_id[:120]
        if key in seen:
            raise InvalidPfif(
                _("%(file)s: the record id %(id)s appears twice.")
                % {"file": filename, "id": row.record_id}
            )
        seen.add(key)
    return rows


def _match(organisation_id, persons: list[Person]) -> list[tuple[Person, Any, float, list]]:
    """(new person, existing person id, probability, evidence) worth a human's look."""
    registry = _registry_records(organisation_id)
    if not registry or not persons:
        return []
    by_id = {str(p.pk): p for p in persons}
    result = link(
        [index.person_records(p)[0] for p in persons],
        registry,
        Settings(
            reference_date=timezone.localdate(), threshold=min(REVIEW_THRESHOLD, DEFAULT_THRESHOLD)
        ),
    )
    out = []
    for k, (left, right, p) in enumerate(result.pairs()):
        evidence = [vars(e) | {"bayes_factor": float(e.bayes_factor)} for e in result.explain(k)]
        out.append((by_id[left], right, p, evidence))
    return out


def import_pfif(
    user,
    filename: str,
    data: bytes,
    *,
    organisation=None,
    list_name: str = "",
    via: str = "api",
) -> SourceList:
    """Import a PFIF 1.1–1.4 document as a list of missing persons, all or nothing.

    ``user`` None is the command line acting for ``organisation``. The same file twice for
    one organisation is refused, naming the list it became.
    """
    organisation = _importing_organisation(user, organisation)
    filename = os.path.basename(filename or "upload.xml")[:255]
    digest = hashlib.sha256(data).hexdigest()
    _refuse_repeat(organisation, digest)
    rows = _read(filename, data)
    settlement_of = settlement_finder()
    persons: dict[str, Person] = {}
    for row in rows:
        if row.person is not None:
            person = mapping.person_of(row.person, settlement_of)
            person.organisation = organisation
            person.created_by = user
            persons[row.record_id] = person
    pairs = _match(organisation.pk, list(persons.values()))
    with transaction.atomic():
        _refuse_repeat(organisation, digest)
        try:
            with transaction.atomic():
                source_list = SourceList.objects.create(
                    organisation=organisation,
                    name=(list_name.strip() or os.path.splitext(filename)[0])[:200],
                    kind=ListKind.MISSING,
                    filename=filename,
                    file_digest=digest,
                    sheet=SHEET,
                    file_format=FILE_FORMAT,
                    encoding="",
                    mapping=mapping.LIST_MAPPING,
                    row_count=len(rows),
                    submitted_by=user,
                    submitted_via=via,
                )
        except IntegrityError:  # a concurrent import of the same file committed first
            _refuse_repeat(organisation, digest)
            raise
        today = timezone.localdate()
        keys: list[PersonKey] = []
        for person in persons.values():
            person.match_features = index.features_of(person, today)
            keys += [PersonKey(person=person, key=h) for h in index.keys_of(person.match_features)]
        Person.objects.bulk_create(persons.values(), batch_size=2000)
        SourceRecord.objects.bulk_create(
            [
                SourceRecord(
                    source_list=source_list,
                    organisation=organisation,
                    row_number=n,
                    record_id=row.record_id[:120],
                    fields=row.fields,
                    extra=row.extra,
                    person=persons.get(row.record_id),
                )
                for n, row in enumerate(rows, start=1)
            ],
            batch_size=2000,
        )
        PersonKey.objects.bulk_create(keys, batch_size=5000)
        candidates = MatchCandidate.objects.bulk_create(
            [
                MatchCandidate(
                    organisation=organisation,
                    person=new,
                    existing_id=existing,
                    source_list=source_list,
                    probability=p,
                    evidence=evidence,
                )
                for new, existing, p, evidence in pairs
            ],
            batch_size=2000,
        )
        counts = _counts(rows, len(candidates))
        audit.record(
            user,
            "pfif.imported",
            source_list,
            {
                "digest": digest,
                "persons": counts.persons,
                "notes": counts.notes,
                "orphan_notes": counts.orphan_notes,
                "candidates": counts.candidates,
                "via": via,
            },
        )
    return source_list


def _counts(rows: list[mapping.Row], candidates: int) -> ImportCounts:
    persons = [r.person for r in rows if r.person is not None]
    return ImportCounts(
        persons=len(persons),
        notes=sum(len(p.notes) for p in persons),
        orphan_notes=sum(1 for r in rows if r.extra.get("pfif") == mapping.NOTE),
        candidates=candidates,
    )


def import_counts(source_list: SourceList) -> ImportCounts:
    """Persons, notes and match candidates of an imported PFIF list, read back from its rows."""
    persons = notes = orphans = 0
    for extra in source_list.records.values_list("extra", flat=True):
        if extra.get("pfif") == mapping.PERSON:
            persons += 1
            notes += len(json.loads(extra.get("notes", "[]")))
        elif extra.get("pfif") == mapping.NOTE:
            orphans += 1
    candidates = MatchCandidate.objects.filter(source_list=source_list).count()
    return ImportCounts(persons, notes, orphans, candidates)


# --- export ---


def ensure_exporter(user) -> None:
    """Refuse (NotPermitted) a user whose role may not let person records leave in PFIF."""
    if (
        user is None
        or not getattr(user, "is_active", False)
        or getattr(user, "organisation_id", None) is None
        or user.role not in PFIF_EXPORTING_ROLES
    ):
        raise NotPermitted()


def _as_pfif(user, person: Person, row: SourceRecord | None, domain: str) -> pfif.PfifPerson:
    """The person as PFIF: its original record when the reader may see all of it, else built."""
    fields = visible_fields(user, person)
    if row is None or not fields >= frozenset(plain_field_names(Person)):
        return mapping.built_person(person, fields, domain)
    original = mapping.original_person(row)
    note = mapping.status_note(
        person,
        original.person_record_id,
        fields,
        domain,
        registered_as=mapping.status_of(original.status()),
    )
    if note is None:
        return original
    return pfif.PfifPerson(
        **{f: getattr(original, f) for f in pfif.PERSON_FIELDS},
        notes=(*original.notes, note),
        extra=original.extra,
    )


def _made_from(source_list: SourceList, person: Person) -> bool:
    """Whether the person was created by importing this list, not an earlier one it was merged into.

    A confirmed match moves the newer record's rows to the earlier person; that person is then
    written from its own fields, not as the other system's record.
    """
    return source_list.submitted_at <= person.created_at


def _pfif_rows(user) -> QuerySet[SourceRecord]:
    return (
        SourceRecord.objects.visible_to(user)
        .filter(source_list__file_format=FILE_FORMAT, extra__pfif=mapping.PERSON)
        .select_related("source_list")
        .order_by("-source_list__submitted_at", "row_number")
    )


def _persons_document(
    user, persons: QuerySet[Person], domain: str
) -> tuple[pfif.PfifDocument, list[Any]]:
    persons = persons.select_related("settlement", "organisation").prefetch_related(
        Prefetch("source_records", queryset=_pfif_rows(user), to_attr="pfif_rows")
    )
    out, ids = [], []
    for person in persons.order_by("family_name", "given_name", "pk"):
        own = (r for r in getattr(person, "pfif_rows", []) if _made_from(r.source_list, person))
        out.append(_as_pfif(user, person, next(own, None), domain))
        ids.append(person.pk)
    return pfif.PfifDocument(persons=tuple(out)), ids


def _list_document(
    user, source_list: SourceList, persons: QuerySet[Person], domain: str
) -> tuple[pfif.PfifDocument, list[Any]]:
    rows = SourceRecord.objects.visible_to(user).filter(source_list=source_list)
    shown = {
        p.pk: p
        for p in persons.filter(pk__in=rows.values("person_id")).select_related(
            "settlement", "organisation"
        )
    }
    out, notes, extra, ids = [], [], [], []
    for row in rows.order_by("row_number"):
        kind = row.extra.get("pfif")
        if row.person_id is not None:
            if row.person_id in shown:
                ids.append(row.person_id)
                person = shown.pop(row.person_id)
                own = kind == mapping.PERSON and _made_from(source_list, person)
                out.append(_as_pfif(user, person, row if own else None, domain))
        elif kind == mapping.NOTE:
            notes.append(mapping.original_note(row))
        elif kind == mapping.EXTENSION:
            extra.append(row.extra["xml"])
    doc = pfif.PfifDocument(persons=tuple(out), orphan_notes=tuple(notes), extra=tuple(extra))
    return doc, ids


@dataclass(frozen=True)
class PfifExport:
    """A written PFIF document and what it holds, for the export request's record."""

    data: bytes
    persons: int
    digest: str  # SHA-256 of the document's bytes


@transaction.atomic
def export_pfif(user, records: QuerySet[Person] | SourceList | None = None) -> bytes:
    """Persons the user may see, as a PFIF 1.4 document; audited, for exporting roles only.

    ``records`` is a source list (its persons, loose notes and extensions, in its order), a
    queryset of persons, or None for every person the user may see. Merged records are left
    out. Persons that came from a PFIF import are written as they were read. Documents leave
    Corridor only through an approved export request (``export_requests.download``).
    """
    return write_export(user, records).data


@transaction.atomic
def write_export(
    user, records: QuerySet[Person] | SourceList | None = None, *, export_request=None
) -> PfifExport:
    """``export_pfif`` with the document's person count and digest; audited with the request's id."""
    ensure_exporter(user)
    domain = record_domain()
    persons = Person.objects.visible_to(user).filter(merged_into__isnull=True)
    source_list = None
    if isinstance(records, SourceList):
        source_list = SourceList.objects.get_visible(user, records.pk)
        doc, ids = _list_document(user, source_list, persons, domain)
    else:
        if records is not None:
            persons = persons.filter(pk__in=records.values("pk"))
        doc, ids = _persons_document(user, persons, domain)
    data = pfif.serialise(doc)
    ids_digest = hashlib.sha256("\n".join(sorted(str(i) for i in ids)).encode()).hexdigest()
    bytes_digest = hashlib.sha256(data).hexdigest()
    change = {
        "persons": len(ids),
        "notes": sum(len(p.notes) for p in doc.persons) + len(doc.orphan_notes),
        "ids_digest": ids_digest,
        "bytes_digest": bytes_digest,
    }
    if export_request is not None:
        change["export_request"] = str(export_request.pk)
    audit.record(
        user,
        "pfif.exported",
        source_list,
        change,
        object_type="" if source_list else "registry.person",
    )
    return PfifExport(data=data, persons=len(ids), digest=bytes_digest)
