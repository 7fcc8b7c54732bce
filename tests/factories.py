"""Test data: organisations, one user per role, and records seeded with canary strings."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts.models import Organisation, User
from corridor.accounts.roles import ROLES_BY_KIND, OrganisationKind, Role
from corridor.accounts.services import issue_api_token
from corridor.registry import services as registry
from corridor.registry.models import Household, Person, Settlement
from corridor.transmissions.models import Basis
from corridor.transmissions.services import transmit

PASSWORD = "correct horse battery staple"


def make_org(code: str, kind: str) -> Organisation:
    return Organisation.objects.create(code=code, name=f"Org {code}", kind=kind)


def make_user(
    org: Organisation, role: str, username: str | None = None, *, device: bool = True
) -> User:
    user = User(username=username or f"{org.code}-{role}", organisation=org, role=role)
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    if device:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def current_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def signed_in_client(user: User) -> Client:
    """A browser session that passed both factors, as the login pages would leave it."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def token_for(user: User) -> str:
    return issue_api_token(None, user, "test").value


@dataclass
class World:
    """Three sides with a user per role and records carrying unique canary strings."""

    orgs: dict[str, Organisation]
    users: dict[str, User]  # "<org code>:<role>"
    settlement: Settlement
    persons: dict[str, Person]
    households: dict[str, Household]
    transmitted: Person
    canaries: dict[str, set[str]] = field(default_factory=dict)  # org code -> strings owned


def build_world() -> World:
    orgs = {
        "int": make_org("int", OrganisationKind.INTERMEDIARY),
        "a": make_org("a", OrganisationKind.PARTY_A),
        "b": make_org("b", OrganisationKind.PARTY_B),
        "med": make_org("med", OrganisationKind.MEDIATOR),
    }
    users = {}
    for code, org in orgs.items():
        for role in sorted(ROLES_BY_KIND[org.kind]):
            users[f"{code}:{role}"] = make_user(org, role)
    settlement = Settlement.objects.create(
        name_ru="Суджа", name_uk="Суджа", name_latin="Sudzha", kind="город", district="Суджанский"
    )
    persons: dict[str, Person] = {}
    households: dict[str, Household] = {}
    canaries: dict[str, set[str]] = {code: set() for code in orgs}
    for code in ("int", "a", "b"):
        registrar = users[f"{code}:{Role.FIELD_REGISTRAR}"]
        hh = registry.register_household(registrar, settlement, f"CANARYHH{code.upper()}")
        households[code] = hh
        fam, given, patr = (
            f"CANARYFAM{code.upper()}",
            f"CANARYGIV{code.upper()}",
            f"CANARYPAT{code.upper()}",
        )
        where, med = f"CANARYWHERE{code.upper()}", f"CANARYMED{code.upper()}"
        persons[code] = registry.register_person(
            registrar,
            registry.PersonDetails(
                family_name=fam,
                given_name=given,
                patronymic=patr,
                birth_year=1961,
                birth_month=7,
                birth_day=3,
                sex="F",
                household=hh,
                whereabouts=where,
                medical_needs=med,
            ),
        )
        canaries[code] |= {fam, given, patr, where, med, f"CANARYHH{code.upper()}"}
    # Party A's person, second record: some fields transmitted to party B.
    registrar_a = users[f"a:{Role.FIELD_REGISTRAR}"]
    transmitted = registry.register_person(
        registrar_a,
        registry.PersonDetails(
            family_name="SHAREDFAMA",
            given_name="SHAREDGIVA",
            patronymic="CANARYPATSHARED",
            birth_year=1950,
            whereabouts="CANARYWHERESHARED",
            medical_needs="CANARYMEDSHARED",
        ),
    )
    canaries["a"] |= {"CANARYPATSHARED", "CANARYWHERESHARED", "CANARYMEDSHARED"}
    transmit(
        users[f"int:{Role.OPERATIONS_LEAD}"],
        orgs["b"],
        Basis.CORRIDOR,
        "pre-departure list",
        [(transmitted, ["family_name", "given_name", "birth_year"])],
    )
    return World(orgs, users, settlement, persons, households, transmitted, canaries)
