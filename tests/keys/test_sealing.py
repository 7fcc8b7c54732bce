"""Sealed fields: encrypted at rest, bound to their row and column, opened only by allowed roles."""

import base64
import glob
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from corridor.errors import NotVisible
from corridor.keys import envelope
from corridor.keys.errors import SealedValueBroken
from corridor.keys.fields import Sealed
from corridor.keys.models import DataKey
from corridor.keys.services import reveal
from corridor.registry.models import Person


def test_envelope_round_trip_and_binding():
    key = envelope.new_key()
    aad = envelope.field_aad("registry_person", "whereabouts", "row-1", "k")
    blob = envelope.seal_text(key, "підвал школи", aad)
    assert envelope.open_text(key, blob, aad) == "підвал школи"
    for other in (
        envelope.field_aad("registry_person", "whereabouts", "row-2", "k"),
        envelope.field_aad("registry_person", "medical_needs", "row-1", "k"),
        envelope.field_aad("exchanges_entry", "whereabouts", "row-1", "k"),
    ):
        with pytest.raises(envelope.SealBroken):
            envelope.open_text(key, blob, other)
    flipped = bytearray(blob)
    flipped[-1] ^= 1
    with pytest.raises(envelope.SealBroken):
        envelope.open_text(key, bytes(flipped), aad)


@pytest.mark.django_db
def test_loading_a_row_never_decrypts(world):
    person = Person.objects.get(pk=world.persons["a"].pk)
    assert isinstance(person.whereabouts, Sealed)
    assert str(person.whereabouts) == "[sealed]"
    assert "CANARYWHERE" not in repr(person.__dict__)
    assert "CANARYMED" not in repr(person.__dict__)


@pytest.mark.django_db
def test_only_permitted_roles_reveal(world):
    person = Person.objects.get(pk=world.persons["a"].pk)
    assert reveal(world.users["int:protection_delegate"], person, "whereabouts") == "CANARYWHEREA"
    assert reveal(world.users["int:caseworker"], person, "whereabouts") == "CANARYWHEREA"
    assert reveal(world.users["a:field_registrar"], person, "medical_needs") == "CANARYMEDA"
    for key in (
        "int:dpo",
        "a:liaison_officer",
        "a:field_registrar",
        "b:field_registrar",
        "med:observer",
    ):
        with pytest.raises(NotVisible):
            reveal(world.users[key], person, "whereabouts")
    with pytest.raises(NotVisible):  # owner's registrar may read medical needs; B's may not
        reveal(world.users["b:field_registrar"], person, "medical_needs")


def _raw_update(pk, column, blob):
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE registry_person SET {column} = %s WHERE id = %s",
            [blob, pk.hex if connection.vendor == "sqlite" else pk],
        )


@pytest.mark.django_db
def test_a_ciphertext_moved_to_another_row_fails_to_decrypt(world):
    source = Person.objects.get(pk=world.persons["a"].pk)
    target = Person.objects.get(pk=world.transmitted.pk)  # same owner, same data key
    _raw_update(target.pk, "whereabouts", source.whereabouts.blob)
    target.refresh_from_db()
    with pytest.raises(SealedValueBroken):
        reveal(world.users["int:protection_delegate"], target, "whereabouts")


@pytest.mark.django_db
def test_a_ciphertext_moved_to_another_column_fails_to_decrypt(world):
    person = Person.objects.get(pk=world.persons["a"].pk)
    _raw_update(person.pk, "medical_needs", person.whereabouts.blob)
    person.refresh_from_db()
    with pytest.raises(SealedValueBroken):
        reveal(world.users["int:protection_delegate"], person, "medical_needs")


@pytest.mark.django_db
def test_an_altered_ciphertext_fails_to_decrypt(world):
    person = Person.objects.get(pk=world.persons["a"].pk)
    blob = bytearray(person.whereabouts.blob)
    blob[30] ^= 0x40
    _raw_update(person.pk, "whereabouts", bytes(blob))
    person.refresh_from_db()
    with pytest.raises(SealedValueBroken):
        reveal(world.users["int:protection_delegate"], person, "whereabouts")


@pytest.mark.django_db
def test_each_organisation_has_its_own_data_key(world):
    owners = set(DataKey.objects.values_list("organisation__code", flat=True))
    assert {"int", "a", "b"} <= owners
    a, b = (
        Person.objects.get(pk=world.persons["a"].pk),
        Person.objects.get(pk=world.persons["b"].pk),
    )
    assert a.whereabouts.blob[:16] != b.whereabouts.blob[:16]  # key ids differ


@pytest.mark.django_db
def test_rotation_rewraps_keys_and_optionally_reseals(world, tmp_path, monkeypatch):
    new_file = tmp_path / "new.key"
    call_command("keys", "new-master", "--file", str(new_file), stdout=StringIO())
    out = StringIO()
    call_command(
        "keys", "rotate", "--new-master-key-file", str(new_file), "--new-data-keys", stdout=out
    )
    assert "re-wrapped" in out.getvalue()
    from corridor.keys import services

    services._unwrapped.clear()
    # The old master key no longer opens anything; the new one opens everything.
    person = Person.objects.get(pk=world.persons["b"].pk)
    with pytest.raises(Exception, match="does not open"):
        reveal(world.users["int:protection_delegate"], person, "whereabouts")
    monkeypatch.setenv("CORRIDOR_MASTER_KEY", new_file.read_text().strip())
    services._unwrapped.clear()
    assert reveal(world.users["int:protection_delegate"], person, "whereabouts") == "CANARYWHEREB"
    assert DataKey.objects.filter(retired_at__isnull=True).count() == 3


@pytest.mark.django_db(transaction=True)
def test_sealed_values_are_not_stored_in_clear_text(world):
    sealed_canaries = [
        c for c in set().union(*world.canaries.values()) if "WHERE" in c or "MED" in c
    ]
    plain_canary = "CANARYFAMA"
    if connection.vendor == "sqlite":
        connection.close()  # flush the WAL into the file too
        path = connection.settings_dict["NAME"]
        data = b""
        for name in glob.glob(f"{path}*"):
            if os.path.isfile(name):
                with open(name, "rb") as fh:
                    data += fh.read()
    else:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT string_agg(t::text, ' ') FROM "
                "(SELECT row_to_json(r)::text AS t FROM registry_person r UNION ALL "
                " SELECT row_to_json(e)::text FROM audit_auditevent e UNION ALL "
                " SELECT row_to_json(k)::text FROM keys_datakey k) x"
            )
            data = (cur.fetchone()[0] or "").encode()
            cur.execute("SELECT encode(whereabouts, 'escape') FROM registry_person")
            data += b" ".join(
                bytes(row[0] or b"", "latin-1") if isinstance(row[0], str) else b""
                for row in cur.fetchall()
            )
    assert plain_canary.encode() in data, "the check must be able to see plain values"
    for canary in sealed_canaries:
        assert canary.encode() not in data, canary
        assert canary.encode("utf-16-le") not in data
        assert base64.b64encode(canary.encode()) not in data


def test_revealing_a_field_that_does_not_exist_is_a_404(world):
    from django.test import Client

    from tests.factories import token_for

    token = token_for(world.users["int:protection_delegate"])
    response = Client().get(
        f"/api/v1/persons/{world.persons['a'].pk}/sealed/no_such_field",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 404
