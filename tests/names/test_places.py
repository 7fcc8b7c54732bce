"""Settlement keys: one key per settlement in any language or spelling, distinct settlements apart."""

import iuliia
import pytest
import translitua
from hypothesis import given
from hypothesis import strategies as st

from corridor.demo.sudzha import SETTLEMENTS
from corridor.names.places import address_key, place_key, place_tokens

NAMES = [(ru, uk, latin) for ru, uk, latin, *_ in SETTLEMENTS]

# Every standard the libraries know except those no single key can fold (corridor.names.skeleton):
# х as x (GOST 7.79-B, GOST 7034, scholarly, UZ, WWS, DSTU 9112-A), дж as dj (telegraph,
# French), German, and the 2004 Ukrainian passport alternative's c for к.
RUSSIAN_STANDARDS = [
    "ALA_LC",
    "ALA_LC_ALT",
    "BGN_PCGN",
    "BGN_PCGN_ALT",
    "BS_2979",
    "BS_2979_ALT",
    "GOST_16876",
    "GOST_16876_ALT",
    "GOST_52290",
    "GOST_52535",
    "GOST_779",
    "ICAO_DOC_9303",
    "ISO_9_1954",
    "ISO_9_1968",
    "ISO_9_1968_ALT",
    "MOSMETRO",
    "MVD_310",
    "MVD_782",
    "UNGEGN_1987",
    "WIKIPEDIA",
    "YANDEX_MAPS",
    "YANDEX_MONEY",
]
UKRAINIAN_STANDARDS = [
    "UkrainianALALC",
    "UkrainianALALCModified",
    "UkrainianBGN",
    "UkrainianBGN2019",
    "UkrainianBritish",
    "UkrainianDSTU9112B",
    "UkrainianGOST1971",
    "UkrainianGOST1986",
    "UkrainianISO9",
    "UkrainianKMU",
    "UkrainianNational1996",
    "UkrainianPassport2007",
    "UkrainianSimple",
    "UkrainianUNGEGN",
]


@pytest.mark.parametrize(("ru", "uk", "latin"), NAMES, ids=[n[2] for n in NAMES])
def test_each_settlement_has_one_key_in_three_scripts(ru, uk, latin):
    assert place_key(ru) == place_key(uk) == place_key(latin) != ""


def test_distinct_settlements_have_distinct_keys():
    keys = [place_key(ru) for ru, _, _ in NAMES]
    assert len(set(keys)) == len(NAMES)


@pytest.mark.parametrize("standard", RUSSIAN_STANDARDS)
def test_russian_transliteration_standards(standard):
    schema = getattr(iuliia, standard)
    for ru, _, _ in NAMES:
        assert place_key(schema.translate(ru)) == place_key(ru), schema.translate(ru)


@pytest.mark.parametrize("standard", UKRAINIAN_STANDARDS)
def test_ukrainian_transliteration_standards(standard):
    table = getattr(translitua, standard)
    for _, uk, _ in NAMES:
        assert place_key(translitua.translit(uk, table)) == place_key(uk)


@pytest.mark.parametrize(
    "text",
    [
        "Гончаровка",
        "с. Гончаровка",
        "с.Гончаровка",
        "c. Гончаровка",  # a Latin c, typed on the wrong keyboard
        "село Гончаровка",
        "селище Гончарівка",
        "смт Гончарівка",
        "пгт Гончаровка",
        "пос. Гончаровка",
        "посёлок Гончаровка",
        "х. Гончаровка",
        "хутор Гончаровка",
        "д. Гончаровка",
        "деревня Гончаровка",
        "г. Гончаровка",
        "город Гончаровка",
        "м. Гончарівка",
        "місто Гончарівка",
        "s. Goncharovka",
        "selo Goncharovka",
        "smt Honcharivka",
        "vil. Goncharovka",
        "Goncharovka village",
        "Honcharivka town",
        "ГОНЧАРОВКА",
        "Гончарoвка",  # a Latin o inside a Cyrillic word
        "Gontcharovka",
        "с. Гончаровка, Суджанский р-н, Курская обл.",
        "Курская обл., Суджанский р-н, с. Гончаровка",
        "Гончаровка Суджанского района Курской области",
        "с. Гончарівка (Суджанський район)",
        "Гончарівка (Курська область, Росія)",
        "Goncharovka village, Sudzhanskiy district, Kursk oblast",
        "Goncharovka, Sudzha district, Kursk region, Russia",
        "с. Гончаровка, ул. Ленина, д. 5",
        "ул. Ленина 5, с. Гончаровка",
        "307800, Гончаровка",
    ],
)
def test_types_regions_and_addresses_fall_away(text):
    assert place_key(text) == place_key("Гончаровка")


@pytest.mark.parametrize(
    ("russian", "ukrainian"),
    [
        ("Николаевка", "Миколаївка"),  # Никол-/Микол-: a consonant, so a table entry
        ("Nikolayevka", "Mykolaivka"),
        ("Александровка", "Олександрівка"),
        ("Алексеевка", "Олексіївка"),
        ("Петровка", "Петрівка"),
        ("Ивановка", "Іванівка"),
        ("Андреевка", "Андріївка"),
        ("Анновка", "Ганнівка"),
        ("Филипповка", "Пилипівка"),
        ("Константиновка", "Костянтинівка"),
        ("Екатериновка", "Катеринівка"),
        ("Большое Солдатское", "Велике Солдатське"),  # translated adjective: a table entry
        ("Bolshoye Soldatskoye", "Velyke Soldatske"),
        ("Средний Бор", "Середній Бор"),
        ("Малая Локня", "Мала Локня"),
        ("Новый Путь", "Новий Путь"),
        ("Старый Оскол", "Старий Оскол"),
        ("Верхний Реутец", "Верхній Реутець"),
        ("Нижний Реутец", "Нижній Реутець"),
        ("Русское Поречное", "Руське Поречне"),
        ("Казачья Локня", "Козача Локня"),
        ("Черкасское Поречное", "Черкаське Поречне"),
        ("Плёхово", "Плехове"),  # -ово/-ове
        ("Лебедево", "Лебедеве"),  # -ево/-еве
        ("Дарьино", "Дар'їне"),  # -ино/-ине
        ("Кремяное", "Кремяне"),  # -ое/-е
        ("Замостье", "Замостя"),  # -ье/-я
        ("Заречье", "Заріччя"),
        ("Махновка", "Махнівка"),  # -овка/-івка
    ],
)
def test_russian_and_ukrainian_forms_meet(russian, ukrainian):
    assert place_key(russian) == place_key(ukrainian)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Малая Локня", "Казачья Локня"),
        ("Большое Солдатское", "Малое Солдатское"),
        ("Николаевка", "Михайловка"),
        ("Суджа", "Гуево"),
    ],
)
def test_different_settlements_stay_apart(a, b):
    assert place_key(a) != place_key(b)


def test_sloboda_is_a_name_not_a_type():
    assert place_key("Слобода") == place_key("Sloboda") != ""


def test_word_order_does_not_matter():
    assert place_key("Локня Казачья") == place_key("Kazachya Loknya")


@pytest.mark.parametrize(
    "text", [None, "", "   ", "село", "Суджанский р-н", "Kursk oblast", "Россия", "ул. Ленина, 5"]
)
def test_no_settlement_gives_an_empty_key(text):
    assert place_key(text) == ""


def test_tokens_put_the_settlement_first_then_its_regions():
    assert place_tokens("с. Гончаровка, Суджанский р-н, Курская обл.") == (
        place_key("Goncharovka"),
        *place_tokens("Sudzha district"),
        *place_tokens("Kursk oblast"),
    )


@pytest.mark.parametrize(
    ("district", "town"),
    [
        ("Суджанский район", "Суджа"),
        ("Суджанський район", "Sudzha"),
        ("Sudzhanskiy district", "Суджа"),
        ("Sudzha district", "Суджа"),
        ("Курская обл.", "Kursk oblast"),
        ("Льговский р-н", "Льгов"),
    ],
)
def test_a_district_shares_a_token_with_its_town(district, town):
    assert set(place_tokens(district)) & set(place_tokens(town))


def test_tokens_of_a_multiword_settlement():
    assert set(place_tokens("Kozacha Loknia")) == set(place_key("Казачья Локня").split())


@given(st.text())
def test_never_raises(text):
    key = place_key(text)
    assert key == key.strip()
    assert "  " not in key
    assert all(token for token in place_tokens(text))


PREFIXES = ["", "с. ", "c. ", "село ", "смт ", "s. ", "selo ", "х. ", "пгт "]
SUFFIXES = ["", ", Суджанский р-н", " (Курская обл.)", ", Kursk oblast", ", Sudzha district"]


@given(
    name=st.sampled_from([n for names in NAMES for n in names]),
    prefix=st.sampled_from(PREFIXES),
    suffix=st.sampled_from(SUFFIXES),
    upper=st.booleans(),
)
def test_key_ignores_type_region_and_case(name, prefix, suffix, upper):
    text = prefix + name + suffix
    assert place_key(text.upper() if upper else text) == place_key(name)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("95 Leahy Place", "95 leahy place"),
        ("verbrugghen street", "verbrugghens treet"),  # a space moved by the typist
        ("colebatch place", "colebatchplace"),
        ("ул. Ленина, д. 5", "ul. Lenina, d. 5"),
        ("вул. Шевченка 12", "vul. Shevchenka 12"),
    ],
)
def test_address_key_folds_spacing_case_and_script(one, other):
    assert address_key(one) == address_key(other) != ""


def test_address_key_keeps_house_numbers_apart():
    assert address_key("5 leahy place") != address_key("6 leahy place")
    assert address_key("") == address_key(None) == address_key(" , ") == ""
