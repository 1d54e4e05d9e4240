"""Facts about text that reading and rendering share: what is an invisible control
character, and what is an e-mail address. One definition each, used everywhere."""

from __future__ import annotations

import re

# Invisible characters that have no place in text: C0 controls but tab and line feed, DEL,
# the C1 controls, and the non-characters U+FFFE/U+FFFF. XML 1.0 refuses U+FFFE/U+FFFF and
# the C0 controls outright (feeds and sitemaps would not parse) and discourages DEL and C1;
# YAML refuses most of them too. Source files lose them before YAML reads the front matter;
# field values (which YAML escapes such as "\uFFFE" can still bring) lose the same set.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")

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
