"""Reconciliation by the intermediary: held lists against the other party's sought list, the
tracing cases and the registry; a report of matched, one-list-only and disputed entries.

The results are the intermediary's: Findings are its rows, never transmitted. A party sees
only its own entries' states through lifecycle.party_state. Decisions people made on earlier
runs hold: a pair decided "same person" stays matched, one decided "different" is never
proposed again, and a discrepancy stays open until someone resolves it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation
from corridor.accounts.roles import OrganisationKind, Role
from corridor.audit import services as audit
from corridor.exchange import lifecycle, reconcile
from corridor.exchange.errors import InvalidEntry, RunInProgress, StepNotAllowed
from corridor.exchange.models import (
    ExchangeEntry,
    Finding,
    FindingKind,
    FindingStatus,
    ListKind,
    Reconciliation,
    Resolution,
    RunState,
)
from corridor.exchange.services import ensure_desk, move

RECONCILING_ROLES = frozenset({Role.CASEWORKER, Role.OPERATIONS_LEAD})
LINK_FROM = 0.5  # tracing cases and registry persons proposed from this probability on
LINKS_PER_ENTRY = 3
# Entries that take part: submitted and after, but not the ones gone from the lists.
TAKING_PART = tuple(s for s in lifecycle.STATES if s not in (lifecycle.PROPOSED, lifecycle.REMOVED))


def entry_record(entry: ExchangeEntry, *, place: bool = True) -> dict[str, str]:
    """An entry as the linkage engine reads it; the serial number is the identifier."""
    return {
        "record_id": str(entry.pk),
        "family_name": entry.family_name,
        "given_name": entry.given_names,
        "patronymic": entry.patronymic,
        "date_of_birth": entry.date_of_birth,
        "sex": entry.sex,
        "place": entry.place_of_birth if place else "",
        "identifier": entry.serial_number,
    }


def _decisions(*kinds: str) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Pairs people decided: (same person, different persons), as (held id, other id)."""
    same: set[tuple[str, str]] = set()
    different: set[tuple[str, str]] = set()
    decided = Finding.objects.filter(status=FindingStatus.RESOLVED, kind__in=kinds)
    for f in decided.values("held_id", "sought_id", "tracing_case_id", "person_id", "resolution"):
        other = f["sought_id"] or f["tracing_case_id"] or f["person_id"]
        pair = (str(f["held_id"]), str(other))
        if f["resolution"] == Resolution.SAME:
            same.add(pair)
        elif f["resolution"] == Resolution.DIFFERENT:
            different.add(pair)
    return same, different


def _settled_one_list_only() -> dict[tuple[str, str], Finding]:
    """Entries on one list only whose discrepancy a person settled: it stays settled."""
    settled: dict[tuple[str, str], Finding] = {}
    for f in Finding.objects.filter(
        status=FindingStatus.RESOLVED,
        resolution=Resolution.NOTED,
        kind__in=(FindingKind.HELD_ONLY, FindingKind.SOUGHT_ONLY),
    ).order_by("resolved_at"):
        settled[(f.kind, str(f.held_id or f.sought_id))] = f
    return settled


def _finding(run: Reconciliation, kind: str, **values: Any) -> Finding:
    return Finding(organisation=run.organisation, reconciliation=run, kind=kind, **values)


def _lists(run, user, holder, seeker, counts, findings) -> None:
    held = list(
        ExchangeEntry.objects.filter(
            organisation=holder, kind=ListKind.HELD, state__in=TAKING_PART, erased_at__isnull=True
        )
    )
    sought = list(
        ExchangeEntry.objects.filter(
            organisation=seeker, kind=ListKind.SOUGHT, state__in=TAKING_PART, erased_at__isnull=True
        )
    )
    decided, different = _decisions(FindingKind.DISPUTED, FindingKind.MATCHED)
    outcome = reconcile.reconcile(
        [entry_record(e) for e in held],
        [entry_record(e) for e in sought],
        same=decided,
        different=different,
        reference_date=timezone.localdate(),
    )
    for p in outcome.matched:
        findings.append(
            _finding(
                run,
                FindingKind.MATCHED,
                held_id=p.held,
                sought_id=p.sought,
                probability=p.probability,
                evidence=p.evidence_json(),
                status=FindingStatus.RESOLVED if (p.held, p.sought) in decided else "open",
                resolution=Resolution.SAME if (p.held, p.sought) in decided else "",
            )
        )
    for p in outcome.disputed:
        findings.append(
            _finding(
                run,
                FindingKind.DISPUTED,
                held_id=p.held,
                sought_id=p.sought,
                probability=p.probability,
                evidence=p.evidence_json(),
            )
        )
    settled = _settled_one_list_only()
    for kind, column, ids in (
        (FindingKind.HELD_ONLY, "held_id", outcome.held_only),
        (FindingKind.SOUGHT_ONLY, "sought_id", outcome.sought_only),
    ):
        for entry_id in ids:
            before = settled.get((kind, entry_id))
            carried = (
                {
                    "status": FindingStatus.RESOLVED,
                    "resolution": Resolution.NOTED,
                    "resolution_note": before.resolution_note,
                    "resolved_by_id": before.resolved_by_id,
                    "resolved_at": before.resolved_at,
                }
                if before
                else {}
            )
            findings.append(_finding(run, kind, **{column: entry_id}, **carried))
    for key in ("matched", "disputed", "held_only", "sought_only"):
        counts[key] = counts.get(key, 0) + len(getattr(outcome, key))
    for step, seconds in outcome.timings.items():
        counts.setdefault("_timings", {})[step] = seconds
    held_states, sought_states = outcome.state_of()
    for entry, states in [*((e, held_states) for e in held), *((e, sought_states) for e in sought)]:
        target = states.get(str(entry.pk))
        if target and entry.state in lifecycle.RECONCILABLE and entry.state != target:
            move(user, entry, target, {"reconciliation": str(run.pk)})


def _links(run, held: list[ExchangeEntry], kind: str, others: list[dict], findings) -> int:
    same, different = _decisions(kind)
    pairs = reconcile.candidates(
        [entry_record(e, place=False) for e in held],
        others,
        threshold=LINK_FROM,
        reference_date=timezone.localdate(),
    )
    per_entry: dict[str, int] = {}
    count = 0
    target = "tracing_case_id" if kind == FindingKind.TRACING else "person_id"
    for p in pairs:
        if (p.held, p.sought) in same | different or per_entry.get(p.held, 0) >= LINKS_PER_ENTRY:
            continue
        per_entry[p.held] = per_entry.get(p.held, 0) + 1
        findings.append(
            _finding(
                run,
                kind,
                held_id=p.held,
                probability=p.probability,
                evidence=p.evidence_json(),
                **{target: p.sought},
            )
        )
        count += 1
    return count


def _tracing_records() -> list[dict]:
    from corridor.tracing import lifecycle as tracing_lifecycle
    from corridor.tracing.matching import case_record
    from corridor.tracing.models import TracingCase

    cases = TracingCase.objects.filter(
        state__in=tracing_lifecycle.OPEN, erased_at__isnull=True, expires_at__gt=timezone.now()
    )
    return [{**case_record(c), "place": ""} for c in cases]


def _registry_records() -> list[dict]:
    from corridor.registry.index import person_records
    from corridor.registry.models import Person
    from corridor.retention import ERASED

    persons = (
        Person.objects.filter(merged_into__isnull=True)
        .exclude(family_name=ERASED)
        .select_related("settlement")
    )
    return [
        {**r, "place": ""} for p in persons.iterator(chunk_size=2000) for r in person_records(p)
    ]


def _parties() -> list[Organisation]:
    parties = list(
        Organisation.objects.filter(
            kind__in=(OrganisationKind.PARTY_A, OrganisationKind.PARTY_B)
        ).order_by("kind", "code")
    )
    if len(parties) != 2:
        raise StepNotAllowed()
    return parties


def _reconcile(run_: Reconciliation, user) -> None:
    """The work of one run, in the caller's transaction: findings, entry states, counts."""
    started = time.perf_counter()
    a, b = _parties()
    Finding.objects.filter(status=FindingStatus.OPEN).update(status=FindingStatus.SUPERSEDED)
    counts: dict[str, Any] = {}
    findings: list[Finding] = []
    _lists(run_, user, a, b, counts, findings)
    _lists(run_, user, b, a, counts, findings)
    held = list(
        ExchangeEntry.objects.filter(kind=ListKind.HELD, state__in=TAKING_PART).exclude(
            state__in=lifecycle.FINAL
        )
    )
    counts["tracing"] = _links(run_, held, FindingKind.TRACING, _tracing_records(), findings)
    counts["registry"] = _links(run_, held, FindingKind.REGISTRY, _registry_records(), findings)
    Finding.objects.bulk_create(findings, batch_size=1000)
    run_.timings = {"total": round(time.perf_counter() - started, 3)}
    run_.counts = {k: v for k, v in counts.items() if not k.startswith("_")}
    run_.state, run_.finished_at = RunState.DONE, timezone.now()
    run_.save(update_fields=["timings", "counts", "state", "finished_at"])
    audit.record(user, "exchange.reconciled", run_, run_.counts)


@transaction.atomic
def run(user) -> Reconciliation:
    """Reconcile every party's held list with the other's sought list, the cases and the
    registry, here and now (tests, the shell); pages and the API use `request_run`."""
    ensure_desk(user, RECONCILING_ROLES)
    _parties()
    run_ = Reconciliation.objects.create(organisation=user.organisation, run_by=user)
    _reconcile(run_, user)
    return run_


def request_run(user, *, enqueue: Callable[[str], object] | None = None) -> Reconciliation:
    """Queue a reconciliation for `corridor worker`; one at a time."""
    from corridor.exchange import tasks

    with transaction.atomic():
        ensure_desk(user, RECONCILING_ROLES)
        _parties()
        busy = Reconciliation.objects.select_for_update().filter(
            state__in=(RunState.QUEUED, RunState.RUNNING)
        )
        if busy.exists():
            raise RunInProgress()
        run_ = Reconciliation.objects.create(
            organisation=user.organisation, run_by=user, state=RunState.QUEUED
        )
        audit.record(user, "exchange.reconciliation_requested", run_, {})
        run_id = str(run_.pk)
        transaction.on_commit(lambda: (enqueue or tasks.enqueue_reconciliation)(run_id))
    return run_


def execute(run_id) -> Reconciliation:
    """The background part: run a queued reconciliation, all or nothing; a failure says why."""
    run_ = Reconciliation.objects.select_related("run_by").get(pk=run_id)
    if run_.state != RunState.QUEUED:
        return run_
    Reconciliation.objects.filter(pk=run_.pk).update(state=RunState.RUNNING)
    try:
        with transaction.atomic():
            _reconcile(run_, run_.run_by)
    except Exception as exc:
        # A domain error's message is ours; anything else is named by its class only, since
        # a database error may quote a row.
        message = getattr(exc, "message", None) or type(exc).__name__
        Reconciliation.objects.filter(pk=run_.pk).update(
            state=RunState.FAILED, error=str(message)[:300], finished_at=timezone.now()
        )
        raise
    run_.refresh_from_db()
    return run_


def abandon_stale() -> int:
    """Runs a killed worker left behind are marked failed (at worker start)."""
    return Reconciliation.objects.filter(state=RunState.RUNNING).update(
        state=RunState.FAILED, error="the worker stopped during the run", finished_at=timezone.now()
    )


@transaction.atomic
def resolve(user, finding_id, resolution: str, note: str = "") -> Finding:
    """A person settles one line of the report: same person, different persons, or noted."""
    finding = Finding.objects.get_visible(user, finding_id)  # 404 before 403
    ensure_desk(user, RECONCILING_ROLES)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.status != FindingStatus.OPEN:
        raise StepNotAllowed()
    pair_kinds = (
        FindingKind.DISPUTED,
        FindingKind.MATCHED,
        FindingKind.TRACING,
        FindingKind.REGISTRY,
    )
    allowed = (
        (Resolution.SAME, Resolution.DIFFERENT)
        if finding.kind in pair_kinds
        else (Resolution.NOTED,)
    )
    if resolution not in allowed:
        raise InvalidEntry(_("resolution: choose one of the answers offered"))
    if resolution == Resolution.NOTED and not note.strip():
        raise InvalidEntry(_("note: say how the discrepancy was settled"))
    finding.status = FindingStatus.RESOLVED
    finding.resolution = resolution
    finding.resolution_note = note.strip()[:500]
    finding.resolved_by, finding.resolved_at = user, timezone.now()
    finding.save()
    if finding.kind in (FindingKind.DISPUTED, FindingKind.MATCHED):
        _settle_pair(user, finding)
    audit.record(user, "exchange.finding_resolved", finding, {"resolution": resolution})
    return finding


def _settled_state(entry_id) -> str:
    """What an entry is once a pair it was in has been decided, given every other line."""
    current = Finding.objects.filter(Q(held_id=entry_id) | Q(sought_id=entry_id)).exclude(
        status=FindingStatus.SUPERSEDED
    )
    if current.filter(
        Q(kind=FindingKind.MATCHED, status=FindingStatus.OPEN)
        | Q(
            kind__in=(FindingKind.MATCHED, FindingKind.DISPUTED),
            status=FindingStatus.RESOLVED,
            resolution=Resolution.SAME,
        )
    ).exists():
        return lifecycle.MATCHED
    if current.filter(kind=FindingKind.DISPUTED, status=FindingStatus.OPEN).exists():
        return lifecycle.DISPUTED
    return lifecycle.NOT_FOUND


def _settle_pair(user, finding: Finding) -> None:
    """Entries of a settled pair leave "disputed": matched, or not found when nothing else is open."""
    for entry_id in (finding.held_id, finding.sought_id):
        entry = ExchangeEntry.objects.select_for_update().get(pk=entry_id)
        if entry.state not in lifecycle.RECONCILABLE:
            continue
        target = _settled_state(entry_id)
        if entry.state != target:
            move(user, entry, target, {"finding": str(finding.pk)})
