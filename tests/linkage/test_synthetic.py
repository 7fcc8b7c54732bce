"""The benchmark generator: deterministic, with consistent truth and every kind of hard case."""

import re

import polars as pl
import pytest

from corridor.linkage.synthetic import (
    DIFFICULTIES,
    PUBLIC_COLUMNS,
    generate,
    read_scenario,
    write_scenario,
)
from corridor.linkage.synthetic_noise import accusative, romanise
from corridor.linkage.synthetic_vocab import feminine_patronymic, feminine_surname, ru_to_uk_surname


@pytest.fixture(scope="module")
def scenario():
    return generate(4000, seed=11)


def test_same_seed_same_lists():
    a, b = generate(400, seed=3), generate(400, seed=3)
    assert a.registry.equals(b.registry)
    assert a.requests.equals(b.requests)
    assert a.truth.equals(b.truth)


def test_another_seed_other_lists():
    a, b = generate(400, seed=3), generate(400, seed=4)
    assert not a.requests.equals(b.requests)


def test_sizes_follow_the_parameters(scenario):
    assert scenario.people.height == 4000
    assert scenario.requests.height == 4000 * 4 // 7
    assert 0.95 * 4000 < scenario.registry.height < 1.1 * 4000


def test_truth_pairs_are_every_row_of_the_same_person(scenario):
    req = scenario.requests.select(pl.col("record_id").alias("request_id"), "person_id")
    reg = scenario.registry.select(pl.col("record_id").alias("registry_id"), "person_id")
    expected = req.join(reg, on="person_id").select("request_id", "registry_id", "person_id")
    assert scenario.truth.sort("request_id", "registry_id").equals(
        expected.sort("request_id", "registry_id")
    )
    unlisted = scenario.requests.filter(pl.col("difficulty").list.contains("not_in_registry"))
    assert unlisted.height > 0
    assert unlisted.join(scenario.truth, left_on="record_id", right_on="request_id").height == 0


def test_every_difficulty_slice_appears(scenario):
    seen = set(scenario.requests["difficulty"].explode().drop_nulls())
    assert set(DIFFICULTIES) <= seen


def test_father_and_son_of_one_name_are_never_a_true_pair(scenario):
    people = scenario.people
    sons = people.filter(pl.col("father") >= 0).join(
        people.select(pl.col("person_id").alias("father"), pl.col("given").alias("father_name")),
        on="father",
    )
    namesakes = sons.filter(pl.col("given") == pl.col("father_name")).select(
        pl.col("person_id").alias("son"), "father"
    )
    assert namesakes.height > 0
    truth = scenario.truth.join(
        scenario.registry.select(
            pl.col("record_id").alias("registry_id"), pl.col("person_id").alias("row_person")
        ),
        on="registry_id",
    )
    assert (truth["person_id"] == truth["row_person"]).all()
    crossed = namesakes.join(truth, left_on=["son", "father"], right_on=["person_id", "row_person"])
    assert crossed.height == 0
    both_listed = namesakes.join(
        scenario.registry, left_on="son", right_on="person_id", how="semi"
    ).join(scenario.registry, left_on="father", right_on="person_id", how="semi")
    assert both_listed.height > 0  # hard negatives the registry really holds


def test_public_lists_fill_whole_or_split_names(scenario):
    for which in ("registry", "requests"):
        df = scenario.public(which)
        assert tuple(df.columns) == PUBLIC_COLUMNS
        whole = df["full_name"].is_not_null()
        split = df["family_name"].is_not_null() | df["given_name"].is_not_null()
        assert (whole ^ split).all()


def test_latin_requests_hold_no_cyrillic(scenario):
    latin = scenario.requests.filter(pl.col("difficulty").list.contains("latin"))
    for row in latin.select("full_name", "given_name", "family_name").iter_rows():
        assert not any(v and re.search("[а-яіїєґё]", v, re.IGNORECASE) for v in row)


def test_write_and_read_back(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "p")
    again = read_scenario(tmp_path / "p")
    assert again.requests.sort("record_id").equals(scenario.requests.sort("record_id"))
    assert again.truth.equals(scenario.truth)
    write_scenario(scenario, tmp_path / "c", fmt="csv")
    assert pl.read_csv(tmp_path / "c" / "requests.csv").columns == list(PUBLIC_COLUMNS)


@pytest.mark.parametrize(
    ("ru", "uk"),
    [("Лебедев", "Лебедєв"), ("Ковалёв", "Ковальов"), ("Ильин", "Ільїн"), ("Григорьев", "Григор'єв"),
     ("Горбачёв", "Горбачов"), ("Смирнов", "Смирнов")],
)  # fmt: skip
def test_ukrainian_clerk_transcription(ru, uk):
    assert ru_to_uk_surname(ru) == uk


def test_gendered_forms():
    assert feminine_surname("Щербаков", "ru") == "Щербакова"
    assert feminine_surname("Ковальський", "uk") == "Ковальська"
    assert feminine_surname("Шевченко", "ru") == "Шевченко"
    assert feminine_patronymic("Миколайович", "uk") == "Миколаївна"
    assert feminine_patronymic("Ильич", "ru") == "Ильинична"


def test_declension_and_transliteration_examples():
    assert [
        accusative(w, p, 1, "ru") for w, p in (("Щербакова", "family"), ("Оксана", "given"))
    ] == ["Щербакову", "Оксану"]
    assert accusative("Шевченко", "family", 0, "uk") == "Шевченка"
    assert accusative("Шевченко", "family", 0, "ru") == "Шевченко"
    assert romanise("Щербакова", "german") == "Schtscherbakowa"
    assert romanise("Щербакова", "french") == "Chtcherbakova"
    assert romanise("Олександр", "kmu_2010") == "Oleksandr"
