"""Match candidates: two person records the engine thinks may be one person, until a human decides."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access import PartyOwnedQuerySet


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("awaiting review")
    CONFIRMED = "confirmed", _("same person")
    REJECTED = "rejected", _("different people")
    SUPERSEDED = "superseded", _("closed by another decision")


class MatchCandidate(models.Model):
    """A newly arrived person (`person`) who may be an earlier one (`existing`), with the evidence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="candidates_as_new"
    )
    existing = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="candidates_as_existing"
    )
    source_list = models.ForeignKey(
        "registry.SourceList", on_delete=models.PROTECT, null=True, blank=True
    )
    probability = models.FloatField(_("match probability"))
    # One entry per field: {"comparison", "label", "level", "level_label", "bayes_factor"}.
    evidence = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=CandidateStatus.choices, default=CandidateStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-probability"]
        verbose_name = _("match candidate")
        verbose_name_plural = _("match candidates")
        constraints = [
            models.UniqueConstraint(fields=["person", "existing"], name="one_candidate_per_pair")
        ]
