"""Writing one validated list into the registry in a single transaction, matched on arrival."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from corridor.audit import services as audit
from corridor.imports.errors import AlreadyImported
from corridor.imports.models import ImportJob
from corridor.imports.rows import CleanRow, Report
from corridor.imports.sheets import Table
from corridor.linkage.engine import DEFAULT_THRESHOLD, Settings, link
from corridor.matching.models import MatchCandidate
from corridor.names.dates import DateOfBirth
from corridor.names.parse import parse_name
from corridor.names.places import place_key
from corridor.registry import index
from corridor.registry.models import (
    Person,
    PersonKey,
    PersonStatus,
    Settlement,
    Sex,
    SourceList,
    SourceRecord,
)

# Candidates from this probability on are put to a human; the engine's own cut-off is higher.
REVIEW_THRESHOLD = 0.3
_SEX = {
    "m": Sex.MALE, "male": Sex.MALE, "м": Sex.MALE, "муж": Sex.MALE, "мужской": Sex.MALE,
    "ч": Sex.MALE, "чол": Sex.MALE, "чоловіча": Sex.MALE, "чоловік": Sex.MALE,
    "f": Sex.FEMALE, "female": Sex.FEMALE, "w": Sex.FEMALE, "ж": Sex.FEMALE,
    "жен": Sex.FEMALE, "женский": Sex.FEMALE, "жін": Sex.FEMALE, "жіноча": Sex.FEMALE,
    "жінка": Sex.FEMALE,
}  # fmt: skip
_STATUS = {
    "missing": PersonStatus.MISSING, "пропал": PersonStatus.MISSING,
    "пропал без вести": PersonStatus.MISSING, "зник безвісти": PersonStatus.MISSING,
    "deceased": PersonStatus.DECEASED, "умер": PersonStatus.DECEASED,
    "погиб": PersonStatus.DECEASED, "помер": PersonStatus.DECEASED,
    "загинув": PersonStatus.DECEASED,
}  # fmt: skip


def _names(fields: dict[str, str]) -> tuple[str, str, str]:
    family, given = fields.get("family_name", ""), fields.get("given_name", "")
    patronymic = fields.get("patronymic", "")
    if (family or given) or not fields.get("full_name"):
        return family, given, patronymic
    parsed = parse_name(fields["full_name"])
    family, given = " ".join(parsed.family), " ".join(parsed.given)
    if not family and not given:
        return fields["full_name"], "", ""
    return family, given, parsed.patronymic or ""


def _birth(dob: DateOfBirth | None, text: str) -> tuple[int | None, int | None, int | None, str]:
    if dob is None or not dob.known:
        return None, None, None, text[:60]
    if (
        dob.precision in ("day", "month", "year")
        and len(dob.candidates) == 1
        and not dob.approximate
    ):
        y, m, d = dob.candidates[0]
        return y, m, d, ""
    year = dob.year_min if dob.year_min == dob.year_max else None
    return year, None, None, text[:60]


def _linkage_record(row: CleanRow) -> dict[str, Any]:
    f = row.fields
    full = f.get("full_name", "")
    if f.get("maiden_name"):
        full = f"{full} ({f['maiden_name']})".strip()
    return {
        "record_id": row.record_id,
        "full_name": full,
        "family_name": f.get("family_name", ""),
        "given_name": f.get("given_name", ""),
        "patronymic": f.get("patronymic", ""),
        "date_of_birth": f.get("date_of_birth", ""),
        "sex": f.get("sex", ""),
        "place": f.get("settlement", ""),
    }


def _registry_records(organisation_id) -> list[dict[str, Any]]:
    persons = (
        Person.objects.filter(organisation_id=organisation_id, merged_into__isnull=True)
        .select_related("settlement")
        .only(
            "id", "family_name", "given_name", "patronymic", "birth_year", "birth_month",
            "birth_day", "birth_note", "sex", "settlement__name_uk", "place_note",
        )
    )  # fmt: skip
    return [index.person_records(p)[0] for p in persons.iterator(chunk_size=5000)]


def _match(job: ImportJob, report: Report) -> list[tuple[str, str, float, list[dict]]]:
    """Pairs (new record id, existing person id, probability, evidence) worth a human's look."""
    from corridor.imports.services import set_progress

    registry = _registry_records(job.organisation_id)
    if not registry:
        return []
    total = len(report.rows) + len(registry)
    done = [0]

    def progress(n: int) -> None:
        done[0] += n
        set_progress(job.pk, 20 + int(45 * min(done[0], total) / total), "matching")

    result = link(
        [_linkage_record(r) for r in report.rows],
        registry,
        Settings(
            reference_date=timezone.localdate(),
            threshold=min(REVIEW_THRESHOLD, DEFAULT_THRESHOLD),
            progress=progress,
        ),
    )
    out = []
    for k, (left, right, p) in enumerate(result.pairs()):
        evidence = [vars(e) | {"bayes_factor": float(e.bayes_factor)} for e in result.explain(k)]
        out.append((left, right, p, evidence))
    return out


def _settlements() -> dict[str, Settlement]:
    by_key: dict[str, Settlement] = {}
    for s in Settlement.objects.all():
        for name in (s.name_latin, s.name_ru, s.name_uk):
            key = place_key(name)
            if key:
                by_key.setdefault(key, s)
    return by_key


def write_list(job: ImportJob, table: Table, report: Report, *, cli: bool = False) -> SourceList:
    """The list, its rows, new persons, their search keys and match candidates: one transaction."""
    from corridor.imports.services import set_progress

    set_progress(job.pk, 20, "matching")
    pairs = _match(job, report)
    set_progress(job.pk, 70, "writing")
    settlements = _settlements()
    with transaction.atomic():
        if SourceList.objects.filter(
            organisation_id=job.organisation_id, file_digest=job.digest, sheet=job.sheet
        ).exists():
            raise AlreadyImported()
        source_list = SourceList.objects.create(
            organisation_id=job.organisation_id,
            name=job.list_name,
            kind=job.list_kind,
            filename=job.filename,
            file_digest=job.digest,
            sheet=job.sheet,
            encoding=table.encoding or "",
            file_format=job.filename.rsplit(".", 1)[-1].lower()[:10],
            mapping=job.mapping,
            row_count=len(report.rows),
            submitted_by=job.created_by,
            submitted_via="cli" if cli else "web",
        )
        persons: list[Person] = []
        records: list[SourceRecord] = []
        by_record: dict[str, Person] = {}
        for row in report.rows:
            family, given, patronymic = _names(row.fields)
            year, month, day, note = _birth(row.dob, row.fields.get("date_of_birth", ""))
            place_text = row.fields.get("settlement", "")
            settlement = settlements.get(place_key(place_text)) if place_text else None
            maiden = row.fields.get("maiden_name", "")
            person = Person(
                organisation_id=job.organisation_id,
                family_name=family[:120],
                given_name=given[:120],
                patronymic=patronymic[:120],
                birth_year=year,
                birth_month=month,
                birth_day=day,
                birth_note=note,
                sex=_SEX.get(row.fields.get("sex", "").lower().rstrip("."), Sex.UNKNOWN),
                settlement=settlement,
                place_note="" if settlement else place_text[:200],
                status=_STATUS.get(row.fields.get("status", "").lower(), PersonStatus.REGISTERED),
                alternate_names=[f"{maiden} {given} {patronymic}".strip()] if maiden else [],
                created_by=job.created_by,
            )
            persons.append(person)
            by_record[row.record_id] = person
            records.append(
                SourceRecord(
                    source_list=source_list,
                    organisation_id=job.organisation_id,
                    row_number=row.row,
                    record_id=row.record_id[:120],
                    fields=row.fields,
                    extra=row.extra,
                    person=person,
                )
            )
        today = timezone.localdate()
        keys: list[PersonKey] = []
        for person in persons:
            person.match_features = index.features_of(person, today)
            keys += [PersonKey(person=person, key=h) for h in index.keys_of(person.match_features)]
        Person.objects.bulk_create(persons, batch_size=2000)
        SourceRecord.objects.bulk_create(records, batch_size=2000)
        PersonKey.objects.bulk_create(keys, batch_size=5000)
        candidates = [
            MatchCandidate(
                organisation_id=job.organisation_id,
                person=by_record[left],
                existing_id=right,
                source_list=source_list,
                probability=p,
                evidence=evidence,
            )
            for left, right, p, evidence in pairs
            if left in by_record
        ]
        MatchCandidate.objects.bulk_create(candidates, batch_size=2000)
        audit.record(
            job.created_by,
            "list.imported",
            source_list,
            {
                "digest": job.digest,
                "rows": len(records),
                "candidates": len(candidates),
                "via": "cli" if cli else "web",
            },
        )
        pause = float(getattr(settings, "CORRIDOR_IMPORT_TEST_PAUSE", 0) or 0)
        if pause:
            set_progress(
                job.pk, 90, "writing"
            )  # not visible until commit; the pause is for a kill test
            time.sleep(pause)
    return source_list
