"""The stored audit log: written on every write and sealed read, append-only, verifiable by command."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from corridor.audit.models import AppendOnlyError, AuditEvent
from corridor.keys.services import reveal

pytestmark = pytest.mark.django_db


def verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_writes_and_sealed_reads_are_logged_without_personal_data(world):
    delegate = world.users["int:protection_delegate"]
    before = AuditEvent.objects.count()
    assert reveal(delegate, world.persons["a"], "whereabouts") == "CANARYWHEREA"
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "sealed.read"
    assert event.object_id == str(world.persons["a"].pk)
    assert event.actor_id_text == str(delegate.pk)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "person.registered",
        "household.registered",
        "transmission.made",
        "sealed.read",
    } <= actions
    dump = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert "CANARY" not in dump


def test_intact_log_verifies(world):
    assert "audit chain intact" in verify()


def test_orm_refuses_update_and_delete(world):
    event = AuditEvent.objects.first()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_database_refuses_raw_update_and_delete(world):
    from importlib import import_module

    import_module("corridor.audit.migrations.0002_append_only_triggers").install(connection)
    for sql in ("UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)


@pytest.mark.parametrize(
    ("tamper", "seq"),
    [
        ("UPDATE audit_auditevent SET action = 'nothing.happened' WHERE seq = 3", 3),
        ("DELETE FROM audit_auditevent WHERE seq = 4", 4),
        (
            "UPDATE audit_auditevent SET seq = CASE seq WHEN 2 THEN 5 WHEN 5 THEN 2 END WHERE seq IN (2, 5)",
            2,
        ),
    ],
    ids=["edit", "delete", "reorder"],
)
def test_verify_reports_the_first_broken_link(world, tamper, seq):
    with connection.cursor() as cur:
        if "SET seq" in tamper and connection.vendor == "postgresql":
            cur.execute(
                "ALTER TABLE audit_auditevent DROP CONSTRAINT IF EXISTS audit_auditevent_seq_key"
            )
        if "SET seq" in tamper:
            cur.execute("UPDATE audit_auditevent SET seq = -seq WHERE seq IN (2, 5)")
            cur.execute("UPDATE audit_auditevent SET seq = 5 WHERE seq = -2")
            cur.execute("UPDATE audit_auditevent SET seq = 2 WHERE seq = -5")
        else:
            cur.execute(tamper)
    with pytest.raises(CommandError, match=f"broken at entry {seq}"):
        verify()


def test_head_export_and_witness(world):
    out = StringIO()
    call_command("audit", "head", stdout=out)
    head = json.loads(out.getvalue())
    assert head["seq"] == AuditEvent.objects.count()
    assert f"head {head['hash']}" in verify()
    with pytest.raises(CommandError, match="witnessed"):
        call_command(
            "audit", "verify", "--witnessed", f"{head['seq']}:{'0' * 64}", stdout=StringIO()
        )
