"""The registry's search index: blocking keys of every person in a table, scored by the engine.

Each person's linkage features (one set per spelling met in their source records) and
blocking keys are written in the same transaction as the person, so a record is findable
the moment it is committed, on SQLite and PostgreSQL alike. A query finds the persons that
share a key with it, then the engine's comparisons (their Python twins) score and explain.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count

from corridor.linkage.comparisons import DEFAULT_COMPARISONS
from corridor.linkage.explain import FieldEvidence, explain_pair
from corridor.linkage.features import record_features
from corridor.linkage.model import (
    default_parameters,
    log_bayes_factors,
    match_weights,
    probabilities,
)
from corridor.registry.models import Person, PersonKey

MAX_BLOCK = 2000  # a key shared by more persons tells nothing (as in the batch engine)
FEATURE_KEYS = (
    "fam1", "fam2", "gid1", "gid2", "gsk", "ginit", "fid", "pinit",
    "y_lo", "y_hi", "m", "d", "m2", "d2", "sex", "place", "fsk", "ident",
)  # fmt: skip


def stable_hash(key: str) -> int:
    """A blocking key as a signed 64-bit integer that is the same in every process."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def date_text(person: Person) -> str:
    """The date of birth as the engine reads it: 1961-07-03, 1961-07, 1961 or the note as given."""
    if person.birth_year and person.birth_month and person.birth_day:
        return f"{person.birth_year:04d}-{person.birth_month:02d}-{person.birth_day:02d}"
    if person.birth_year and person.birth_month:
        return f"{person.birth_year:04d}-{person.birth_month:02d}"
    if person.birth_year:
        return str(person.birth_year)
    return person.birth_note


def primary_record(person: Person) -> dict[str, Any]:
    """The linkage record of the person as registered (their name fields, no other spelling)."""
    settlement = person.settlement if person.settlement_id else None
    place = settlement.name_uk if settlement is not None else ""
    return {
        "record_id": str(person.pk),
        "date_of_birth": date_text(person),
        "sex": person.sex if person.sex in ("F", "M") else "",
        "place": place or person.place_note,
        "family_name": person.family_name,
        "given_name": person.given_name,
        "patronymic": person.patronymic,
    }


def person_records(person: Person) -> list[dict[str, Any]]:
    """One linkage record per spelling of the person's name, the registered one first."""
    first = primary_record(person)
    base = {k: first[k] for k in ("record_id", "date_of_birth", "sex", "place")}
    return [first, *({**base, "full_name": name} for name in person.alternate_names or [])]


def features_of(person: Person, today: datetime.date | None = None) -> list[dict[str, Any]]:
    return [record_features(r, today) for r in person_records(person)]


MAX_YEAR_SPAN = 6


def _search_keys(f: dict[str, Any]) -> list[str]:
    """Keys under which a person is found, as text (hashed stably: they live in the database).

    The batch engine's kinds (docs/linkage.md) without its refinements — the database caps
    a key's block at query time instead — plus the family name alone, because people search
    by surname only. The engine's own integer keys use a per-process hash and cannot be stored.
    """
    keys: list[str] = []
    fams = [x for x in (f["fam1"], f["fam2"]) if x]
    gids = [x for x in (f["gid1"], f["gid2"]) if x]
    years: list[int] = []
    if f["y_lo"] is not None and f["y_hi"] - f["y_lo"] <= MAX_YEAR_SPAN:
        years = list(range(f["y_lo"], f["y_hi"] + 1))
    for fam in fams:
        keys.append(f"fo|{fam}")
        keys += [f"fg|{fam}|{g}" for g in gids]
        keys += [f"fy|{fam}|{y}" for y in years]
        if f["fid"]:
            keys.append(f"ff|{fam}|{f['fid']}")
    if f["ident"]:
        ident = f["ident"]
        keys.append(f"id|{ident}")
        if len(ident) >= 6:
            half = len(ident) // 2
            keys += [f"ih|{ident[:half]}", f"it|{ident[half:]}"]
    if f["fsk"] and f["gsk"] and f["fsk"] != f["gsk"]:
        pair = "|".join(sorted((f["fsk"], f["gsk"])))
        keys += [f"nm|{pair}|{y}" for y in years] if years else [f"nm|{pair}"]
    for g in gids:
        keys += [f"gy|{g}|{y}" for y in years]
    if f["d"] is not None and f["place"]:
        keys.append(f"dp|{f['y_lo']}-{f['m']}-{f['d']}|{f['place']}")
    return list(dict.fromkeys(keys))


def keys_of(features: Iterable[dict[str, Any]]) -> set[int]:
    return {stable_hash(k) for f in features for k in _search_keys(f)}


def reindex(persons: Iterable[Person]) -> None:
    """Recompute features and keys of saved persons (call inside the writing transaction)."""
    persons = list(persons)
    if not persons:
        return
    today = datetime.datetime.now(tz=datetime.UTC).date()
    rows: list[PersonKey] = []
    for person in persons:
        person.match_features = features_of(person, today)
        rows += [PersonKey(person=person, key=h) for h in keys_of(person.match_features)]
    Person.objects.bulk_update(persons, ["match_features"], batch_size=1000)
    PersonKey.objects.filter(person__in=[p.pk for p in persons]).delete()
    PersonKey.objects.bulk_create(rows, batch_size=5000)


# --- the query ---

_DATE_WORDS = re.compile(
    r"^(около|приблизно|приблизительно|близько|бл\.|ок\.|ca\.?|about|approx\.?|лет|года|год|г\.|р\.|"
    r"років|роки|рік|years?|y\.?o\.?|age|aged|~)$",
    re.IGNORECASE,
)


def split_query(text: str) -> dict[str, str]:
    """A search box's text as a record: words are the name, numbers and age words the date."""
    name, date = [], []
    for token in text.split():
        if any(ch.isdigit() for ch in token) or _DATE_WORDS.match(token):
            date.append(token)
        else:
            name.append(token)
    return {"record_id": "query", "full_name": " ".join(name), "date_of_birth": " ".join(date)}


@dataclass(frozen=True)
class Hit:
    """A person who may be the one sought, how likely, and why."""

    person: Person
    probability: float
    evidence: list[FieldEvidence]


def _usable_keys(persons, query_keys: set[int]) -> list[int]:
    """The query's keys shared by at most MAX_BLOCK of the given persons.

    Counted over the whole index first (COUNT(*) reads the (key, person_id) index alone): a
    key that few persons hold is usable whoever may see them. Only for a key held by more
    persons in all are its holders checked against the given persons, batch by batch, until
    more than MAX_BLOCK of them are found or none are left.
    """
    if not query_keys:
        return []
    counts = (
        PersonKey.objects.filter(key__in=list(query_keys))
        .values("key")
        .annotate(n=Count("*"))
        .order_by()
    )
    return [
        row["key"]
        for row in counts
        if row["n"] <= MAX_BLOCK or not _held_by_more(persons, row["key"], MAX_BLOCK)
    ]


def _held_by_more(persons, key: int, cap: int) -> bool:
    """Whether more than `cap` of the given persons hold the key.

    The key's holders are taken from the index in person-id order, `cap` + 1 at a time, and
    looked up among the persons one by one (joined whole, the two can be planned as a scan
    of every person searched). A key that all of its holders may see costs one batch.
    """
    holders = PersonKey.objects.filter(key=key).order_by("person_id")
    found, after = 0, None
    while True:
        batch = holders if after is None else holders.filter(person_id__gt=after)
        ids = batch.values("person_id")[: cap + 1]
        found += persons.filter(pk__in=ids).order_by().values("pk").distinct().count()
        if found > cap:
            return True
        last = list(batch.values_list("person_id", flat=True)[cap : cap + 1])
        if not last:
            return False
        after = last[0]


def search(
    persons, record: dict[str, Any], *, limit: int = 20, min_probability: float = 0.05
) -> list[Hit]:
    """Persons of the given queryset who may be this record, most probable first, explained."""
    today = datetime.datetime.now(tz=datetime.UTC).date()
    query = record_features(record, today)
    usable = _usable_keys(persons, keys_of([query]))
    if not usable:
        return []
    # Only ids and features travel for scoring; whole rows only for the hits returned.
    holders = PersonKey.objects.filter(key__in=usable).values("person_id")
    found = list(
        persons.filter(pk__in=holders).values_list("pk", "match_features")[: 20 * MAX_BLOCK]
    )
    if not found:
        return []
    unindexed = {p.pk: p for p in persons.filter(pk__in=[pk for pk, f in found if not f])}
    params = default_parameters(DEFAULT_COMPARISONS)
    comparisons = params.comparisons
    # Each person is scored by their best-matching spelling.
    owners: list[int] = []
    gamma_rows: list[list[int]] = []
    for i, (pk, features) in enumerate(found):
        for other in features or features_of(unindexed[pk], today):
            owners.append(i)
            gamma_rows.append([c.python(query, other) for c in comparisons])
    gamma = np.array(gamma_rows, dtype=np.int64)
    log_bf = log_bayes_factors(params, gamma, {})
    probs = probabilities(match_weights(log_bf, params.prior))
    best: dict[int, int] = {}
    for k, owner in enumerate(owners):
        if owner not in best or probs[k] > probs[best[owner]]:
            best[owner] = k
    ranked = [
        (i, k)
        for i, k in sorted(best.items(), key=lambda item: -probs[item[1]])[:limit]
        if probs[k] >= min_probability
    ]
    shown = persons.filter(pk__in=[found[i][0] for i, _ in ranked]).select_related("settlement")
    by_pk = {p.pk: p for p in shown}
    return [
        Hit(by_pk[found[i][0]], float(probs[k]), explain_pair(params, gamma[k], log_bf[k]))
        for i, k in ranked
    ]
