"""BCP 47 language tags: autonyms, text direction, validation, canonical case.

All functions are pure.  Autonyms follow CLDR's self-names, capitalised as the
language itself would at the start of a sentence (so "Español", "Русский",
"IsiZulu"); scripts without case are unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple, Protocol

import pycountry

__all__ = ["language_name", "is_rtl", "valid_language_code", "normalize_code"]

AUTONYMS: Mapping[str, str] = MappingProxyType(
    {
        # Europe
        "bg": "Български",
        "br": "Brezhoneg",
        "bs": "Bosanski",
        "ca": "Català",
        "cs": "Čeština",
        "cy": "Cymraeg",
        "da": "Dansk",
        "de": "Deutsch",
        "el": "Ελληνικά",
        "en": "English",
        "en-GB": "English (UK)",
        "en-US": "English (US)",
        "eo": "Esperanto",
        "es": "Español",
        "es-419": "Español (Latinoamérica)",
        "es-ES": "Español (España)",
        "es-MX": "Español (México)",
        "et": "Eesti",
        "eu": "Euskara",
        "fi": "Suomi",
        "fo": "Føroyskt",
        "fr": "Français",
        "fr-CA": "Français (Canada)",
        "fy": "Frysk",
        "ga": "Gaeilge",
        "gd": "Gàidhlig",
        "gl": "Galego",
        "hr": "Hrvatski",
        "hu": "Magyar",
        "is": "Íslenska",
        "it": "Italiano",
        "la": "Latina",
        "lb": "Lëtzebuergesch",
        "lt": "Lietuvių",
        "lv": "Latviešu",
        "mk": "Македонски",
        "mt": "Malti",
        "nb": "Norsk bokmål",
        "nl": "Nederlands",
        "nn": "Norsk nynorsk",
        "no": "Norsk",
        "oc": "Occitan",
        "pl": "Polski",
        "pt": "Português",
        "pt-BR": "Português (Brasil)",
        "pt-PT": "Português (Portugal)",
        "rm": "Rumantsch",
        "ro": "Română",
        "sk": "Slovenčina",
        "sl": "Slovenščina",
        "sq": "Shqip",
        "sr": "Српски",
        "sr-Cyrl": "Српски",
        "sr-Latn": "Srpski",
        "sv": "Svenska",
        "yi": "ייִדיש",
        # Eurasia, Caucasus and Central Asia
        "az": "Azərbaycan dili",
        "az-Cyrl": "Азәрбајҹан дили",
        "be": "Беларуская",
        "hy": "Հայերեն",
        "ka": "ქართული",
        "kk": "Қазақ тілі",
        "ky": "Кыргызча",
        "ru": "Русский",
        "tg": "Тоҷикӣ",
        "tk": "Türkmen dili",
        "tt": "Татарча",
        "uk": "Українська",
        "uz": "Oʻzbekcha",
        "uz-Cyrl": "Ўзбекча",
        # Near East, North Africa and South Asia
        "ar": "العربية",
        "as": "অসমীয়া",
        "bn": "বাংলা",
        "ckb": "کوردیی ناوەندی",
        "dv": "ދިވެހިބަސް",
        "dz": "རྫོང་ཁ",
        "fa": "فارسی",
        "gu": "ગુજરાતી",
        "he": "עברית",
        "hi": "हिन्दी",
        "kab": "Taqbaylit",
        "kn": "ಕನ್ನಡ",
        "ks": "کٲشُر",
        "ku": "Kurdî",
        "ml": "മലയാളം",
        "mr": "मराठी",
        "ne": "नेपाली",
        "or": "ଓଡ଼ିଆ",
        "pa": "ਪੰਜਾਬੀ",
        "pa-Arab": "پنجابی",
        "sd-Deva": "सिन्धी",
        "az-Arab": "تۆرکجه",
        "ku-Arab": "کوردی",
        "uz-Arab": "اوزبیکی",
        "prs": "دری",
        "ps": "پښتو",
        "sa": "संस्कृतम्",
        "sd": "سنڌي",
        "si": "සිංහල",
        "syr": "ܣܘܪܝܝܐ",
        "ta": "தமிழ்",
        "te": "తెలుగు",
        "tr": "Türkçe",
        "ug": "ئۇيغۇرچە",
        "ur": "اردو",
        "zgh": "ⵜⴰⵎⴰⵣⵉⵖⵜ",
        # Sub-Saharan Africa
        "af": "Afrikaans",
        "ak": "Akan",
        "am": "አማርኛ",
        "bm": "Bamanakan",
        "ee": "Eʋegbe",
        "ff": "Pulaar",
        "ha": "Hausa",
        "ig": "Igbo",
        "ki": "Gĩkũyũ",
        "kg": "Kikongo",
        "lg": "Luganda",
        "ln": "Lingála",
        "mg": "Malagasy",
        "nso": "Sesotho sa Leboa",
        "ny": "Chichewa",
        "om": "Oromoo",
        "rn": "Ikirundi",
        "rw": "Ikinyarwanda",
        "sn": "ChiShona",
        "so": "Soomaali",
        "st": "Sesotho",
        "sw": "Kiswahili",
        "ti": "ትግርኛ",
        "tn": "Setswana",
        "tw": "Twi",
        "wo": "Wolof",
        "xh": "IsiXhosa",
        "yo": "Èdè Yorùbá",
        "zu": "IsiZulu",
        # East Asia and the Pacific
        "bo": "བོད་སྐད་",
        "ceb": "Cebuano",
        "fil": "Filipino",
        "fj": "Vosa Vakaviti",
        "haw": "ʻŌlelo Hawaiʻi",
        "hmn": "Hmoob",
        "id": "Bahasa Indonesia",
        "ja": "日本語",
        "jv": "Basa Jawa",
        "km": "ខ្មែរ",
        "ko": "한국어",
        "lo": "ລາວ",
        "mi": "Māori",
        "mn": "Монгол",
        "ms": "Bahasa Melayu",
        "my": "မြန်မာ",
        "sm": "Gagana Sāmoa",
        "su": "Basa Sunda",
        "th": "ไทย",
        "tl": "Tagalog",
        "to": "Lea faka-Tonga",
        "vi": "Tiếng Việt",
        "yue": "粵語",
        "zh": "中文",
        "zh-Hans": "简体中文",
        "zh-Hant": "繁體中文",
        # The Americas
        "ay": "Aymar aru",
        "chr": "ᏣᎳᎩ",
        "gn": "Avañeʼẽ",
        "ht": "Kreyòl ayisyen",
        "iu": "ᐃᓄᒃᑎᑐᑦ",
        "kl": "Kalaallisut",
        "nv": "Diné bizaad",
        "qu": "Runasimi",
    }
)

#: Languages written right-to-left by default (when no script subtag is given).
RTL_LANGUAGES: frozenset[str] = frozenset(
    {
        "ar",
        "arc",
        "arz",
        "ary",
        "azb",
        "bal",
        "ckb",
        "dv",
        "fa",
        "glk",
        "he",
        "ks",
        "lrc",
        "mzn",
        "pnb",
        "prs",
        "ps",
        "sd",
        "skr",
        "syr",
        "ug",
        "ur",
        "yi",
    }
)
#: Right-to-left ISO 15924 scripts.
RTL_SCRIPTS: frozenset[str] = frozenset(
    {
        "Adlm",
        "Arab",
        "Hebr",
        "Mand",
        "Nkoo",
        "Rohg",
        "Samr",
        "Syrc",
        "Thaa",
    }
)

# Script implied by a region when a tag has none (a small subset of CLDR's
# likely-subtags data, limited to cases that change the name or direction).
_LIKELY_SCRIPT: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("az", "IR"): "Arab",
        ("ku", "IQ"): "Arab",
        ("ku", "IR"): "Arab",
        ("pa", "PK"): "Arab",
        ("uz", "AF"): "Arab",
        ("zh", "CN"): "Hans",
        ("zh", "SG"): "Hans",
        ("zh", "MY"): "Hans",
        ("zh", "HK"): "Hant",
        ("zh", "MO"): "Hant",
        ("zh", "TW"): "Hant",
    }
)

_TAG_RE = re.compile(
    r"""^(?P<language>[a-z]{2,3})
        (?:-(?P<script>[a-z]{4}))?
        (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
        (?P<variants>(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)
        (?P<extensions>(?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*)
        (?P<privateuse>-x(?:-[a-z0-9]{1,8})+)?$""",
    re.VERBOSE,
)


class _Tag(NamedTuple):
    language: str
    script: str | None
    region: str | None


def normalize_code(code: str) -> str:
    """Canonical BCP 47 letter case: ``zh-hans`` -> ``zh-Hans``, ``PT-br`` -> ``pt-BR``.

    Language, variants, extensions and private-use subtags are lower case,
    4-letter script subtags title case, 2-letter region subtags upper case.
    Only the case (and surrounding whitespace) changes; the tag is not validated.
    """
    parts = code.strip().split("-")
    out = [parts[0].lower()]
    after_singleton = parts[0].lower() == "x"
    for part in parts[1:]:
        if after_singleton or len(part) == 1:
            after_singleton = True
            out.append(part.lower())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


class _Iso639(Protocol):
    """What this module reads of a pycountry language entry (pycountry has no types)."""

    name: str  # English name; 2-letter codes also have ``alpha_2``


def _iso639(language: str) -> _Iso639 | None:
    found: _Iso639 | None = None
    if len(language) == 2:
        found = pycountry.languages.get(alpha_2=language)
    elif len(language) == 3:
        found = pycountry.languages.get(alpha_3=language)
    return found


def _parse(code: object) -> _Tag | None:
    """Split a syntactically valid tag; None if the syntax is wrong (or it is no text).

    A missing script is filled in from ``_LIKELY_SCRIPT`` (``zh-TW`` -> Hant).
    """
    return _parse_text(code) if isinstance(code, str) else None


@lru_cache(maxsize=1024)
def _parse_text(code: str) -> _Tag | None:  # (a tag's page asks for hundreds: one each)
    m = _TAG_RE.match(code.lower())
    if m is None:
        return None
    language: str = m["language"]
    # BCP 47 prefers the 2-letter code: treat "ara" like "ar".
    if len(language) == 3:
        lang = _iso639(language)
        language = getattr(lang, "alpha_2", None) or language
    region: str | None = m["region"].upper() if m["region"] else None
    script: str | None = m["script"].title() if m["script"] else None
    if script is None and region is not None:
        script = _LIKELY_SCRIPT.get((language, region))
    return _Tag(language, script, region)


def valid_language_code(code: object) -> bool:
    """Syntactic BCP 47 check whose primary language is a known ISO 639 code.

    Accepts ``language[-Script][-REGION][-variant...]`` (plus extensions and
    private use); the language must be in pycountry.languages.  Case-insensitive.
    """
    if not isinstance(code, str):
        return False
    m = _TAG_RE.match(code.lower())
    if m is None:
        return False
    variants = [v for v in m["variants"].split("-") if v]
    if len(variants) != len(set(variants)):
        return False
    return _iso639(m["language"]) is not None


def language_name(code: str) -> str:
    """The language's own name for a BCP 47 tag, for display to readers.

    Tries the full tag, then language-Script-REGION, language-Script,
    language-REGION and the bare language in the autonym table; then
    pycountry's English name for the ISO 639 code; then the code itself.
    """
    if not isinstance(code, str) or not code.strip():
        return code
    canonical = normalize_code(code)
    if canonical in AUTONYMS:
        return AUTONYMS[canonical]
    tag = _parse(canonical)
    if tag is None:
        return code
    lang, script, region = tag
    candidates = []
    if script and region:
        candidates.append(f"{lang}-{script}-{region}")
    if script:
        candidates.append(f"{lang}-{script}")
    if region:
        candidates.append(f"{lang}-{region}")
    candidates.append(lang)
    for candidate in candidates:
        if candidate in AUTONYMS:
            return AUTONYMS[candidate]
    entry = _iso639(lang)
    return entry.name if entry is not None else code


def is_rtl(code: object) -> bool:
    """True if text in this language tag is written right-to-left.

    An explicit script subtag decides (``az-Arab`` True, ``sd-Deva`` False);
    otherwise the language's usual script does (``ar``, ``he``, ``ur`` ... True),
    with a few region-implied scripts (``pa-PK`` is Shahmukhi, so True).
    """
    tag = _parse(code)
    if tag is None:
        return False
    if tag.script is not None:
        return tag.script in RTL_SCRIPTS
    return tag.language in RTL_LANGUAGES
