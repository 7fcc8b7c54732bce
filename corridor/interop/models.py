"""PFIF export requests: a bulk export of names happens only for a recorded purpose, once approved.

A caseworker (or a data protection officer) states what the export is for; another person, a
data protection officer of the same organisation, approves or refuses it; the requester then
downloads the document once, within the approval's validity (DOMAIN.md rule 6).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.access import VisibilityQuerySet
from corridor.accounts.roles import Role

PURPOSE_MIN = 10
PURPOSE_MAX = 500
NOTE_MAX = 500


class ExportState(models.TextChoices):
    REQUESTED = "requested", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
    DOWNLOADED = "downloaded", _("downloaded")
    EXPIRED = "expired", _("expired")


class ExportRequestQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> "ExportRequestQuerySet":
        """The requester sees their own requests; a data protection officer all of their organisation's."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.organisation_id is None:
            return self.none()
        own_org = self.filter(organisation_id=user.organisation_id)
        if user.role == Role.DATA_PROTECTION_OFFICER:
            return own_org
        return own_org.filter(requested_by=user)

    def pending(self) -> "ExportRequestQuerySet":
        return self.filter(state=ExportState.REQUESTED)


class ExportRequest(models.Model):
    """One PFIF export asked for a stated purpose, decided by a second person, downloaded once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    purpose = models.CharField(
        _("purpose"),
        max_length=PURPOSE_MAX,
        help_text=_(
            "What the export is for and who will receive it (10–500 characters). "
            "Describe the purpose, not the people: no names or other personal data here."
        ),
    )
    source_list = models.ForeignKey(
        "registry.SourceList",
        verbose_name=_("list"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ExportState.choices, default=ExportState.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    document_digest = models.CharField(_("document SHA-256"), max_length=64, blank=True)
    person_count = models.PositiveIntegerField(_("persons exported"), null=True, blank=True)

    objects = ExportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("PFIF export request")
        verbose_name_plural = _("PFIF export requests")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decided_by=models.F("requested_by")),
                name="export_request_four_eyes",
            ),
        ]

    def shown_state(self, now=None) -> str:
        """The state as a reader should understand it: an approval past its validity is expired."""
        now = now or timezone.now()
        if self.state == ExportState.APPROVED and self.expires_at and self.expires_at <= now:
            return ExportState.EXPIRED
        return self.state

    def shown_state_label(self) -> str:
        return str(ExportState(self.shown_state()).label)

    @property
    def may_download(self) -> bool:
        return self.shown_state() == ExportState.APPROVED
