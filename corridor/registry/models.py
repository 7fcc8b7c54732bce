"""Settlements, households and the civilians registered in them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access import PartyOwnedQuerySet
from corridor.accounts.roles import Role
from corridor.keys.fields import SealedField


class Settlement(models.Model):
    """A town or village, named in Russian, Ukrainian and Latin script (reference data)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=120)
    name_latin = models.CharField(_("name (Latin)"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20)  # город / село / посёлок …
    district = models.CharField(_("district"), max_length=120)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name_latin"]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self) -> str:
        return f"{self.name_uk} / {self.name_ru}"

    def local_name(self, language: str) -> str:
        return {"uk": self.name_uk, "ru": self.name_ru}.get(language, self.name_latin)


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")
    UNKNOWN = "U", _("unknown")


class Vulnerability(models.TextChoices):
    CHILD = "child", _("child")
    UNACCOMPANIED_CHILD = "unaccompanied_child", _("unaccompanied child")
    ELDERLY = "elderly", _("elderly")
    DISABLED = "disabled", _("disabled")
    MEDICAL = "medical", _("medical needs")
    PREGNANT = "pregnant", _("pregnant")


class PersonStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WISHES_TO_LEAVE = "wishes_to_leave", _("wishes to leave")
    STAYING = "staying", _("staying")
    MISSING = "missing", _("missing")
    LEFT = "left", _("left the area")
    DECEASED = "deceased", _("deceased")


class Household(models.Model):
    """People who live together and, unless they decide otherwise, travel together."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["settlement", "reference"]
        verbose_name = _("household")
        verbose_name_plural = _("households")


class Person(models.Model):
    """A civilian as registered by one organisation; sealed fields are encrypted at rest."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    family_name = models.CharField(_("family name"), max_length=120)
    given_name = models.CharField(_("given name"), max_length=120)
    patronymic = models.CharField(_("patronymic"), max_length=120, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("month of birth"), null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(_("day of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PersonStatus.choices, default=PersonStatus.REGISTERED
    )
    vulnerabilities = models.JSONField(_("vulnerabilities"), default=list, blank=True)
    # Other spellings met in this person's source records (other scripts, maiden names).
    alternate_names = models.JSONField(_("other names"), default=list, blank=True)
    birth_note = models.CharField(_("date of birth as given"), max_length=60, blank=True)
    place_note = models.CharField(_("place as given"), max_length=200, blank=True)
    # Set when a confirmed match folded this record into another person; kept, never deleted.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    whereabouts = SealedField(_("whereabouts"), readers={Role.PROTECTION_DELEGATE, Role.CASEWORKER})
    medical_needs = SealedField(
        _("medical needs"),
        readers={Role.PROTECTION_DELEGATE, Role.OPERATIONS_LEAD, Role.FIELD_REGISTRAR},
    )
    # The linkage features of each spelling (corridor.linkage.features), for search scoring.
    match_features = models.JSONField(default=list, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            # Search decides whether a key's holder is visible and not merged from the
            # index alone (migration 0003 made it; 0004 declared it here).
            models.Index(
                fields=["id", "organisation", "merged_into"], name="registry_person_visibility"
            ),
        ]

    def birth_date_display(self) -> str:
        """The known part of the date of birth: 1961, 07.1961 or 03.07.1961."""
        if not self.birth_year:
            return ""
        if not self.birth_month:
            return str(self.birth_year)
        if not self.birth_day:
            return f"{self.birth_month:02d}.{self.birth_year}"
        return f"{self.birth_day:02d}.{self.birth_month:02d}.{self.birth_year}"

    def full_name(self) -> str:
        return " ".join(p for p in (self.family_name, self.given_name, self.patronymic) if p)


class ListKind(models.TextChoices):
    CIVILIANS = "civilians", _("civilians in a settlement")
    HOSPITAL = "hospital", _("hospital list")
    MANIFEST = "manifest", _("manifest")
    MISSING = "missing", _("missing persons")
    OTHER = "other", _("other")


class SourceList(models.Model):
    """A list as submitted: who sent it, when, from which file; its rows are never edited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    name = models.CharField(_("list name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ListKind.choices)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    file_digest = models.CharField(_("file SHA-256"), max_length=64)
    sheet = models.CharField(_("sheet"), max_length=120, blank=True)
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    submitted_via = models.CharField(_("submitted through"), max_length=10, default="web")
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("source list")
        verbose_name_plural = _("source lists")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "file_digest", "sheet"], name="one_import_per_file"
            )
        ]


class SourceRecord(models.Model):
    """One row of a source list, as submitted, and the person it was linked to."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source_list = models.ForeignKey(SourceList, on_delete=models.PROTECT, related_name="records")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    row_number = models.PositiveIntegerField(_("row"))
    record_id = models.CharField(_("id in the list"), max_length=120)
    # The mapped fields (family_name, given_name, date_of_birth …) as typed.
    fields = models.JSONField(default=dict)
    # The other columns, kept as submitted under their own headers.
    extra = models.JSONField(default=dict, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="source_records"
    )

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["source_list", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["source_list", "record_id"], name="one_row_per_id")
        ]

    def display_name(self) -> str:
        f = self.fields
        parts = (f.get("family_name", ""), f.get("given_name", ""), f.get("patronymic", ""))
        return " ".join(p for p in parts if p) or f.get("full_name", "")


class PersonKey(models.Model):
    """One blocking key of a person: the search index, kept current in the same transaction."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="keys")
    key = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="one_key_per_person")]
        indexes = [
            # A query key's holders are counted and fetched from the index (this one also
            # serves look-ups by key alone, so key has no index of its own).
            models.Index(fields=["key", "person"], name="registry_personkey_key_person"),
        ]
