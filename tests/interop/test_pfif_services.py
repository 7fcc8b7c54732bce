"""PFIF through the registry's services and the CLI: without loss, once, audited, within the rules."""

from __future__ import annotations

import dataclasses
import json
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from corridor.audit.models import AuditEvent
from corridor.errors import NotPermitted
from corridor.interop import pfif, services
from corridor.interop.errors import AlreadyImported, InvalidPfif
from corridor.interop.models import ExportRequest
from corridor.matching.models import MatchCandidate
from corridor.registry import index
from corridor.registry.models import Person, PersonKey, PersonStatus, SourceList, SourceRecord
from tests.interop.helpers import PURPOSE

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        SourceList.objects.count(),
        SourceRecord.objects.count(),
        Person.objects.count(),
        PersonKey.objects.count(),
        MatchCandidate.objects.count(),
        AuditEvent.objects.filter(action="pfif.imported").count(),
    )


def caseworker(world):
    return world.users["int:caseworker"]


def import_doc(world, data: bytes, name: str = "pf.xml", user=None) -> SourceList:
    user = user or caseworker(world)
    return services.import_pfif(user, name, data, organisation=user.organisation, list_name="PF")


def document(*persons: pfif.PfifPerson, **kwargs) -> bytes:
    return pfif.serialise(pfif.PfifDocument(persons=persons, **kwargs))


def note(n: int, status: str, source_date: str) -> pfif.PfifNote:
    return pfif.PfifNote(
        note_record_id=f"example.org/note.{n}",
        author_name="A. Author",
        source_date=source_date,
        status=status,
        text=f"note {n}",
    )


def person(record: str = "example.org/person.1", **fields) -> pfif.PfifPerson:
    values = {"full_name": "Щербакова Оксана Владимировна", "source_date": "2024-08-10T00:00:00Z"}
    return pfif.PfifPerson(person_record_id=record, **(values | fields))


def test_the_reference_document_imports_without_loss(world, reference_bytes):
    reference = pfif.parse(reference_bytes)
    source_list = import_doc(world, reference_bytes, "personfinder-test.pfif-1.4.xml")
    assert (source_list.kind, source_list.sheet, source_list.file_format) == (
        "missing",
        "PFIF",
        "pfif",
    )
    assert source_list.organisation == world.orgs["int"]
    assert source_list.submitted_by == caseworker(world)
    assert source_list.row_count == 1
    row = source_list.records.get()
    assert row.record_id == "test.google.com/person.21009"
    assert row.fields["full_name"] == "_test_full_name1\n_test_full_name2"  # multi-line kept
    assert row.fields["home_city"] == "_test_home_city"
    assert row.extra["profile_urls"] == "_test_profile_url1\n_test_profile_url2"
    assert row.extra["description"] == "_test_description"
    # Every note is kept with its person, every field of it, in the document's order.
    notes = json.loads(row.extra["notes"])
    assert [n["note_record_id"] for n in notes] == [
        n.note_record_id for n in reference.persons[0].notes
    ]
    assert notes[0]["linked_person_record_id"] == "test.google.com/person.999"
    assert notes[0]["author_made_contact"] is False
    assert notes[1]["last_known_location"] == "19.16592425362802 -71.9384765625"
    assert all(isinstance(v, str) for v in (*row.fields.values(), *row.extra.values()))
    p = row.person
    assert (p.family_name, p.given_name, p.patronymic) == (
        "_test_last_name",
        "_test_first_name",
        "",
    )
    assert (p.birth_year, p.birth_month, p.birth_day, p.birth_note) == (1970, 1, None, "")
    assert p.sex == "F"
    assert p.place_note == (
        "_test_home_street, _test_home_neighborhood, _test_home_city, _test_home_state, "
        "_test_home_postal_code, US"
    )
    assert p.alternate_names == [
        "_test_full_name1",
        "_test_full_name2",
        "_test_alternate_name1",
        "_test_alternate_name2",
    ]
    # The newest note with a status is is_note_author; the backdated believed_missing is older.
    assert p.status == PersonStatus.REGISTERED
    assert p.organisation == world.orgs["int"]
    assert p.created_by == caseworker(world)
    assert p.match_features
    assert PersonKey.objects.filter(person=p).exists()
    event = AuditEvent.objects.get(action="pfif.imported")
    assert (event.object_type, event.object_id) == ("registry.sourcelist", str(source_list.pk))
    assert services.import_counts(source_list) == services.ImportCounts(1, 4, 0, 0)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((), PersonStatus.REGISTERED),
        (("believed_missing",), PersonStatus.MISSING),
        (("information_sought",), PersonStatus.MISSING),
        (("believed_missing", "believed_dead"), PersonStatus.DECEASED),
        (("believed_dead", "believed_alive"), PersonStatus.REGISTERED),
        (("believed_alive", ""), PersonStatus.REGISTERED),  # a note without status changes nothing
    ],
)
def test_the_newest_notes_status_is_the_persons_status(world, statuses, expected):
    notes = tuple(note(i, s, f"2024-08-1{i}T00:00:00Z") for i, s in enumerate(statuses))
    source_list = import_doc(world, document(person(notes=notes)))
    assert source_list.records.get().person.status == expected


def test_cyrillic_names_ages_and_settlements_reach_the_registry(world):
    doc = document(
        person(sex="male", age="60-62", home_city="Суджа"),
        person("example.org/person.2", full_name="Oksana Shcherbakova", date_of_birth="1961-13"),
    )
    rows = list(import_doc(world, doc).records.order_by("row_number"))
    first, second = rows[0].person, rows[1].person
    assert (first.family_name, first.given_name, first.patronymic) == (
        "Щербакова",
        "Оксана",
        "Владимировна",
    )
    assert first.sex == "M"
    assert first.settlement == world.settlement
    assert (first.birth_year, first.birth_note) == (None, "1961-1964")  # 60-62 years in 2024
    assert (second.family_name, second.given_name) == ("Shcherbakova", "Oksana")
    assert (second.birth_year, second.birth_note) == (None, "1961-13")  # kept as written


def test_export_of_the_import_gives_back_the_reference_document(world, reference_bytes):
    source_list = import_doc(world, reference_bytes)
    reference = pfif.parse(reference_bytes)
    for records in (source_list, Person.objects.all(), None):
        exported = pfif.parse(services.export_pfif(caseworker(world), records))
        mine = [p for p in exported.persons if p.person_record_id.startswith("test.google.com/")]
        assert mine == list(reference.persons)
        assert mine[0].notes == reference.persons[0].notes


def test_loose_notes_and_extensions_round_trip(world):
    doc = pfif.PfifDocument(
        persons=(person(notes=(note(1, "believed_missing", "2024-08-11T00:00:00Z"),)),),
        orphan_notes=(
            dataclasses.replace(
                note(2, "believed_alive", "2024-08-12T00:00:00Z"),
                person_record_id="elsewhere.org/person.9",
            ),
        ),
        extra=('<x:tag xmlns:x="urn:example">kept</x:tag>',),
    )
    source_list = import_doc(world, pfif.serialise(doc))
    assert services.import_counts(source_list) == services.ImportCounts(1, 1, 1, 0)
    assert pfif.parse(services.export_pfif(caseworker(world), source_list)) == pfif.parse(
        pfif.serialise(doc)
    )


def test_the_same_file_twice_adds_nothing_and_names_the_list(world, reference_bytes):
    first = import_doc(world, reference_bytes)
    before = counts()
    with pytest.raises(AlreadyImported) as exc:
        import_doc(world, reference_bytes, "renamed.xml")
    assert "PF" in exc.value.message
    assert str(first.pk) in exc.value.message
    assert counts() == before
    # Another organisation may import the same file.
    import_doc(world, reference_bytes, user=world.users["a:bureau_officer"])


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            b'<?xml version="1.0"?>\n<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">\n<oops>',
            "line",
        ),
        (b"<html/>", "root element"),
        (document(pfif.PfifPerson(full_name="Nobody Known")), "person_record_id"),
        (document(person(full_name="")), "no name"),
        (document(person(), person()), "appears twice"),
        (pfif.serialise(pfif.PfifDocument()), "no person"),
    ],
)
def test_a_document_that_cannot_be_imported_writes_nothing(world, data, words):
    before = counts()
    with pytest.raises(InvalidPfif) as exc:
        import_doc(world, data)
    assert words in exc.value.message
    assert counts() == before


def test_malformed_xml_names_the_line(world):
    data = b'<?xml version="1.0"?>\n<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">\n<a></b>\n'
    with pytest.raises(InvalidPfif, match="line 3"):
        import_doc(world, data)


def test_importing_needs_an_importing_role_of_the_organisation(world, reference_bytes):
    for key in ("a:liaison_officer", "med:observer"):
        user = world.users[key]
        with pytest.raises(NotPermitted):
            services.import_pfif(user, "x.xml", reference_bytes, organisation=user.organisation)
    with pytest.raises(NotPermitted):
        services.import_pfif(
            world.users["a:bureau_officer"], "x.xml", reference_bytes, organisation=world.orgs["b"]
        )


def test_a_person_already_registered_becomes_a_match_candidate(world):
    registered = Person.objects.create(
        organisation=world.orgs["int"],
        family_name="Щербакова",
        given_name="Оксана",
        patronymic="Владимировна",
        birth_year=1961,
        birth_month=7,
        birth_day=3,
        sex="F",
    )
    index.reindex([registered])
    doc = document(person(date_of_birth="1961-07-03", sex="female"))
    source_list = import_doc(world, doc)
    candidate = MatchCandidate.objects.get(source_list=source_list)
    assert candidate.existing == registered
    assert candidate.person == source_list.records.get().person
    assert candidate.probability > 0.9


def test_registry_persons_are_exported_from_their_fields_never_sealed_ones(world, settings):
    settings.CORRIDOR_PFIF_DOMAIN = "corridor.example.org"
    missing = world.persons["a"]
    missing.status = PersonStatus.MISSING
    missing.save()
    data = services.export_pfif(world.users["int:dpo"], Person.objects.filter(pk=missing.pk))
    assert pfif.validate(data) == []
    body = data.decode()
    assert not [
        c for cs in world.canaries.values() for c in cs if "WHERE" in c or "MED" in c if c in body
    ]
    (p,) = pfif.parse(data).persons
    assert p.person_record_id == f"corridor.example.org/person.{missing.pk}"
    assert (p.family_name, p.given_name) == ("CANARYFAMA", "CANARYGIVA CANARYPATA")
    assert p.full_name == "CANARYFAMA CANARYGIVA CANARYPATA"
    assert (p.sex, p.date_of_birth, p.home_city) == ("female", "1961-07-03", "Sudzha")
    assert [n.status for n in p.notes] == ["believed_missing"]
    assert p.notes[0].person_record_id == p.person_record_id


def test_a_registry_person_exported_and_imported_elsewhere_is_the_same_person(world):
    native = world.persons["a"]
    native.family_name, native.given_name, native.patronymic = "Щербакова", "Оксана", "Владимировна"
    native.status = PersonStatus.DECEASED
    native.alternate_names = ["Shcherbakova Oksana"]
    native.save()
    data = services.export_pfif(caseworker(world), Person.objects.filter(pk=native.pk))
    back = import_doc(world, data, user=world.users["b:bureau_officer"]).records.get().person
    fields = ("family_name", "given_name", "patronymic", "birth_year", "birth_month", "birth_day")
    fields += ("sex", "status", "alternate_names")
    assert {f: getattr(back, f) for f in fields} == {f: getattr(native, f) for f in fields}
    assert back.place_note == "Sudzha"


def test_a_status_changed_after_import_is_exported_as_a_new_note(world, reference_bytes):
    person_ = import_doc(world, reference_bytes).records.get().person
    person_.status = PersonStatus.DECEASED
    person_.save()
    (p,) = pfif.parse(
        services.export_pfif(caseworker(world), Person.objects.filter(pk=person_.pk))
    ).persons
    assert len(p.notes) == 5
    assert p.notes[-1].status == "believed_dead"
    assert p.notes[:4] == pfif.parse(reference_bytes).persons[0].notes


def test_merged_persons_are_not_exported(world):
    merged = world.persons["b"]
    merged.merged_into = world.persons["a"]
    merged.save()
    body = services.export_pfif(caseworker(world)).decode()
    assert "CANARYFAMA" in body
    assert "CANARYFAMB" not in body


def test_exports_are_audited_with_ids_only(world):
    user = world.users["int:dpo"]
    data = services.export_pfif(user, Person.objects.filter(pk=world.persons["a"].pk))
    event = AuditEvent.objects.get(action="pfif.exported")
    assert event.actor_id_text == str(user.pk)
    assert "CANARY" not in f"{event.object_type}{event.object_id}{event.digest}"
    assert data


def test_a_party_exporter_gets_only_what_the_rule_shows(world, monkeypatch):
    """Were a party role allowed to export, the visibility rule would still decide everything."""
    monkeypatch.setattr(services, "PFIF_EXPORTING_ROLES", frozenset({"liaison_officer"}))
    body = services.export_pfif(world.users["b:liaison_officer"]).decode()
    assert "CANARYFAMB" in body
    assert "SHAREDFAMA" in body
    foreign = {c for code, cs in world.canaries.items() if code != "b" for c in cs}
    assert not [c for c in foreign if c in body]
    assert "1950" in body  # the transmitted birth year, and nothing else of that person


def test_export_needs_an_exporting_role(world):
    for key in ("a:liaison_officer", "a:bureau_officer", "int:operations_lead", "med:observer"):
        with pytest.raises(NotPermitted):
            services.export_pfif(world.users[key])
    assert not AuditEvent.objects.filter(action="pfif.exported").exists()


# --- the command line ---


def test_cli_export_writes_the_file(world, reference_bytes, tmp_path):
    source_list = import_doc(world, reference_bytes)
    out, target = StringIO(), tmp_path / "export.xml"
    call_command(
        "export", "pfif", "--organisation", "int", "--user", "int-caseworker",
        "--purpose", PURPOSE, "--approved-by", "int-dpo",
        "--list", str(source_list.pk), "-o", str(target), stdout=out,
    )  # fmt: skip
    assert "1 person" in out.getvalue()
    assert pfif.parse(target.read_bytes()).persons == pfif.parse(reference_bytes).persons
    assert [p.name for p in tmp_path.iterdir()] == ["export.xml"]  # no temporary file left
    assert AuditEvent.objects.filter(action="pfif.exported").count() == 1


def test_cli_export_refuses_a_role_not_allowed_and_writes_nothing(world, tmp_path):
    target = tmp_path / "export.xml"
    with pytest.raises(CommandError, match="nothing exported"):
        call_command(
            "export", "pfif", "--organisation", "int", "--user", "int-operations_lead",
            "--purpose", PURPOSE, "--approved-by", "int-dpo", "-o", str(target),
        )  # fmt: skip
    with pytest.raises(CommandError, match="no user"):
        call_command(
            "export", "pfif", "--organisation", "int", "--user", "a-liaison_officer",
            "--purpose", PURPOSE, "--approved-by", "int-dpo", "-o", str(target),
        )  # fmt: skip
    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.filter(action__startswith="pfif.export").exists()


def test_cli_export_of_a_list_not_visible_is_refused(world, tmp_path):
    # The intermediary sees every list; one that is not visible is, for it, one that does not exist.
    with pytest.raises(CommandError, match="Not found"):
        call_command(
            "export", "pfif", "--organisation", "int", "--user", "int-caseworker",
            "--purpose", PURPOSE, "--approved-by", "int-dpo",
            "--list", str(uuid.uuid4()), "-o", str(tmp_path / "x.xml"),
        )  # fmt: skip
    assert list(tmp_path.iterdir()) == []
    assert not ExportRequest.objects.exists()


def test_cli_import(world, reference_bytes, tmp_path):
    path = tmp_path / "personfinder.xml"
    path.write_bytes(reference_bytes)
    out = StringIO()
    call_command("import-pfif", str(path), "--organisation", "a", "--list-name", "PF", stdout=out)
    assert "1 person(s) with 4 note(s)" in out.getvalue()
    source_list = SourceList.objects.get()
    assert (source_list.name, source_list.submitted_via, source_list.submitted_by) == (
        "PF",
        "cli",
        None,
    )
    with pytest.raises(CommandError, match="already imported"):
        call_command("import-pfif", str(path), "--organisation", "a")
    path.write_bytes(b"<pfif")
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import-pfif", str(path), "--organisation", "a", "--user", "a-liaison_officer")


def test_cli_export_that_cannot_be_written_leaves_no_file_and_no_audit(
    world, tmp_path, monkeypatch
):
    from corridor.interop.management.commands import export

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "fsync", full_disk)
    with pytest.raises(CommandError, match="No space left"):
        call_command(
            "export", "pfif", "--organisation", "int", "--user", "int-caseworker",
            "--purpose", PURPOSE, "--approved-by", "int-dpo", "-o", str(tmp_path / "export.xml"),
        )  # fmt: skip
    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.filter(action__startswith="pfif.export").exists()
    assert not ExportRequest.objects.exists()


def test_a_record_folded_into_an_earlier_person_is_exported_as_that_person(world, reference_bytes):
    from corridor.matching import services as matching

    source_list = import_doc(world, reference_bytes)
    arrived, earlier = source_list.records.get().person, world.persons["int"]
    candidate = MatchCandidate.objects.create(
        organisation=world.orgs["int"], person=arrived, existing=earlier, probability=0.9
    )
    matching.confirm(caseworker(world), candidate.pk)
    for records in (source_list, Person.objects.filter(pk__in=[arrived.pk, earlier.pk])):
        (p,) = pfif.parse(services.export_pfif(caseworker(world), records)).persons
        assert p.person_record_id == f"corridor.local/person.{earlier.pk}"
        assert p.family_name == "CANARYFAMINT"
        assert "_test_full_name1" in p.alternate_names.splitlines()


def test_a_spreadsheet_list_is_exported_from_its_persons(world, commit_import):
    from corridor.imports import services as imports

    user = world.users["int:caseworker"]
    sheet = "Фамилия;Имя;Отчество;Дата рождения;Пол\nКоваленко;Олександр;Петрович;1958;м\n"
    job = imports.upload(user, "list.csv", sheet.encode())
    job = imports.configure(user, job.pk, list_name="Гончаровка")
    commit_import(user, job.pk)
    job.refresh_from_db()
    data = services.export_pfif(user, SourceList.objects.get(pk=job.source_list_id))
    assert pfif.validate(data) == []
    (p,) = pfif.parse(data).persons
    assert (p.family_name, p.given_name, p.sex, p.date_of_birth) == (
        "Коваленко",
        "Олександр Петрович",
        "male",
        "1958",
    )
