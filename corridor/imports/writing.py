"""Writing one validated list into the registry in a single transaction, matched on arrival."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.db.models.fields import AutoFieldMixin
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
    # The registered spelling only: other spellings (alternate_names) are not loaded.
    return [index.primary_record(p) for p in persons.iterator(chunk_size=5000)]


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


def settlement_finder() -> Callable[[str], Settlement | None]:
    """The settlement a place text names (by any of its names), looked up once per text."""
    by_key: dict[str, Settlement] = {}
    for s in Settlement.objects.all():
        for name in (s.name_latin, s.name_ru, s.name_uk):
            key = place_key(name)
            if key:
                by_key.setdefault(key, s)
    found: dict[str, Settlement | None] = {}

    def settlement_of(text: str) -> Settlement | None:
        if text not in found:
            found[text] = by_key.get(place_key(text))
        return found[text]

    return settlement_of


def new_person(
    row: CleanRow,
    *,
    organisation_id,
    created_by,
    settlement_of: Callable[[str], Settlement | None],
) -> Person:
    """The (unsaved) person a clean row of a list stands for."""
    family, given, patronymic = _names(row.fields)
    year, month, day, note = _birth(row.dob, row.fields.get("date_of_birth", ""))
    place_text = row.fields.get("settlement", "")
    settlement = settlement_of(place_text) if place_text else None
    maiden = row.fields.get("maiden_name", "")
    return Person(
        organisation_id=organisation_id,
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
        created_by=created_by,
    )


def prepare_persons(
    rows: Sequence[CleanRow],
    *,
    organisation_id,
    created_by,
    settlement_of: Callable[[str], Settlement | None],
    today: datetime.date,
) -> list[Person]:
    """New (unsaved) persons for clean rows, in row order, their search features set."""
    persons = []
    for row in rows:
        person = new_person(
            row,
            organisation_id=organisation_id,
            created_by=created_by,
            settlement_of=settlement_of,
        )
        person.match_features = index.features_of(person, today)
        persons.append(person)
    return persons


def _insert(table: str, columns: list[str], rows: Iterable[Sequence[Any]]) -> None:
    """Rows of database values into one table: COPY on PostgreSQL, executemany elsewhere."""
    connection = connections[DEFAULT_DB_ALIAS]
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            # Table and column names come from the model, values go as parameters.
            sql = f"INSERT INTO {qn(table)} ({names}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, list(rows))


def insert_new(objs: Sequence[Model]) -> None:
    """New rows of one model, saved as bulk_create saves them (pre_save, database values)
    but streamed in one statement: a 100k-row list takes seconds, not minutes."""
    if not objs:
        return
    # The connection itself, not the thread-local proxy: it is passed for every value.
    connection = connections[DEFAULT_DB_ALIAS]
    meta = type(objs[0])._meta
    fields = [
        f for f in meta.concrete_fields if not isinstance(f, AutoFieldMixin) and not f.generated
    ]
    _insert(
        meta.db_table,
        [f.column for f in fields],
        ([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs),
    )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_keys(persons: Iterable[Person]) -> int:
    """The search keys of new persons whose match_features are set; how many were written.

    Rows go in the order of the (person, key) index, so its pages fill one after another.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    meta = PersonKey._meta
    person_field = meta.get_field("person")
    rows = [
        (person_id, key)
        for person in sorted(persons, key=lambda p: p.pk.int)
        for person_id in (person_field.get_db_prep_save(person.pk, connection),)
        for key in sorted(index.keys_of(person.match_features))
    ]
    _insert(meta.db_table, [person_field.column, meta.get_field("key").column], rows)
    return len(rows)


def write_list(job: ImportJob, table: Table, report: Report, *, cli: bool = False) -> SourceList:
    """The list, its rows, new persons, their search keys and match candidates: one transaction."""
    from corridor.imports.services import set_progress

    set_progress(job.pk, 20, "matching")
    pairs = _match(job, report)
    set_progress(job.pk, 70, "writing")
    # Features are computed before the transaction opens: the write lock is held for writing.
    persons = prepare_persons(
        report.rows,
        organisation_id=job.organisation_id,
        created_by=job.created_by,
        settlement_of=settlement_finder(),
        today=timezone.localdate(),
    )
    by_record = {row.record_id: person for row, person in zip(report.rows, persons, strict=True)}
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
        records = [
            SourceRecord(
                source_list=source_list,
                organisation_id=job.organisation_id,
                row_number=row.row,
                record_id=row.record_id[:120],
                fields=row.fields,
                extra=row.extra,
                person=person,
            )
            for row, person in zip(report.rows, persons, strict=True)
        ]
        insert_new(persons)
        insert_new(records)
        insert_keys(persons)
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
