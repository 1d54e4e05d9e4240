"""Tests for irrtsite.regions and irrtsite.languages."""

from __future__ import annotations

import re
from pathlib import Path

import pycountry
import pytest

from irrtsite import languages, regions
from irrtsite.languages import is_rtl, language_name, normalize_code, valid_language_code
from irrtsite.regions import REGIONS, country_name, region_name, region_of

TSV = Path(regions.__file__).parent / "data" / "regions.tsv"


# --- regions ---------------------------------------------------------------


def test_regions_fixed_order_and_names():
    assert REGIONS == (
        ("africa", "Africa"),
        ("east-asia-pacific", "East Asia and the Pacific"),
        ("eurasia-central-asia", "Eurasia and Central Asia"),
        ("near-east-south-asia", "Near East and South Asia"),
        ("europe", "Europe"),
        ("americas", "The Americas"),
    )
    assert region_name("americas") == "The Americas"
    with pytest.raises(KeyError):
        region_name("antarctica")


@pytest.mark.parametrize("country", list(pycountry.countries), ids=lambda c: c.alpha_2)
def test_every_pycountry_country_has_a_region(country):
    assert region_of(country.alpha_2) in dict(REGIONS)


def test_tsv_shape():
    lines = TSV.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "alpha2\tregion_slug"
    codes = [line.split("\t")[0] for line in lines[1:]]
    assert codes == sorted(codes)
    assert set(codes) == {c.alpha_2 for c in pycountry.countries}
    assert len(codes) == len(set(codes)) == len(pycountry.countries)


def test_every_region_is_used():
    for slug, _ in REGIONS:
        assert regions.countries_in(slug)


@pytest.mark.parametrize(
    "code, slug",
    [
        *[(c, "americas") for c in ("US", "CA", "MX", "BR", "GL", "PR", "JM")],
        *[(c, "europe") for c in ("NO", "GB", "DE", "TR", "CY", "VA")],
        *[(c, "africa") for c in ("GH", "NG", "KE", "ZA", "SD", "MR", "RE")],
        *[
            (c, "near-east-south-asia")
            for c in ("EG", "MA", "IN", "PK", "IL", "PS", "IR", "AF", "EH")
        ],
        *[(c, "eurasia-central-asia") for c in ("KZ", "RU", "UA", "GE", "UZ")],
        *[(c, "east-asia-pacific") for c in ("JP", "CN", "AU", "FJ", "MN", "TW", "AQ")],
    ],
)
def test_region_of(code, slug):
    assert region_of(code) == slug


@pytest.mark.parametrize("code", ["ZZ", "XK", "", "us", "USA", "U", None])
def test_region_of_unknown(code):
    assert region_of(code) is None


@pytest.mark.parametrize(
    "code, name",
    [
        ("US", "United States"),
        ("BO", "Bolivia"),
        ("TW", "Taiwan"),
        ("IR", "Iran"),
        ("KR", "South Korea"),
        ("KP", "North Korea"),
        ("RU", "Russia"),
        ("CD", "Democratic Republic of the Congo"),
        ("CG", "Republic of the Congo"),
        ("VN", "Vietnam"),
        ("GH", "Ghana"),
    ],
)
def test_country_name(code, name):
    assert country_name(code) == name


def test_country_name_every_country_is_readable():
    for country in pycountry.countries:
        name = country_name(country.alpha_2)
        # No inverted official forms such as "Korea, Republic of".
        assert name and not re.search(r", .*\bof( the)?$", name), name
        assert "Province of" not in name, name


def test_country_name_unknown():
    with pytest.raises(KeyError):
        country_name("ZZ")


# --- languages -------------------------------------------------------------


@pytest.mark.parametrize(
    "code, name",
    [
        ("en", "English"),
        ("es", "Español"),
        ("fr", "Français"),
        ("ar", "العربية"),
        ("zh-Hans", "简体中文"),
        ("zh-Hant", "繁體中文"),
        ("zh", "中文"),
        ("pt-BR", "Português (Brasil)"),
        ("pt", "Português"),
        ("de", "Deutsch"),
        ("ru", "Русский"),
        ("ja", "日本語"),
        ("ko", "한국어"),
        ("fa", "فارسی"),
        ("he", "עברית"),
        ("ur", "اردو"),
        ("hi", "हिन्दी"),
        ("sw", "Kiswahili"),
        ("am", "አማርኛ"),
        ("yo", "Èdè Yorùbá"),
        ("bn", "বাংলা"),
        ("vi", "Tiếng Việt"),
        ("sr-Latn", "Srpski"),
        ("sr", "Српски"),
    ],
)
def test_language_name_autonyms(code, name):
    assert language_name(code) == name


@pytest.mark.parametrize(
    "code, name",
    [
        ("zh-hans", "简体中文"),  # case-insensitive
        ("PT-br", "Português (Brasil)"),
        ("zh-Hant-TW", "繁體中文"),  # script beats region
        ("zh-TW", "繁體中文"),  # script implied by region
        ("zh-CN", "简体中文"),
        ("zh-HK", "繁體中文"),
        ("sd-Deva", "सिन्धी"),
        ("pa-PK", "پنجابی"),
        ("pt-AO", "Português"),  # falls back to base language
        ("en-AU", "English"),
        ("fr-x-irrt", "Français"),
        ("ara", "العربية"),  # 3-letter ISO 639 code for a 2-letter language
        ("nap", "Neapolitan"),  # no autonym: pycountry's English name
        ("qqq", "qqq"),  # unknown: the code itself
        ("not a code", "not a code"),
    ],
)
def test_language_name_fallbacks(code, name):
    assert language_name(code) == name


def test_autonym_table():
    assert len(languages.AUTONYMS) >= 60
    for code, name in languages.AUTONYMS.items():
        assert valid_language_code(code), code
        assert normalize_code(code) == code, code
        assert name == name.strip() and name, code
        # Sentence-initial capitalisation (caseless scripts are unaffected;
        # Georgian Mkhedruli is not capitalised although Python maps it to Mtavruli).
        if code != "ka":
            assert name[0] == name[0].upper(), code


@pytest.mark.parametrize(
    "code",
    [
        "ar",
        "fa",
        "he",
        "ur",
        "yi",
        "ps",
        "sd",
        "ug",
        "dv",
        "ckb",
        "ar-EG",
        "AR",
        "az-Arab",
        "pa-Arab",
        "ku-Arab",
        "syr",
        "lad-Hebr",
        "dv-Thaa",
        "sd-Arab-PK",
        "pa-PK",
        "az-IR",
    ],
)
def test_rtl(code):
    assert is_rtl(code) is True


@pytest.mark.parametrize(
    "code",
    ["en", "az-Latn", "az", "sd-Deva", "ku", "pa", "zh-Hant", "tr", "", "bogus tag"],
)
def test_not_rtl(code):
    assert is_rtl(code) is False


@pytest.mark.parametrize(
    "code",
    [
        "en",
        "es",
        "zh-Hans",
        "pt-BR",
        "sr-Latn-RS",
        "es-419",
        "ckb",
        "fil",
        "EN-gb",
        "de-CH-1996",
        "sl-rozaj-biske",
        "en-US-x-twain",
        "de-DE-u-co-phonebk",
    ],
)
def test_valid_codes(code):
    assert valid_language_code(code) is True


@pytest.mark.parametrize(
    "code",
    [
        "english",
        "e",
        "zz-ZZZZZ-1",
        "xx",
        "zz",
        "",
        "en-",
        "-en",
        "en_US",
        "pt-BRA",
        "zh-Hans-Hant",
        "en-US-US",
        "sl-rozaj-rozaj",
        "en-x",
        "qqq",
        None,
    ],
)
def test_invalid_codes(code):
    assert valid_language_code(code) is False


@pytest.mark.parametrize(
    "raw, canonical",
    [
        ("zh-hans", "zh-Hans"),
        ("PT-br", "pt-BR"),
        ("SR-LATN-rs", "sr-Latn-RS"),
        ("en", "en"),
        ("ES-419", "es-419"),
        ("de-ch-1996", "de-CH-1996"),
        ("en-us-x-ab-CD", "en-US-x-ab-cd"),
        ("de-de-u-co-PHONEBK", "de-DE-u-co-phonebk"),
    ],
)
def test_normalize_code(raw, canonical):
    assert normalize_code(raw) == canonical
