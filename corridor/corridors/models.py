"""Corridor agreements and their versions, movement notifications, evacuees, convoys,
places in vehicles, check-point events and incidents.

Every model is owned by one organisation and reaches another side only through a
Transmission (PartyOwnedQuerySet.visible_to): a version the intermediary relayed, a
notification sent, a manifest's listed fields.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from corridor.access import PartyOwnedQuerySet
from corridor.corridors import lifecycle as lc


class AgreementState(models.TextChoices):
    DRAFT = lc.DRAFT, _("draft")
    SUBMITTED = lc.SUBMITTED, pgettext_lazy("agreement state", "submitted")
    NEGOTIATING = lc.NEGOTIATING, _("negotiating")
    ACCEPTED_A = lc.ACCEPTED_A, _("accepted by party A")
    ACCEPTED_B = lc.ACCEPTED_B, _("accepted by party B")
    AGREED = lc.AGREED, _("agreed")
    NOTIFIED = lc.NOTIFIED, _("notified")
    ACTIVE = lc.ACTIVE, _("active")
    COMPLETED = lc.COMPLETED, _("completed")
    SUSPENDED = lc.SUSPENDED, _("suspended")
    ABORTED = lc.ABORTED, _("aborted")
    EXPIRED = lc.EXPIRED, _("expired")
    REJECTED = lc.REJECTED, _("rejected")
    WITHDRAWN = lc.WITHDRAWN, pgettext_lazy("agreement state", "withdrawn")


class AgreementQuerySet(PartyOwnedQuerySet):
    """Agreements: the party rule, and for observers the logistics of binding corridors."""

    def logistics_visible_to(self, user) -> PartyOwnedQuerySet:
        """Agreements whose logistics (crossing point, times, counts) this user may see.

        A transit or mediator state sees agreed corridors only, and of them logistics only:
        the pages built on this never show a name or a party's internal data.
        """
        org = getattr(user, "organisation", None)
        if org is not None and org.is_mediator and user.is_active:
            return self.filter(
                state__in=[lc.AGREED, lc.NOTIFIED, lc.ACTIVE, lc.SUSPENDED, lc.COMPLETED]
            )
        return self.visible_to(user)


class Agreement(models.Model):
    """A safe-passage agreement, valid only when both parties accepted the same version hash."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(
        _("state"), max_length=20, choices=AgreementState.choices, default=AgreementState.DRAFT
    )
    current_hash = models.CharField(_("current version hash"), max_length=64, blank=True)
    current_number = models.PositiveIntegerField(_("current version"), default=0)
    accepted_a_hash = models.CharField(max_length=64, blank=True)
    accepted_b_hash = models.CharField(max_length=64, blank=True)
    agreed_hash = models.CharField(_("agreed version hash"), max_length=64, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    # When it reached an end (completed … withdrawn): its registrations' retention starts here.
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("corridor agreement")
        verbose_name_plural = _("corridor agreements")


class AgreementVersion(models.Model):
    """One proposed text of an agreement, by one party; its hash is what parties accept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    relayed_at = models.DateTimeField(_("relayed"), null=True, blank=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="one_version_number")
        ]


class MovementNotification(models.Model):
    """One movement under an agreed version, sent to both parties; it expires."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="notifications")
    version_hash = models.CharField(max_length=64)
    starts_at = models.DateTimeField(_("window opens"))
    ends_at = models.DateTimeField(_("window closes"))
    expires_at = models.DateTimeField(_("expires"))
    route = models.CharField(_("route"), max_length=600)
    vehicles = models.CharField(_("vehicles"), max_length=600, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]


class Acknowledgement(models.Model):
    """A party's receipt of a notification. Never an approval."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    notification = models.ForeignKey(
        MovementNotification, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "organisation"], name="one_acknowledgement_per_party"
            )
        ]


class EvacueeState(models.TextChoices):
    REQUESTED = lc.REQUESTED, _("requested")
    REGISTERED = lc.REGISTERED, _("registered")
    READY = lc.READY, _("ready")
    MANIFESTED = lc.MANIFESTED, _("on a manifest")
    BOARDED = lc.BOARDED, _("boarded")
    IN_TRANSIT = lc.IN_TRANSIT, _("in transit")
    HANDED_OVER = lc.HANDED_OVER, _("handed over")
    ARRIVED = lc.ARRIVED, _("arrival confirmed")
    DECLINED = lc.DECLINED, _("declined")
    DEFERRED = lc.DEFERRED, _("deferred")
    REFUSED_PASSAGE = lc.REFUSED_PASSAGE, _("refused passage")
    SEPARATED = lc.SEPARATED, _("separated or detained")
    DECEASED = lc.DECEASED, _("deceased")


class Decision(models.TextChoices):
    LEAVE = "leave", _("wishes to leave")
    STAY = "stay", _("chooses to stay")


class RegistrationSubmission(models.Model):
    """A registrar's submission, by its key: sent twice (offline retry), it is kept once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    key = models.CharField(max_length=80)
    digest = models.CharField(max_length=64)
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_submission_per_key")
        ]


class Evacuee(models.Model):
    """One person's registration to leave by a corridor: decision, destination, needs, priority."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, null=True, blank=True, related_name="evacuees"
    )
    submission = models.ForeignKey(
        RegistrationSubmission, on_delete=models.PROTECT, null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=20, choices=EvacueeState.choices, default=EvacueeState.REQUESTED
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_witness = models.CharField(_("witnessed by"), max_length=200, blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_at = models.DateTimeField(null=True, blank=True)
    destination = models.ForeignKey(
        "registry.Settlement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    wheelchair = models.BooleanField(_("wheelchair"), default=False)
    stretcher = models.BooleanField(_("stretcher"), default=False)
    medical_escort = models.BooleanField(_("needs a medical escort"), default=False)
    escort_for = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="escorts"
    )
    child_alone = models.BooleanField(_("child travelling alone"), default=False)
    travels_separately = models.BooleanField(_("household agreed to travel apart"), default=False)
    priority = models.PositiveSmallIntegerField(_("priority"), default=3)
    # The opaque hand-over code on the manifest and in its QR: random digits, nothing personal.
    code = models.CharField(_("code"), max_length=12, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the registration was erased (retention or request): the row stays for the counts.
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # Rule 3, held by the database too: nobody moves without a witnessed decision to
            # leave and a destination they chose.
            models.CheckConstraint(
                condition=~Q(state__in=sorted(lc.MOVING))
                | (Q(decision="leave") & ~Q(decision_witness="") & Q(destination__isnull=False)),
                name="moving_needs_decision_and_destination",
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1) & Q(priority__lte=3), name="priority_1_to_3"
            ),
        ]


class ConvoyState(models.TextChoices):
    PLANNING = "planning", _("planning")
    MANIFESTED = "manifested", _("manifest sent")
    UNDER_WAY = "under_way", _("under way")
    ARRIVED = "arrived", _("arrived")
    CANCELLED = "cancelled", _("cancelled")


class Convoy(models.Model):
    """Vehicles moving evacuees in one window of an agreed version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="convoys")
    version_hash = models.CharField(max_length=64)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    departs_at = models.DateTimeField(_("departs"))
    departing = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    receiving = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ConvoyState.choices, default=ConvoyState.PLANNING
    )
    plan_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["departs_at"]


class Vehicle(models.Model):
    """A vehicle of a convoy and its places."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    convoy = models.ForeignKey(Convoy, on_delete=models.PROTECT, related_name="vehicles")
    label = models.CharField(_("vehicle"), max_length=60)
    markings = models.CharField(_("markings"), max_length=200, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"))
    wheelchair_places = models.PositiveSmallIntegerField(_("wheelchair places"), default=0)
    stretcher_places = models.PositiveSmallIntegerField(_("stretcher places"), default=0)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["convoy", "label"]


class PlaceKind(models.TextChoices):
    SEAT = "seat", _("seat")
    WHEELCHAIR = "wheelchair", _("wheelchair place")
    STRETCHER = "stretcher", _("stretcher place")


class Place(models.Model):
    """One evacuee in one numbered place of one vehicle: the database refuses double booking."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    convoy = models.ForeignKey(Convoy, on_delete=models.PROTECT, related_name="places")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="places")
    evacuee = models.OneToOneField(Evacuee, on_delete=models.PROTECT, related_name="place")
    kind = models.CharField(max_length=12, choices=PlaceKind.choices)
    number = models.PositiveSmallIntegerField()
    pinned = models.BooleanField(default=False)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["vehicle", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["vehicle", "kind", "number"], name="one_person_a_place")
        ]


class CheckpointKind(models.TextChoices):
    CHECK_OUT = "check_out", _("checked out")
    CHECK_IN = "check_in", _("checked in")


class CheckpointEvent(models.Model):
    """A side's scan of one evacuee at the crossing point."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    convoy = models.ForeignKey(Convoy, on_delete=models.PROTECT, related_name="checkpoints")
    evacuee = models.ForeignKey(Evacuee, on_delete=models.PROTECT, related_name="checkpoints")
    kind = models.CharField(max_length=10, choices=CheckpointKind.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(
                fields=["convoy", "evacuee", "kind"], name="one_scan_per_side_and_person"
            )
        ]


class IncidentKind(models.TextChoices):
    REFUSED_PASSAGE = "refused_passage", _("passage refused")
    SEPARATED = "separated", _("person separated")
    DETAINED = "detained", _("person detained")
    SECURITY = "security", _("security incident")
    MEDICAL = "medical", _("medical emergency")
    OTHER = "other", _("other")


class Incident(models.Model):
    """What happened, recorded factually and without attributing blame (rule 8)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="incidents")
    convoy = models.ForeignKey(
        Convoy, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    evacuee = models.ForeignKey(
        Evacuee, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    account = models.TextField(_("what happened"), max_length=2000)
    by_party = models.CharField(_("which side's authority"), max_length=20, blank=True)
    suspends = models.BooleanField(_("agreement suspended"), default=False)
    tracing_case = models.ForeignKey(
        "tracing.TracingCase", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    occurred_at = models.DateTimeField(_("when"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
