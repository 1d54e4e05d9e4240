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

So the search page (``templates/assets/search.js``) reads a split copy instead:

``search-index.json`` -- fetched once, the first time the search box is used::

    {"version": 1, "format": "irrtsite-search-index",
     "types": ["event", "leads-article", ...],          # the "type" values used, sorted
     "tags": ["ALA Annual", ...],                         # every tag spelling used, sorted
     "rtl": ["ar"],                                       # the languages used that are RTL
     "shards": [{"url": "search/text-<hash>.json", "count": 812, "bytes": 400123}, ...],
     "items": [[url, title, type, date, lang, [tag, ...], summary, head], ...]}

  Items are arrays, in ``search.json`` order; ``type`` and each tag are indexes into
  ``types`` and ``tags``; ``date`` is the same ISO 8601 date-time with its offset as in
  ``search.json`` (``"2026-06-15T09:00:00-05:00"``; null for standing pages), since the
  content spec wants every date in output to carry its offset. A result shows the calendar
  date the string itself gives (its first 10 characters: the local date in the item's own
  offset, "15 June 2026"), with the whole string as its ``<time datetime>``. ``head`` is
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
  once with the index when all the text is small (at most ``PREFETCH_BYTES``, as on a site
  of a few hundred items). It folds arriving text in small time slices, so typing never
  waits, and refines the results shown. Shard names carry a hash of their bytes, so they
  can be cached for ever; ``search-index.json`` and ``search.json`` keep fixed names. Shard
  URLs are relative to ``search-index.json``.

Every file is deterministic: sorted keys, UTF-8 (``ensure_ascii=False``), compact
separators. Matching (case, accents, Arabic harakat, CJK substrings) is done in the browser
on the text as written, so the files hold no second, folded copy of it.

E-mail addresses: a sister listing's ``contact`` is never written; addresses typed into a
listing's text, and any listing's contact address anywhere in the site, were already
replaced by ``[e-mail]`` when the content was read (``readers``, ``crosscheck``).
"""

from __future__ import annotations

import hashlib
import json
from typing import TypedDict

from . import urls
from .languages import is_rtl
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
INDEX = "search-index.json"
FULL = "search.json"
SHARD_FOLDER = "search/"
SHARD_BYTES = 400_000  # UTF-8 bytes of text per shard, roughly
PREFETCH_BYTES = 512_000  # search.js fetches all the text with the index when no bigger
HEAD_CHARS = 100  # characters of body text in search-index.json


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def search_entries(site: Site) -> list[SearchEntry]:
    """One search.json entry per published item, in ``site.items()`` order."""
    return [
        {
            "url": urls.href(site.config, item.url),
            "title": item.title,
            "type": item.kind,
            "date": item.date.isoformat() if item.date is not None else None,
            "lang": item.lang,
            "tags": list(item.tags),
            "summary": item.summary,
            "text": item.text,
        }
        for item in site.items()
    ]


def text_head(text: str, limit: int = HEAD_CHARS) -> str:
    """The first words of ``text``: at most ``limit`` characters, cut at a space if one is near."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    return text[:cut] if cut >= limit * 2 // 3 else text[:limit]


def _shards(entries: list[dict]) -> list[list[str]]:
    shards: list[list[str]] = []
    current: list[str] = []
    size = 0
    for entry in entries:
        current.append(entry["text"])
        size += len(entry["text"].encode("utf-8")) + 3
        if size >= SHARD_BYTES:
            shards.append(current)
            current, size = [], 0
    if current or not shards:
        shards.append(current)
    return shards


def render_search(site: Site) -> list[Output]:
    """search.json, search-index.json and the text shards it points to."""
    entries = search_entries(site)
    outputs = [Output(FULL, _dump({"version": VERSION, "items": entries}))]

    shard_refs = []
    for texts in _shards(entries):
        data = _dump({"version": VERSION, "text": texts})
        path = f"{SHARD_FOLDER}text-{hashlib.sha256(data).hexdigest()[:12]}.json"
        outputs.append(Output(path, data))
        shard_refs.append({"url": path, "count": len(texts), "bytes": len(data)})

    types = sorted({e["type"] for e in entries})
    tags = sorted({t for e in entries for t in e["tags"]})
    type_index = {t: i for i, t in enumerate(types)}
    tag_index = {t: i for i, t in enumerate(tags)}
    rows = [
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
    rtl = sorted({e["lang"] for e in entries if is_rtl(e["lang"])})
    index = {
        "version": VERSION,
        "format": "irrtsite-search-index",
        "types": types,
        "tags": tags,
        "rtl": rtl,
        "shards": shard_refs,
        "items": rows,
    }
    outputs.append(Output(INDEX, _dump(index)))
    return outputs
