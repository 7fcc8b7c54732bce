"""Rounds: composed by formula, both parties accept one version, executed person by person."""

from __future__ import annotations

import pytest
from django.core import mail

from corridor.errors import NotPermitted, NotVisible
from corridor.exchange import lifecycle, protection, reports, rounds, services
from corridor.exchange.errors import NotAgreed, NotEnoughPeople, StaleVersion, StepNotAllowed
from corridor.exchange.models import ExchangeEntry, ExchangeRound, RoundMember
from tests.exchange.helpers import ready_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(world):
    return {"a": ready_entries(world, "a", 6), "b": ready_entries(world, "b", 5)}


def _round(world, n=5, **kw):
    return rounds.create_round(
        world.users["int:operations_lead"], "Round 1", kw.pop("formula", "n_for_n"),
        kw.pop("category", "any"), n,
    )  # fmt: skip


def test_n_for_n_takes_n_from_each_side(world, ready):
    round_ = _round(world)
    members = RoundMember.objects.filter(round=round_)
    assert members.filter(released_by=world.orgs["a"]).count() == 5
    assert members.filter(released_by=world.orgs["b"]).count() == 5
    assert sorted(members.values_list("slot", flat=True)) == sorted([*range(1, 6)] * 2)
    assert all(m.entry.state == lifecycle.PAIRED for m in members)
    assert round_.version_hash == rounds.version_hash(rounds.canonical(round_))
    with pytest.raises(NotEnoughPeople):
        _round(world, n=3)  # nobody left ready on B's side


def test_all_for_all_within_a_category(world, ready):
    officer = world.users["a:bureau_officer"]
    wounded = services.create_list(officer, "Wounded", "held", "pow")
    entry = services.add_entry(
        officer,
        wounded.pk,
        services.EntryDetails(family_name="Wounded", medical_category="severely_wounded"),
    )
    services.submit_list(officer, wounded.pk)
    entry.refresh_from_db()
    services.move(world.users["int:caseworker"], entry, "not_found")
    protection.verify_custody(world.users["int:protection_delegate"], entry.pk)
    protection.interview(world.users["int:protection_delegate"], entry.pk, "wants_repatriation")
    round_ = _round(world, n=None, formula="all_for_all", category="severely_wounded")
    assert [m.entry_id for m in round_.members.all()] == [entry.pk]


def _propose(world, round_):
    return rounds.propose(world.users["int:operations_lead"], round_.pk)


def test_execution_needs_both_acceptances_of_the_same_version(world, ready):
    lead = world.users["int:operations_lead"]
    liaison_a, liaison_b = world.users["a:liaison_officer"], world.users["b:liaison_officer"]
    round_ = _propose(world, _round(world))
    first_hash = round_.version_hash
    with pytest.raises(NotAgreed):
        rounds.execute(lead, round_.pk)
    rounds.accept(liaison_a, round_.pk, first_hash)
    with pytest.raises(NotAgreed):
        rounds.execute(lead, round_.pk)
    # A change after one acceptance: a new version, the acceptance no longer counts.
    member = RoundMember.objects.filter(round=round_, released_by=world.orgs["a"]).first()
    rounds.remove_member(lead, member.pk)
    round_.refresh_from_db()
    assert round_.state == lifecycle.DRAFT
    assert round_.version_hash != first_hash
    with pytest.raises(StepNotAllowed):
        rounds.accept(liaison_b, round_.pk, round_.version_hash)  # not proposed yet
    _propose(world, round_)
    rounds.accept(liaison_b, round_.pk, round_.version_hash)
    with pytest.raises(NotAgreed):
        rounds.execute(lead, round_.pk)  # A accepted the old version only
    with pytest.raises(StaleVersion):
        rounds.accept(liaison_a, round_.pk, first_hash)
    rounds.accept(liaison_a, round_.pk, round_.version_hash)
    round_ = rounds.execute(lead, round_.pk)
    assert round_.state == lifecycle.EXECUTING


def test_hand_over_and_receipt_per_person_then_completed(world, ready):
    lead = world.users["int:operations_lead"]
    liaison = {c: world.users[f"{c}:liaison_officer"] for c in "ab"}
    round_ = _propose(world, _round(world))
    for c in "ab":
        rounds.accept(liaison[c], round_.pk, round_.version_hash)
    rounds.execute(lead, round_.pk)
    for member in RoundMember.objects.filter(round=round_).select_related("released_by"):
        releaser = member.released_by.code
        receiver = "b" if releaser == "a" else "a"
        with pytest.raises((NotPermitted, StepNotAllowed)):
            rounds.confirm_receipt(liaison[receiver], member.pk)  # not handed over yet
        with pytest.raises(NotPermitted):
            rounds.hand_over(liaison[receiver], member.pk)  # only the releasing side
        rounds.hand_over(liaison[releaser], member.pk)
        with pytest.raises(NotPermitted):
            rounds.confirm_receipt(liaison[releaser], member.pk)  # only the receiving side
        rounds.confirm_receipt(liaison[receiver], member.pk)
    round_.refresh_from_db()
    assert round_.state == lifecycle.COMPLETED
    assert set(
        ExchangeEntry.objects.filter(pk__in=round_.members.values("entry")).values_list(
            "state", flat=True
        )
    ) == {lifecycle.RECEIVED}


def test_proposal_transmits_only_the_agreed_fields_of_the_other_side(world, ready):
    round_ = _propose(world, _round(world))
    liaison_a = world.users["a:liaison_officer"]
    theirs = RoundMember.objects.filter(round=round_, released_by=world.orgs["b"]).first()
    seen = ExchangeEntry.objects.get_visible(liaison_a, theirs.entry_id)
    from corridor.access import visible_fields

    assert visible_fields(liaison_a, seen) == {"id", *rounds.EXCHANGED_FIELDS}
    # The observer sees no round and no entry.
    observer = world.users["med:observer"]
    with pytest.raises(NotVisible):
        ExchangeRound.objects.get_visible(observer, round_.pk)
    assert not RoundMember.objects.visible_to(observer).exists()


def test_a_draft_round_is_the_intermediarys_alone(world, ready):
    round_ = _round(world)
    for key in ("a:liaison_officer", "b:liaison_officer"):
        with pytest.raises(NotVisible):
            rounds.accept(world.users[key], round_.pk, round_.version_hash)


def test_round_report_counts_equal_the_entries(world, ready):
    round_ = _propose(world, _round(world))
    for key in ("int:operations_lead", "a:liaison_officer"):
        user = world.users[key]
        counts = reports.round_counts(user, round_)
        assert sum(c.count for c in counts) == RoundMember.objects.filter(round=round_).count()
        by_side = {}
        for c in counts:
            by_side[c.side] = by_side.get(c.side, 0) + c.count
        assert by_side == {world.orgs["a"].name: 5, world.orgs["b"].name: 5}
    party = reports.party_counts(world.users["a:liaison_officer"])
    own = ExchangeEntry.objects.filter(organisation=world.orgs["a"]).count()
    received = RoundMember.objects.filter(round=round_, received_by=world.orgs["a"]).count()
    assert sum(c.count for c in party) == own + received


def test_export_has_only_agreed_fields_and_needs_a_purpose(world, ready):
    round_ = _propose(world, _round(world))
    liaison_a = world.users["a:liaison_officer"]
    with pytest.raises(Exception, match="purpose"):
        reports.export_round(liaison_a, round_.pk, "")
    text = reports.export_round(liaison_a, round_.pk, "hand-over briefing")
    header, *rows = text.strip().splitlines()
    assert header.split(",") == list(reports.EXPORT_COLUMNS)
    assert len(rows) == 10
    assert "unit" not in header
    assert "reference" not in header


def test_receipt_notifies_linked_families_within_consent(
    world, ready, django_capture_on_commit_callbacks
):
    from corridor.exchange.models import Finding, Reconciliation
    from corridor.tracing import services as tracing
    from corridor.tracing.captcha import challenge, solve

    enquirer, _ = tracing.file_request(
        tracing.Request(sought_name="Someone", enquirer_name="Mother", relationship="mother", email="m@example.org"),
        captcha=solve(challenge()),
        address="192.0.2.9",
    )  # fmt: skip
    case = enquirer.case
    lead = world.users["int:operations_lead"]
    round_ = _propose(world, _round(world))
    member = RoundMember.objects.filter(round=round_, released_by=world.orgs["b"]).first()
    run = Reconciliation.objects.create(organisation=world.orgs["int"], run_by=lead)
    Finding.objects.create(
        organisation=world.orgs["int"], reconciliation=run, kind="tracing", held=member.entry,
        tracing_case=case, status="resolved", resolution="same",
    )  # fmt: skip
    for c in "ab":
        rounds.accept(world.users[f"{c}:liaison_officer"], round_.pk, round_.version_hash)
    rounds.execute(lead, round_.pk)
    rounds.hand_over(lead, member.pk)
    with django_capture_on_commit_callbacks(execute=True):
        rounds.confirm_receipt(world.users["a:liaison_officer"], member.pk)
    assert mail.outbox == []  # no consent recorded yet: nobody is told
    case.consent_scope = "news"
    case.save()
    other = (
        RoundMember.objects.filter(round=round_, released_by=world.orgs["b"])
        .exclude(pk=member.pk)
        .first()
    )
    Finding.objects.create(
        organisation=world.orgs["int"], reconciliation=run, kind="tracing", held=other.entry,
        tracing_case=case, status="resolved", resolution="same",
    )  # fmt: skip
    rounds.hand_over(lead, other.pk)
    with django_capture_on_commit_callbacks(execute=True):
        rounds.confirm_receipt(world.users["a:liaison_officer"], other.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["m@example.org"]
    assert enquirer.reference in mail.outbox[0].subject
