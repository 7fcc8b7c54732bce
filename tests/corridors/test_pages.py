"""Pages: the agreement with its picture, PDFs in three languages, manifests, the hand-over."""

from __future__ import annotations

import pytest

from corridor.corridors.models import Evacuee
from corridor.corridors.services import convoys
from tests.corridors.helpers import agreed_corridor, convoy_for, member, register
from tests.factories import signed_in_client

pytestmark = pytest.mark.django_db


def test_agreement_page_pdf_and_manifests(world):
    agreement = agreed_corridor(world)
    register(world, [member("Koval"), member("Koval", given="Olha")], agreement=agreement)
    register(world, [member("Moroz", decision="stay")], agreement=agreement)
    lead = world.users["int:operations_lead"]
    convoy = convoy_for(world, agreement)
    convoys.plan(lead, convoy.pk)
    convoys.send_manifest(lead, convoy.pk)
    for key in ("int:operations_lead", "a:liaison_officer", "b:liaison_officer"):
        client = signed_in_client(world.users[key])
        page = client.get(f"/corridors/{agreement.pk}/").content.decode()
        assert 'class="route-map"' in page
        assert "Plyokhovo" in page
        if key.startswith("int"):
            assert "declined" in page
        else:
            assert "declined" not in page
        for language, _word in (("ru", "Суджа"), ("uk", "Суджа"), ("en", "Sudzha")):
            pdf = client.get(f"/corridors/{agreement.pk}/pdf/?language={language}")
            assert pdf.status_code == 200
            assert pdf.content.startswith(b"%PDF")
        csv = client.get(f"/corridors/convoys/{convoy.pk}/manifest/?format=csv").content.decode()
        assert "Koval" in csv
        assert "Moroz" not in csv
        assert "patronymic" not in csv.splitlines()[0]
        pdf = client.get(f"/corridors/convoys/{convoy.pk}/manifest/?format=pdf")
        assert pdf.content.startswith(b"%PDF")
    codes = list(Evacuee.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == 2
    assert all(len(c) == 10 and c.isdigit() for c in codes)


def test_registration_page_twice_registers_once(world):
    from tests.corridors.helpers import settlements

    places = settlements()
    client = signed_in_client(world.users["a:field_registrar"])
    assert client.get("/corridors/register/").status_code == 200
    data = {
        "key": "web-fixed-key-0001",
        "settlement": str(places["Sudzha"].pk),
        "destination": str(places["Kursk"].pk),
        "witness": "Neighbour Maria",
        "m-TOTAL_FORMS": "2",
        "m-INITIAL_FORMS": "0",
        "m-0-family_name": "Tkachenko",
        "m-0-given_name": "Ivan",
        "m-0-decision": "leave",
        "m-0-priority": "2",
        "m-1-decision": "leave",
        "m-1-priority": "3",
    }
    first = client.post("/corridors/register/", data)
    assert first.status_code == 200, first.content.decode()[:3000]
    assert "Saved." in first.content.decode()
    second = client.post("/corridors/register/", data)
    assert "already saved" in second.content.decode()
    assert Evacuee.objects.filter(person__family_name="Tkachenko").count() == 1


def test_observer_sees_logistics_and_no_names(world):
    agreement = agreed_corridor(world)
    register(world, [member("CANARYLOGISTICS")], agreement=agreement)
    lead = world.users["int:operations_lead"]
    convoy = convoy_for(world, agreement)
    convoys.plan(lead, convoy.pk)
    convoys.send_manifest(lead, convoy.pk)
    observer = signed_in_client(world.users["med:observer"])
    page = observer.get("/corridors/logistics/").content.decode()
    assert convoy.reference in page
    assert "Plyokhovo" in page
    assert "CANARYLOGISTICS" not in page
    assert observer.get(f"/corridors/{agreement.pk}/").status_code == 404
    assert observer.get(f"/corridors/convoys/{convoy.pk}/").status_code == 404


def test_registrar_sees_own_registrations_and_withdrawn_not_declined(world):
    register(world, [member("Stays", decision="stay"), member("Goes")])
    page = signed_in_client(world.users["a:field_registrar"]).get("/corridors/register/")
    html = page.content.decode()
    assert "Stays Anna · withdrawn" in html
    assert "Goes Anna · ready" in html
    assert "declined" not in html
