"""Every kind of page, parsed as a reader's browser would see it."""

import pytest
from conftest import SITE_YAML, html

FILES = {
    "pages/about.md": "---\ntitle: About IRRT\nmenu: 1\nsummary: Who we are\n---\n"
    "# Our history\n\nSee the [blog](/blog/) and ![logo](/static/logo.svg).\n",
    "static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "blog/2026-06-15-poster-call.md": "---\ntitle: Call for posters\nauthor: [Ana Pérez, Li Wei]\n"
    "date: 2026-06-15T09:00:00-05:00\ntags: [Bibliotecas Públicas, Posters]\n---\nSend yours.\n",
    "blog/2026-10-05-story.md": "---\ntitle: A <b>story</b>\nauthor: Sam\ndate: 2026-10-05\n"
    "tags: [bibliotecas publicas]\n---\nA partnership.\n",
    "blog/2027-01-01-future.md": "---\ntitle: Not yet\nauthor: Sam\ndate: 2027-01-01\n---\nLater.\n",
    "blog/2026-09-01-draft.md": "---\ntitle: Draft post\nauthor: Sam\ndate: 2026-09-01\ndraft: true\n"
    "tags: [Secret]\n---\nDraft.\n",
    "events/reception.md": "---\ntitle: International Librarians Reception\n"
    "start: 2027-06-28T18:30:00\nend: 2027-06-28T21:00:00\n"
    "timezone: America/New_York\nconference: annual\nlocation: Hall A\ncity: Boston\n"
    "registration: https://example.org/register\n---\nWelcome.\n",
    "events/old-reception.md": "---\ntitle: Reception 2026\nstart: 2026-06-29T18:30:00\n"
    "end: 2026-06-29T21:00:00\nconference: annual\n---\nDone.\n",
    "leads/2026-09/index.md": "---\nvolume: 40\nnumber: 3\ndate: 2026-09-15\ntitle: September 2026\n"
    "editors: [Editor One]\n---\nWelcome to this issue.\n",
    "leads/2026-09/reading-rooms.es.md": "---\ntitle: Salas de lectura\nauthor: Rosa Huamán\n"
    "original: true\norder: 1\n---\nLa biblioteca sale a la calle.\n",
    "leads/2026-09/reading-rooms.en.md": "---\ntitle: Reading rooms\nauthor: Rosa Huamán\n---\n"
    "The library goes out.\n",
    "leads/2026-09/reading-rooms.ar.md": "---\ntitle: قاعات القراءة\nauthor: روزا\n---\nالمكتبة تخرج.\n",
    "leads/2026-09/rural.zh-Hans.md": "---\ntitle: 乡村图书馆\nauthor: 李伟\norder: 2\n---\n乡村图书馆建设。\n",
    "sisters/asafo.md": "---\nlibrary: Asafo Community Library\ncountry: GH\ncity: Kumasi\ntype: public\n"
    "status: seeking\nlanguages: [en, ak]\ncontact: librarian@asafo.example.org\n"
    "listed: 2026-05-01\n---\nA busy library.\n",
    "sisters/lyse.md": "---\nlibrary: Lysefjord Public Library\ncountry: NO\ncity: Forsand\ntype: public\n"
    "status: partnered\npartner: Prairie Hollow Public Library\nlisted: 2025-01-10\n"
    "contact: https://lyse.example.org/contact/\n---\nFjords.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import NOW, write_tree

    from irrtsite.pipeline import build

    root = tmp_path_factory.mktemp("pages")
    write_tree(
        root / "content",
        {
            "site.yaml": SITE_YAML.replace(
                "https://irrt.example.org/", "https://example.org/intl/"
            ),
            **FILES,
        },
    )
    build(root / "content", root / "out", NOW)
    return root / "out"


def text(doc, xpath):
    return " ".join(" ".join(doc.xpath(f"string({xpath})").split()).split())


def test_every_page_has_lang_dir_one_h1_and_landmarks(site):
    for page in site.rglob("*.html"):
        doc = html(page)
        assert doc.get("lang") and doc.get("dir") in ("ltr", "rtl"), page
        assert len(doc.xpath("//h1")) == 1, page
        assert doc.xpath("//main[@id='main']") and doc.xpath("//nav") and doc.xpath("//footer"), (
            page
        )
        assert doc.xpath("//a[@class='skip']/@href") == ["#main"], page


def test_standing_page_links_live_under_base_path(site):
    doc = html(site / "about/index.html")
    assert text(doc, "//h1") == "About IRRT"
    assert doc.xpath("//main//h2/text()") == ["Our history"]  # "#" in the body moves down
    assert "/intl/blog/" in doc.xpath("//main//a/@href")
    assert doc.xpath("//main//img/@src") == ["/intl/static/logo.svg"]
    assert doc.xpath("//link[@rel='canonical']/@href") == ["https://example.org/intl/about/"]
    assert doc.xpath("//link[@rel='stylesheet']/@href") == ["/intl/assets/style.css"]
    menu = doc.xpath("//nav[@aria-label='Main']//a")
    assert [(a.text, a.get("href")) for a in menu] == [("About IRRT", "/intl/about/")]


def test_post_page_shows_date_authors_and_folded_tags(site):
    doc = html(site / "blog/2026/06/poster-call/index.html")
    assert text(doc, "//h1") == "Call for posters"
    assert doc.xpath("//main//time/@datetime")[0] == "2026-06-15T09:00:00-05:00"
    assert text(doc, "//main//time") == "June 15, 2026"
    assert "Ana Pérez, Li Wei" in text(doc, "//main//p[@class='meta']")
    tags = {a.text: a.get("href") for a in doc.xpath("//ul[@class='tags']//a")}
    assert tags == {
        "Bibliotecas Públicas": "/intl/tags/bibliotecas-publicas/",
        "Posters": "/intl/tags/posters/",
    }


def test_markup_in_titles_is_text(site):
    doc = html(site / "blog/2026/10/story/index.html")
    assert text(doc, "//h1") == "A <b>story</b>"
    assert not doc.xpath("//h1/b")
    assert text(doc, "//title").startswith("A <b>story</b>")


def test_blog_index_newest_first_without_drafts_or_future(site):
    doc = html(site / "blog/index.html")
    titles = [" ".join(a.text_content().split()) for a in doc.xpath("//main//article//h2/a")]
    assert titles == ["A <b>story</b>", "Call for posters"]
    assert not (site / "blog/2027").exists()
    assert not (site / "tags/secret").exists()


def test_tag_page_lists_both_spellings_under_one_tag(site):
    doc = html(site / "tags/bibliotecas-publicas/index.html")
    assert "Bibliotecas Públicas" in text(doc, "//h1")
    assert len(doc.xpath("//main//li/a")) == 2


def test_event_page_and_index(site):
    doc = html(site / "events/reception/index.html")
    assert text(doc, "//h1") == "International Librarians Reception"
    when = text(doc, "//dl//time")
    assert when.startswith("Monday, June 28, 2027, 6:30 – 9:00 PM EDT")
    assert "/intl/events/reception.ics" in doc.xpath("//a/@href")
    index = html(site / "events/index.html")
    upcoming = text(index, "//section[@aria-labelledby='h-upcoming']")
    past = text(index, "//section[@aria-labelledby='h-past']")
    assert (
        "ALA Annual Conference 2027" in upcoming
        and "International Librarians Reception" in upcoming
    )
    assert "Reception 2026" in past and "Reception 2026" not in upcoming
    assert index.xpath("//a[starts-with(@href, 'webcal://example.org/intl/events/calendar.ics')]")


def test_leads_issue_lists_articles_in_order_with_languages(site):
    doc = html(site / "leads/2026-09/index.html")
    items = doc.xpath("//ol[@class='contents']/li")
    assert [li.xpath("string(a[1])") for li in items] == ["Salas de lectura", "乡村图书馆"]
    langs = items[0].xpath(".//span[@class='langs']/a")
    assert [(a.text, a.get("hreflang")) for a in langs] == [
        ("Español", "es"),
        ("العربية", "ar"),
        ("English", "en"),
    ]
    assert "Welcome to this issue." in text(doc, "//main")
    archive = html(site / "leads/index.html")
    assert archive.xpath("//main//h2/a/@href") == ["/intl/leads/2026-09/"]


def test_translations_link_each_other_both_ways(site):
    urls = {
        "es": "/intl/leads/2026-09/reading-rooms/es/",
        "en": "/intl/leads/2026-09/reading-rooms/en/",
        "ar": "/intl/leads/2026-09/reading-rooms/ar/",
    }
    for lang, url in urls.items():
        doc = html(site / url.removeprefix("/intl/") / "index.html")
        assert doc.get("lang") == lang
        links = {
            a.get("hreflang"): a.get("href") for a in doc.xpath("//nav[@class='translations']//a")
        }
        assert links == {k: v for k, v in urls.items() if k != lang}
        alternates = {ln.get("hreflang"): ln.get("href") for ln in doc.xpath("//link[@hreflang]")}
        assert alternates == {k: "https://example.org" + v for k, v in urls.items()}


def test_rtl_article_page(site):
    doc = html(site / "leads/2026-09/reading-rooms/ar/index.html")
    assert (doc.get("lang"), doc.get("dir")) == ("ar", "rtl")
    chrome = doc.xpath("//div[@class='chrome']")[0]
    assert (chrome.get("lang"), chrome.get("dir")) == ("en", "ltr")
    assert "Translation into العربية" in text(doc, "//nav[@class='translations']")


def test_chinese_article_page(site):
    doc = html(site / "leads/2026-09/rural/zh-hans/index.html")
    assert (doc.get("lang"), doc.get("dir")) == ("zh-Hans", "ltr")
    assert not doc.xpath("//nav[@class='translations']")


def test_sister_directory_grouped_by_region(site):
    doc = html(site / "sisters/index.html")
    regions = [text(h, ".") for h in doc.xpath("//section[@class='region']/h2")]
    assert regions == ["Africa", "Europe"]
    # the filters are in the page from the start (nothing moves), enabled by sisters.js
    form = doc.xpath("//form[@id='sister-filters']")[0]
    assert form.get("hidden") is None and form.xpath("fieldset")[0].get("disabled") is not None
    assert text(form, ".//p[@id='sister-count']") == "Showing 2 of 2 libraries"


def test_sister_page_never_prints_the_email(site):
    page = (site / "sisters/asafo/index.html").read_text()
    assert "librarian@asafo.example.org" not in page and "asafo.example.org" not in page
    doc = html(site / "sisters/asafo/index.html")
    assert "Kumasi, Ghana (Africa)" in text(doc, "//dl")
    assert "Seeking a partner" in text(doc, "//dl")  # one status label everywhere
    norway = html(site / "sisters/lyse/index.html")
    assert "Norway" in text(norway, "//dl") and "Prairie Hollow Public Library" in text(
        norway, "//dl"
    )
    assert "Partnered with Prairie Hollow Public Library" in text(norway, "//dl")
    [web] = norway.xpath("//dl//a[starts-with(., 'Contact ')]")
    assert web.get("href") == "https://lyse.example.org/contact/"


def test_home_page_sections(site):
    doc = html(site / "index.html")
    headings = doc.xpath("//main//h2/text()")
    assert headings == [
        "Upcoming events",
        "From the blog",
        "International Leads",
        "Sister Libraries",  # the section's one label (routes.SECTIONS)
    ]
    assert "International Librarians Reception" in text(
        doc, "//section[@aria-labelledby='h-events']"
    )
    assert "Reception 2026" not in text(doc, "//section[@aria-labelledby='h-events']")


def test_404_links_work_from_any_depth(site):
    doc = html(site / "404.html")
    assert "/intl/" in doc.xpath("//main//a/@href")


def test_every_page_links_its_feeds_for_autodiscovery(site):
    def feeds(path):
        doc = html(site / path)
        return {ln.get("href") for ln in doc.xpath("//head/link[@rel='alternate'][@type]")}

    root = {"https://example.org/intl/feed.xml", "https://example.org/intl/atom.xml"}
    assert feeds("about/index.html") == root
    assert feeds("blog/2026/06/poster-call/index.html") == root | {
        "https://example.org/intl/blog/feed.xml",
        "https://example.org/intl/blog/atom.xml",
    }
    assert feeds("tags/posters/index.html") == root | {
        "https://example.org/intl/tags/posters/feed.xml",
        "https://example.org/intl/tags/posters/atom.xml",
    }
    for path in ("feed.xml", "atom.xml", "blog/feed.xml", "tags/posters/atom.xml"):
        assert (site / path).is_file()


def test_editors_note_headings_nest_under_its_section(tmp_path, make_content, build):
    content = make_content(
        {
            "leads/2026-09/index.md": "---\nvolume: 1\nnumber: 1\ndate: 2026-09-15\n---\n"
            "## Highlights\n\nText.\n\n### Detail\n",
            "pages/about.md": "---\ntitle: About\n---\n## Section\n\n### Sub\n",
        }
    )
    out = build(content)
    issue = html(out / "leads/2026-09/index.html")
    note = issue.xpath("//section[@aria-labelledby='h-note']")[0]
    assert [h.tag for h in note.xpath(".//h2|.//h3|.//h4")] == ["h2", "h3", "h4"]
    about = html(out / "about/index.html")
    assert [h.tag for h in about.xpath("//main//h2|//main//h3")] == ["h2", "h3"]


def test_site_yaml_languages_name_the_translations(make_content, build):
    site_yaml = SITE_YAML + "languages:\n  es: Castellano\n"
    content = make_content(
        {
            "leads/2026-09/index.md": "---\nvolume: 1\nnumber: 1\ndate: 2026-09-15\n---\nNote.\n",
            "leads/2026-09/a.es.md": "---\ntitle: Hola\nauthor: A\noriginal: true\n---\nHola.\n",
            "leads/2026-09/a.fr.md": "---\ntitle: Salut\nauthor: A\n---\nSalut.\n",
        },
        site_yaml=site_yaml,
    )
    out = build(content)
    doc = html(out / "leads/2026-09/a/fr/index.html")
    assert [a.text_content() for a in doc.xpath("//nav[@class='translations']//a")] == [
        "Castellano"
    ]
    doc = html(out / "leads/2026-09/a/es/index.html")
    assert [a.text_content() for a in doc.xpath("//nav[@class='translations']//a")] == ["Français"]


def test_every_page_has_a_meta_description(site):
    """An item's summary, else the page's own sentence, else the site's description."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        content = html(page).xpath("string(//meta[@name='description']/@content)")
        found[page.relative_to(site).as_posix()] = content
    assert all(found.values()), [p for p, d in found.items() if not d]
    assert found["about/index.html"] == "Who we are"
    assert found["index.html"] == "A test site"
    assert found["sisters/index.html"].startswith("The Sister Libraries directory: libraries")
    assert found["search/index.html"].startswith("Search the posts, events")
    assert "“Bibliotecas Públicas”" in found["tags/bibliotecas-publicas/index.html"]
    assert found["events/index.html"].startswith("IRRT's international programme")


def test_an_article_byline_has_no_separator_in_its_text(site):
    """Name and date are two items; the "·" between them is drawn by the stylesheet, so a
    line broken on a phone never starts with it (as it did in right-to-left text)."""
    doc = html(site / "leads/2026-09/reading-rooms/ar/index.html")
    byline = doc.xpath("//article/header/p[contains(@class, 'byline')]")[0]
    names, date = byline.xpath("span")
    assert text(names, ".") == "روزا" and date.xpath("time/@datetime")
    assert "·" not in text(byline, ".")
