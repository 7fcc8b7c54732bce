"""An import in progress: the uploaded file (sealed), the chosen sheet and mapping, the report."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access import PartyOwnedQuerySet
from corridor.keys.fields import SealedField
from corridor.registry.models import ListKind


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded")
    INVALID = "invalid", _("has problems")
    READY = "ready", _("ready to commit")
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed")


class ImportJob(models.Model):
    """One file on its way into the registry; nothing reaches the registry until the commit task."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    digest = models.CharField(_("file SHA-256"), max_length=64)
    # The file itself, encrypted with the organisation's data key; cleared once imported.
    upload = SealedField(_("uploaded file"), readers=())
    sheets = models.JSONField(default=list)
    sheet = models.CharField(_("sheet"), max_length=120, blank=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)
    list_name = models.CharField(_("list name"), max_length=200, blank=True)
    list_kind = models.CharField(
        _("kind"), max_length=20, choices=ListKind.choices, default=ListKind.CIVILIANS
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ImportState.choices, default=ImportState.UPLOADED
    )
    report = models.JSONField(default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=20, blank=True)
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=120, blank=True)  # host:pid of the worker running it
    duplicate_of = models.ForeignKey(
        "registry.SourceList", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_list = models.ForeignKey(
        "registry.SourceList", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
