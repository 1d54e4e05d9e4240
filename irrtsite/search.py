"""The site search: ``search.json`` (the index the content spec defines) and a
compact, split copy of it that the search page loads.

``search.json`` is exactly what the spec asks for::

    {"version": 1, "items": [{"url": "/intl/blog/2026/06/x/", "title": ..., "type": "post",
      "date": "2026-06-15T09:00:00-05:00", "lang": "es", "tags": [...], "summary": ...,
      "text": ...}, ...]}

one entry per published item (``Site.items()`` order), ``url`` being the path part of the
item's absolute URL (base path included), ``date`` ISO 8601 with its offset (null for
standing pages), ``text`` the body as plain text. It stays, for anyone who wants the whole
index in one file, but it grows with every word of every post: 1.7 kB an item on the sample
site, 6.6 kB an item (33 MB) for the 5,000-post benchmark corpus -- far too much to fetch
before a first result can show.

So the search page (``templates/assets/search.js``, with ``search-core.js``) reads a split
copy instead:

``search-index.json`` -- fetched once, the first time the search box is used::

    {"version": 1, "format": "irrtsite-search-index",
     "types": ["event", "leads-article", ...],          # the "type" values used, sorted
     "tags": ["ALA Annual", ...],                         # every tag spelling used, sorted
     "rtl": ["ar"],                                       # the languages used that are RTL
     "type_labels": {"event": "Event", ...},              # each type used, as pages name it
     "months": ["January", ...],                          # for dates as listings write them,
     "date_pattern": "MMMM d, y",                         # in the site's language (CLDR)
     "shards": [{"url": "search/text-<hash>.json", "count": 812, "bytes": 400123}, ...],
     "items": [[url, title, type, date, lang, [tag, ...], summary, head], ...]}

  Items are arrays, in ``search.json`` order; ``type`` and each tag are indexes into
  ``types`` and ``tags``; ``date`` is the same ISO 8601 date-time with its offset as in
  ``search.json`` (``"2026-06-15T09:00:00-05:00"``; null for standing pages), since the
  content spec wants every date in output to carry its offset. A result shows the calendar
  date the string itself gives (its first 10 characters: the local date in the item's own
  offset, "June 15, 2026"), with the whole string as its ``<time datetime>``. ``head`` is
  the first words of ``text`` (at most ``HEAD_CHARS`` characters, cut at a space) for an
  item without a summary (a result's snippet shows the summary otherwise), else "". About
  0.3-0.4 kB an item: 0.31 kB on the sample site (9.8 kB for 32 items), 0.39 kB for the
  5,000-post benchmark corpus (1.94 MB raw, 0.47 MB gzipped). Titles, summaries, tags and
  heads are enough to rank and show first results at once, since a title, summary or tag
  match always outranks a body match.

``search/text-<hash>.json`` -- the full ``text`` of consecutive items, ``{"version": 1,
  "text": [...]}``, in shards of about ``SHARD_BYTES``. The script fetches them, a few at a
  time, only when a query's results could still change with body text (fewer results than
  the 50 it shows, or a 50th result that an item's body match could still outrank), or at
  once with the index when all the text is small (search.js's ``PREFETCH_BYTES``, as on a site
  of a few hundred items). It folds arriving text in small time slices, so typing never
  waits, and refines the results shown. Shard names carry a hash of their bytes, so they
  can be cached for ever; ``search-index.json`` and ``search.json`` keep fixed names. Shard
  URLs are relative to ``search-index.json``.

``search/labels.json`` -- ``{"version": 1, "format": "irrtsite-search-labels", "months": [...],
  "date_pattern": "...", "rtl": [...], "type_labels": {...}}``: the same tables
  (``search_labels``), for a page that reads ``search.json`` instead (its shape is fixed by
  the content spec, so it has no room for them). The search page's script tag names it in
  ``data-labels``. The labels come from where the site's pages take them (``models.KINDS``,
  ``dates.month_names`` and ``dates.date_pattern`` in the site's language,
  ``languages.is_rtl``), so a result says "Blog post · June 15, 2026" exactly as a tag page
  does.

Every file is deterministic: sorted keys, UTF-8 (``ensure_ascii=False``), compact
separators. Matching (case, accents, Arabic harakat, CJK substrings) is done in the browser
on the text as written, so the files hold no second, folded copy of it.

E-mail addresses: a sister listing's ``contact`` is never written; addresses typed into a
listing's text, and any listing's contact address anywhere in the site, were already
replaced by ``[e-mail]`` when the content was read (``readers``, ``crosscheck``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import partial
from typing import TypedDict

from . import urls
from .cache import Fragment
from .config import Config
from .dates import date_pattern, month_names
from .keys import Fingerprint, digest
from .languages import is_rtl
from .models import LABELS, Item
from .outputs import Output
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
_CLOSE = b'],"version":' + str(VERSION).encode() + b"}"  # ends search.json and each shard
INDEX = urls.SEARCH_INDEX
FULL = urls.SEARCH_FULL
TABLES = urls.SEARCH_LABELS  # the tables of search-index.json, for the search.json fallback
SHARD_BYTES = 400_000  # UTF-8 bytes of text per shard, roughly
HEAD_CHARS = 100  # characters of body text in search-index.json


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def search_entries(site: Site) -> list[SearchEntry]:
    """One search.json entry per published item, in ``site.items()`` order."""
    return [search_entry(site.config, item) for item in site.items()]


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


def text_head(text: str, limit: int = HEAD_CHARS) -> str:
    """The first words of ``text``: at most ``limit`` characters, cut at a space if one is near."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    return text[:cut] if cut >= limit * 2 // 3 else text[:limit]


def fragment(entry: SearchEntry) -> Fragment:
    """Exactly the bytes ``_dump`` would give for the entry, in three parts."""
    head = {k: v for k, v in entry.items() if k < "text"}
    tail = {k: v for k, v in entry.items() if k > "text"}
    text = json.dumps(entry["text"], ensure_ascii=False).encode("utf-8")
    size = len(entry["text"].encode("utf-8"))
    return Fragment(_dump(head), text, _dump(tail), size, digest(text))


Fragments = dict[str, Fragment]  # by item digest: what an earlier build already encoded


def _fragments(site: Site, known: Fragments) -> list[Fragment]:
    """Every item's fragment, reusing (and adding to) ``known`` for items with a digest."""
    out = []
    for item in site.items():
        found = known.get(item.digest) if item.digest else None
        if found is None:
            found = fragment(search_entry(site.config, item))
            if item.digest:
                known[item.digest] = found
        out.append(found)
    return out


def _shards(sizes: Sequence[int]) -> list[range]:
    """The items in consecutive groups of about ``SHARD_BYTES`` of text (one group at least)."""
    shards: list[range] = []
    start = size = 0
    for n, length in enumerate(sizes):
        size += length + 3
        if size >= SHARD_BYTES:
            shards.append(range(start, n + 1))
            start, size = n + 1, 0
    if start < len(sizes) or not shards:
        shards.append(range(start, len(sizes)))
    return shards


def _joined(parts: Sequence[bytes], before: bytes) -> bytes:
    """``{"<key>":[part,part,...],"version":1}`` exactly as ``_dump`` writes it."""
    return before + b",".join(parts) + _CLOSE


def _full(fragments: Sequence[Fragment]) -> bytes:
    """search.json: ``{"items":[...],"version":1}``, from the items' fragments."""
    return _joined([f.entry() for f in fragments], b'{"items":[')


def _shard_files(
    site: Site, fp: Fingerprint, fragments: list[Fragment]
) -> tuple[list[Output], list[dict[str, object]]]:
    """The text shards, and what search-index.json says of each (url, count, bytes).

    A shard is named by its place and the digests of the texts it holds: the name changes
    exactly when its bytes do, and two shards never share a name (even with equal texts).
    """
    files, refs = [], []
    for number, members in enumerate(_shards([f.size for f in fragments])):
        name = digest(str(number), *(fragments[n].text_digest for n in members))
        key = fp.of("shard", name)
        texts = [fragments[n].text for n in members]
        data = partial(_joined, texts, b'{"text":[')
        length = len(b'{"text":[') + sum(map(len, texts)) + max(len(texts) - 1, 0) + len(_CLOSE)
        path = urls.search_shard(name[:12])
        files.append(Output(path, make=data, key=key))
        refs.append({"url": path, "count": len(texts), "bytes": length})
    return files, refs


def search_labels(items: Sequence[Item], lang: str = "en") -> dict[str, object]:
    """What a result shows besides the item's own fields, for these items:
    ``type_labels`` (``"post"`` -> ``"Blog post"``, as the site's pages say it, for the types
    used), ``months`` and ``date_pattern`` (the month names and CLDR pattern of "June 15, 2026"
    in the site's language ``lang``, as listing pages write dates) and ``rtl`` (the
    languages used that are written right to left)."""
    return {
        "date_pattern": date_pattern(lang),
        "months": list(month_names(lang)),
        "rtl": sorted({i.lang for i in items if is_rtl(i.lang)}),
        "type_labels": {t: LABELS[t] for t in sorted({i.kind for i in items})},
    }


def _index_rows(
    entries: Sequence[SearchEntry], types: list[str], tags: list[str]
) -> list[list[object]]:
    """search-index.json's items: arrays, the type and tags as indexes into its lists."""
    type_index = {t: i for i, t in enumerate(types)}
    tag_index = {t: i for i, t in enumerate(tags)}
    return [
        [
            e["url"],
            e["title"],
            type_index[e["type"]],
            e["date"],
            e["lang"],
            [tag_index[t] for t in e["tags"]],
            e["summary"],
            "" if e["summary"] else text_head(e["text"]),
        ]
        for e in entries
    ]


def render_search(
    site: Site, fp: Fingerprint | None = None, known: Fragments | None = None
) -> list[Output]:
    """search.json, search-index.json, the text shards it points to and search/labels.json.

    ``known`` holds fragments an earlier build encoded (by item digest); new ones are added.
    """
    fp = fp or Fingerprint()
    fragments = _fragments(site, {} if known is None else known)
    labels = search_labels(site.items(), site.config.language)
    shard_files, shard_refs = _shard_files(site, fp, fragments)
    everything = site.items()
    full = partial(_full, fragments)
    index = partial(_index, site, labels, shard_refs)
    return [
        Output(FULL, make=full, key=fp.of("search.json", everything)),
        *shard_files,
        Output(TABLES, _dump({"version": VERSION, "format": "irrtsite-search-labels", **labels})),
        Output(INDEX, make=index, key=fp.of("index", everything, shard_refs)),
    ]


def _index(site: Site, labels: dict[str, object], shard_refs: list[dict[str, object]]) -> bytes:
    """search-index.json (made when written: its rows need every item's entry)."""
    entries = search_entries(site)
    types = sorted({e["type"] for e in entries})
    tags = sorted({t for e in entries for t in e["tags"]})
    index = {
        "version": VERSION,
        "format": "irrtsite-search-index",
        **labels,
        "types": types,
        "tags": tags,
        "shards": shard_refs,
        "items": _index_rows(entries, types, tags),
    }
    return _dump(index)
