"""The append-only audit log and its chain head."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.audit.chain import Link


def format_at(moment) -> str:
    """The one text form of a time that the chain hashes (UTC, microseconds)."""
    from datetime import UTC

    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class AppendOnlyError(RuntimeError):
    """The audit log can only grow."""


def may_read_log(user) -> bool:
    """Only the intermediary's data protection officer reads the log itself."""
    from corridor.accounts.roles import Role

    org = getattr(user, "organisation", None)
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and org is not None
        and org.is_intermediary
        and user.role == Role.DATA_PROTECTION_OFFICER
    )


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AuditEventQuerySet":
        """The whole log for the data protection officer; nothing for anyone else."""
        return self.all() if may_read_log(user) else self.none()

    def update(self, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("audit events cannot be updated")

    def delete(self):  # type: ignore[override]
        raise AppendOnlyError("audit events cannot be deleted")


class AuditEvent(models.Model):
    """One write or sealed read: who, what, when, and a digest of the change (never the data)."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_id_text = models.CharField(max_length=64, blank=True)
    organisation_id_text = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    digest = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def save(self, *args, **kwargs):  # type: ignore[override]
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("audit events cannot be deleted")

    def as_link(self) -> Link:
        return Link(
            seq=self.seq,
            at=format_at(self.at),
            actor=self.actor_id_text,
            organisation=self.organisation_id_text,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            digest=self.digest,
            prev_hash=self.prev_hash,
            hash=self.hash,
        )


class ChainHead(models.Model):
    """A single row holding the newest seq and hash; locking it serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
