"""The site search: ``search.json`` (the index the content spec defines) and a split,
inverted index that the search page loads a little at a time.

``search.json`` is exactly what the spec asks for::

    {"version": 1, "items": [{"url": "/intl/blog/2026/06/x/", "title": ..., "type": "post",
      "date": "2026-06-15T09:00:00-05:00", "lang": "es", "tags": [...], "summary": ...,
      "text": ...}, ...]}

one entry per published item (``Site.items()`` order), ``url`` being the path part of the
item's absolute URL (base path included), ``date`` ISO 8601 with its offset (null for
standing pages), ``text`` the body as plain text. It stays, whole, for anyone who wants the
index in one file; but it grows with every word of every post (33 MB for the 5,000-post
benchmark corpus), so the search page never reads it unless the split index is missing.

The split index (all under ``search/`` but the manifest; every name but the manifest's and
the labels' carries its place and a digest of what its bytes are made from -- a words file's
bytes, a term chunk's terms and postings, a document block's documents' digests --, so it
can be cached for ever and two files never share a name, even with equal bytes):

``search-index.json`` -- the manifest, fetched the first time the box is used::

    {"version": 2, "format": "irrtsite-search-index",
     "months": [...], "rtl": ["ar"], "type_labels": {"post": "Blog post", ...},
     "chunks": [["<first term>", "search/terms/0-<digest>.json"], ...],
     "words": [["<first key>", "search/words/0-<digest>.json"], ...],
     "docs": {"count": 5000, "block": 32, "hashes": ["<digest>", ...]}}

``search/terms/N-<digest>.json`` -- ``{"terms": [...], "postings": [[...], ...]}``: a run of
  the sorted term dictionary (sorted by UTF-16 code units, as JavaScript compares strings),
  cut every ``CHUNK_BYTES`` or so; ``chunks`` gives each chunk's first term, so a query loads
  only the chunk(s) its words fall in (a word's prefix matches: the chunks its range spans,
  at most ``search-core.js``'s ``PREFIX_CHUNKS``). A term's postings are the documents that
  hold it, as numbers ``delta * 4 + field``: ``delta`` the document's number minus the one
  before (the first: the number itself), ``field`` the best field holding it: 3 title, 2
  tags, people (authors, editors) and a listing's fields (country in English and in its
  own languages, city, region, type, status, languages, interests, partner) or an event's
  place, 1 summary, 0 body.

``search/words/N-<digest>.json`` -- ``{"words": [...]}``: the terms of 4 letters or more
  (not CJK), sorted, in files by their first two letters (``words`` gives each file's
  first two-letter key), for typo tolerance: a query word of 5+ letters also matches the
  terms one edit away (two for 8+) *that share its first two letters* -- so a typo in the
  first two letters is not forgiven; that keeps a typo's cost to one small file.

``search/docs/N-<digest>.json`` -- one document (``N`` its number; the digest is that of the
  block of ``block`` documents it belongs to -- of their own digests, which the build cache
  keeps --, listed in ``docs.hashes``): ``{"url", "title",
  "type", "date", "lang", "tags", "summary", "about", "text"}``, fetched only for the results
  shown, for their titles, dates and snippets. ``about`` is the people and listing fields
  that are searchable but not in the text.

Documents are numbered in the order equal scores show: standing pages (no date) first, then
newest first (the same order ``search.json``'s items would rank in), ties in
``Site.items()`` order.

Terms: text is folded (case, accents, Arabic harakat, tatweel and letter variants, as
``search-core.js``'s ``fold``) and cut into runs of letters and digits; an Arabic word is
also indexed without its article (ال, لل, and و ف ب ك ل + ال), so "مكتبة" finds
"المكتبة"; runs of scripts written without spaces (Chinese, Japanese, Korean, Thai...) are
indexed as single characters and pairs of characters (bigrams), and a query of such a run
must hold all its pairs.

``search/labels.json`` -- ``{"version": 1, "format": "irrtsite-search-labels", "months": [...],
  "date_pattern": "...", "rtl": [...], "type_labels": {...}}``: the same tables
  (``search_labels``), for a page that reads ``search.json`` instead (its shape is fixed by
  the content spec, so it has no room for them). The search page's script tag names it in
  ``data-labels``. The labels come from where the site's pages take them (``models.KINDS``,
  ``dates.month_names`` and ``dates.date_pattern`` in the site's language,
  ``languages.is_rtl``), so a result says "Blog post · June 15, 2026" exactly as a tag page
  does.

Every file is deterministic: sorted keys, UTF-8 (``ensure_ascii=False``), compact
separators.

E-mail addresses: a sister listing's ``contact`` is never written; addresses typed into a
listing's text, and any listing's contact address anywhere in the site, were already
replaced by ``[e-mail]`` when the content was read (``readers``, ``crosscheck``).
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import sys
import unicodedata
import zlib
from array import array
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from stat import S_ISREG
from typing import BinaryIO, TypedDict

from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages

from . import urls
from .cache import Codes, Fragment, IndexMemo, Layout, SearchIndex
from .config import Config
from .dates import date_pattern, month_names
from .keys import Fingerprint, digest
from .languages import is_rtl, language_name
from .models import LABELS, STATUS_LABELS, Event, Item, Sister
from .outputs import Output
from .regions import country_name, region_name
from .site import Site


class SearchEntry(TypedDict):
    """One item of search.json, as the content spec defines it."""

    url: str
    title: str
    type: str
    date: str | None
    lang: str
    tags: list[str]
    summary: str
    text: str


VERSION = 1
INDEX_VERSION = 2
_OPEN = b'{"items":['  # starts search.json
_CLOSE = b'],"version":' + str(VERSION).encode() + b"}"  # ends search.json
INDEX = urls.SEARCH_INDEX
FULL = urls.SEARCH_FULL
TABLES = urls.SEARCH_LABELS  # the tables of search-index.json, for the search.json fallback
CHUNK_BYTES = 16_000  # bytes of a term chunk, roughly (one term's postings may be more)
WORDS_BYTES = 6_000  # bytes of a words file, roughly (one two-letter key's words may be more)
DOC_BLOCK = 32  # documents per block (one digest each in the manifest)
TITLE, META, SUMMARY, BODY = 3, 2, 1, 0  # the field codes of postings


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def search_entry(config: Config, item: Item) -> SearchEntry:
    return {
        "url": urls.href(config, item.url),
        "title": item.title,
        "type": item.kind,
        "date": item.date.isoformat() if item.date is not None else None,
        "lang": item.lang,
        "tags": list(item.tags),
        "summary": item.summary,
        "text": item.text,
    }


def fragment(config: Config, item: Item) -> Fragment:
    """What the search files need of an item: its search.json entry, exactly the bytes
    ``_dump`` would give, in three parts; its terms by field (``_fields``); the digest of
    its document file (``_doc``)."""
    entry = search_entry(config, item)
    head = {k: v for k, v in entry.items() if k < "text"}
    tail = {k: v for k, v in entry.items() if k > "text"}
    text = json.dumps(entry["text"], ensure_ascii=False).encode("utf-8")
    people = about(item)
    doc = digest(_dump({**entry, "about": people}))
    return Fragment(_dump(head), text, _dump(tail), _fields(item, people), doc)


Fragments = dict[str, Fragment]  # by item digest: what an earlier build already made


def _fragments(site: Site, known: Fragments) -> list[Fragment]:
    """Every item's fragment, reusing (and adding to) ``known`` for items with a digest
    (which covers the item's every field, the settings and the code)."""
    out = []
    for item in site.items():
        found = known.get(item.digest) if item.digest else None
        if found is None:
            found = fragment(site.config, item)
            if item.digest:
                known[item.digest] = found
        out.append(found)
    return out


def _full(
    fragments: Sequence[Fragment],
    digests: Sequence[str] = (),
    last: tuple[Layout, tuple[str, int, int]] | None = None,
) -> bytes:
    """search.json's bytes (``_full_into``)."""
    out = io.BytesIO()
    _full_into(fragments, digests, last, out)
    return out.getvalue()  # the buffer itself (CPython shares it): no copy


def _full_into(
    fragments: Sequence[Fragment],
    digests: Sequence[str],
    last: tuple[Layout, tuple[str, int, int]] | None,
    out: BinaryIO,
) -> None:
    """search.json: ``{"items":[...],"version":1}``, from the items' fragments (30 MB for
    5,000 posts: the texts, kept in the cache's body files, are read one at a time).

    ``last``: the layout of the search.json the last build wrote and that file (path, size,
    mtime). While the file is as written, the entry of an item whose digest it holds (which
    covers the item, the settings and the code: the same bytes) is copied from it, each run
    of neighbouring entries at once, file to file where the system can (an edit's build
    reads one text, and copies the rest in a few runs)."""
    before = _last_file(last)
    fd, where, ends = before if before is not None else (-1, {}, array("Q"))
    run: list[int] = []  # entries of the last file to copy, one after another

    def copy() -> None:  # the commas between them included
        if run:
            start = ends[run[0] - 1] + 1 if run[0] else len(_OPEN)
            _copy(fd, start, ends[run[-1]] - start, out)
            run.clear()

    try:
        out.write(_OPEN)
        for n, f in enumerate(fragments):
            at = where.get(digests[n]) if where and n < len(digests) else None
            if at is not None and run and at == run[-1] + 1:
                run.append(at)
                continue
            copy()
            if at is not None:
                out.write(b"," if n else b"")
                run.append(at)
            else:
                out.writelines([b"," if n else b"", f.head[:-1], b',"text":', f.json_text()])
                out.writelines([b",", f.tail[1:]])
        copy()
        out.write(_CLOSE)
    finally:
        if before is not None:
            os.close(fd)


def _last_file(
    last: tuple[Layout, tuple[str, int, int]] | None,
) -> tuple[int, dict[str, int], array[int]] | None:
    """The last search.json, open, where each digest's entry is in it, and the entries'
    ends; None when it is not as that build wrote it (its size, mtime, ends)."""
    if last is None:
        return None
    layout, (file, size, mtime) = last
    ends = array("Q")
    ends.frombytes(layout.ends)
    if (ends[-1] if ends else len(_OPEN)) + len(_CLOSE) != size:
        return None
    try:
        fd = os.open(file, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        stat = os.fstat(fd)
        same = (stat.st_size, stat.st_mtime_ns) == (size, mtime) and S_ISREG(stat.st_mode)
        if same and os.pread(fd, len(_OPEN), 0) + os.pread(fd, len(_CLOSE), size - len(_CLOSE)) == (
            _OPEN + _CLOSE
        ):
            return fd, {d: n for n, d in enumerate(layout.digests) if d}, ends
    except OSError:
        pass
    os.close(fd)
    return None


def _copy(fd: int, offset: int, length: int, out: BinaryIO) -> None:
    """``length`` bytes of ``fd`` from ``offset`` to ``out``: in the kernel when both are
    files that allow it (no copy through this process), else read and written."""
    copy_range = getattr(os, "copy_file_range", None)
    try:
        target = out.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation: a BytesIO
        target = -1
    while copy_range is not None and length > 0 and target >= 0:
        try:
            done = copy_range(fd, target, length, offset)
        except OSError:  # not between these two (another file system, an old kernel)
            break
        if done <= 0:
            break
        offset, length = offset + done, length - done
    while length > 0:
        data = os.pread(fd, min(length, _PIECE), offset)
        if not data:
            raise OSError(errno.EIO, "search.json changed while it was copied", str(fd))
        out.write(data)
        offset, length = offset + len(data), length - len(data)


_PIECE = 1 << 22  # bytes of the last search.json read at a time when not copied file to file


def _layout(digests: Sequence[str], fragments: Sequence[Fragment]) -> Layout:
    """Where each entry of the search.json ``_full`` makes of these fragments ends."""
    ends = array("Q")
    at = len(_OPEN) - 1
    for f in fragments:
        text = len(f.text) if isinstance(f.text, bytes) else f.text.length
        at += 1 + len(f.head) - 1 + len(b',"text":') + text + 1 + len(f.tail) - 1
        ends.append(at)
    return Layout(tuple(digests), ends.tobytes())


def search_labels(items: Sequence[Item], lang: str = "en") -> dict[str, object]:
    """What a result shows besides the item's own fields, for these items:
    ``type_labels`` (``"post"`` -> ``"Blog post"``, as the site's pages say it, for the types
    used), ``months`` and ``date_pattern`` (the month names and CLDR pattern of "June 15, 2026"
    in the site's language ``lang``, as listing pages write dates) and ``rtl`` (the
    languages used that are written right to left)."""
    return {
        "date_pattern": date_pattern(lang),
        "months": list(month_names(lang)),
        "rtl": sorted(lang for lang in {i.lang for i in items} if is_rtl(lang)),
        "type_labels": {t: LABELS[t] for t in sorted({i.kind for i in items})},
    }


# ---------------------------------------------------------------- folding and terms
# (the same rules as search-core.js: a change here is a change there)

_INVISIBLE = "\u0640\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
_SWAP = {
    "\u0671": "\u0627",
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    "\u0675": "\u0627",
    "\u0649": "\u064a",
    "\u06cc": "\u064a",
    "\u0629": "\u0647",
    "\u06a9": "\u0643",
    "\u03c2": "\u03c3",
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u00df": "ss",
}
_NOT_ASCII_RUNS = re.compile(r"[^\x00-\x7f]+")
# Scripts written without spaces: Hangul Jamo, CJK radicals/punctuation-free blocks, kana,
# Bopomofo, Hangul, CJK ideographs (BMP and supplementary), Thai, Lao, Tibetan, Myanmar, Khmer.
SPACELESS = (
    "\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u2fdf"
    "\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_SPACELESS_RUNS = re.compile(f"[{SPACELESS}]+")
_WORDS = re.compile(r"[^\W_]+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_PROCLITICS = "\u0648\u0641\u0628\u0643\u0644"  # و ف ب ك ل
_AL = "\u0627\u0644"  # ال


def _fold_run(match: re.Match[str]) -> str:
    out = []
    for c in unicodedata.normalize("NFKD", match.group()):
        if c in _INVISIBLE or unicodedata.category(c).startswith("M"):
            continue
        out.append(_SWAP.get(c, c))
    return "".join(out)


def fold(text: str) -> str:
    """Case, accents and Arabic diacritics folded away: "Públicas" -> "publicas"."""
    lower = text.lower()
    return lower if lower.isascii() else _NOT_ASCII_RUNS.sub(_fold_run, lower)


def arabic_stems(word: str) -> list[str]:
    """An Arabic word without its article: ال, لل, or a one-letter proclitic + ال."""
    stems = []
    if len(word) > 3 and (word.startswith(_AL) or word.startswith("\u0644\u0644")):
        stems.append(word[2:])
    if len(word) > 4 and word[0] in _PROCLITICS and word[1:3] == _AL:
        stems += [word[1:], word[3:]]
    return stems


def terms(text: str) -> set[str]:
    """The index terms of ``text``: folded words, Arabic words also without their article,
    and the characters and character pairs of runs written without spaces."""
    words = set(_WORDS.findall(fold(text)))
    found = {word for word in words if word.isascii()}
    for word in words - found:
        at = 0
        for run in _SPACELESS_RUNS.finditer(word):
            if run.start() > at:
                _add_word(found, word[at : run.start()])
            chars = run.group()
            found.update(chars)
            found.update(chars[i : i + 2] for i in range(len(chars) - 1))
            at = run.end()
        if at < len(word):
            _add_word(found, word[at:])
    return found


def _add_word(found: set[str], word: str) -> None:
    found.add(word)
    if _ARABIC.match(word):
        found.update(arabic_stems(word))


# ---------------------------------------------------------------- what is searchable


def about(item: Item) -> list[str]:
    """The searchable words of an item that are neither its title, summary, tags nor text:
    its people, a listing's fields, an event's place."""
    out = list(item.people)
    if isinstance(item, Sister):
        out += [item.label, item.library, item.city, *_country_names(item)]
        out.append(region_name(item.region))
        out += [f"{item.type} library", STATUS_LABELS[item.status]]
        out += [item.partner or "", *item.interests]
        out += [n for code in item.languages for n in _language_names(code)]
    elif isinstance(item, Event):
        out += [item.location or "", item.city or "", item.conference_label]
    return [x for x in dict.fromkeys(out) if x]


def _country_names(item: Sister) -> list[str]:
    """The country's name in English (as the directory says it) and in its own languages
    (the listing's and the country's official ones, as CLDR writes them)."""
    names = [country_name(item.country)]
    codes = [*item.languages, *get_official_languages(item.country)]
    for code in codes:
        try:
            names.append(Locale.parse(code.replace("-", "_")).territories[item.country])
        except (ValueError, KeyError, UnknownLocaleError):
            continue
    return names


def _language_names(code: str) -> list[str]:
    """A language's own name and its English name ("Español", "Spanish")."""
    english = Locale("en").languages.get(code.split("-")[0].lower())
    return [code, language_name(code), *([english] if english else [])]


def _numbered(items: Sequence[Item]) -> list[Item]:
    """Items in document-number order: standing pages first, then newest first."""
    order = {id(item): n for n, item in enumerate(items)}

    def key(item: Item) -> tuple[int, float, int]:
        if item.date is None:
            return (0, 0.0, order[id(item)])
        return (1, -item.date.timestamp(), order[id(item)])

    return sorted(items, key=key)


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be", "surrogatepass")


def _fields(item: Item, people: Sequence[str]) -> bytes:
    """The item's terms, each under the best field that holds it (``people``: ``about``),
    packed as a cache keeps them best: by field code (BODY, SUMMARY, META, TITLE), each
    field's terms sorted and joined by newlines, the fields by tabs (a term holds neither),
    in UTF-8, compressed (a third of the memory of the strings); ``_unpacked`` undoes it."""
    fields: dict[str, int] = dict.fromkeys(terms(item.text), BODY)
    fields.update(dict.fromkeys(terms(item.summary), SUMMARY))
    fields.update(dict.fromkeys(terms("\n".join([*item.tags, *people])), META))
    fields.update(dict.fromkeys(terms(item.title), TITLE))
    return _packed(fields)


def _packed(fields: dict[str, int]) -> bytes:
    """Terms (term -> field code), packed as ``_fields`` says."""
    groups: tuple[list[str], ...] = ([], [], [], [])
    for term, field in fields.items():
        groups[field].append(term)
    joined = "\t".join("\n".join(sorted(group)) for group in groups)
    return zlib.compress(joined.encode("utf-8", "surrogatepass"), 1)


def _unpacked(packed: bytes) -> list[str]:
    """An item's terms by field code, each field's joined by newlines (``_fields``)."""
    return zlib.decompress(packed).decode("utf-8", "surrogatepass").split("\t")


def _postings(docs: Sequence[bytes]) -> tuple[list[str], dict[str, Codes]]:
    """(the terms sorted as JavaScript sorts strings, each term's postings), from the
    documents' terms by field (``_fields``), in document-number order. A posting here is
    ``number * 4 + field``, in an array of 32-bit numbers (a tenth of a list of ints'
    memory); ``_chunk`` makes them deltas when it writes them."""
    found: defaultdict[str, array[int]] = defaultdict(partial(array, "I"))
    for number, packed in enumerate(docs):
        for field, joined in enumerate(_unpacked(packed)):
            if joined:
                code = number * 4 + field
                for term in joined.split("\n"):
                    found[term].append(code)
    postings: dict[str, Codes] = dict(found)
    return sorted(found, key=_utf16), postings


PATCH_SHARE = 8  # patch the last index when at most 1/8 of the documents (or 64) changed


def _index(
    keys: Sequence[str], numbered: Sequence[Fragment], known: Fragments, last: SearchIndex | None
) -> tuple[SearchIndex, set[str] | None]:
    """The index of the documents (``keys``: their items' digests, ``numbered``: their
    fragments, in number order), and the terms whose postings changed since ``last`` (None:
    made from scratch). ``last`` is patched when the documents are the same but some of
    them edited (their old terms still in ``known``); else the index is made again."""
    patched = _patched(last, keys, numbered, known) if last is not None else None
    if patched is not None:
        return patched
    order, postings = _postings([f.terms for f in numbered])
    return SearchIndex(tuple(keys), tuple(order), postings), None


def _by_term(packed: bytes) -> dict[str, int]:
    """An item's terms, each with its field code."""
    return {
        term: field
        for field, joined in enumerate(_unpacked(packed))
        if joined
        for term in joined.split("\n")
    }


class _Misfit(Exception):
    """The last index does not fit this build's documents: make the index from scratch."""


def _patched(
    last: SearchIndex, keys: Sequence[str], numbered: Sequence[Fragment], known: Fragments
) -> tuple[SearchIndex, set[str]] | None:
    """``last`` with the postings of the documents whose terms changed made anew, or None
    when it does not fit: documents added, removed or moved (every number after them
    shifts), a document's old terms unknown, too many changes, or postings not as expected."""
    try:
        changed = _changed(last, keys, numbered, known)
        postings = dict(last.postings)
        mine: dict[str, array[int]] = {}
        for number, old, new in changed:
            _repost(postings, mine, number, _by_term(old), _by_term(new))
    except _Misfit:
        return None
    touched = set(mine)
    gone = {t for t in touched if not postings[t]}
    added = {t for t in touched if t not in last.postings}
    for term in gone:
        del postings[term]
    order = last.order
    if len(gone) + len(added) > 256:
        order = tuple(sorted(postings, key=_utf16))
    elif gone or added:
        terms = list(order)
        for term in gone:
            del terms[bisect_left(terms, _utf16(term), key=_utf16)]
        for term in added:
            insort(terms, term, key=_utf16)
        order = tuple(terms)
    return SearchIndex(tuple(keys), order, postings, last.chunks), touched


def _changed(
    last: SearchIndex, keys: Sequence[str], numbered: Sequence[Fragment], known: Fragments
) -> list[tuple[int, bytes, bytes]]:
    """(number, old terms, new terms) of each document whose terms changed."""
    if len(keys) != len(last.keys):
        raise _Misfit
    changed: list[tuple[int, bytes, bytes]] = []
    for number, (old, new, fragment) in enumerate(zip(last.keys, keys, numbered, strict=True)):
        if old == new and new:
            continue  # the same item digest: the same fragment
        was = known.get(old) if old and new else None
        if was is None:
            raise _Misfit
        if was.terms != fragment.terms:
            changed.append((number, was.terms, fragment.terms))
    if len(changed) * PATCH_SHARE > len(keys) + 64 * PATCH_SHARE:
        raise _Misfit
    return changed


def _repost(
    postings: dict[str, Codes],
    mine: dict[str, array[int]],
    number: int,
    before: dict[str, int],
    after: dict[str, int],
) -> None:
    """Document ``number``'s postings: those of its terms ``before`` (term -> field) out,
    those ``after`` in, where they differ. A term's postings are copied before they change
    (``mine``: those already copied), so the last index stays as it was."""
    start = number * 4

    def own(term: str) -> array[int]:
        codes = mine.get(term)
        if codes is None:
            codes = mine[term] = array("I", postings.get(term, ()))
            postings[term] = codes
        return codes

    for term, field in before.items():
        if after.get(term) == field:
            continue
        if term not in postings:
            raise _Misfit
        codes = own(term)
        at = bisect_left(codes, start)
        if at == len(codes) or codes[at] != start + field:
            raise _Misfit
        del codes[at]
    for term, field in after.items():
        if before.get(term) == field:
            continue
        codes = own(term)
        at = bisect_left(codes, start)
        if at < len(codes) and codes[at] >> 2 == number:
            raise _Misfit
        codes.insert(at, start + field)


def _file(fp: Fingerprint, folder: str, number: int, data: bytes) -> Output:
    name = f"{folder}{number}-{digest(data)[:12]}.json"
    return Output(name, data, key=fp.of("search-file", name))


def _raw(codes: Codes) -> bytes:
    """The postings' bytes, little-endian whatever the machine."""
    if sys.byteorder == "little":
        return codes.tobytes()
    swapped = array("I", codes)
    swapped.byteswap()
    return swapped.tobytes()


def _chunk(terms: list[str], postings: list[Codes]) -> bytes:
    """A term chunk's bytes: each posting less the one before's document number times 4."""
    deltas = [
        [c - (p & -4) for c, p in zip(codes, [0, *codes], strict=False)] for codes in postings
    ]
    return _dump({"postings": deltas, "terms": terms})


def _term_chunks(
    fp: Fingerprint,
    order: Sequence[str],
    postings: dict[str, Codes],
    touched: set[str] | None = None,
    last: Sequence[tuple[str, str, int, str]] = (),
) -> tuple[list[Output], list[list[str]], tuple[tuple[str, str, int, str], ...]]:
    """The term chunks, each named by its place and a digest of its terms and postings (not
    of its bytes: a chunk's JSON is made only when it is written), and each chunk's first and
    last term, number of terms and name. ``last``: the chunks of the index this one was
    patched from, ``touched``: the terms patched (None: all); a chunk with the same place,
    first and last term and number of terms as one of ``last``, and no term touched, holds
    the same terms and postings, so it keeps its name (no digest to make)."""
    files: list[Output] = []
    refs: list[list[str]] = []
    made: list[tuple[str, str, int, str]] = []
    batch: list[str] = []
    size = 0

    def close() -> None:
        lists = [postings[t] for t in batch]
        place = len(files)
        was = last[place] if place < len(last) else None
        if (
            touched is not None
            and was is not None
            and was[:3] == (batch[0], batch[-1], len(batch))
            and touched.isdisjoint(batch)
        ):
            name = was[3]
        else:
            name = f"{urls.SEARCH_TERMS}{place}-{digest(*batch, *map(_raw, lists))[:12]}.json"
        make = partial(_chunk, batch, lists)
        files.append(Output(name, make=make, key=fp.of("search-file", name)))
        refs.append([batch[0], name])
        made.append((batch[0], batch[-1], len(batch), name))

    for term in order:
        batch.append(term)
        size += len(term) + 4 + 4 * len(postings[term])
        if size >= CHUNK_BYTES:
            close()
            batch, size = [], 0
    if batch:
        close()
    return files, refs, tuple(made)


def _words(fp: Fingerprint, order: Sequence[str]) -> tuple[list[Output], list[list[str]]]:
    """The words typo tolerance looks among, in files by their first two letters."""
    by_key: dict[str, list[str]] = {}
    for term in order:
        if len(term) >= 4 and not _SPACELESS_RUNS.search(term):
            by_key.setdefault(term[:2], []).append(term)
    files: list[Output] = []
    refs: list[list[str]] = []
    batch: list[str] = []
    first, size = "", 0

    def flush() -> None:
        files.append(_file(fp, urls.SEARCH_WORDS, len(files), _dump({"words": batch})))
        refs.append([first, files[-1].path])

    for key in sorted(by_key, key=_utf16):
        if not batch:
            first = key
        batch += by_key[key]
        size += sum(len(w) + 3 for w in by_key[key])
        if size >= WORDS_BYTES:
            flush()
            batch, size = [], 0
    if batch:
        flush()
    return files, refs


def _doc(config: Config, item: Item) -> bytes:
    return _dump({**search_entry(config, item), "about": about(item)})


def _doc_files(
    fp: Fingerprint, config: Config, docs: Sequence[Item], fragments: Sequence[Fragment]
) -> tuple[list[Output], list[str]]:
    """One file per document, named by its number and its block's digest (that of its
    documents' digests, which the fragments keep); made again when written (so 5,000
    documents' bytes are not all held at once). The block's documents share a key (their
    paths tell them apart), one digest per block, not one per document."""
    files: list[Output] = []
    hashes: list[str] = []
    for start in range(0, len(docs), DOC_BLOCK):
        block = docs[start : start + DOC_BLOCK]
        hashes.append(digest(*(f.doc for f in fragments[start : start + DOC_BLOCK]))[:10])
        key = fp.of("search-docs", hashes[-1])
        for n, item in enumerate(block, start):
            name = f"{urls.SEARCH_DOCS}{n}-{hashes[-1]}.json"
            files.append(Output(name, make=partial(_doc, config, item), key=key))
    return files, hashes


def render_search(
    site: Site,
    fp: Fingerprint | None = None,
    known: Fragments | None = None,
    memo: IndexMemo | None = None,
) -> list[Output]:
    """search.json, the split index (manifest, term chunks, words, documents) and
    search/labels.json.

    ``known`` holds the fragments (search.json's bytes, terms, document digests) an earlier
    build made (by item digest); new ones are added. An item's text is tokenized only when
    its fragment is made. ``memo`` holds the index an earlier build made (``_index``), patched
    when only some documents changed; this build's is left there.
    """
    fp = fp or Fingerprint()
    known = {} if known is None else known
    fragments = _fragments(site, known)
    labels = search_labels(site.items(), site.config.language)
    docs = _numbered(site.items())
    of = {id(item): f for item, f in zip(site.items(), fragments, strict=True)}
    numbered = [of[id(item)] for item in docs]
    index, touched = _index([i.digest for i in docs], numbered, known, memo.index if memo else None)
    chunk_files, chunk_refs, chunks = _term_chunks(
        fp, index.order, index.postings, touched, index.chunks
    )
    if memo is not None:
        memo.index = replace(index, chunks=chunks)
    word_files, word_refs = _words(fp, index.order)
    doc_files, hashes = _doc_files(fp, site.config, docs, numbered)
    manifest = {
        "version": INDEX_VERSION,
        "format": "irrtsite-search-index",
        **labels,
        "chunks": chunk_refs,
        "words": word_refs,
        "docs": {
            "count": len(docs),
            "block": DOC_BLOCK,
            "hashes": hashes,
            "prefix": urls.SEARCH_DOCS,
        },
    }
    data = _dump(manifest)
    digests = [i.digest for i in site.items()]
    last = None
    if memo is not None:
        if memo.layout is not None and memo.live is not None:
            last = (memo.layout, memo.live)
        memo.layout = _layout(digests, fragments)
    full = partial(_full, fragments, digests, last)
    into = partial(_full_into, fragments, digests, last)
    return [
        Output(FULL, make=full, key=fp.of("search.json", site.items()), stream=into),
        Output(TABLES, _dump({"version": VERSION, "format": "irrtsite-search-labels", **labels})),
        Output(INDEX, data, key=fp.of("search-index", data.decode())),
        *chunk_files,
        *word_files,
        *doc_files,
    ]
