"""Data keys, sealing, revealing (role-checked and audited) and master-key rotation."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone

from corridor.audit import services as audit
from corridor.errors import NotVisible
from corridor.keys import envelope
from corridor.keys.errors import MasterKeyMissing, SealedValueBroken
from corridor.keys.fields import Sealed, SealedField, sealed_fields
from corridor.keys.master import load_master_key
from corridor.keys.models import DataKey

# Unwrapped data keys of this process, by (key id, master key id). Filled lazily.
_unwrapped: dict[tuple[str, str], bytes] = {}


def _unwrap(data_key: DataKey, master: bytes | None = None) -> bytes:
    master = master or load_master_key()
    cache_key = (str(data_key.id), envelope.key_fingerprint(master))
    if cache_key not in _unwrapped:
        try:
            _unwrapped[cache_key] = envelope.unwrap_key(
                master, bytes(data_key.wrapped), data_key.context()
            )
        except envelope.SealBroken as exc:
            raise MasterKeyMissing(
                f"data key {data_key.id} does not open with the configured master key"
            ) from exc
    return _unwrapped[cache_key]


@transaction.atomic
def active_data_key(organisation_id) -> DataKey:
    """The organisation's active data key, created on first use."""
    key = DataKey.objects.filter(organisation_id=organisation_id, retired_at__isnull=True).first()
    if key is not None:
        return key
    master = load_master_key()
    key = DataKey(organisation_id=organisation_id, master_key_id=envelope.key_fingerprint(master))
    key.wrapped = envelope.wrap_key(master, envelope.new_key(), key.context())
    key.save()
    audit.record(None, "datakey.created", key)
    return key


def _aad(instance: models.Model, field: SealedField, key_id: str) -> bytes:
    return envelope.field_aad(instance._meta.db_table, field.column, str(instance.pk), key_id)


KEY_ID_BYTES = 16


def seal_for(instance: models.Model, field: SealedField, text: str) -> bytes:
    """Seal text for this row and column with the owning organisation's data key."""
    owner_id = getattr(instance, f"{field.owner_field}_id")
    if owner_id is None:
        raise ValueError(f"{field.name}: the row needs its owning organisation before sealing")
    key = active_data_key(owner_id)
    blob = envelope.seal_text(_unwrap(key), text, _aad(instance, field, str(key.id)))
    return key.id.bytes + blob


def open_value(instance: models.Model, field: SealedField, sealed: Sealed) -> str:
    """Decrypt without access checks: for services that already decided (rotation, export)."""
    import uuid

    blob = sealed.blob
    key_id = uuid.UUID(bytes=blob[:KEY_ID_BYTES])
    key = DataKey.objects.filter(id=key_id).first()
    if key is None or key.organisation_id != getattr(instance, f"{field.owner_field}_id"):
        raise SealedValueBroken()
    try:
        return envelope.open_text(
            _unwrap(key), blob[KEY_ID_BYTES:], _aad(instance, field, str(key.id))
        )
    except envelope.SealBroken as exc:
        raise SealedValueBroken() from exc


def may_reveal(user, instance: models.Model, field: SealedField) -> bool:
    """Whether this user's role may read this sealed field of this row."""
    org = getattr(user, "organisation", None)
    if not getattr(user, "is_authenticated", False) or org is None:
        return False
    owner_id = getattr(instance, f"{field.owner_field}_id")
    if not (org.is_intermediary or org.pk == owner_id):
        return False
    return user.role in field.readers


def reveal(user, instance: models.Model, field_name: str) -> str | None:
    """Open one sealed field for a permitted reader, recording the read in the audit log."""
    try:
        field = instance._meta.get_field(field_name)
    except FieldDoesNotExist as exc:
        raise NotVisible() from exc
    if not isinstance(field, SealedField) or not may_reveal(user, instance, field):
        raise NotVisible()
    value = getattr(instance, field.attname)
    if value is None:
        audit.record(user, "sealed.read", instance, {"field": field_name, "empty": True})
        return None
    try:
        text = open_value(instance, field, value)
    except SealedValueBroken:
        with transaction.atomic():
            audit.record(user, "sealed.integrity_failure", instance, {"field": field_name})
        raise
    with transaction.atomic():
        audit.record(user, "sealed.read", instance, {"field": field_name})
    return text


@transaction.atomic
def rotate_master_key(new_master: bytes, *, new_data_keys: bool = False) -> dict[str, int]:
    """Re-wrap every data key under a new master key; optionally re-key all sealed values.

    All or nothing: any key that fails to unwrap aborts the whole rotation.
    """
    old_master = load_master_key()
    new_id = envelope.key_fingerprint(new_master)
    rewrapped = 0
    keys = list(DataKey.objects.select_for_update().order_by("created_at"))
    plain = {k.id: _unwrap(k, old_master) for k in keys}
    for key in keys:
        key.wrapped = envelope.wrap_key(new_master, plain[key.id], key.context())
        key.master_key_id = new_id
        key.save(update_fields=["wrapped", "master_key_id"])
        _unwrapped[(str(key.id), new_id)] = plain[key.id]
        rewrapped += 1
    resealed = 0
    if new_data_keys:
        resealed = _reseal_everything(keys, old_master, new_master)
    audit.record(
        None,
        "masterkey.rotated",
        None,
        {"master": new_id, "resealed": resealed},
        object_type="keys.masterkey",
        object_id=new_id,
    )
    return {"data_keys_rewrapped": rewrapped, "values_resealed": resealed}


def _reseal_everything(old_keys: list[DataKey], old_master: bytes, new_master: bytes) -> int:
    now = timezone.now()
    by_org: dict = {}
    for key in old_keys:
        if key.retired_at is None:
            key.retired_at = now
            key.save(update_fields=["retired_at"])
    for key in old_keys:
        if key.organisation_id not in by_org:
            fresh = DataKey(
                organisation_id=key.organisation_id,
                master_key_id=envelope.key_fingerprint(new_master),
            )
            data_key = envelope.new_key()
            fresh.wrapped = envelope.wrap_key(new_master, data_key, fresh.context())
            fresh.save()
            # Cached under both fingerprints: until the operator switches the configured
            # master key, sealing in this process still loads the old one.
            _unwrapped[(str(fresh.id), fresh.master_key_id)] = data_key
            _unwrapped[(str(fresh.id), envelope.key_fingerprint(old_master))] = data_key
            by_org[key.organisation_id] = fresh
    count = 0
    for model in apps.get_models():
        fields = sealed_fields(model)
        if not fields:
            continue
        for row in model._base_manager.select_for_update().iterator(chunk_size=500):
            changed = []
            for field in fields:
                value = getattr(row, field.attname)
                if isinstance(value, Sealed):
                    text = open_value(row, field, value)
                    setattr(row, field.attname, text)
                    changed.append(field.name)
                    count += 1
            if changed:
                row.save(update_fields=changed)
    return count
