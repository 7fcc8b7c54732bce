"""The uk and ru message catalogues are complete, and the committed .mo files match their .po files."""

import re
from pathlib import Path

import polib
import pytest

LOCALE_DIR = Path(__file__).resolve().parent.parent / "corridor" / "locale"
LANGUAGES = ["uk", "ru"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _po(lang: str) -> polib.POFile:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
    assert path.is_file(), f"{path} is missing; run `make messages`"
    return polib.pofile(str(path))


def _label(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid!r}" if entry.msgctxt else repr(entry.msgid)


def _nplurals(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    assert match, "the catalogue has no Plural-Forms header"
    return int(match.group(1))


def _catalogue(entries) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """(context, msgid) -> the translation(s), for comparing a .po with a .mo."""
    out = {}
    for e in entries:
        if e.msgid_plural:
            value = tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural))
        else:
            value = (e.msgstr,)
        out[(e.msgctxt or None, e.msgid)] = value
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_and_not_fuzzy(lang):
    po = _po(lang)
    entries = [e for e in po if not e.obsolete]
    assert entries, f"{lang}: the catalogue is empty"
    assert not po.metadata_is_fuzzy, f"{lang}: the header is marked fuzzy"
    nplurals = _nplurals(po)

    untranslated = [_label(e) for e in entries if not e.translated() and "fuzzy" not in e.flags]
    fuzzy = [_label(e) for e in entries if "fuzzy" in e.flags]
    wrong_plurals = [
        f"{_label(e)} has {len(e.msgstr_plural)} forms, expected {nplurals}"
        for e in entries
        if e.msgid_plural
        and (sorted(e.msgstr_plural) != list(range(nplurals)) or not all(e.msgstr_plural.values()))
    ]
    assert not untranslated, f"{lang}: untranslated entries:\n" + "\n".join(untranslated)
    assert not fuzzy, f"{lang}: fuzzy entries:\n" + "\n".join(fuzzy)
    assert not wrong_plurals, f"{lang}: bad plural forms:\n" + "\n".join(wrong_plurals)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_kept(lang):
    offenders = []
    for e in _po(lang):
        if e.obsolete or "python-format" not in e.flags:
            continue
        expected = set(PLACEHOLDER.findall(e.msgid)) | set(PLACEHOLDER.findall(e.msgid_plural))
        translations = e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]
        for t in translations:
            if set(PLACEHOLDER.findall(t)) != expected:
                offenders.append(f"{_label(e)} -> {t!r}")
    assert not offenders, f"{lang}: placeholders changed:\n" + "\n".join(offenders)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mo_matches_po(lang):
    po = _po(lang)
    mo_path = LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo"
    assert mo_path.is_file(), f"{mo_path} is missing; run `make messages`"

    # What the .po compiles to today, built in memory, against what is committed.
    expected = _catalogue(polib.mofile(po.to_binary()))
    actual = _catalogue(polib.mofile(str(mo_path)))
    assert expected, f"{lang}: nothing in the .po compiles"

    missing = sorted(repr(k[1]) for k in expected.keys() - actual.keys())
    extra = sorted(repr(k[1]) for k in actual.keys() - expected.keys())
    changed = sorted(
        repr(k[1]) for k in expected.keys() & actual.keys() if expected[k] != actual[k]
    )
    stale = {
        "missing from the .mo": missing,
        "only in the .mo": extra,
        "translated differently": changed,
    }
    assert not any(stale.values()), (
        f"{lang}: {mo_path.name} is stale; run `make messages`.\n"
        + "\n".join(f"{what}: {', '.join(ids)}" for what, ids in stale.items() if ids)
    )
