"""Small shared steps of the corridor services: who may act, references, the intermediary."""

from __future__ import annotations

import secrets

from django.db import models

from corridor.accounts.models import Organisation
from corridor.accounts.roles import OrganisationKind
from corridor.corridors import lifecycle as lc
from corridor.corridors.errors import StepNotAllowed
from corridor.errors import NotPermitted

REFERENCE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3469"


def ensure_role(user, roles: frozenset[str], *, intermediary: bool | None = None) -> None:
    """403 unless the user holds one of the roles (and sits on the required side)."""
    org = getattr(user, "organisation", None)
    if org is None or user.role not in roles:
        raise NotPermitted()
    if intermediary is True and not org.is_intermediary:
        raise NotPermitted()
    if intermediary is False and not org.is_party:
        raise NotPermitted()


def new_reference(model: type[models.Model], prefix: str) -> str:
    while True:
        ref = prefix + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if not model._default_manager.filter(reference=ref).exists():
            return ref


def intermediary() -> Organisation:
    org = Organisation.objects.filter(kind=OrganisationKind.INTERMEDIARY).order_by("code").first()
    if org is None:
        raise StepNotAllowed("no intermediary organisation is set up")
    return org


def party(kind: str) -> Organisation:
    org = Organisation.objects.filter(kind=kind).order_by("code").first()
    if org is None:
        raise StepNotAllowed(f"no organisation of kind {kind}")
    return org


def other_kind(kind: str) -> str:
    return lc.PARTY_B if kind == lc.PARTY_A else lc.PARTY_A


def move_evacuee(evacuee, target: str) -> str:
    """One step of the evacuee lifecycle; the caller saves and audits."""
    try:
        lc.check_evacuee(evacuee.state, target)
    except lc.TransitionRefused as exc:
        raise StepNotAllowed() from exc
    before = evacuee.state
    evacuee.state = target
    return before
