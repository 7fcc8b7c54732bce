"""Per-organisation data keys, stored only wrapped by the master key."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataKey(models.Model):
    """One AES-256 data key of one organisation, wrapped by the master key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="data_keys"
    )
    wrapped = models.BinaryField()
    master_key_id = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data key")
        verbose_name_plural = _("data keys")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(retired_at__isnull=True),
                name="one_active_data_key_per_organisation",
            )
        ]

    def context(self) -> str:
        return f"{self.organisation_id}|{self.id}"
