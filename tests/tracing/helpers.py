"""Filing requests as a relative's browser would, and a registry to find people in."""

from __future__ import annotations

import html
import json
import re

from django.test import Client

from corridor.registry import services as registry
from corridor.tracing import captcha

CHALLENGE = re.compile(r'data-challenge="([^"]+)"')
CODES = re.compile(r'<code id="reference">([^<]+)</code>.*?<code id="secret">([^<]+)</code>', re.S)

REQUEST = {
    "sought_name": "Shcherbakova Oksana",
    "sought_birth": "1961",
    "sought_sex": "F",
    "sought_place": "Sudzha",
    "category": "civilian",
    "enquirer_name": "Ірина Щербакова",
    "relationship": "daughter",
    "email": "irina@example.org",
    "agree": "on",
}


def solved_captcha(client: Client) -> str:
    page = client.get("/trace/").content.decode()
    challenge = json.loads(html.unescape(CHALLENGE.search(page).group(1)))
    return captcha.solve(challenge)


def file_request(client: Client | None = None, *, payload: str | None = None, **fields):
    client = client or Client()
    data = REQUEST | fields
    data["altcha"] = payload if payload is not None else solved_captcha(client)
    return client.post("/trace/", data, REMOTE_ADDR=fields.pop("address", "203.0.113.7"))


def codes(response) -> tuple[str, str]:
    match = CODES.search(response.content.decode())
    assert match, response.content.decode()[:2000]
    return match.group(1), match.group(2)


def register_oksana(world):
    return registry.register_person(
        world.users["a:field_registrar"],
        registry.PersonDetails(
            family_name="Щербакова",
            given_name="Оксана",
            patronymic="Владимировна",
            birth_year=1961,
            birth_month=7,
            birth_day=3,
            sex="F",
            settlement=world.settlement,
        ),
    )


def status(client: Client, reference: str, secret: str) -> str:
    return client.post(
        "/trace/status/", {"reference": reference, "secret": secret}
    ).content.decode()
