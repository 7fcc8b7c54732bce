"""Tracing requests of the demo: relatives asking in Cyrillic and Latin, some for people on the
registry (typed as relatives type them), some for people who are not on it."""

from __future__ import annotations

import random

import iuliia
from django.test import override_settings

from corridor.registry.models import Person
from corridor.tracing import services
from corridor.tracing.captcha import challenge, solve

DIMINUTIVES = {"Александр": "Саша", "Олександр": "Сашко", "Мария": "Маша", "Марія": "Марічка",
               "Николай": "Коля", "Микола": "Коля", "Анна": "Аня", "Ганна": "Ганя",
               "Владимир": "Володя", "Володимир": "Володя", "Екатерина": "Катя"}  # fmt: skip
STRANGERS = [("Мельник", "Андрій"), ("Бондаренко", "Ольга"), ("Ткаченко", "Ігор"),
             ("Кравченко", "Наталія"), ("Олійник", "Сергій"), ("Шевчук", "Тетяна"),
             ("Поляков", "Дмитрий"), ("Лебедева", "Елена")]  # fmt: skip
RELATIONSHIPS = ["daughter", "son", "sister", "brother", "mother", "wife", "grandson", "niece"]


def _typed(rng: random.Random, person: Person) -> str:
    given = (
        DIMINUTIVES.get(person.given_name, person.given_name)
        if rng.random() < 0.2
        else person.given_name
    )
    name = (
        f"{person.family_name} {given}" if rng.random() < 0.6 else f"{given} {person.family_name}"
    )
    if rng.random() < 0.4:
        schema = rng.choice(
            [iuliia.WIKIPEDIA, iuliia.ICAO_DOC_9303, iuliia.GOST_779, iuliia.SCIENTIFIC]
        )
        return schema.translate(name)
    return name


def load(rng: random.Random, count: int = 300) -> int:
    """File `count` requests through the real service (captcha solved, one address each)."""
    persons = list(
        Person.objects.filter(merged_into__isnull=True).select_related("settlement")[:5000]
    )
    with override_settings(CORRIDOR_ALTCHA_MAX_NUMBER=500):
        for i in range(count):
            if rng.random() < 0.65 and persons:
                p = rng.choice(persons)
                sought = _typed(rng, p)
                birth = str(p.birth_year or "") if rng.random() < 0.7 else ""
                place = p.settlement.name_latin if p.settlement and rng.random() < 0.5 else ""
                sex = p.sex if p.sex in ("F", "M") else ""
            else:
                family, given = rng.choice(STRANGERS)
                sought, birth, place, sex = (
                    f"{family} {given}",
                    str(rng.randint(1940, 2005)),
                    "",
                    "",
                )
            services.file_request(
                services.Request(
                    sought_name=sought,
                    sought_birth=birth,
                    sought_sex=sex,
                    sought_place=place,
                    enquirer_name=f"Заявник {i + 1}",
                    relationship=rng.choice(RELATIONSHIPS),
                    email=f"enquirer{i + 1}@example.org",
                    language=rng.choice(["uk", "ru", "en"]),
                ),
                captcha=solve(challenge()),
                address=f"demo-{i}",
            )
    return count
