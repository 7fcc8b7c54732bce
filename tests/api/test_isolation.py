"""Party isolation through HTTP: every endpoint and page x every role x the other side's ids -> 404.

Routes are discovered from the URL configuration, so a new endpoint with an id in its path is
covered automatically (and fails here until its parameter is given a kind below).
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.factories import World, signed_in_client, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, django_capture_on_commit_callbacks) -> World:
    """The shared world plus, per side, an imported list, an import job and a match candidate."""
    from corridor.imports import services as imports
    from corridor.matching.models import MatchCandidate
    from tests.factories import build_world

    world = build_world()
    world.extra_ids = {"job_id": {}, "list_id": {}, "candidate_id": {}}  # type: ignore[attr-defined]
    for code in ("int", "a", "b"):
        user = world.users[f"{code}:field_registrar"]
        fam = f"CANARYLISTFAM{code.upper()}"
        for n, dob in enumerate(("03.07.1961", "1961-07-03")):
            text = f"Фамилия;Имя;Дата рождения\n{fam};Оксана;{dob}\n"
            job = imports.upload(user, f"{code}-{n}.csv", text.encode())
            job = imports.configure(user, job.pk, list_name=f"CANARYLISTNAME{code.upper()}{n}")
            with django_capture_on_commit_callbacks(execute=True):
                imports.commit(user, job.pk)
            job.refresh_from_db()
            assert job.source_list_id, job.error
        world.extra_ids["job_id"][code] = str(job.pk)  # type: ignore[attr-defined]
        world.extra_ids["list_id"][code] = str(job.source_list_id)  # type: ignore[attr-defined]
        candidate = MatchCandidate.objects.get(source_list_id=job.source_list_id)
        world.extra_ids["candidate_id"][code] = str(candidate.pk)  # type: ignore[attr-defined]
        world.canaries[code] |= {
            fam,
            f"CANARYLISTNAME{code.upper()}0",
            f"CANARYLISTNAME{code.upper()}1",
        }
    # A tracing case, held by the intermediary, with a candidate.
    from corridor.tracing import services as tracing
    from corridor.tracing.captcha import challenge, solve
    from corridor.tracing.models import TracingCandidate

    enquirer, _ = tracing.file_request(
        tracing.Request(
            sought_name="CANARYSOUGHT Person",
            enquirer_name="CANARYENQUIRER",
            relationship="CANARYRELATION",
            email="canary@example.org",
        ),
        captcha=solve(challenge()),
        address="192.0.2.1",
    )
    candidate = TracingCandidate.objects.create(
        organisation=enquirer.organisation,
        case=enquirer.case,
        person=world.persons["int"],
        probability=0.9,
        evidence=[],
    )
    world.extra_ids["case_id"] = {"int": str(enquirer.case_id)}  # type: ignore[attr-defined]
    world.extra_ids["tracing_candidate_id"] = {"int": str(candidate.pk)}  # type: ignore[attr-defined]
    message = tracing.send_message(
        world.users["int:caseworker"], enquirer.case_id, "to_sought", "CANARYMESSAGE"
    )
    world.extra_ids["message_id"] = {"int": str(message.pk)}  # type: ignore[attr-defined]
    world.canaries["int"] |= {"CANARYSOUGHT", "CANARYENQUIRER", "CANARYRELATION", "CANARYMESSAGE"}
    _corridor_block(world)
    # Exchange lists: per party a list, an entry, an upload and a person who refused to go
    # (sealed notes); the intermediary's reconciliation, a finding and a draft round.
    from corridor.exchange import protection, reconciliation, rounds, uploads
    from corridor.exchange.models import Finding, RoundMember
    from tests.exchange.helpers import ready_entries

    ids = world.extra_ids  # type: ignore[attr-defined]
    for key in ("exchange_list_id", "exchange_entry_id", "list_upload_id"):
        ids[key] = {}
    for code in ("a", "b"):
        officer = world.users[f"{code}:bureau_officer"]
        up = code.upper()
        sheet = f"ФИО;Звание;Воинская часть\nCANARYEXFAM{up} Иван;CANARYRANK{up};CANARYUNIT{up}\n"
        upload = uploads.upload(
            officer, f"{code}.csv", sheet.encode(), kind="sought", population="pow"
        )
        exchange_list = uploads.import_list(officer, upload.pk)
        entry = exchange_list.entries.get()
        entry.person_to_inform = f"CANARYWHEREEX{up}"
        entry.save()
        ids["list_upload_id"][code] = str(upload.pk)
        ids["exchange_list_id"][code] = str(exchange_list.pk)
        ids["exchange_entry_id"][code] = str(entry.pk)
        refused = ready_entries(world, code, 2, prefix="CANARYEX")[0]
        protection.interview(
            world.users["int:protection_delegate"], refused.pk, "refuses_repatriation",
            f"CANARYMEDREFUSAL{up}",
        )  # fmt: skip
        world.canaries[code] |= {f"CANARYEXFAM{up}", f"CANARYRANK{up}", f"CANARYUNIT{up}"}
        world.canaries[code] |= {f"CANARYEX{up}FAM0", f"CANARYEX{up}FAM1", f"CANARYEX{up}-0001"}
    run = reconciliation.run(world.users["int:caseworker"])
    ids["reconciliation_id"] = {"int": str(run.pk)}
    ids["finding_id"] = {"int": str(Finding.objects.filter(reconciliation=run).first().pk)}
    draft = rounds.create_round(world.users["int:operations_lead"], "Draft", "all_for_all", "any")
    ids["round_id"] = {"int": str(draft.pk)}
    ids["round_member_id"] = {"int": str(RoundMember.objects.filter(round=draft).first().pk)}
    # A PFIF export request, approved: its document would be a list of every person.
    from corridor.interop import export_requests

    export = export_requests.request_export(
        world.users["int:caseworker"], "Isolation check: an approved export request"
    )
    export_requests.decide(world.users["int:dpo"], export.pk, approve=True)
    ids["export_request_id"] = {"int": str(export.pk)}
    return world


def _corridor_block(world) -> None:
    """Corridors: a draft per party, an agreement relayed to both, evacuees per side, a convoy."""
    from corridor.corridors.models import Acknowledgement, Evacuee, MovementNotification
    from corridor.corridors.services import agreements, convoys, movements
    from tests.corridors.helpers import agreed_corridor, convoy_for, member, register, terms

    drafts = {
        code: agreements.request_corridor(
            world.users[f"{code}:liaison_officer"], terms(f"Draft {code}")
        )
        for code in ("a", "b")
    }
    shared = agreed_corridor(world)
    lead = world.users["int:operations_lead"]
    evacuee_ids = {}
    for code in ("int", "a", "b"):
        submission = register(world, [member(f"CANARYEVAC{code.upper()}")], code=code)
        evacuee_ids[code] = str(Evacuee.objects.get(submission=submission).pk)
        world.canaries[code].add(f"CANARYEVAC{code.upper()}")
    notification = MovementNotification.objects.get(agreement=shared)
    movements.acknowledge(world.users["a:liaison_officer"], notification.pk)
    convoy = convoy_for(world, shared)
    convoys.plan(lead, convoy.pk)
    world.extra_ids["agreement_id"] = {  # type: ignore[attr-defined]
        "a": str(drafts["a"].pk),
        "b": str(drafts["b"].pk),
        "a-shared": str(shared.pk),
    }
    world.extra_ids["notification_id"] = {"a-shared": str(notification.pk)}  # type: ignore[attr-defined]
    # A convoy still being planned exists for the intermediary only.
    world.extra_ids["convoy_id"] = {"int": str(convoy.pk)}  # type: ignore[attr-defined]
    world.extra_ids["evacuee_id"] = evacuee_ids  # type: ignore[attr-defined]
    assert Acknowledgement.objects.count() == 1


PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
SKIP_PREFIXES = ("admin/", "accounts/", "i18n/", "api/v1/docs", "api/v1/openapi.json")


def routes() -> list[str]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    return sorted({r for r in walk(get_resolver().url_patterns) if not r.startswith(SKIP_PREFIXES)})


def object_ids(world: World) -> dict[str, dict[str, str]]:
    """Ids by parameter name, by owning organisation code."""
    from corridor.transmissions.models import Transmission

    transmission = Transmission.objects.order_by("created_at").first()  # the world's first
    return {
        "person_id": {code: str(p.pk) for code, p in world.persons.items()}
        | {"a-shared": str(world.transmitted.pk)},
        "household_id": {code: str(h.pk) for code, h in world.households.items()},
        "transmission_id": {"to-b": str(transmission.pk)},
        **getattr(world, "extra_ids", {}),
    }


def owner_sees(user_org: str, param: str, owner: str) -> bool:
    """The rule under test, written independently of the code: what each side may see."""
    if user_org == "int":
        return True
    if param == "transmission_id":
        return owner == f"to-{user_org}"
    if owner == "a-shared":
        return user_org in ("a", "b")
    return owner == user_org


def sealed_canaries(world: World) -> set[str]:
    return {c for cs in world.canaries.values() for c in cs if "WHERE" in c or "MED" in c}


def foreign_strings(world: World, org: str) -> set[str]:
    if org == "int":
        return sealed_canaries(world)
    return {c for code, cs in world.canaries.items() if code != org for c in cs} | sealed_canaries(
        world
    )


def request(client: Client, url: str, token: str | None, method: str):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "GET":
        return client.get(url, **headers)
    return client.post(
        url,
        data="{}",
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=f"iso-{uuid.uuid4()}",
        **headers,
    )


def fetch(client, url, token):
    response = request(client, url, token, "GET")
    if response.status_code == 405:
        response = request(client, url, token, "POST")
    return response


def fill(route: str, param_values: dict[str, str]) -> str:
    # A route's other ids (a candidate within a case) get ids that exist nowhere.
    return "/" + PARAM.sub(lambda m: param_values.get(m.group(1), str(uuid.uuid4())), route)


def test_every_route_with_an_id_hides_other_sides_objects(world):
    ids = object_ids(world)
    param_routes = [r for r in routes() if PARAM.search(r)]
    assert len(param_routes) >= 7, param_routes
    for route in param_routes:
        names = PARAM.findall(route)
        unknown = [n for n in names if n not in ids and n != "field"]
        assert not unknown, f"{route}: give the parameter(s) {unknown} a kind in this test"
    checked = 0
    for key, user in world.users.items():
        org = key.split(":")[0]
        api_token = token_for(user)
        page_client = signed_in_client(user)
        forbidden = foreign_strings(world, org)
        for route in param_routes:
            id_param = next(n for n in PARAM.findall(route) if n != "field")
            is_api = route.startswith("api/")
            for owner, object_id in ids[id_param].items():
                if owner_sees(org, id_param, owner):
                    continue
                for field in ("whereabouts", "medical_needs"):
                    url = fill(route, {id_param: object_id, "field": field})
                    client = Client() if is_api else page_client
                    response = fetch(client, url, api_token if is_api else None)
                    body = response.content.decode()
                    assert response.status_code == 404, (key, url, response.status_code, body[:300])
                    leaked = [s for s in forbidden if s in body]
                    assert not leaked, (key, url, leaked)
                    # Not-found and forbidden look the same: compare with an id that exists nowhere.
                    missing = fetch(
                        client,
                        fill(route, {id_param: str(uuid.uuid4()), "field": field}),
                        api_token if is_api else None,
                    )
                    assert (missing.status_code, missing.content) == (
                        response.status_code,
                        response.content,
                    )
                    checked += 1
    assert checked > 100


def test_lists_and_pages_show_no_foreign_or_sealed_data(world):
    plain_routes = [r for r in routes() if not PARAM.search(r)]
    for key, user in world.users.items():
        org = key.split(":")[0]
        api_token = token_for(user)
        page_client = signed_in_client(user)
        forbidden = foreign_strings(world, org)
        for route in plain_routes:
            is_api = route.startswith("api/")
            response = (Client() if is_api else page_client).get(
                "/" + route, **({"HTTP_AUTHORIZATION": f"Bearer {api_token}"} if is_api else {})
            )
            # 403: a role that may not use the route at all (PFIF export) learns nothing either.
            assert response.status_code in (200, 403, 404, 405), (key, route, response.status_code)
            body = response.content.decode()
            leaked = [s for s in forbidden if s in body]
            assert not leaked, (key, route, leaked)


def test_the_canary_check_can_see_what_is_visible(world):
    """Guards the tests above: visible data does show up, so absence means something."""
    own = Client().get(
        "/api/v1/persons",
        HTTP_AUTHORIZATION=f"Bearer {token_for(world.users['a:liaison_officer'])}",
    )
    assert "CANARYFAMA" in own.content.decode()
    assert "CANARYPATSHARED" in own.content.decode()
    page = (
        signed_in_client(world.users["a:liaison_officer"])
        .get("/registry/persons/")
        .content.decode()
    )
    assert "CANARYFAMA" in page


def test_transmitted_record_shows_only_transmitted_fields(world):
    token = token_for(world.users["b:liaison_officer"])
    response = Client().get(
        f"/api/v1/persons/{world.transmitted.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    assert response.json() == {
        "id": str(world.transmitted.pk),
        "family_name": "SHAREDFAMA",
        "given_name": "SHAREDGIVA",
        "birth_year": 1950,
    }
    page = signed_in_client(world.users["b:liaison_officer"]).get(
        f"/registry/persons/{world.transmitted.pk}/"
    )
    html = page.content.decode()
    assert "SHAREDFAMA" in html
    assert "CANARYPATSHARED" not in html
    listed = Client().get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    from corridor.registry.models import Person

    own = {
        str(pk)
        for pk in Person.objects.filter(organisation=world.orgs["b"]).values_list("pk", flat=True)
    }
    assert {p["id"] for p in listed} == own | {str(world.transmitted.pk)}
    assert str(world.persons["b"].pk) in own


def test_sealed_field_needs_the_right_role_even_inside_the_intermediary(world):
    person = world.persons["a"].pk
    for key, expected in [
        ("int:dpo", 404),
        ("int:operations_lead", 404),
        ("int:protection_delegate", 200),
    ]:
        token = token_for(world.users[key])
        response = Client().get(
            f"/api/v1/persons/{person}/sealed/whereabouts", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert response.status_code == expected, key
    body = response.json()
    assert body == {"field": "whereabouts", "value": "CANARYWHEREA"}


def test_observer_sees_no_personal_records(world):
    token = token_for(world.users["med:observer"])
    assert Client().get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {token}").json() == []
    assert Client().get("/api/v1/households", HTTP_AUTHORIZATION=f"Bearer {token}").json() == []


def test_admin_is_closed_to_party_staff(world):
    client = signed_in_client(world.users["a:liaison_officer"])
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert "CANARY" not in response.content.decode()
