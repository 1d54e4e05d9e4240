"""Facts about text that reading and rendering share, one definition each: which characters
no published text may hold (``clean``), how messages show invisible characters (``visible``),
how a web address is read (``parse_url``), and what is an e-mail address (``EMAIL``)."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import SplitResult, urljoin, urlsplit

# Characters no published text may hold. XML 1.0 refuses the C0 controls (but tab, line feed
# and carriage return), the surrogates and U+FFFE/U+FFFF: feeds and sitemaps would not parse
# (a lone surrogate cannot even be written as UTF-8). It discourages DEL, the C1 controls and
# the other non-characters (U+FDD0..U+FDEF, the last two of every plane). The explicit
# text-direction controls (embeddings, overrides, isolates: U+202A..U+202E, U+2066..U+2069)
# can make text read differently from how it is stored, and U+FEFF (a byte order mark pasted
# inside a line) is invisible. Carriage returns go too: files are read with LF line ends.
# Kept: tab, line feed, the direction marks U+200E/U+200F/U+061C and the joiners U+200C/
# U+200D, which Arabic, Persian and Indic text need.
_IN_BMP = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\u202a-\u202e\u2066-\u2069\ufeff"
)
_BEYOND_BMP = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0x10000, 0x110000, 0x10000)
)
CONTROL = re.compile(f"[{_IN_BMP}{_BEYOND_BMP}]")
# The same for text without characters beyond U+FFFF (nearly all): 8 times faster to search.
_CONTROL_IN_BMP = re.compile(f"[{_IN_BMP}]")


def control_in(text: str) -> re.Pattern[str]:
    """The pattern that finds the characters of CONTROL in ``text``, the fastest that can."""
    return CONTROL if text and max(text) > "\uffff" else _CONTROL_IN_BMP


def clean(text: str) -> str:
    """``text`` without the characters of CONTROL: the one gate every text value goes
    through (source files, front matter and site.yaml values, rendered bodies)."""
    return control_in(text).sub("", text)


# A numeric character reference (&#1; &#x0C;) in Markdown or HTML.
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def unwanted_references(body: str) -> list[tuple[int, str]]:
    """The numeric references of ``body`` that stand for a character of CONTROL, each with
    its 0-based line: rendering decodes them, and ``clean`` then drops what they stand for."""
    found = []
    for match in _REFERENCE.finditer(body):
        code = int(match[1], 16) if match[1] else int(match[2])
        if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            continue  # HTML reads these as U+FFFD, the replacement character
        # HTML reads &#x80;..&#x9F; as Windows-1252 ("€"), as html.unescape does
        char = html.unescape(match[0]) if 0x80 <= code <= 0x9F else chr(code)
        if CONTROL.fullmatch(char):
            found.append((body.count("\n", 0, match.start()), match[0]))
    return found


_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def visible(text: str) -> str:
    """``text`` as a message shows it: every invisible character (controls, format and
    private-use characters, surrogates, unassigned code points, separators but the space)
    escaped like \\u200b, so that a file name or value that only looks right reads wrong."""
    if text.isprintable():  # spaces aside, nothing invisible: the common case, fast
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    return _ESCAPES.get(char) or (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


# -- web addresses -------------------------------------------------------------------------

# What browsers drop at either end of an address (C0 controls and the space), and what no
# address may hold anywhere: a control character (browsers remove tab and line breaks inside
# an address, so "java<TAB>script:" would run as "javascript:").
_ENDS = "".join(map(chr, range(0x21)))
_SCHEME_PART = re.compile(r"^([^:/?#]*):")


@lru_cache(maxsize=4096)  # pure, and the same addresses recur on every page of a site
def parse_url(url: str) -> SplitResult | None:
    """A web address as written (a link, a menu entry, the site's base_url) split into its
    parts (scheme in lower case), or None when it is not one a browser reads the way it
    reads: any control character, any invisible or space character inside the scheme, an
    unparseable host (``//[intranet]/``, a bad port). Never raises."""
    text = url.strip(_ENDS)
    if "\t" in text or "\n" in text or control_in(text).search(text):  # the rest of Cc
        return None
    scheme = _SCHEME_PART.match(text)
    if scheme and (not scheme[1].isprintable() or " " in scheme[1]):
        return None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - reading it checks the port
    except ValueError:
        return None
    if parts.netloc and (not parts.netloc.isprintable() or " " in parts.netloc):
        return None
    return parts


def join_url(base: str, url: str) -> str | None:
    """``url`` resolved against the absolute address ``base`` (see ``parse_url``), or None
    when it is no address."""
    if parse_url(url) is None:
        return None
    try:
        return urljoin(base, url)
    except ValueError:
        return None


# An e-mail address: a local part of RFC 5322 "atext" characters and dots (in any script,
# RFC 6531), then '@', then domain labels of letters and digits with inner hyphens, ending
# in a top-level domain of two or more letters. "mailto:" in front (any case) belongs to the
# match, so that hiding an address hides its link too. Validation uses EMAIL.fullmatch
# (the bare address is the "address" group); hiding addresses in text uses EMAIL.sub.
EMAIL = re.compile(
    r"(?:(?i:mailto):)?"
    r"(?P<address>[\w.!#$%&'*+/=?^`{|}~-]+"
    r"@(?:[^\W_](?:(?:[^\W_]|-)*[^\W_])?\.)+[^\W\d_]{2,})"
)
