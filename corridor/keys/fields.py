"""SealedField: a model field whose value is stored encrypted and is opened only on purpose.

Loading a row never decrypts: the attribute holds a `Sealed` that prints as "[sealed]".
Opening goes through `corridor.keys.services.reveal`, which checks the reader's role and
writes an audit entry. Assigning a `str` seals it on save with the owning organisation's
data key and the row's identity as associated data.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core import checks
from django.db import models


class Sealed:
    """A sealed value as loaded from the database: opaque until revealed."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes) -> None:
        self.blob = bytes(blob)

    def __str__(self) -> str:
        return "[sealed]"

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sealed) and other.blob == self.blob

    def __hash__(self) -> int:
        return hash(self.blob)


class SealedField(models.BinaryField):
    """Encrypted text. `readers` are the roles allowed to reveal it."""

    def __init__(
        self, *args, readers: Iterable[str] = (), owner_field: str = "organisation", **kwargs
    ):
        self.readers = frozenset(readers)
        self.owner_field = owner_field
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["readers"] = sorted(self.readers)
        if self.owner_field != "organisation":
            kwargs["owner_field"] = self.owner_field
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        pk = self.model._meta.pk
        if not isinstance(pk, models.UUIDField) or not pk.has_default():
            errors.append(
                checks.Error(
                    "SealedField needs a UUID primary key with a default: the row id is "
                    "part of the associated data and must exist before the first save.",
                    obj=self,
                    id="corridor.E001",
                )
            )
        return errors

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return Sealed(value)

    def to_python(self, value):
        if value is None or isinstance(value, (Sealed, str)):
            return value
        return Sealed(value)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None or value == "":
            setattr(model_instance, self.attname, None)
            return None
        if isinstance(value, Sealed):
            return value.blob
        if isinstance(value, str):
            from corridor.keys.services import seal_for

            blob = seal_for(model_instance, self, value)
            setattr(model_instance, self.attname, Sealed(blob))
            return blob
        raise TypeError(f"{self.name}: a sealed field takes text, got {type(value).__name__}")

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, Sealed):
            value = value.blob
        elif isinstance(value, str):
            raise ValueError(
                f"{self.name}: plain text must be sealed through save(), never written raw"
            )
        return super().get_db_prep_value(value, connection, prepared)

    def value_to_string(self, obj):
        return "[sealed]"


def sealed_fields(model: type[models.Model]) -> list[SealedField]:
    return [f for f in model._meta.get_fields() if isinstance(f, SealedField)]
