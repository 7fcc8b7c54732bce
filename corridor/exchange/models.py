"""Exchange lists: whom each party holds and seeks, reconciliation, protection and rounds."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access import PartyOwnedQuerySet, VisibilityQuerySet
from corridor.accounts.roles import Role
from corridor.exchange import lifecycle
from corridor.keys.fields import SealedField

# Who may open the sealed protection data: the private interview is the delegate's alone.
INTERVIEW_READERS = {Role.PROTECTION_DELEGATE}
# The next of kin and a death's circumstances: the party's bureau and the intermediary's desk.
NOTICE_READERS = {Role.BUREAU_OFFICER, Role.CASEWORKER, Role.PROTECTION_DELEGATE}


class ListKind(models.TextChoices):
    HELD = "held", _("held (persons this party holds)")
    SOUGHT = "sought", _("sought (persons this party seeks)")


class Population(models.TextChoices):
    POW = "pow", _("prisoners of war")
    CIVILIAN = "civilian", _("detained civilians")


class MedicalCategory(models.TextChoices):
    NONE = "", _("none")
    SEVERELY_WOUNDED = "severely_wounded", _("severely wounded")
    SERIOUSLY_ILL = "seriously_ill", _("seriously ill")


class EntryState(models.TextChoices):
    PROPOSED = lifecycle.PROPOSED, _("proposed")
    SUBMITTED = lifecycle.SUBMITTED, _("submitted via the intermediary")
    MATCHED = lifecycle.MATCHED, _("matched")
    NOT_FOUND = lifecycle.NOT_FOUND, _("not found on the other list")
    DISPUTED = lifecycle.DISPUTED, _("disputed")
    VERIFIED = lifecycle.VERIFIED, _("custody verified")
    CONSENTED = lifecycle.CONSENTED, _("interviewed: wishes to return")
    PAIRED = lifecycle.PAIRED, _("paired in a round")
    HANDED_OVER = lifecycle.HANDED_OVER, _("handed over")
    RECEIVED = lifecycle.RECEIVED, _("receipt confirmed")
    WITHDRAWN = lifecycle.WITHDRAWN, _("withdrawn")
    REMOVED = lifecycle.REMOVED, _("removed by the party")
    POSTPONED = lifecycle.POSTPONED, _("postponed")
    DECEASED = lifecycle.DECEASED, _("deceased")


# The states a party sees (lifecycle.party_state), with their words.
PARTY_STATE_LABELS = {
    lifecycle.PROPOSED: _("proposed"),
    lifecycle.SUBMITTED: _("submitted via the intermediary"),
    lifecycle.VERIFIED: _("custody verified"),
    "interviewed": _("interviewed"),
    lifecycle.PAIRED: _("paired in a round"),
    lifecycle.HANDED_OVER: _("handed over"),
    lifecycle.RECEIVED: _("receipt confirmed"),
    lifecycle.WITHDRAWN: _("withdrawn"),
    lifecycle.REMOVED: _("removed by the party"),
    lifecycle.POSTPONED: _("postponed"),
    lifecycle.DECEASED: _("deceased"),
}


class ExchangeList(models.Model):
    """One list as a party submitted it: held or sought, prisoners of war or civilians."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    name = models.CharField(_("list name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ListKind.choices)
    population = models.CharField(_("population"), max_length=10, choices=Population.choices)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    file_digest = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("exchange list")
        verbose_name_plural = _("exchange lists")

    def __str__(self) -> str:
        return self.name


class ExchangeEntry(models.Model):
    """One person on a party's list, with the fields of GC III art. 122 / GC IV art. 138."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    exchange_list = models.ForeignKey(
        ExchangeList, on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ListKind.choices)
    population = models.CharField(_("population"), max_length=10, choices=Population.choices)
    reference = models.CharField(_("the party's reference"), max_length=120, blank=True)
    family_name = models.CharField(_("surname"), max_length=120)
    given_names = models.CharField(_("first names"), max_length=120, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=120, blank=True)
    rank = models.CharField(_("rank"), max_length=80, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    unit = models.CharField(_("unit"), max_length=120, blank=True)
    date_of_birth = models.CharField(_("date of birth as given"), max_length=60, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=200, blank=True)
    father_name = models.CharField(_("father's first name"), max_length=120, blank=True)
    mother_maiden_name = models.CharField(_("mother's maiden name"), max_length=120, blank=True)
    person_to_inform = SealedField(_("person to inform"), readers=NOTICE_READERS)
    medical_category = models.CharField(
        _("category"), max_length=20, choices=MedicalCategory.choices, blank=True
    )
    date_of_capture = models.CharField(_("date of capture"), max_length=60, blank=True)
    place_of_capture = models.CharField(_("place of capture"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=EntryState.choices, default=EntryState.PROPOSED
    )
    removal_reason = models.CharField(_("reason for removal"), max_length=500, blank=True)
    death_date = models.CharField(_("date of death"), max_length=60, blank=True)
    death_place = models.CharField(_("place of death"), max_length=200, blank=True)
    death_circumstances = SealedField(_("circumstances of death"), readers=NOTICE_READERS)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the entry was erased (retention or request): the row stays for the counts.
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_names", "id"]
        verbose_name = _("exchange list entry")
        verbose_name_plural = _("exchange list entries")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.family_name, self.given_names, self.patronymic) if p)


class Protection(models.Model):
    """The intermediary's own record of an entry: custody visit and private interview (sealed).

    Kept apart from the entry so that no field of it can ever reach a party: it is owned by
    the intermediary and never transmitted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    entry = models.OneToOneField(ExchangeEntry, on_delete=models.PROTECT, related_name="protection")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True)
    verification_place = models.CharField(_("place of the visit"), max_length=200, blank=True)
    interviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    interviewed_at = models.DateTimeField(null=True)
    outcome = SealedField(_("interview outcome"), readers=INTERVIEW_READERS)
    notes = SealedField(_("interview notes"), readers=INTERVIEW_READERS)
    withdrawal_reason = SealedField(_("why withdrawn"), readers=INTERVIEW_READERS)

    objects = PartyOwnedQuerySet.as_manager()


class RunState(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Reconciliation(models.Model):
    """One run of the engine over every party's held and sought lists, by the intermediary.

    Asked for on a page or through the API, it runs in the background (`corridor worker`):
    long lists take longer than a web request may."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=12, choices=RunState.choices, default=RunState.DONE)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)  # why a run failed; no personal data
    counts = models.JSONField(default=dict)
    timings = models.JSONField(default=dict)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")


class FindingKind(models.TextChoices):
    MATCHED = "matched", _("on both lists")
    DISPUTED = "disputed", _("disputed")
    HELD_ONLY = "held_only", _("held, not sought")
    SOUGHT_ONLY = "sought_only", _("sought, not found among the held")
    TRACING = "tracing", _("a family's tracing case")
    REGISTRY = "registry", _("a person in the registry")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("open")
    RESOLVED = "resolved", _("resolved")
    SUPERSEDED = "superseded", _("superseded by a later run")


class Resolution(models.TextChoices):
    SAME = "same", _("same person")
    DIFFERENT = "different", _("different persons")
    NOTED = "noted", _("discrepancy noted and settled")


class Finding(models.Model):
    """One line of a reconciliation report, with the engine's field-by-field evidence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    reconciliation = models.ForeignKey(
        Reconciliation, on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField(_("finding"), max_length=12, choices=FindingKind.choices)
    held = models.ForeignKey(
        ExchangeEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sought = models.ForeignKey(
        ExchangeEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    tracing_case = models.ForeignKey(
        "tracing.TracingCase", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    probability = models.FloatField(null=True, blank=True)
    evidence = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=12, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    resolution = models.CharField(max_length=12, choices=Resolution.choices, blank=True)
    resolution_note = models.CharField(_("note"), max_length=500, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-probability"]

    @property
    def is_discrepancy(self) -> bool:
        return self.kind in (FindingKind.DISPUTED, FindingKind.HELD_ONLY, FindingKind.SOUGHT_ONLY)


class Formula(models.TextChoices):
    N_FOR_N = "n_for_n", _("N for N")
    ALL_FOR_ALL = "all_for_all", _("all for all")


class RoundCategory(models.TextChoices):
    ANY = "any", _("everyone ready")
    SEVERELY_WOUNDED = "severely_wounded", _("severely wounded")
    SERIOUSLY_ILL = "seriously_ill", _("seriously ill")
    UNDER_25 = "under_25", _("under 25")
    CIVILIANS = "civilians", _("civilians")


class RoundState(models.TextChoices):
    DRAFT = lifecycle.DRAFT, _("draft")
    PROPOSED = lifecycle.PROPOSED_ROUND, _("proposed to both parties")
    EXECUTING = lifecycle.EXECUTING, _("being executed")
    COMPLETED = lifecycle.COMPLETED, _("completed")
    CANCELLED = lifecycle.CANCELLED, _("cancelled")


class ExchangeRound(models.Model):
    """A round composed by formula; valid only when both parties accepted the same version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=200)
    party_a = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    party_b = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    formula = models.CharField(_("formula"), max_length=12, choices=Formula.choices)
    category = models.CharField(_("category"), max_length=20, choices=RoundCategory.choices)
    size = models.PositiveIntegerField(_("N"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=RoundState.choices, default=RoundState.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    version_hash = models.CharField(_("version hash"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("exchange round")
        verbose_name_plural = _("exchange rounds")

    def __str__(self) -> str:
        return self.name


class RoundPartQuerySet(VisibilityQuerySet):
    """Rows of a round: visible to whoever may see the round."""

    def visible_to(self, user):
        return self.filter(round__in=ExchangeRound.objects.visible_to(user).values("pk"))


class RoundMember(models.Model):
    """One person released in a round: which party releases them, and their slot in the pairing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(ExchangeRound, on_delete=models.CASCADE, related_name="members")
    entry = models.ForeignKey(ExchangeEntry, on_delete=models.PROTECT, related_name="+")
    released_by = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    received_by = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    slot = models.PositiveIntegerField()
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handed_over_at = models.DateTimeField(null=True, blank=True)
    received_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)

    objects = RoundPartQuerySet.as_manager()

    class Meta:
        ordering = ["slot", "released_by__kind"]
        constraints = [
            models.UniqueConstraint(fields=["round", "entry"], name="one_member_per_entry"),
        ]


class RoundAcceptance(models.Model):
    """One party's acceptance of exactly one version of a round (by its hash)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(ExchangeRound, on_delete=models.CASCADE, related_name="acceptances")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    version_hash = models.CharField(max_length=64)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    objects = RoundPartQuerySet.as_manager()

    class Meta:
        ordering = ["accepted_at"]


class UploadState(models.TextChoices):
    READY = "ready", _("ready to import")
    INVALID = "invalid", _("has problems")
    IMPORTED = "imported", _("imported")


class ListUpload(models.Model):
    """A spreadsheet on its way to becoming an exchange list: the file (sealed), mapping, report."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    digest = models.CharField(max_length=64)
    content = SealedField(_("file"), readers=())
    kind = models.CharField(_("kind"), max_length=10, choices=ListKind.choices)
    population = models.CharField(_("population"), max_length=10, choices=Population.choices)
    list_name = models.CharField(_("list name"), max_length=200)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    report = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=UploadState.choices)
    exchange_list = models.ForeignKey(
        ExchangeList, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartyOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
