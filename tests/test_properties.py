"""Property tests: any input gives a clean list of problems or a Site, never a traceback;
and no Markdown ever renders live script.
"""

from __future__ import annotations

import html.parser
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import NOW, SITE_YAML
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irrtsite.errors import Problem
from irrtsite.loader import load_site
from irrtsite.site import Site

SETTINGS = settings(
    max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

# Files where an arbitrary value lands in a field of each type (and in site.yaml).
TEMPLATES = {
    "pages/about.md": "---\ntitle: {v}\nsummary: {v}\n---\nBody\n",
    "blog/2026-03-01-news.md": "---\ntitle: News\nauthor: {v}\ndate: {v}\ntags: [{v}]\n---\n",
    "events/talk.md": "---\ntitle: Talk\nstart: {v}\nend: 2027-01-01T10:00:00\n"
    "timezone: {v}\nlocation: {v}\n---\n",
    "leads/2026-09/index.md": "---\nvolume: {v}\nnumber: 1\ndate: 2026-09-01\n---\n",
    "leads/2026-09/rooms.en.md": "---\ntitle: {v}\nauthor: A\norder: {v}\noriginal: {v}\n---\n",
    "sisters/asafo.md": "---\nlibrary: {v}\ncountry: {v}\ncity: C\ntype: public\n"
    "status: partnered\npartner: {v}\nlisted: 2026-01-01\nlanguages: [{v}]\n"
    "contact: {v}\nwebsite: {v}\n---\n",
    "site.yaml": "title: {v}\nbase_url: https://irrt.example.org/\ntimezone: {v}\n"
    "nav:\n  - title: {v}\n    url: /{v}/\n",
}

# Text that tends to break things: YAML syntax, line ends, control characters, scripts.
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "\n",
        "\r\n",
        "\r",
        "\t",
        ":",
        ": ",
        "- ",
        "#",
        "&a",
        "*a",
        "!!python/object:os.system",
        "!x",
        "---",
        "...",
        "'",
        '"',
        "[",
        "]",
        "{",
        "}",
        "|",
        ">",
        "%",
        "@",
        "`",
        "?",
        ",",
        "\\",
        "yes",
        "no",
        "NO",
        "true",
        "10:00",
        "012",
        "1.10",
        "1e3",
        ".inf",
        "~",
        "null",
        "2026-02-30",
        "2026-09-15T18:00:00-05:00",
        "0001-01-01",
        "9999-12-31T23:59:59-12:00",
        "America/Chicago",
        "es",
        "zh-Hans",
        "GH",
        "https://x.org/",
        "a@b.org",
        "javascript:alert(1)",
        "\x00",
        "\x07",
        "\x1b",
        "\x7f",
        "\x85",
        "\u2028",
        "\u2029",
        "\ufeff",
        "\ufffe",
        "\u202e",
        "\ud7ff",
        "\U0001f600",
        "é",
        "é",
        "ß",
        "İ",
        "ﬁ",
        "<script>",
        "</textarea>",
    ]
)
VALUES = st.lists(st.one_of(TRICKY, st.text(max_size=12)), max_size=8).map("".join)


@pytest.fixture(scope="module")
def scratch():
    folder = Path(tempfile.mkdtemp(prefix="irrtsite-props-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def fresh(scratch: Path, files: dict[str, str | bytes]) -> Path:
    """A new content tree under ``scratch`` holding ``files`` (site.yaml unless given)."""
    content = scratch / "content"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir()
    files = {"site.yaml": SITE_YAML, **files}
    for rel, data in files.items():
        file = content / rel
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    return content


def assert_clean(site, problems) -> None:
    """Either a Site and no errors, or no Site and a list of errors, each a proper Problem."""
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert isinstance(problem.path, str) and problem.path.startswith("content")
        assert isinstance(problem.line, int) and problem.line >= 0
        assert isinstance(problem.message, str) and problem.message.strip()
        assert "Traceback" not in problem.message
        assert "\n" not in str(problem)
    errors = [p for p in problems if not p.warning]
    if site is None:
        assert errors
    else:
        assert isinstance(site, Site) and not errors


@SETTINGS
@given(name=st.sampled_from(sorted(TEMPLATES)), value=VALUES)
def test_any_front_matter_value_gives_problems_or_a_site(scratch, name, value):
    content = fresh(scratch, {name: TEMPLATES[name].replace("{v}", value)})
    assert_clean(*load_site(content, NOW))


@SETTINGS
@given(
    name=st.sampled_from(sorted(TEMPLATES)),
    data=st.binary(max_size=300),
    prefix=st.sampled_from([b"", b"---\n", b"\xef\xbb\xbf---\r\ntitle: T\r\n", b"---\ntitle: "]),
)
def test_any_bytes_give_problems_or_a_site(scratch, name, data, prefix):
    content = fresh(scratch, {name: prefix + data})
    assert_clean(*load_site(content, NOW))


@SETTINGS
@given(text=st.text(max_size=400))
def test_any_text_file_gives_problems_or_a_site(scratch, text):
    content = fresh(scratch, {"pages/about.md": text, "events/talk.md": "---\n" + text})
    assert_clean(*load_site(content, NOW))


# -- Markdown never renders live script -------------------------------------------------

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
        "<scr<script>ipt>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<body onload=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<a href='JaVaScRiPt:alert(1)'>x</a>",
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href=" javascript:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x]( javascript:alert(1) )",
        "[x](&#x6A;avascript:alert(1))",
        "![x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x]: javascript:alert(1)\n\n[y][x]",
        '{: onclick="alert(1)" }',
        "# T {: onmouseover=x }",
        "<iframe src=//x.example></iframe>",
        "<object data=x></object>",
        "<embed src=x>",
        "<style>body{}</style>",
        "<form action=javascript:alert(1)><button>x</button></form>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<div style="background:url(javascript:alert(1))">x</div>',
        "<a href=x onclick=y>z</a>",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<!-- <script>alert(1)</script> -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "```\n<script>alert(1)</script>\n```",
        "`<script>`",
        "    <script>alert(1)</script>",
        "<",
        ">",
        "&",
        '"',
        "'",
        "=",
        "\n",
        "\n\n",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "{:",
        "}",
        "javascript:",
        "onerror=",
        "<a",
        "href=",
        "<img",
        "<svg",
        "/",
        "\\",
        "|",
        "-",
        "#",
    ]
)
MARKDOWN = st.lists(st.one_of(HOSTILE, st.text(max_size=10)), max_size=12).map(
    lambda parts: "".join(parts).replace("\x00", "")
)  # a NUL makes the file an error

_DANGEROUS_URL = re.compile(r"^(javascript|vbscript|data|livescript):", re.I)


def browser_url(value: str | None) -> str:
    """A URL as a browser reads it: C0 controls and spaces trimmed, tabs and newlines dropped."""
    return re.sub(r"[\t\n\r]", "", (value or "").strip("".join(map(chr, range(0x21)))))


class _Collector(html.parser.HTMLParser):
    """Every start tag and its attributes, as a browser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_safe(fragment: str) -> None:
    assert "<script" not in fragment.lower()
    collector = _Collector()
    collector.feed(fragment)
    collector.close()
    for tag, attrs in collector.tags:
        assert tag not in {"script", "iframe", "object", "embed", "style", "form", "svg", "math"}
        for name, value in attrs:
            assert not re.fullmatch(r"on\w+", name), (tag, name, value)
            assert name != "style", (tag, name, value)
            if name in {"href", "src", "action", "formaction", "xlink:href", "data"}:
                assert not _DANGEROUS_URL.match(browser_url(value)), (tag, name, value)


@SETTINGS
@given(body=MARKDOWN)
def test_markdown_never_renders_script(scratch, body):
    content = fresh(scratch, {"pages/about.md": "---\ntitle: About\n---\n" + body})
    site, problems = load_site(content, NOW)
    assert_clean(site, problems)
    assert site is not None
    (page,) = site.pages
    assert_safe(page.html)


def test_the_hostile_samples_are_safe_one_by_one(scratch):
    samples = (
        HOSTILE.wrapped_strategy.elements
        if hasattr(HOSTILE, "wrapped_strategy")
        else HOSTILE.elements
    )
    for body in samples:
        content = fresh(scratch, {"pages/about.md": "---\ntitle: About\n---\n" + body})
        site, problems = load_site(content, NOW)
        assert site is not None, problems
        assert_safe(site.pages[0].html)


SAMPLES = [
    "a: no\nb: 10:00\nc: 012345\nd: 1.10\ne: true\nf: 2026-01-01\ng: NO\nh: ~\n",
    'title: "Quoted: yes"\ntags: [a, \'b\', "c"]\nlist:\n  - x\n  - y\n',
    "body: |\n  two\n  lines\nfolded: >\n  one\n  line\nn: -3\nf: 1e3\n",
]


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text(
            st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8
        ),
        st.one_of(
            st.text(max_size=20),
            st.integers(),
            st.booleans(),
            st.lists(st.text(max_size=8), max_size=3),
        ),
        max_size=6,
    )
)
def test_libyaml_and_pure_python_read_alike(mapping):
    import yaml as pyyaml

    from irrtsite import yamlload

    text = pyyaml.safe_dump(mapping, allow_unicode=True)
    for sample in [text, *SAMPLES]:
        try:
            fast = yamlload.load(sample)
        except yamlload.YamlProblem:
            continue
        slow = yamlload._Loader(sample).get_single_data()
        assert fast == slow and type(fast) is type(slow)
        if isinstance(fast, dict):
            assert fast.lines == slow.lines


# -- any text in any field: the site it builds parses everywhere ---------------------------

# One valid file of each type (and site.yaml): each line a field; a property replaces one.
FIELDS = {
    "site.yaml": [
        "title: T",
        "base_url: https://irrt.example.org/",
        "timezone: America/Chicago",
        "description: D",
        "language: en",
        "nav:\n  - title: {v}\n    url: /about/\n  - title: N\n    url: {v}",
        "languages:\n  es: {v}",
    ],
    "pages/about.md": ["title: About", "summary: S", "tags: [t]", "lang: en", "menu: 1"],
    "blog/2026-03-01-news.md": [
        "title: News",
        "author: A",
        "date: 2026-03-01",
        "summary: S",
        "tags: [t]",
        "updated: 2026-03-02",
    ],
    "events/talk.md": [
        "title: Talk",
        "start: 2026-10-01T10:00:00",
        "end: 2026-10-01T11:00:00",
        "location: L",
        "city: C",
        "registration: https://r.example.org/",
        "conference: annual",
        "summary: S",
    ],
    "leads/2026-09/index.md": [
        "volume: 1",
        "number: 1",
        "date: 2026-09-01",
        "title: T",
        "editors: [E]",
    ],
    "leads/2026-09/rooms.en.md": ["title: Rooms", "author: A", "order: 1", "summary: S"],
    "sisters/asafo.md": [
        "library: L",
        "country: GH",
        "city: C",
        "type: public",
        "status: partnered",
        "partner: P",
        "interests: [I]",
        "listed: 2026-01-01",
        "languages: [en]",
        "contact: a@asafo.example.org",
        "website: https://asafo.example.org/",
        "summary: S",
        "tags: [t]",
    ],
}
BODY = "Text with a [link](/blog/) and [one](https://x.example/){v}\n"

# The characters the gate is for, and the ones it must keep.
HOSTILE_CHARS = st.sampled_from(
    list("\x00\x01\x08\x0b\x0c\x0d\x1b\x7f\x80\x85\x9f\t\n ")
    + list("\ud800\udbff\udc00\udfff\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff")
    + list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
    + list("\u200b\u200c\u200d\u200e\u200f\u061c\u2028\u2029\xa0\u3000")
    + ["a@b.example.org", "mailto:x@y.example", "&#x1;", "&#0;", "&#xFFFE;", "&#x202E;"]
    + ["java\tscript:alert(1)", "//[intranet]/x", "http://[::1", "9" * 5000, "<b>", "&amp;"]
)
ANY_TEXT = st.lists(
    st.one_of(HOSTILE_CHARS, st.text(st.characters(codec=None), max_size=6)), max_size=6
).map("".join)


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: every character but printable ASCII escaped,
    so that surrogates, non-characters and controls reach the field as they are."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def with_value(name: str, field: int | None = None, value: str = "") -> str:
    """The file ``name``, its ``field``-th line given ``value`` (its key kept); as valid
    with ``field`` None."""
    lines = [line.replace("{v}", "/blog/") for line in FIELDS[name]]
    if field is not None:
        line = FIELDS[name][field]
        lines[field] = (
            line.replace("{v}", value) if "{v}" in line else f"{line.split(':')[0]}: {value}"
        )
    text = "\n".join(lines) + "\n"
    return text if name == "site.yaml" else f"---\n{text}---\n{BODY.replace('{v}', '')}"


def valid_files() -> dict[str, str]:
    return {name: with_value(name) for name in FIELDS}


def parses_everywhere(site: Site) -> None:
    """Every output of ``site`` parses as what it is, holds no character the gate removes,
    and no contact address as text."""
    import json

    import feedparser
    import icalendar
    from lxml import etree
    from lxml import html as lxml_html

    from irrtsite.pipeline import default_templates, render
    from irrtsite.text import CONTROL

    for out in render(site, default_templates(Path("/nonexistent"))):
        data = out.bytes()
        if out.source is not None or out.path.startswith("assets/"):
            continue
        text = data.decode("utf-8-sig")  # strict: no lone surrogate (the CSV starts with a BOM)
        assert not CONTROL.search(text.replace("\r\n", "\n")), out.path
        assert "a@asafo.example.org" not in text, out.path
        if out.path.endswith(".html"):
            assert lxml_html.document_fromstring(data) is not None
        elif out.path.endswith(".xml"):
            etree.fromstring(data)
            if out.path.endswith(("feed.xml", "atom.xml")):
                assert feedparser.parse(data).bozo == 0, out.path
        elif out.path.endswith(".ics"):
            icalendar.Calendar.from_ical(data)
        elif out.path.endswith(".json"):
            json.loads(data)


def test_the_files_the_properties_change_are_valid(scratch):
    site, problems = load_site(fresh(scratch, valid_files()), NOW)
    assert problems == []
    assert site is not None and len(site.items()) == 6
    parses_everywhere(site)


def _cases() -> list[tuple[str, int]]:
    return [(name, i) for name, lines in FIELDS.items() for i in range(len(lines))]


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(case=st.sampled_from(_cases()), value=ANY_TEXT, quoted=st.booleans())
def test_any_text_in_any_field_gives_problems_or_a_site_that_parses(scratch, case, value, quoted):
    name, field = case
    typed = yaml_quoted(value) if quoted else value
    files = {**valid_files(), name: with_value(name, field, typed)}
    content = fresh(scratch, files)
    site, problems = load_site(content, NOW)
    assert_clean(site, problems)
    for problem in problems:
        str(problem).encode("utf-8")  # printable: nothing invisible or unencodable
        assert str(problem).isprintable()
    if site is not None:
        parses_everywhere(site)


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(value=ANY_TEXT)
def test_any_text_in_a_body_gives_a_site_that_parses(scratch, value):
    files = valid_files()
    files["blog/2026-03-01-news.md"] += value.replace("\x00", "")  # a NUL makes the file an error
    content = fresh(scratch, files)
    site, problems = load_site(content, NOW)
    assert_clean(site, problems)
    if site is not None:
        parses_everywhere(site)
