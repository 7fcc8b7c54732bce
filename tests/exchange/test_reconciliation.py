"""Reconciliation finds the true pairs across scripts and namesakes; disputes are settled by people."""

from __future__ import annotations

import pytest

from corridor.errors import NotPermitted, NotVisible
from corridor.exchange import lifecycle, reconcile, reconciliation
from corridor.exchange.errors import InvalidEntry
from corridor.exchange.models import Finding, FindingKind, FindingStatus
from tests.exchange.helpers import HELD, SOUGHT, TRUE_PAIRS, literal_lists

pytestmark = pytest.mark.django_db


def _records(rows):
    return [
        {
            "record_id": key,
            "family_name": fam,
            "given_name": given,
            "patronymic": patr,
            "date_of_birth": dob,
            "sex": "M",
            "identifier": serial,
        }
        for key, (fam, given, patr, dob, serial) in rows.items()
    ]


def test_engine_core_pairs_scripts_fathers_sons_and_namesakes():
    outcome = reconcile.reconcile(_records(HELD), _records(SOUGHT))
    assert {(p.held, p.sought) for p in outcome.matched} == TRUE_PAIRS
    # Two held men called Мельник Іван, sought as "Мельник Иван" with nothing else: a person decides.
    assert {(p.held, p.sought) for p in outcome.disputed} == {("ivan1", "ivan"), ("ivan2", "ivan")}
    assert outcome.held_only == ["andrii"]
    assert outcome.sought_only == ["serhii"]
    # The serial number decided between the namesakes of one unit.
    petro2 = next(p for p in outcome.matched if p.held == "petro2")
    assert any(e.comparison == "identifier" and e.level == "same" for e in petro2.evidence)


def test_decisions_hold_on_the_next_run():
    outcome = reconcile.reconcile(
        _records(HELD),
        _records(SOUGHT),
        same=[("ivan1", "ivan")],
        different=[("son", "son")],
    )
    matched = {(p.held, p.sought) for p in outcome.matched}
    assert ("ivan1", "ivan") in matched
    assert ("son", "son") not in matched
    assert ("son", "son") not in {(p.held, p.sought) for p in outcome.disputed}


def test_run_writes_the_report_and_moves_the_entries(world):
    lists = literal_lists(world)
    run = reconciliation.run(world.users["int:caseworker"])
    assert run.counts["matched"] == 6
    assert run.counts["disputed"] == 2
    assert run.counts["held_only"] == 1
    assert run.counts["sought_only"] == 1
    findings = Finding.objects.filter(reconciliation=run)
    pairs = {(f.held_id, f.sought_id) for f in findings.filter(kind=FindingKind.MATCHED)}
    assert pairs == {(lists.held[h].pk, lists.sought[s].pk) for h, s in TRUE_PAIRS}
    matched = findings.filter(kind=FindingKind.MATCHED).first()
    assert any(e["label"] == "document or serial number" for e in matched.evidence)
    for key in ("son", "father", "petro1", "petro2", "boiko_father", "boiko_son"):
        lists.held[key].refresh_from_db()
        assert lists.held[key].state == lifecycle.MATCHED
    lists.held["andrii"].refresh_from_db()
    assert lists.held["andrii"].state == lifecycle.NOT_FOUND
    lists.sought["ivan"].refresh_from_db()
    assert lists.sought["ivan"].state == lifecycle.DISPUTED


def test_dispute_resolved_stays_resolved(world):
    lists = literal_lists(world)
    worker = world.users["int:caseworker"]
    reconciliation.run(worker)
    dispute = Finding.objects.get(
        kind=FindingKind.DISPUTED, held=lists.held["ivan1"], status=FindingStatus.OPEN
    )
    reconciliation.resolve(worker, dispute.pk, "same")
    other = Finding.objects.get(
        kind=FindingKind.DISPUTED, held=lists.held["ivan2"], status=FindingStatus.OPEN
    )
    reconciliation.resolve(worker, other.pk, "different")
    for key, state in (("ivan1", "matched"), ("ivan2", "not_found")):
        lists.held[key].refresh_from_db()
        assert lists.held[key].state == state
    lists.sought["ivan"].refresh_from_db()
    assert lists.sought["ivan"].state == "matched"
    # The next run keeps both decisions and opens no new dispute.
    again = reconciliation.run(worker)
    assert again.counts["disputed"] == 0
    assert Finding.objects.filter(
        reconciliation=again,
        kind=FindingKind.MATCHED,
        held=lists.held["ivan1"],
        sought=lists.sought["ivan"],
    ).exists()


def test_one_list_only_needs_a_note_to_close(world):
    literal_lists(world)
    worker = world.users["int:caseworker"]
    reconciliation.run(worker)
    only = Finding.objects.get(kind=FindingKind.HELD_ONLY, status=FindingStatus.OPEN)
    with pytest.raises(InvalidEntry):
        reconciliation.resolve(worker, only.pk, "noted", "")
    reconciliation.resolve(worker, only.pk, "noted", "Party B confirms it does not seek him")
    only.refresh_from_db()
    assert only.status == "resolved"
    # The next run reports him again, as settled: the discrepancy does not reopen.
    again = reconciliation.run(worker)
    carried = Finding.objects.get(reconciliation=again, kind=FindingKind.HELD_ONLY)
    assert (carried.status, carried.resolution_note) == (
        "resolved",
        "Party B confirms it does not seek him",
    )


def test_parties_cannot_run_or_see_reconciliation(world):
    literal_lists(world)
    run = reconciliation.run(world.users["int:caseworker"])
    finding = Finding.objects.filter(reconciliation=run).first()
    for key in ("a:bureau_officer", "b:liaison_officer", "med:observer"):
        with pytest.raises(NotPermitted):
            reconciliation.run(world.users[key])
        with pytest.raises(NotVisible):
            reconciliation.resolve(world.users[key], finding.pk, "same")


def test_held_entries_meet_families_tracing_cases_and_the_registry(world):
    from corridor.registry import services as registry
    from corridor.tracing import services as tracing
    from corridor.tracing.captcha import challenge, solve

    lists = literal_lists(world)
    enquirer, _ = tracing.file_request(
        tracing.Request(
            sought_name="Alexander Shevchenko",
            sought_birth="03.02.1971",
            sought_sex="M",
            enquirer_name="Олена",
            relationship="wife",
            email="o@example.org",
        ),
        captcha=solve(challenge()),
        address="192.0.2.5",
    )
    registry.register_person(
        world.users["int:field_registrar"],
        registry.PersonDetails(
            family_name="Коваленко",
            given_name="Петр",
            patronymic="Иванович",
            birth_year=1991,
            birth_month=9,
            birth_day=17,
            sex="M",
        ),
    )
    worker = world.users["int:caseworker"]
    run = reconciliation.run(worker)
    traced = Finding.objects.get(reconciliation=run, kind=FindingKind.TRACING)
    assert traced.held_id == lists.held["father"].pk
    assert traced.tracing_case_id == enquirer.case_id
    registered = {
        f.held_id: f.probability
        for f in Finding.objects.filter(reconciliation=run, kind=FindingKind.REGISTRY)
    }
    # The registry's Коваленко Петр born 17.09.1991 is the second namesake, not the first.
    assert lists.held["petro2"].pk in registered
    assert registered[lists.held["petro2"].pk] > registered.get(lists.held["petro1"].pk, 0.0)
    # A caseworker confirms the family's case: it holds on later runs, proposed no more.
    reconciliation.resolve(worker, traced.pk, "same")
    again = reconciliation.run(worker)
    assert not Finding.objects.filter(reconciliation=again, kind=FindingKind.TRACING).exists()
