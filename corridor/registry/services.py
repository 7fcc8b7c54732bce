"""Registering households and civilians."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.accounts.roles import REGISTERING_ROLES
from corridor.audit import services as audit
from corridor.errors import NotPermitted
from corridor.registry import index
from corridor.registry.errors import HouseholdElsewhere, InvalidPerson
from corridor.registry.models import (
    Household,
    Person,
    PersonStatus,
    Settlement,
    Sex,
    Vulnerability,
)

VULNERABILITIES = frozenset(Vulnerability.values)


def _ensure_registrar(user) -> None:
    if user.organisation is None or user.role not in REGISTERING_ROLES:
        raise NotPermitted()


@transaction.atomic
def register_household(user, settlement: Settlement, reference: str = "") -> Household:
    """A field registrar opens a household in a settlement."""
    _ensure_registrar(user)
    household = Household.objects.create(
        organisation=user.organisation,
        settlement=settlement,
        reference=reference.strip(),
        created_by=user,
    )
    audit.record(
        user,
        "household.registered",
        household,
        {"settlement": str(settlement.pk), "reference": reference},
    )
    return household


@dataclass
class PersonDetails:
    """What a registrar gives for one civilian."""

    family_name: str
    given_name: str
    patronymic: str = ""
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    sex: str = Sex.UNKNOWN
    settlement: Settlement | None = None
    household: Household | None = None
    status: str = PersonStatus.REGISTERED
    vulnerabilities: list[str] = field(default_factory=list)
    whereabouts: str = ""
    medical_needs: str = ""


def _validate(details: PersonDetails) -> None:
    if not details.family_name.strip() and not details.given_name.strip():
        raise InvalidPerson(_("family_name: a family or given name is required"))
    if details.birth_day and not details.birth_month:
        raise InvalidPerson(_("birth_day: a day needs a month"))
    if (details.birth_month or details.birth_day) and not details.birth_year:
        raise InvalidPerson(_("birth_year: a month or day needs a year"))
    if details.birth_year is not None:
        this_year = datetime.datetime.now(tz=datetime.UTC).year
        if not 1890 <= details.birth_year <= this_year:
            raise InvalidPerson(_("birth_year: not a plausible year of birth"))
    if details.birth_month is not None and not 1 <= details.birth_month <= 12:
        raise InvalidPerson(_("birth_month: must be 1 to 12"))
    if details.birth_day is not None:
        try:
            datetime.date(details.birth_year or 2000, details.birth_month or 1, details.birth_day)
        except ValueError as exc:
            raise InvalidPerson(_("birth_day: no such day in that month")) from exc
    if details.sex not in Sex.values:
        raise InvalidPerson(_("sex: must be F, M or U"))
    if details.status not in PersonStatus.values:
        raise InvalidPerson(_("status: unknown status"))
    unknown = set(details.vulnerabilities) - VULNERABILITIES
    if unknown:
        raise InvalidPerson(
            _("vulnerabilities: unknown value %(v)s") % {"v": ", ".join(sorted(unknown))}
        )


@transaction.atomic
def register_person(user, details: PersonDetails) -> Person:
    """A field registrar records one civilian of their organisation; sealed fields are encrypted."""
    _ensure_registrar(user)
    _validate(details)
    if details.household is not None and details.household.organisation_id != user.organisation_id:
        raise HouseholdElsewhere()
    person = Person(
        organisation=user.organisation,
        household=details.household,
        family_name=details.family_name.strip(),
        given_name=details.given_name.strip(),
        patronymic=details.patronymic.strip(),
        birth_year=details.birth_year,
        birth_month=details.birth_month,
        birth_day=details.birth_day,
        sex=details.sex,
        settlement=details.settlement
        or (details.household.settlement if details.household else None),
        status=details.status,
        vulnerabilities=sorted(set(details.vulnerabilities)),
        whereabouts=details.whereabouts.strip(),
        medical_needs=details.medical_needs.strip(),
        created_by=user,
    )
    person.save()
    index.reindex([person])
    change = {k: v for k, v in vars(details).items() if k not in {"settlement", "household"}}
    change["settlement"] = str(person.settlement_id or "")
    change["household"] = str(person.household_id or "")
    audit.record(user, "person.registered", person, change)
    return person
