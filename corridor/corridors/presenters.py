"""Rows shaped for what a user may see: parties never see "declined" nor a decision to stay."""

from __future__ import annotations

from django.utils.translation import gettext as _

from corridor.corridors import lifecycle as lc
from corridor.corridors.models import Agreement, AgreementVersion, Evacuee, EvacueeState
from corridor.corridors.services.handover import display_name
from corridor.corridors.services.registration import state_for


def state_label(state: str) -> str:
    """The state in the reader's language ("withdrawn" included)."""
    if state == lc.WITHDRAWN_FOR_PARTIES:
        return _("withdrawn")
    return str(dict(EvacueeState.choices).get(state, state))


def evacuee_row(user, e: Evacuee) -> dict:
    org = user.organisation
    row = {
        "id": e.pk,
        "name": display_name(user, e.person),
        "state": state_for(user, e),
        "state_label": state_label(state_for(user, e)),
        "code": e.code,
        "priority": e.priority,
        "wheelchair": e.wheelchair,
        "stretcher": e.stretcher,
        "medical_escort": e.medical_escort,
        "child_alone": e.child_alone,
        "household": e.household_id,
        "destination": e.destination_id,
        # The one thing anyone is told of an erasure: that it happened (no when, who or why).
        "erased": e.erased_at is not None,
    }
    if org.is_intermediary:
        row["decision"] = e.decision
        row["witness"] = e.decision_witness
    elif e.organisation_id == org.pk:
        row["decision"] = "" if e.state == lc.DECLINED else e.decision
    return row


def agreement_row(a: Agreement) -> dict:
    return {
        "id": a.pk,
        "reference": a.reference,
        "title": a.title,
        "state": a.state,
        "current_hash": a.current_hash,
        "current_number": a.current_number,
        "accepted_a_hash": a.accepted_a_hash,
        "accepted_b_hash": a.accepted_b_hash,
        "agreed_hash": a.agreed_hash,
    }


def version_row(v: AgreementVersion) -> dict:
    return {
        "id": v.pk,
        "number": v.number,
        "content_hash": v.content_hash,
        "content": v.content,
        "relayed": v.relayed_at is not None,
    }
