"""The demo scenario: organisations, one user per role, the Sudzha district and ~1,500 civilians.

Everything is written through the same services as real use, so the audit chain, sealing and
visibility rules hold for demo data too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts.models import Organisation, Unit, User
from corridor.accounts.roles import OrganisationKind, Role
from corridor.audit import services as audit
from corridor.demo import sudzha
from corridor.registry import services as registry
from corridor.registry.models import Person, PersonStatus, Settlement
from corridor.transmissions.models import Basis
from corridor.transmissions.services import transmit

DEMO_PASSWORD = "corridor-demo-2026"  # noqa: S105  (synthetic demo only, printed on purpose)

ORGANISATIONS = [
    ("intermediary", "Neutral humanitarian intermediary", OrganisationKind.INTERMEDIARY),
    ("party-a", "Party A", OrganisationKind.PARTY_A),
    ("party-b", "Party B", OrganisationKind.PARTY_B),
    ("mediator", "Mediator state", OrganisationKind.MEDIATOR),
]

USERS = [
    ("caseworker", "intermediary", Role.CASEWORKER),
    ("delegate", "intermediary", Role.PROTECTION_DELEGATE),
    ("opslead", "intermediary", Role.OPERATIONS_LEAD),
    ("dpo", "intermediary", Role.DATA_PROTECTION_OFFICER),
    ("registrar", "intermediary", Role.FIELD_REGISTRAR),
    ("liaison-a", "party-a", Role.LIAISON_OFFICER),
    ("bureau-a", "party-a", Role.BUREAU_OFFICER),
    ("registrar-a", "party-a", Role.FIELD_REGISTRAR),
    ("liaison-b", "party-b", Role.LIAISON_OFFICER),
    ("bureau-b", "party-b", Role.BUREAU_OFFICER),
    ("registrar-b", "party-b", Role.FIELD_REGISTRAR),
    ("observer", "mediator", Role.OBSERVER),
]

_PATRONYMIC_EXCEPTIONS = {
    "Пётр": "Петров",
    "Павел": "Павлов",
    "Михаил": "Михайлов",
    "Николай": "Николаев",
    "Дмитрий": "Дмитриев",
    "Андрей": "Андреев",
    "Сергей": "Сергеев",
    "Алексей": "Алексеев",
}


def patronymic(father: str, sex: str) -> str:
    """Russian patronymic from a father's given name (regular forms plus the common exceptions)."""
    if father in _PATRONYMIC_EXCEPTIONS:
        stem = _PATRONYMIC_EXCEPTIONS[father]
    elif father.endswith("ий"):
        stem = father[:-2] + "ьев"
    elif father.endswith("й"):
        stem = father[:-1] + "ев"
    else:
        stem = father + "ов"
    return stem + ("на" if sex == "F" else "ич")


def feminine(family: str) -> str:
    for ending in ("ов", "ев", "ин", "ёв"):
        if family.endswith(ending):
            return family + "а"
    return family


@dataclass(frozen=True)
class Login:
    """A demo login to print."""

    username: str
    organisation: str
    role: str
    totp_secret: str


def _make_users() -> list[Login]:
    import base64

    orgs = {code: Organisation.objects.get(code=code) for code, _, _ in ORGANISATIONS}
    logins = []
    for username, org_code, role in USERS:
        org = orgs[org_code]
        unit, _ = Unit.objects.get_or_create(organisation=org, name="Sudzha desk")
        user = User(username=username, organisation=org, unit=unit, role=role)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = username == "dpo"
        user.full_clean()
        user.save()
        device = TOTPDevice.objects.create(user=user, name="demo authenticator", confirmed=True)
        audit.record(None, "user.created", user, {"role": role, "organisation": org_code})
        logins.append(Login(username, org.name, role, base64.b32encode(device.bin_key).decode()))
    return logins


def _birth(rng: random.Random, low: int, high: int) -> tuple[int, int | None, int | None]:
    year = rng.randint(low, high)
    r = rng.random()
    if r < 0.15:
        return year, None, None  # only the year is known
    if r < 0.2:
        return year, rng.randint(1, 12), None
    return year, rng.randint(1, 12), rng.randint(1, 28)


def _household(rng, registrar, settlement: Settlement, ref: str) -> list[Person]:
    family = rng.choice(sudzha.FAMILY_NAMES)
    household = registry.register_household(registrar, settlement, ref)
    members = []
    size = rng.choices([1, 2, 3, 4, 5], weights=[30, 35, 15, 12, 8])[0]
    grandfather = rng.choice(sudzha.MALE_GIVEN)
    head_sex = rng.choice("FM") if size == 1 else "M"
    head_given = rng.choice(sudzha.MALE_GIVEN if head_sex == "M" else sudzha.FEMALE_GIVEN)
    plan = [(head_sex, head_given, grandfather, (1935, 1965))]
    if size >= 2:
        plan.append(
            ("F", rng.choice(sudzha.FEMALE_GIVEN), rng.choice(sudzha.MALE_GIVEN), (1938, 1968))
        )
    for _ in range(size - 2):
        sex = rng.choice("FM")
        plan.append(
            (
                sex,
                rng.choice(sudzha.MALE_GIVEN if sex == "M" else sudzha.FEMALE_GIVEN),
                head_given if head_sex == "M" else rng.choice(sudzha.MALE_GIVEN),
                (1965, 2015),
            )
        )
    for sex, given, father, (low, high) in plan:
        year, month, day = _birth(rng, low, high)
        vulnerabilities = []
        if year >= 2008:
            vulnerabilities.append("child")
        if year <= 1950:
            vulnerabilities.append("elderly")
        medical = ""
        if rng.random() < 0.08:
            medical = rng.choice(
                [
                    "insulin-dependent diabetes",
                    "uses a wheelchair",
                    "needs a stretcher",
                    "dialysis twice a week",
                ]
            )
            vulnerabilities.append("medical")
        where = ""
        if rng.random() < 0.1:
            where = rng.choice(
                [
                    "staying in the school basement",
                    "with a neighbour, house 12",
                    "in the church shelter",
                ]
            )
        details = registry.PersonDetails(
            family_name=feminine(family) if sex == "F" else family,
            given_name=given,
            patronymic=patronymic(father, sex),
            birth_year=year,
            birth_month=month,
            birth_day=day,
            sex=sex,
            household=household,
            settlement=settlement,
            status=rng.choices(
                [PersonStatus.REGISTERED, PersonStatus.WISHES_TO_LEAVE, PersonStatus.STAYING],
                weights=[50, 35, 15],
            )[0],
            vulnerabilities=vulnerabilities,
            whereabouts=where,
            medical_needs=medical,
        )
        members.append(registry.register_person(registrar, details))
    return members


@transaction.atomic
def load(seed: int = 2025, civilians: int = 1500) -> list[Login]:
    """Create the whole scenario in one transaction; refuses to load twice."""
    if Organisation.objects.filter(code="intermediary").exists():
        raise RuntimeError("the demo scenario is already loaded")
    rng = random.Random(seed)
    for code, name, org_kind in ORGANISATIONS:
        kind = str(org_kind)
        org = Organisation.objects.create(code=code, name=name, kind=kind)
        audit.record(None, "organisation.created", org, {"code": code, "kind": kind})
    logins = _make_users()
    for ru, uk, latin, kind, lat, lon in sudzha.SETTLEMENTS:
        s = Settlement.objects.create(
            name_ru=ru,
            name_uk=uk,
            name_latin=latin,
            kind=kind,
            district="Суджанский / Суджанський",
            latitude=lat,
            longitude=lon,
        )
        audit.record(None, "settlement.created", s)
    settlements = list(Settlement.objects.all())
    registrar_a = User.objects.get(username="registrar-a")
    registrar_i = User.objects.get(username="registrar")
    registrar_b = User.objects.get(username="registrar-b")
    made: list[Person] = []
    n = 0
    while len(made) < civilians:
        n += 1
        registrar = registrar_a if rng.random() < 0.7 else registrar_i
        made += _household(rng, registrar, rng.choice(settlements), f"H-{n:04d}")
    party_b_people: list[Person] = []
    while len(party_b_people) < 150:
        n += 1
        party_b_people += _household(rng, registrar_b, rng.choice(settlements), f"B-{n:04d}")
    opslead = User.objects.get(username="opslead")
    leaving = [
        p
        for p in made
        if p.organisation_id == registrar_a.organisation_id
        and p.status == PersonStatus.WISHES_TO_LEAVE
    ][:60]
    transmit(
        opslead,
        Organisation.objects.get(code="party-b"),
        Basis.CORRIDOR,
        "Pre-departure list for the first convoy (names, year of birth, settlement)",
        [(p, ["family_name", "given_name", "birth_year", "settlement", "status"]) for p in leaving],
    )
    from corridor.demo import corridor_demo, tracing_requests

    tracing_requests.load(rng, 300)
    corridor_demo.load(rng)
    return logins
