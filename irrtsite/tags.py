"""Tags: spellings that fold to one slug are one tag, shown by its most used spelling."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Item, Tag, newest_first
from .urls import slugify


def collect_tags(items: Iterable[Item]) -> tuple[Tag, ...]:
    """One Tag per slug over the published ``items`` (newest first), sorted by slug.

    Linear in the number of (item, tag) pairs (after one sort of the items): an item's
    ``tag_slugs`` are distinct, so an item joins each of its tags once.
    """
    spellings: dict[str, dict[str, int]] = {}
    members: dict[str, list[Item]] = {}
    slugs: dict[str, str] = {}  # a site has few distinct spellings: slugify each once
    for item in newest_first(items):  # so each tag's items are in order: sorted once
        for name in dict.fromkeys(item.tags):
            slug = slugs.get(name)
            if slug is None:
                slug = slugs[name] = slugify(name)
            if slug:
                counts = spellings.get(slug)
                if counts is None:  # not setdefault: no dict made for each (item, tag)
                    counts = spellings[slug] = {}
                counts[name] = counts.get(name, 0) + 1
        for slug in item.tag_slugs:
            members.setdefault(slug, []).append(item)
    tags = []
    for slug in sorted(members):
        counts = spellings[slug]
        name = min(counts, key=lambda n: (-counts[n], n))
        tags.append(Tag(slug, name, tuple(members[slug])))
    return tuple(tags)
