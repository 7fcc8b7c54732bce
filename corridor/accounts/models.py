"""Organisations, their units, users with one role each, API tokens and login throttling."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.accounts.roles import PARTY_KINDS, ROLES_BY_KIND, OrganisationKind, Role


class Organisation(models.Model):
    """A party to the conflict, the neutral intermediary, or a mediator state."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_intermediary(self) -> bool:
        return self.kind == OrganisationKind.INTERMEDIARY

    @property
    def is_party(self) -> bool:
        return self.kind in PARTY_KINDS

    @property
    def is_mediator(self) -> bool:
        return self.kind == OrganisationKind.MEDIATOR


class Unit(models.Model):
    """A unit inside an organisation (a field office, a bureau, a desk)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["organisation", "name"]
        unique_together = [("organisation", "name")]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return f"{self.organisation} / {self.name}"


class User(AbstractUser):
    """A staff member of one organisation, with exactly one role."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if self.organisation_id is None:
            if not self.is_superuser:
                raise ValidationError({"organisation": _("Every user belongs to an organisation.")})
            return
        organisation = Organisation.objects.get(pk=self.organisation_id)
        allowed = ROLES_BY_KIND[organisation.kind]
        if self.role not in allowed:
            raise ValidationError({"role": _("This role does not exist in this organisation.")})
        if self.unit is not None and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("The unit belongs to another organisation.")})


class ApiToken(models.Model):
    """A bearer token for a machine client, bound to one user, organisation and role."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    role = models.CharField(max_length=32, choices=Role.choices)
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class EnrolmentCode(models.Model):
    """A one-time code an administrator hands a staff member out of band: without it nobody
    can set up the account's second factor, so a stolen password alone enrols nothing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_codes")
    digest = models.CharField(max_length=64)  # keyed hash; the code itself is never stored
    issued_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("two-factor enrolment code")
        verbose_name_plural = _("two-factor enrolment codes")


class UserSession(models.Model):
    """Which server-side sessions belong to a user, so they can all be ended."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tracked_sessions")
    session_key = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)


class LoginFailure(models.Model):
    """One failed sign-in step, keyed by a digest of the username or of the address."""

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)


class Lockout(models.Model):
    """A key (user or address digest) that may not try to sign in until a moment."""

    key = models.CharField(max_length=64, unique=True)
    until = models.DateTimeField()
