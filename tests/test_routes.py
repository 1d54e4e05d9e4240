"""routes.py: the one list of pages, read by the page renderer and the sitemap alike."""

from __future__ import annotations

import pytest
from conftest import NOW

from irrtsite import urls
from irrtsite.loader import load_site
from irrtsite.models import LeadsArticle, Post
from irrtsite.routes import PER_PAGE, Route, pages_of, routes, section_of

SISTER = "---\nlibrary: L\ncountry: GH\ncity: Accra\ntype: public\nstatus: seeking\nlisted: 2026-01-01\n---\n"


def _post(n: int, tags: str = "") -> tuple[str, str]:
    return (
        f"blog/2026-01-{n:02d}-post-{n}.md",
        f"---\ntitle: Post {n}\nauthor: A\ndate: 2026-01-{n:02d}\n{tags}---\nBody {n}.\n",
    )


@pytest.fixture
def site(make_content):
    files = dict(_post(n) for n in range(1, 24))
    files.update([_post(24, "tags: [Ghana]\n")])
    files["blog/2026-01-25-draft.md"] = (
        "---\ntitle: Draft\nauthor: A\ndate: 2026-01-25\ndraft: true\ntags: [Only draft]\n---\nx\n"
    )
    files["sisters/accra.md"] = SISTER.replace("---\n", "---\ntags: [Ghana]\n", 1)
    files["leads/2026-09/index.md"] = "---\nvolume: 1\nnumber: 1\ndate: 2026-09-01\n---\n"
    files["leads/2026-09/x.es.md"] = "---\ntitle: X\nauthor: A\noriginal: true\n---\nx\n"
    files["leads/2026-09/x.en.md"] = "---\ntitle: X\nauthor: A\n---\nx\n"
    site, problems = load_site(make_content(files), NOW, drafts=True)
    assert site is not None, problems
    return site


def by_path(site) -> dict[str, Route]:
    return {r.path: r for r in routes(site)}


def test_every_path_once_and_every_item_has_its_page(site):
    paths = [r.path for r in routes(site)]
    assert len(paths) == len(set(paths))
    items = {r.item.url for r in routes(site) if r.item is not None}
    assert items == {i.url for i in site.items()}


def test_pagination_splits_the_blog(site):
    pages = by_path(site)
    assert [p for p in pages if p.startswith("blog/page/")] == ["blog/page/2/", "blog/page/3/"]
    first, last = pages["blog/"], pages["blog/page/3/"]
    assert first.pagination.prev is None and first.pagination.next == "blog/page/2/"
    assert last.pagination.number == 3 and last.pagination.next is None
    assert len(first.listed) == PER_PAGE and all(isinstance(i, Post) for i in first.listed)
    assert sum(len(pages[p].listed) for p in ("blog/", "blog/page/2/", "blog/page/3/")) == 25


def test_empty_listing_still_has_one_page():
    [(pagination, chunk)] = pages_of(())
    assert (pagination.number, pagination.pages, chunk) == (1, 1, ())


def test_drafts_are_pages_but_not_in_the_sitemap(site):
    pages = by_path(site)
    assert not pages["blog/2026/01/draft/"].in_sitemap
    assert not pages[urls.tag("only-draft")].in_sitemap  # a tag with drafts only
    assert pages[urls.tag("ghana")].in_sitemap
    assert not pages[urls.NOT_FOUND].in_sitemap


def test_sections_and_translations(site):
    pages = by_path(site)
    assert pages["blog/"].section == "blog" and pages["sisters/accra/"].section == "sisters"
    article = pages["leads/2026-09/x/es/"]
    assert isinstance(article.item, LeadsArticle) and section_of(article.item) == "leads"
    assert article.alternates == (("es", "leads/2026-09/x/es/"), ("en", "leads/2026-09/x/en/"))
    issue = pages["leads/2026-09/"]
    assert {i.url for i in issue.listed} == {
        "leads/2026-09/",
        "leads/2026-09/x/es/",
        "leads/2026-09/x/en/",
    }


def test_a_tag_page_lists_every_kind(site):
    tag = by_path(site)[urls.tag("ghana")]
    assert {type(i).__name__ for i in tag.listed} == {"Post", "Sister"}
