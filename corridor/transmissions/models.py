"""Transmissions: the only path by which data crosses from one side to another."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access import VisibilityQuerySet


class Basis(models.TextChoices):
    TRACING = "tracing", _("Tracing and family links")
    CORRIDOR = "corridor", _("Humanitarian corridor")
    EXCHANGE = "exchange", _("Exchange of prisoners or detainees")
    NOTIFICATION = "notification", _("Notification under the Geneva Conventions")


class TransmissionQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> "TransmissionQuerySet":
        """The intermediary sees every transmission; others the ones sent to them."""
        org = (
            getattr(user, "organisation", None)
            if getattr(user, "is_authenticated", False)
            else None
        )
        if org is None or not user.is_active:
            return self.none()
        if org.is_intermediary:
            return self.all()
        return self.filter(recipient=org)


class Transmission(models.Model):
    """Which fields of which objects the intermediary sent to which organisation, and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="transmissions_received"
    )
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    purpose = models.CharField(_("purpose"), max_length=500)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TransmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("transmission")
        verbose_name_plural = _("transmissions")


class TransmissionItem(models.Model):
    """One object in a transmission and the fields of it that were sent."""

    transmission = models.ForeignKey(Transmission, on_delete=models.CASCADE, related_name="items")
    object_type = models.CharField(max_length=64)
    object_id = models.UUIDField(db_index=True)
    fields = models.JSONField()

    class Meta:
        unique_together = [("transmission", "object_type", "object_id")]
