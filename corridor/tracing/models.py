"""Tracing cases: who is sought, who asks, candidates, consent, family messages."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.access import PartyOwnedQuerySet
from corridor.accounts.roles import Role
from corridor.keys.fields import SealedField
from corridor.tracing import lifecycle

CASE_READERS = {Role.CASEWORKER, Role.PROTECTION_DELEGATE}


class CaseQuerySet(PartyOwnedQuerySet):
    """Cases: the party rule, and nothing expired or erased exists any more for anyone."""

    def visible_to(self, user):
        return (
            super().visible_to(user).filter(erased_at__isnull=True, expires_at__gt=timezone.now())
        )


class CasePartQuerySet(PartyOwnedQuerySet):
    """Rows hanging off a case: gone with their case."""

    def visible_to(self, user):
        return (
            super()
            .visible_to(user)
            .filter(case__erased_at__isnull=True, case__expires_at__gt=timezone.now())
        )


class CaseState(models.TextChoices):
    OPENED = lifecycle.OPENED, _("opened")
    ACCEPTED = lifecycle.ACCEPTED, _("accepted")
    SEARCHING = lifecycle.SEARCHING, _("searching")
    LOCATED = lifecycle.LOCATED, _("located")
    CONSULTED = lifecycle.CONSULTED, _("sought person consulted")
    CONTACT_RESTORED = lifecycle.CONTACT_RESTORED, _("contact restored")
    NEWS_ONLY = lifecycle.NEWS_ONLY, _("news only")
    CONTACT_DECLINED = lifecycle.CONTACT_DECLINED, _("contact declined")
    DETAINED = lifecycle.DETAINED, _("detained")
    DEATH_CONFIRMED = lifecycle.DEATH_CONFIRMED, _("death confirmed")
    CLOSED_UNRESOLVED = lifecycle.CLOSED_UNRESOLVED, _("closed unresolved")
    MERGED = lifecycle.MERGED, _("merged into another case")


class CaseCategory(models.TextChoices):
    CIVILIAN = "civilian", _("civilian lost contact")
    CHILD = "child", _("separated child")
    DETAINEE = "detainee", _("possibly detained")
    MILITARY = "military", _("missing serviceman")


class ConsentScope(models.TextChoices):
    NEWS = lifecycle.NEWS, _("news only")
    CONTACT = lifecycle.CONTACT, _("contact")
    ADDRESS = lifecycle.ADDRESS, _("address")
    DECLINED = lifecycle.DECLINED, _("declined")


class TracingCase(models.Model):
    """One search for one person, held by the intermediary."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    category = models.CharField(
        _("category"), max_length=20, choices=CaseCategory.choices, default=CaseCategory.CIVILIAN
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.OPENED
    )
    # The sought person as described (names in any script; date as typed).
    sought_name = models.CharField(_("name of the person sought"), max_length=200)
    sought_birth = models.CharField(_("date of birth or age"), max_length=60, blank=True)
    sought_sex = models.CharField(_("sex"), max_length=1, blank=True)
    sought_place = models.CharField(_("settlement"), max_length=200, blank=True)
    last_contact_date = models.CharField(_("last contact (date)"), max_length=60, blank=True)
    last_contact_place = models.CharField(_("last contact (place)"), max_length=200, blank=True)
    circumstances = SealedField(_("circumstances"), readers=CASE_READERS)
    marks = SealedField(_("distinguishing marks"), readers=CASE_READERS)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    located_person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    # Consent of the sought person, once consulted: what the enquirer may be told.
    consent_scope = models.CharField(
        _("consent"), max_length=10, choices=ConsentScope.choices, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    news_text = SealedField(_("news the sought person sends"), readers=CASE_READERS)
    contact_text = SealedField(_("how the sought person may be contacted"), readers=CASE_READERS)
    address_text = SealedField(_("address the sought person agreed to share"), readers=CASE_READERS)
    privacy_notice_version = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(_("kept until"))
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tracing case")
        verbose_name_plural = _("tracing cases")


class Enquirer(models.Model):
    """A relative who asked; each keeps their own reference code and secret."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    case = models.ForeignKey(TracingCase, on_delete=models.PROTECT, related_name="enquirers")
    reference = models.CharField(max_length=20, unique=True)
    secret_digest = models.CharField(max_length=128)
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=60)
    email = SealedField(_("e-mail"), readers=CASE_READERS)
    phone = SealedField(_("phone"), readers=CASE_READERS)
    language = models.CharField(max_length=8, default="uk")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CasePartQuerySet.as_manager()


class CaseNote(models.Model):
    """A caseworker's note on a case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    case = models.ForeignKey(TracingCase, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = SealedField(_("note"), readers=CASE_READERS)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CasePartQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("awaiting review")
    CONFIRMED = "confirmed", _("this is the person sought")
    REJECTED = "rejected", _("not the person sought")


class TracingCandidate(models.Model):
    """A registry person who may be the one sought, with the engine's evidence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    case = models.ForeignKey(TracingCase, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    evidence = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CasePartQuerySet.as_manager()

    class Meta:
        ordering = ["-probability"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="one_tracing_candidate")
        ]


class MessageDirection(models.TextChoices):
    TO_SOUGHT = "to_sought", _("to the person sought")
    FROM_SOUGHT = "from_sought", _("from the person sought")


class MessageStatus(models.TextChoices):
    WAITING = "waiting", _("waiting for delivery")
    DELIVERED = "delivered", _("delivered")
    UNDELIVERABLE = "undeliverable", _("could not be delivered")
    REPLIED = "replied", _("answered")


class FamilyMessage(models.Model):
    """Short family news carried across the line by the intermediary."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    case = models.ForeignKey(TracingCase, on_delete=models.PROTECT, related_name="messages")
    direction = models.CharField(max_length=12, choices=MessageDirection.choices)
    text = SealedField(_("message"), readers=CASE_READERS)
    status = models.CharField(
        max_length=14, choices=MessageStatus.choices, default=MessageStatus.WAITING
    )
    reply_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = CasePartQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]


class UsedCaptcha(models.Model):
    """A proof-of-work solution already spent: each is accepted once."""

    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()


class EnquiryRate(models.Model):
    """Requests filed per address per hour (the address is stored as a keyed digest)."""

    address_digest = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)
