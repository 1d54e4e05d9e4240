"""search.json (content spec) and the split index the search page reads (irrtsite/search.py)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import NOW, SITE_YAML, snapshot

from irrtsite.dates import MONTHS, date_pattern, long_date
from irrtsite.loader import load_site
from irrtsite.markup import HIDDEN_EMAIL
from irrtsite.models import LABELS as KINDS
from irrtsite.search import DOC_BLOCK, INDEX, fold, render_search, terms
from irrtsite.search import TABLES as LABELS

INTL_YAML = SITE_YAML.replace("https://irrt.example.org/", "https://example.org/intl/")

FILES = {
    "pages/about.md": "---\ntitle: About IRRT\ntags: [IRRT]\nsummary: Who we are.\n---\n"
    "We connect **librarians** across borders. Write to [us](/join/).\n",
    "blog/2026-06-15-bibliotecas.md": (
        "---\ntitle: Bibliotecas públicas en el Perú\nauthor: Ana Quispe\n"
        "date: 2026-06-15T09:00:00\nlang: es\ntags: [Bibliotecas Públicas]\n"
        "summary: Salas de lectura.\n---\n"
        "Las <em>bibliotecas</em> salen a buscar lectores.\n\n<script>alert(1)</script>\n"
    ),
    "blog/2026-07-01-markup-title.md": (
        '---\ntitle: "Tags like <b>bold</b> & <img src=x onerror=alert(1)>"\n'
        "author: Test\ndate: 2026-07-01\n---\nBody text.\n"
    ),
    "blog/2026-08-01-draft.md": (
        "---\ntitle: A draft post\nauthor: Test\ndate: 2026-08-01\ndraft: true\n---\nDraft body.\n"
    ),
    "blog/2027-01-10-future.md": (
        "---\ntitle: A future post\nauthor: Test\ndate: 2027-01-10\n---\nNot yet.\n"
    ),
    "events/reception.md": (
        "---\ntitle: International Librarians Reception\nstart: 2027-06-28T18:30:00\n"
        "end: 2027-06-28T21:00:00\ntimezone: America/Chicago\nconference: annual\n---\n"
        "The reception.\n"
    ),
    "leads/2026-09/index.md": (
        "---\nvolume: 40\nnumber: 3\ndate: 2026-09-15\ntitle: September 2026\n---\nDear readers.\n"
    ),
    "leads/2026-09/reading-rooms.ar.md": (
        "---\ntitle: المكتبة العامة\nauthor: مريم حداد\n"
        "original: true\n---\nقاعات القراءة في الأسواق.\n"
    ),
    "leads/2026-09/reading-rooms.en.md": (
        "---\ntitle: The public library\nauthor: Mariam Haddad\n---\nReading rooms in markets.\n"
    ),
    "sisters/asafo.md": (
        "---\nlibrary: Asafo Community Library\ncountry: GH\ncity: Kumasi\ntype: public\n"
        "status: seeking\ncontact: sisters.asafo@example.org\nlisted: 2025-11-03\n"
        "summary: Write to sisters.asafo@example.org or director@asafo.example.org.\n---\n"
        "Ask for sisters.asafo@example.org at the desk, or mail [the director]"
        "(mailto:director@asafo.example.org) (director@asafo.example.org).\n"
    ),
    "sisters/tikariy.md": (
        "---\nlibrary: Biblioteca Escolar Tikariy\ncountry: PE\ncity: Cusco\ntype: school\n"
        'status: seeking\ncontact: "mailto:bibliotecatikariy@example.org"\nlisted: 2026-04-08\n'
        "---\nA school library.\n"
    ),
    "sisters/lysefjord.md": (
        "---\nlibrary: Lysefjord Public Library\ncountry: NO\ncity: Stavanger\ntype: public\n"
        "status: partnered\npartner: Prairie Hollow Public Library\n"
        'contact: "https://lysefjord.example.org/contact"\nlisted: 2023-04-12\n---\nFjords.\n'
    ),
}

KEYS = {"url", "title", "type", "date", "lang", "tags", "summary", "text"}
# The content spec: dates in output (JSON included) always carry an explicit offset.
ISO_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
EMAILS = (
    "sisters.asafo@example.org",
    "director@asafo.example.org",
    "bibliotecatikariy@example.org",
)


def site_for(content: Path):
    site, problems = load_site(content, NOW)
    assert site is not None, problems
    return site


def outputs(site) -> dict[str, bytes]:
    files = {o.path: o.bytes() for o in render_search(site)}
    assert all(isinstance(data, bytes) for data in files.values())
    return files


def built_search(content: Path, build) -> Path:
    """Build the site (search files included)."""
    return build(content)


def test_search_json_shape_and_items(make_content, build):
    content = make_content(FILES, site_yaml=INTL_YAML)
    site = site_for(content)
    out = built_search(content, build)
    doc = json.loads((out / "search.json").read_text(encoding="utf-8"))
    assert set(doc) == {"version", "items"} and doc["version"] == 1
    items = doc["items"]
    for entry in items:
        assert set(entry) == KEYS, entry
        assert entry["type"] in {"page", "post", "event", "leads-issue", "leads-article", "sister"}
        assert isinstance(entry["title"], str) and isinstance(entry["text"], str)
        assert isinstance(entry["summary"], str) and isinstance(entry["lang"], str)
        assert isinstance(entry["tags"], list) and all(isinstance(t, str) for t in entry["tags"])
        assert entry["url"].startswith("/intl/"), entry["url"]
        if entry["type"] == "page":
            assert entry["date"] is None
        else:
            assert ISO_OFFSET.match(entry["date"]), entry["date"]
            moment = datetime.fromisoformat(entry["date"])
            assert moment.utcoffset() is not None, entry["date"]

    # every published item, once, in the site's order; nothing else
    assert [e["url"] for e in items] == ["/intl/" + i.url for i in site.items()]
    assert len({e["url"] for e in items}) == len(items)
    by_title = {e["title"]: e for e in items}
    assert "A draft post" not in by_title and "A future post" not in by_title
    assert b"Draft body" not in (out / "search.json").read_bytes()
    assert {e["type"] for e in items} == {
        "page",
        "post",
        "event",
        "leads-issue",
        "leads-article",
        "sister",
    }

    post = by_title["Bibliotecas públicas en el Perú"]
    assert post == {
        "url": "/intl/blog/2026/06/bibliotecas/",
        "title": "Bibliotecas públicas en el Perú",
        "type": "post",
        "date": "2026-06-15T09:00:00-05:00",
        "lang": "es",
        "tags": ["Bibliotecas Públicas"],
        "summary": "Salas de lectura.",
        "text": "Las bibliotecas salen a buscar lectores.",
    }
    assert by_title["About IRRT"]["text"] == "We connect librarians across borders. Write to us."
    event = by_title["International Librarians Reception"]
    assert event["date"] == "2027-06-28T18:30:00-05:00" and event["type"] == "event"
    assert by_title["المكتبة العامة"]["lang"] == "ar"
    assert by_title["المكتبة العامة"]["url"] == "/intl/leads/2026-09/reading-rooms/ar/"
    assert by_title["September 2026"]["type"] == "leads-issue"


def test_text_is_plain_and_markup_in_titles_stays_text(make_content):
    files = outputs(site_for(make_content(FILES)))
    raw = files["search.json"].decode("utf-8")
    items = json.loads(raw)["items"]
    for entry in items:
        assert "<" not in entry["text"] and ">" not in entry["text"], entry["text"]
    titles = [e["title"] for e in items]
    assert "Tags like <b>bold</b> & <img src=x onerror=alert(1)>" in titles
    # the title is a JSON string holding the characters, nothing decoded or re-encoded
    assert '"title":"Tags like <b>bold</b> & <img src=x onerror=alert(1)>"' in raw
    assert "alert(1)</script>" not in raw


def test_no_email_contact_anywhere(make_content, build):
    content = make_content(FILES)
    out = built_search(content, build)
    names = [
        "search.json",
        INDEX,
        LABELS,
        *(p.relative_to(out).as_posix() for p in (out / "search").glob("text-*.json")),
    ]
    assert len(names) >= 3
    for name in names:
        raw = (out / name).read_bytes()
        for email in EMAILS:
            assert email.encode() not in raw, (name, email)
            assert email.split("@")[0].encode() + b"@" not in raw, (name, email)
        assert b"mailto" not in raw and b"contact" not in raw, name
    items = json.loads((out / "search.json").read_bytes())["items"]
    asafo = next(e for e in items if e["title"] == "Asafo Community Library")
    assert HIDDEN_EMAIL in asafo["text"] and HIDDEN_EMAIL in asafo["summary"]
    assert "Kumasi" not in asafo["text"]  # only the body is text; nothing was added


def test_deterministic_bytes(make_content, tmp_path):
    content = make_content(FILES)
    first = outputs(site_for(content))
    second = outputs(site_for(content))
    assert first == second
    raw = first["search.json"]
    doc = json.loads(raw)
    assert raw == json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )
    assert "públicas".encode() in raw and "المكتبة".encode() in raw  # not \u-escaped
    # the same content under another folder name gives the same bytes
    other = make_content(FILES, name="elsewhere")
    assert outputs(site_for(other)) == first


def test_a_rebuild_tokenizes_only_the_edited_item(make_content, tmp_path, monkeypatch):
    """The cache keeps every item's terms with its search fragment: after one item is
    edited, only that item's fields are cut into terms again, and the search files are
    those of a clean build."""
    from irrtsite import cache, search
    from irrtsite.pipeline import build

    content = make_content(FILES)
    out, folder = tmp_path / "out", cache.folder_for(content)
    build(content, out, NOW, cache_folder=folder, workers=1)
    cut: list[str] = []

    def terms_spy(text: str) -> set[str]:
        cut.append(text)
        return terms(text)

    monkeypatch.setattr(search, "terms", terms_spy)
    edited = content / "blog" / "2026-06-15-bibliotecas.md"
    edited.write_text(edited.read_text() + "\nUna línea más.\n")
    build(content, out, NOW, cache_folder=folder, workers=1)
    # the edited post's body, summary, tags and people, title; nothing of any other item
    assert len(cut) == 4
    assert "Una línea más." in cut[0] and cut[1:] == [
        "Salas de lectura.",
        "Bibliotecas Públicas\nAna Quispe",
        "Bibliotecas públicas en el Perú",
    ]
    monkeypatch.undo()
    clean = tmp_path / "clean"
    build(content, clean, NOW)
    searched = {folder: snapshot(folder / "search") for folder in (out, clean)}
    assert searched[out] == searched[clean]
    assert (out / INDEX).read_bytes() == (clean / INDEX).read_bytes()


def decoded(files: dict[str, bytes]) -> tuple[dict, dict[str, dict[int, int]], list[dict]]:
    """(the manifest, each term's {document: field}, the documents in number order)."""
    index = json.loads(files[INDEX])
    postings: dict[str, dict[int, int]] = {}
    for first, path in index["chunks"]:
        chunk = json.loads(files[path])
        assert chunk["terms"][0] == first
        for term, values in zip(chunk["terms"], chunk["postings"], strict=True):
            doc, postings[term] = 0, {}
            for value in values:
                doc += value // 4
                postings[term][doc] = value % 4
    docs = index["docs"]
    paths = [
        f"{docs['prefix']}{n}-{docs['hashes'][n // docs['block']]}.json"
        for n in range(docs["count"])
    ]
    return index, postings, [json.loads(files[p]) for p in paths]


def test_split_index_matches_search_json(make_content):
    files = outputs(site_for(make_content(FILES, site_yaml=INTL_YAML)))
    full = json.loads(files["search.json"])["items"]
    index, postings, docs = decoded(files)
    assert index["version"] == 2 and index["format"] == "irrtsite-search-index"
    assert index["docs"]["block"] == DOC_BLOCK
    # one document per item, with search.json's fields (and the searchable people/fields);
    # numbered standing pages first, then newest first
    assert sorted(d["url"] for d in docs) == sorted(e["url"] for e in full)
    for doc in docs:
        entry = next(e for e in full if e["url"] == doc["url"])
        assert {k: v for k, v in doc.items() if k != "about"} == entry
    dates = [d["date"] for d in docs]
    undated = dates.count(None)
    assert dates[:undated] == [None] * undated and None not in dates[undated:]
    stamps = [datetime.fromisoformat(d) for d in dates[undated:]]
    assert stamps == sorted(stamps, reverse=True)
    number = {d["title"]: n for n, d in enumerate(docs)}
    # postings: the best field of each term in each document
    assert postings["bibliotecas"][number["Bibliotecas públicas en el Perú"]] == 3  # title
    assert postings["lectura"][number["Bibliotecas públicas en el Perú"]] == 1  # summary
    assert postings["lectores"][number["Bibliotecas públicas en el Perú"]] == 0  # body
    assert postings["quispe"][number["Bibliotecas públicas en el Perú"]] == 2  # author
    assert postings["kumasi"][number["Asafo Community Library"]] == 2  # city
    for word in ("ghana", "africa", "seeking", "public", "sister", "norway", "norge", "stavanger"):
        assert word in postings, word
    assert postings["norge"] == {number["Lysefjord Public Library"]: 2}
    # Arabic: folded, and also without the article
    arabic = number["المكتبة العامة"]
    assert postings[fold("المكتبة")][arabic] == 3 and postings[fold("مكتبة")][arabic] == 3
    assert postings[fold("الأسواق")][arabic] == 0 and postings[fold("أسواق")][arabic] == 0
    # chunks are in JavaScript's string order, and every term is in one
    firsts = [first for first, _ in index["chunks"]]
    assert firsts == sorted(firsts, key=lambda t: t.encode("utf-16-be"))
    assert set(postings) == set().union(*(terms(_all_text(d)) for d in docs))
    # the words typo tolerance looks among: 4+ letters, by their first two letters
    words = [w for _, path in index["words"] for w in json.loads(files[path])["words"]]
    assert "library" in words and "bibliotecas" in words and "peru" in words
    assert all(len(w) >= 4 for w in words) and words == sorted(words)
    named = {INDEX, "search.json", LABELS}
    named |= {p for _, p in index["chunks"]} | {p for _, p in index["words"]}
    named |= {
        f"search/docs/{n}-{index['docs']['hashes'][n // DOC_BLOCK]}.json" for n in range(len(docs))
    }
    assert set(files) == named


def _all_text(doc: dict) -> str:
    return "\n".join([doc["title"], doc["summary"], doc["text"], *doc["tags"], *doc["about"]])


def test_file_names_carry_place_and_digest(make_content):
    """Two items with the same words never make two outputs for one file; a name changes
    when its bytes do."""
    twin = "---\ntitle: Twin\nauthor: Test\ndate: 2026-05-0{n}\n---\nSame body.\n"
    site = site_for(
        make_content({f"blog/2026-05-0{n}-twin-{n}.md": twin.format(n=n) for n in (1, 2)})
    )
    paths = [o.path for o in render_search(site) if o.path.startswith("search/")]  # every one
    assert len(paths) == len(set(paths))
    assert len([p for p in paths if "/docs/" in p]) == 2
    assert re.fullmatch(r"search/docs/0-[0-9a-f]{10}\.json", min(p for p in paths if "/docs/" in p))
    assert all(
        re.fullmatch(r"search/(terms|words)/\d+-[0-9a-f]{12}\.json", p)
        for p in paths
        if "/terms/" in p or "/words/" in p
    )
    changed = outputs(
        site_for(
            make_content(
                {
                    f"blog/2026-05-0{n}-twin-{n}.md": twin.format(n=n).replace("Same", "Other")
                    for n in (1, 2)
                },
                name="changed",
            )
        )
    )
    for kind in ("/terms/", "/docs/"):
        assert {p for p in changed if kind in p}.isdisjoint(p for p in paths if kind in p)


def test_terms_fold_and_cut_text_as_the_search_page_does():
    assert terms("Públicas, E-books!") == {"publicas", "e", "books"}
    assert terms("图书馆") == {"图", "书", "馆", "图书", "书馆"}
    assert fold("المَكْتَبَةُ") == fold("المكتبة") == "المكتبه"
    assert terms("والمكتبة") == {"والمكتبه", "المكتبه", "مكتبه"}
    assert terms("للقراءة") == {"للقراءه", "قراءه"}
    assert fold("Straße ﬁ") == "strasse fi"


def test_index_carries_the_tables_results_show(make_content, build):
    """Type labels, month names and RTL languages come with the index (search.js has no copy),
    from the tables the site's pages use; search/labels.json has the same for search.json."""
    content = make_content(FILES, site_yaml=INTL_YAML)
    site = site_for(content)
    files = outputs(site)
    index = json.loads(files[INDEX])
    used = {i.kind for i in site.items()}
    assert index["type_labels"] == {kind: KINDS[kind] for kind in used}
    assert index["type_labels"]["post"] == "Blog post"
    assert index["type_labels"]["sister"] == "Sister library"
    assert list(index["type_labels"]) == sorted(used)
    assert index["months"] == list(MONTHS) and len(MONTHS) == 12
    assert index["months"][5] == "June"
    assert index["date_pattern"] == date_pattern("en") == "MMMM d, y"
    assert index["rtl"] == ["ar"]
    # the fallback's file: the same tables, nothing else
    labels = json.loads(files[LABELS])
    assert labels == {
        "version": 1,
        "format": "irrtsite-search-labels",
        "months": index["months"],
        "date_pattern": index["date_pattern"],
        "rtl": index["rtl"],
        "type_labels": index["type_labels"],
    }
    # ... and search.json keeps exactly its contract shape
    assert set(json.loads(files["search.json"])) == {"version", "items"}

    # What a tag page shows for an item ("Blog post", "June 15, 2026") is what the tables give
    # search.js for the same item (the date from its ISO string's first 10 characters, shown
    # by the pattern "MMMM d, y").
    post = next(i for i in site.items() if i.kind == "post" and i.lang == "es")
    iso = post.date.isoformat()
    year, month, day = (int(x) for x in iso[:10].split("-"))
    shown = f"{index['months'][month - 1]} {day}, {year}"
    assert shown == long_date(post.date) == "June 15, 2026"
    out = build(content)
    tag_page = (out / "tags" / "bibliotecas-publicas" / "index.html").read_text(encoding="utf-8")
    assert f"{index['type_labels']['post']} · <time" in tag_page and shown in tag_page
    # the search page names the fallback's tables next to search.json
    page = (out / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-index="/intl/search.json"' in page
    assert 'data-labels="/intl/search/labels.json"' in page
    assert page.index("assets/search-core.js") < page.index("assets/search.js")


def test_index_dates_keep_their_own_offset(make_content):
    """Every date in the documents has an offset, and it is the item's own: the date part
    (what a result shows) is the local calendar date, not the UTC one."""
    late = {
        "blog/2026-10-31-late.md": (
            "---\ntitle: A late evening post\nauthor: Test\ndate: 2026-10-31T22:30:00\n---\nLate.\n"
        )
    }
    files = outputs(site_for(make_content({**FILES, **late}, site_yaml=INTL_YAML)))
    _, _, docs = decoded(files)
    dates = [d["date"] for d in docs if d["date"] is not None]
    assert len(dates) >= 9 and all(ISO_OFFSET.match(d) for d in dates), dates
    by_title = {d["title"]: d["date"] for d in docs}
    assert by_title["Bibliotecas públicas en el Perú"] == "2026-06-15T09:00:00-05:00"
    assert by_title["September 2026"] == "2026-09-15T00:00:00-05:00"  # midnight, Chicago
    assert by_title["Lysefjord Public Library"] == "2023-04-12T00:00:00-05:00"
    # 22:30 in Chicago is already 1 November in UTC; the string still says the 31st
    assert by_title["A late evening post"] == "2026-10-31T22:30:00-05:00"
    assert by_title["About IRRT"] is None


def test_empty_site(make_content):
    files = outputs(site_for(make_content({})))
    assert json.loads(files["search.json"]) == {"version": 1, "items": []}
    index = json.loads(files[INDEX])
    assert index["chunks"] == [] and index["words"] == [] and index["docs"]["count"] == 0
    assert set(files) == {"search.json", INDEX, LABELS}
    assert index["type_labels"] == {} and index["rtl"] == [] and index["months"] == list(MONTHS)


def test_now_is_respected(make_content):
    content = make_content(FILES)
    later, _ = load_site(content, datetime(2027, 2, 1, tzinfo=UTC))
    titles = [e["title"] for e in json.loads(outputs(later)["search.json"])["items"]]
    assert "A future post" in titles and "A draft post" not in titles


def test_python_and_javascript_fold_and_cut_alike():
    """search.py cuts text into terms and search-core.js cuts queries into words by the same
    rules: every word (or CJK pair) the page looks up for a text is one of the text's terms."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    samples = [
        "Bibliotecas Públicas",
        "E-books & MARC 21",
        "Straße ﬁle",
        "l’école",
        "Ελληνικός",
        "المَكْتَبَةُ العامة",
        "والمكتبة للقراءة",
        "乡村图书馆建设",
        "abc读者",
        "작은 도서관",
        "Tromsø Kraków",
        "ÅÄÖ İstanbul",
    ]
    core = Path(__file__).parent.parent / "templates" / "assets" / "search-core.js"
    script = (
        f"const c = require({json.dumps(str(core))});"
        "const s = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(s.map((t) => [c.fold(t), c.queryWords(t).flatMap((w) => w.parts)])));"
    )
    out = subprocess.run(
        [node, "-e", script], input=json.dumps(samples), capture_output=True, text=True, check=True
    )
    for sample, (folded, parts) in zip(samples, json.loads(out.stdout), strict=True):
        assert folded == fold(sample), sample
        assert parts and set(parts) <= terms(sample), (sample, parts, terms(sample))
