"""Tags: spellings that fold to one slug are one tag, shown by its most used spelling."""

from __future__ import annotations

from collections import Counter

from .models import Item, Tag
from .urls import slugify


def collect_tags(items) -> tuple[Tag, ...]:
    """One Tag per slug over the published ``items`` (newest first), sorted by slug."""
    spellings: dict[str, Counter] = {}
    members: dict[str, list[Item]] = {}
    for item in items:
        for name in dict.fromkeys(item.tags):
            slug = slugify(name)
            if not slug:
                continue
            spellings.setdefault(slug, Counter())[name] += 1
            if item not in members.setdefault(slug, []):
                members[slug].append(item)
    tags = []
    for slug in sorted(members):
        counts = spellings[slug]
        name = min(counts, key=lambda n: (-counts[n], n))
        newest = sorted(members[slug], key=_newest)
        tags.append(Tag(slug, name, tuple(newest)))
    return tuple(tags)


def _newest(item: Item):
    stamp = item.date.timestamp() if item.date else float("-inf")
    return (-stamp, item.url)


def tag_slugs(item: Item) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for s in map(slugify, item.tags) if s))
