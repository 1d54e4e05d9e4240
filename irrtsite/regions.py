"""Country -> ALA International Relations region mapping.

The table lives in ``irrtsite/data/regions.tsv`` (``alpha2<TAB>region_slug``,
one line per ISO 3166-1 alpha-2 code known to pycountry, with a header line).
It is read once, at import time; every public function here is pure.
See ``docs/regions.md`` for the editorial choices behind the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

import pycountry

__all__ = ["REGIONS", "region_of", "region_name", "country_name", "countries_in"]

#: (slug, display name) for the six regions, in ALA's fixed order.
REGIONS: tuple[tuple[str, str], ...] = (
    ("africa", "Africa"),
    ("east-asia-pacific", "East Asia and the Pacific"),
    ("eurasia-central-asia", "Eurasia and Central Asia"),
    ("near-east-south-asia", "Near East and South Asia"),
    ("europe", "Europe"),
    ("americas", "The Americas"),
)

_REGION_NAMES: Mapping[str, str] = MappingProxyType(dict(REGIONS))

_TSV_NAME = "regions.tsv"
_HEADER = ("alpha2", "region_slug")

# Readable names where pycountry has neither a friendly ``common_name`` nor a
# friendly ``name`` (or where the friendly form differs between versions).
_NAME_OVERRIDES: Mapping[str, str] = MappingProxyType(
    {
        "BO": "Bolivia",
        "BN": "Brunei",
        "CD": "Democratic Republic of the Congo",
        "CG": "Republic of the Congo",
        "FK": "Falkland Islands",
        "FM": "Micronesia",
        "IR": "Iran",
        "KP": "North Korea",
        "KR": "South Korea",
        "LA": "Laos",
        "MD": "Moldova",
        "MF": "Saint Martin",
        "PN": "Pitcairn Islands",
        "PS": "Palestine",
        "RU": "Russia",
        "SX": "Sint Maarten",
        "SY": "Syria",
        "TW": "Taiwan",
        "TZ": "Tanzania",
        "VA": "Vatican City",
        "VE": "Venezuela",
        "VG": "British Virgin Islands",
        "VI": "U.S. Virgin Islands",
        "VN": "Vietnam",
    }
)


def _parse(text: str) -> dict[str, str]:
    """Parse the TSV text into {alpha2: slug}, rejecting malformed rows."""
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != _HEADER:
        raise ValueError(f"{_TSV_NAME}: missing header {'<TAB>'.join(_HEADER)!r}")
    table: dict[str, str] = {}
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise ValueError(f"{_TSV_NAME}:{lineno}: expected 2 tab-separated columns")
        code, slug = parts
        if len(code) != 2 or not code.isascii() or not code.isalpha() or not code.isupper():
            raise ValueError(f"{_TSV_NAME}:{lineno}: bad alpha-2 code {code!r}")
        if slug not in _REGION_NAMES:
            raise ValueError(f"{_TSV_NAME}:{lineno}: unknown region slug {slug!r}")
        if code in table:
            raise ValueError(f"{_TSV_NAME}:{lineno}: duplicate code {code!r}")
        table[code] = slug
    return table


def _load() -> Mapping[str, str]:
    text = (resources.files(__package__ or "irrtsite") / "data" / _TSV_NAME).read_text(
        encoding="utf-8"
    )
    return MappingProxyType(_parse(text))


_COUNTRY_REGION: Mapping[str, str] = _load()


def region_of(alpha2: object) -> str | None:
    """Region slug for an upper-case ISO 3166-1 alpha-2 code, or None if unknown.

    Lower-case or otherwise malformed codes (or values that are not text) are unknown.
    """
    if not isinstance(alpha2, str):
        return None
    return _COUNTRY_REGION.get(alpha2)


def region_name(slug: str) -> str:
    """Display name of a region slug (e.g. ``americas`` -> ``The Americas``).

    Raises KeyError for an unknown slug.
    """
    try:
        return _REGION_NAMES[slug]
    except KeyError:
        raise KeyError(f"unknown region slug: {slug!r}") from None


def country_name(alpha2: str) -> str:
    """Readable English name of a country/territory (e.g. ``BO`` -> ``Bolivia``).

    Uses a small override table, then pycountry's ``common_name``, then
    ``name``.  Raises KeyError for a code pycountry does not know.
    """
    if alpha2 in _NAME_OVERRIDES:
        return _NAME_OVERRIDES[alpha2]
    country = (
        pycountry.countries.get(alpha_2=alpha2)
        if isinstance(alpha2, str) and len(alpha2) == 2 and alpha2.isupper()
        else None
    )
    if country is None:
        raise KeyError(f"unknown country code: {alpha2!r}")
    return getattr(country, "common_name", None) or country.name


def countries_in(slug: str) -> tuple[str, ...]:
    """Sorted alpha-2 codes assigned to a region slug (KeyError if unknown)."""
    region_name(slug)
    return tuple(sorted(c for c, s in _COUNTRY_REGION.items() if s == slug))
