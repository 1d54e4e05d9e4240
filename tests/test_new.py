"""`irrtsite new TYPE ...`: the right file in the right folder, with every field of its type,
that `irrtsite check` passes and `irrtsite build --drafts` shows; and its refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import NOW_ISO, html, snapshot

from irrtsite.config import Config
from irrtsite.scaffold import KINDS, READERS, accepted_fields, file_slug

EPOCH = "1795489200"  # 2026-11-24T03:00:00Z: still 23 November in Chicago, the site's zone
ISSUE = "---\nvolume: 40\nnumber: 3\ndate: 2026-09-15\n---\nNote.\n"
ROOMS_ES = (
    "---\ntitle: Salas de lectura\nauthor: Rosa Huamán\norder: 2\noriginal: true\n---\nTexto.\n"
)
NOTES_EN = "---\ntitle: Notes\nauthor: [Ana Ruiz, Tom Lee]\n---\nText.\n"


@pytest.fixture
def content(make_content, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return make_content(
        {
            "leads/2026-09/index.md": ISSUE,
            "leads/2026-09/reading-rooms.es.md": ROOMS_ES,
            "leads/2026-09/notes.en.md": NOTES_EN,
        }
    )


@pytest.fixture
def new(content, run_cli):
    """Run `irrtsite new ARGS --content content/`: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        return run_cli("new", *args, "--content", str(content))

    return run


def made(new, *args: str) -> Path:
    """Run `irrtsite new`, expect success; the file it printed."""
    code, out, err = new(*args)
    assert (code, err) == (0, ""), err
    path = Path(out.strip())
    assert out == f"{path}\n" and path.is_file()
    return path


def front(path: Path) -> tuple[list[str], list[str]]:
    """The field names written as fields, and those written as commented examples."""
    head = path.read_text(encoding="utf-8").split("---\n")[1]
    given = re.findall(r"^([a-z_]+):", head, re.M)
    examples = re.findall(r"^# ([a-z_]+):(?: [^#\s]|.*\n#   - )", head, re.M)  # a value shown
    return given, examples


def check_clean(run_cli, content: Path, *more: str) -> None:
    code, out, err = run_cli("check", "--content", str(content), "--now", NOW_ISO, *more)
    assert (code, out, err) == (0, "", "irrtsite check: 0 errors, 0 warnings\n")


EVERY_TYPE = {
    "post": (["post", "Our new partners in Łódź"], "blog/2026-11-23-our-new-partners-in-lodz.md"),
    "page": (["page", "Contact us"], "pages/contact-us.md"),
    "event": (["event", "Reception at Annual 2027"], "events/reception-at-annual-2027.md"),
    "sister": (
        ["sister", "Biblioteca Municipal de Cusco"],
        "sisters/biblioteca-municipal-de-cusco.md",
    ),
    "leads-issue": (["leads-issue", "2026-12"], "leads/2026-12/index.md"),
    "leads-article": (
        ["leads-article", "Libraries on wheels", "--issue", "2026-09", "--lang", "es"],
        "leads/2026-09/libraries-on-wheels.es.md",
    ),
    "translation": (
        [
            "leads-article",
            "Reading rooms",
            "--issue",
            "2026-09",
            "--lang",
            "en",
            "--slug",
            "reading-rooms",
        ],
        "leads/2026-09/reading-rooms.en.md",
    ),
}
URLS = {
    "post": "blog/2026/11/our-new-partners-in-lodz/index.html",
    "page": "contact-us/index.html",
    "event": "events/reception-at-annual-2027/index.html",
    "sister": "sisters/biblioteca-municipal-de-cusco/index.html",
    "leads-issue": "leads/2026-12/index.html",
    "leads-article": "leads/2026-09/libraries-on-wheels/es/index.html",
    "translation": "leads/2026-09/reading-rooms/en/index.html",
}


def test_every_type_is_covered():
    assert {args[0] for args, _ in EVERY_TYPE.values()} == set(KINDS)


@pytest.mark.parametrize("case", EVERY_TYPE)
def test_new_file_has_every_field_passes_check_and_builds_as_a_draft(
    case, content, new, run_cli, build
):
    args, rel = EVERY_TYPE[case]
    before = snapshot(content)
    path = made(new, *args)
    assert path == content / rel
    assert snapshot(content) == {**before, rel: path.read_bytes()}  # nothing else written

    given, examples = front(path)
    kind = args[0]
    accepted = accepted_fields(READERS[kind], Config("t", "https://e.org/"))
    assert sorted(given + examples) == sorted(accepted)  # each once: a value or an example
    assert set(accepted) >= FIELDS[kind]  # the fields the content guide promises, written out
    assert "draft: true  # remove this line to publish" in path.read_text().splitlines()

    check_clean(run_cli, content)
    assert not (out := build(content)).joinpath(URLS[case]).exists()  # a draft
    out = build(content, drafts=True)
    doc = html(out / URLS[case])
    title = {"leads-issue": "December 2026"}.get(case, args[1])
    assert doc.xpath("string(//h1)") == title


# The fields every type has in the content guide, independent of the code under test.
COMMON = {"title", "summary", "tags", "draft", "updated", "lang"}
FIELDS = {
    "page": COMMON | {"menu"},
    "post": COMMON | {"author", "date"},
    "event": COMMON
    | {"start", "end", "timezone", "conference", "location", "city", "registration", "published"},
    "sister": (COMMON - {"title"})
    | {"library", "country", "city", "type", "status", "partner", "languages", "interests",
       "website", "contact", "listed"},
    "leads-issue": COMMON | {"volume", "number", "date", "editors"},
    "leads-article": COMMON | {"author", "order", "original"},
}  # fmt: skip


@pytest.mark.parametrize("case", EVERY_TYPE)
def test_every_example_is_a_field_the_reader_knows(case, content, new, run_cli):
    """Uncomment every example: no 'unknown field', no 'missing required field'."""
    args, _ = EVERY_TYPE[case]
    path = made(new, *args)
    text = re.sub(r"^# ", "", path.read_text(encoding="utf-8"), flags=re.M)
    path.write_text(text, encoding="utf-8")
    code, _, err = run_cli("check", "--content", str(content), "--now", NOW_ISO)
    if case == "translation":  # its commented 'original: true', uncommented, is a second one
        assert (code, err) == (1, (
            "content/leads/2026-09/reading-rooms.en.md:1: article 'reading-rooms' has 2 language "
            "versions (reading-rooms.en.md, reading-rooms.es.md) and 2 have 'original: true': "
            "mark exactly one\nirrtsite check: 1 error, 0 warnings\n"
        ))  # fmt: skip
    else:  # every example is a valid value of a known field
        assert (code, err) == (0, "irrtsite check: 0 errors, 0 warnings\n")


def test_post_today_is_the_sites_day_and_date_overrides_it(content, new, run_cli):
    post = made(new, "post", "Spring update")
    assert post.name == "2026-11-23-spring-update.md"
    assert (
        "date: 2026-11-23  # the day it is published: the file name starts with it"
        in post.read_text()
    )
    dated = made(new, "post", "Winter update", "--date", "2027-01-05")
    assert dated.name == "2027-01-05-winter-update.md"
    assert "\ndate: 2027-01-05  #" in dated.read_text()
    check_clean(run_cli, content)


def test_event_and_listing_take_the_date(content, new):
    event = made(new, "event", "Poster session", "--date", "2027-06-26").read_text()
    assert "\nstart: 2027-06-26T09:00:00  #" in event and "\nend: 2027-06-26T10:00:00  #" in event
    listing = made(new, "sister", "Asafo Library", "--date", "2027-02-01").read_text()
    assert "\nlisted: 2027-02-01  # the day the library joined the directory\n" in listing


def test_issue_numbers_follow_the_newest_issue(content, new, run_cli):
    december = made(new, "leads-issue", "2026-12").read_text().splitlines()
    assert december[1:4] == [
        "volume: 40  # after leads/2026-09/ (volume 40, number 3): check them",
        "number: 4",
        "date: 2026-12-01  # the day the issue is published, in 2026-12",
    ]
    march = made(new, "leads-issue", "2027-03").read_text().splitlines()
    assert march[1:3] == [
        "volume: 41  # after leads/2026-12/ (volume 40, number 4): check them",
        "number: 1",
    ]
    november = made(new, "leads-issue", "2026-11").read_text().splitlines()  # today's month
    assert november[1:4] == [
        "volume: 40  # after leads/2026-09/ (volume 40, number 3): check them",
        "number: 4",
        "date: 2026-11-23  # the day the issue is published, in 2026-11",
    ]


def test_first_issue_ever(make_content, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    content = make_content({})
    code, out, _ = run_cli(
        "new", "leads-issue", "2027-03", "--content", str(content), "--date", "2027-03-15"
    )
    assert code == 0
    lines = Path(out.strip()).read_text().splitlines()
    assert lines[1:4] == [
        "volume: 1  # replace: the volume and number of this issue",
        "number: 1",
        "date: 2027-03-15  # the day the issue is published, in 2027-03",
    ]


def test_new_article_is_the_original_and_comes_next_in_order(content, new):
    text = made(new, "leads-article", "Rural libraries", "--issue", "2026-09", "--lang", "zh-hans")
    assert text.name == "rural-libraries.zh-Hans.md"
    lines = text.read_text().splitlines()
    assert "# order: 3  # its place in the issue (1, 2, 3...)" in lines
    assert "original: true  # written in this language; translations leave it out" in lines
    assert 'author: "Your Name"  # replace: who wrote it (several: one "- Name" line each)' in lines


def test_translation_copies_author_and_order_and_leaves_original_to_the_original(
    content, new, run_cli, build
):
    path = made(new, *EVERY_TYPE["translation"][0])
    lines = path.read_text().splitlines()
    assert lines[1:5] == [
        'title: "Reading rooms"',
        'author: "Rosa Huamán"  # as in reading-rooms.es.md',
        "order: 2  # as in the other languages: they must agree",
        "# original: true  # only on the language the author wrote in: reading-rooms.es.md",
    ]
    out = build(content, drafts=True)
    doc = html(out / "leads/2026-09/reading-rooms/en/index.html")
    assert "/leads/2026-09/reading-rooms/es/" in doc.xpath("//link[@hreflang='es']/@href")[0]


def test_translation_of_an_article_without_original_says_what_to_do(content, new, run_cli):
    code, out, err = new(
        "leads-article", "Notas", "--issue", "2026-09", "--lang", "es", "--slug", "notes"
    )
    assert code == 0
    assert out == f"{content}/leads/2026-09/notes.es.md\n"
    assert err == (
        "irrtsite: next: add 'original: true' to the language the author wrote in "
        "(e.g. content/leads/2026-09/notes.en.md): an article in several languages "
        "needs it in exactly one file\n"
    )
    assert (
        'author: ["Ana Ruiz", "Tom Lee"]  # as in notes.en.md'
        in (content / "leads/2026-09/notes.es.md").read_text()
    )


REFUSED = [
    (
        ["page", "Blog"],
        "the page name 'blog' is reserved for a generated page: choose another title, or give --slug",
    ),
    (
        ["event", "Calendar"],
        "the event name 'calendar' is reserved for the events calendar: choose another title, or give --slug",
    ),
    (
        ["page", "图书馆"],
        "cannot make a file name from '图书馆': give one with --slug, e.g. --slug my-page",
    ),
    (
        ["page", "About", "--slug", "About Us"],
        "--slug 'About Us' is not a valid file name: use lowercase ASCII letters, digits and '-' (e.g. 'about-us')",
    ),
    (
        ["leads-issue", "2026-13"],
        "'2026-13' is not an issue: give its year and month as YYYY-MM, e.g. 2026-09",
    ),
    (
        ["leads-issue", "September"],
        "'September' is not an issue: give its year and month as YYYY-MM, e.g. 2026-09",
    ),
    (
        ["leads-article", "X", "--issue", "2026-9", "--lang", "es"],
        "'2026-9' is not an issue: give its year and month as YYYY-MM, e.g. 2026-09",
    ),
    (
        ["leads-article", "X", "--issue", "2026-09", "--lang", "spanish"],
        "'spanish' is not a language code (BCP 47, e.g. en, es, zh-Hans, pt-BR): give the article's language with --lang",
    ),
    (
        ["leads-article", "X", "--issue", "2026-10", "--lang", "es"],
        "there is no issue content/leads/2026-10/index.md: make it first with: irrtsite new leads-issue 2026-10",
    ),
    (
        ["leads-article", "Rooms", "--issue", "2026-09", "--lang", "ES", "--slug", "reading-rooms"],
        "content/leads/2026-09/reading-rooms.es.md is already this article in Español (es): not overwritten",
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSED)
def test_refusals(content, new, args, message):
    before = snapshot(content)
    assert new(*args) == (1, "", f"irrtsite: {message}\n")
    assert snapshot(content) == before


def test_never_overwrites(content, new):
    page = made(new, "page", "Contact us")
    page.write_text("---\ntitle: Mine\n---\n")
    assert new("page", "Contact us") == (
        1,
        "",
        f"irrtsite: {page} already exists: not overwritten\n",
    )
    assert page.read_text() == "---\ntitle: Mine\n---\n"
    made(new, "post", "News")
    assert new("post", "News") == (
        1,
        "",
        f"irrtsite: {content}/blog/2026-11-23-news.md already exists: not overwritten\n",
    )
    assert new("leads-issue", "2026-09") == (
        1,
        "",
        f"irrtsite: {content}/leads/2026-09/index.md already exists: not overwritten\n",
    )


def test_a_post_with_the_same_address_is_refused(content, new):
    made(new, "post", "News", "--date", "2026-11-02")
    assert new("post", "News") == (
        1,
        "",
        "irrtsite: content/blog/2026-11-02-news.md has the same address (/blog/2026/11/news/): "
        "choose another title, or give --slug\n",
    )


def test_slug_option_names_the_file(content, new):
    assert made(new, "page", "图书馆", "--slug", "library").name == "library.md"


def test_command_line_mistakes(content, new, run_cli, tmp_path):
    code, _, err = new("post", "X", "--date", "tomorrow")
    assert code == 2 and "argument --date: not a date like 2026-09-15: 'tomorrow'" in err
    code, _, err = new("leads-article", "X", "--lang", "es")
    assert code == 2 and "the following arguments are required: --issue" in err
    code, _, err = new("poem", "X")
    assert code == 2 and "invalid choice: 'poem'" in err
    assert run_cli("new", "page", "X", "--content", str(tmp_path / "nowhere")) == (
        1,
        "",
        f"irrtsite: content folder not found: {tmp_path / 'nowhere'}\n",
    )


def test_site_settings_with_errors_stop_it(make_content, run_cli):
    content = make_content({}, site_yaml="title: T\n")
    code, out, err = run_cli("new", "page", "About", "--content", str(content))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "content/site.yaml:1: missing required field 'base_url': add a line 'base_url: ...'",
        "irrtsite: the site settings have errors: fix them first",
    ]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Łódź: Öffentliche Bücherei", "lodz-offentliche-bucherei"),
        ("Ærø & C++", "aero-c-plus-plus"),
        ("Straße der Bibliotheken", "strasse-der-bibliotheken"),
        ("  Reading -- rooms!  ", "reading-rooms"),
        ("图书馆", ""),
        ("x" * 150, "x" * 100),
    ],
)
def test_file_slug_is_ascii(title, slug):
    assert file_slug(title) == slug
