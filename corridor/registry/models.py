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
    whereabouts = SealedField(_("whereabouts"), readers={Role.PROTECTION_DELEGATE, Role.CASEWORKER})
    medical_needs = SealedField(
        _("medical needs"),
        readers={Role.PROTECTION_DELEGATE, Role.OPERATIONS_LEAD, Role.FIELD_REGISTRAR},
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

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
