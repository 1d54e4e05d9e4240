"""Markdown to safe HTML, HTML to text, excerpts and hidden e-mail addresses (markup.py),
called directly: no content tree, no build."""

from __future__ import annotations

import re
from datetime import timedelta

import lxml.html
import markdown
import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irrtsite import markup
from irrtsite.markup import (
    EMAIL,
    HIDDEN_EMAIL,
    TEMPLATE_ID_PREFIXES,
    TEMPLATE_IDS,
    TEXT_ID_PREFIX,
    Link,
    Rendered,
    body_links,
    excerpt,
    hide_emails,
    hide_emails_html,
    images_without_alt,
    render,
    render_body,
    to_text,
)

# -- headings nest under the page's own ------------------------------------------------------


def test_a_body_starting_at_h1_moves_down_under_the_pages_h1():
    assert render("# Top\n\n## Sub\n\ntext") == (
        '<h2 id="top">Top</h2>\n<h3 id="sub">Sub</h3>\n<p>text</p>'
    )


def test_a_body_already_at_h2_keeps_its_levels():
    assert render("## Top\n\n### Sub") == '<h2 id="top">Top</h2>\n<h3 id="sub">Sub</h3>'


def test_top_three_puts_the_highest_heading_at_h3():
    assert render("# Top\n\n## Sub", top=3) == '<h3 id="top">Top</h3>\n<h4 id="sub">Sub</h4>'


def test_the_shift_follows_the_highest_heading_not_the_first():
    assert render("### Late\n\n# Early") == '<h4 id="late">Late</h4>\n<h2 id="early">Early</h2>'


# -- links under the base path -------------------------------------------------------------


def test_root_relative_links_and_images_go_under_the_base_path():
    html = render("[a](/blog/) ![i](/static/a.png)", "/intl/")
    assert html == '<p><a href="/intl/blog/">a</a> <img alt="i" src="/intl/static/a.png"></p>'


@pytest.mark.parametrize(
    "link",
    ["//cdn.example.org/x", "about/", "https://x.example.org/", "#part", "mailto:a@b.org"],
)
def test_other_links_are_left_alone(link):
    assert render(f"[a]({link})", "/intl/") == f'<p><a href="{link}">a</a></p>'


def test_at_the_root_links_are_unchanged():
    assert render("[a](/blog/)") == '<p><a href="/blog/">a</a></p>'


# -- sanitising ----------------------------------------------------------------------------


def test_script_is_removed_with_its_content():
    assert render("<script>alert(1)</script>\n\nAfter") == "\n\n<p>After</p>"


def test_event_handlers_are_removed():
    assert render("<img src=x onerror=alert(1)>") == '<p><img src="x"></p>'
    assert render('<a href="/p" onclick="y">z</a>') == '<p><a href="/p">z</a></p>'


def test_attr_list_cannot_add_event_handlers_but_may_add_id_and_lang():
    html = render('Para\n{: onclick="alert(1)" }\n\n## T {: onmouseover=x #here lang=fr }')
    assert html == '<p>Para</p>\n<h2 id="here" lang="fr">T</h2>'


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
    ],
)
def test_dangerous_link_schemes_lose_their_href(markdown):
    assert render(markdown) == "<p><a>x</a></p>"


def test_target_and_rel_are_dropped():
    assert (
        render('<a href="/p" target="_blank" rel="nofollow">z</a>') == '<p><a href="/p">z</a></p>'
    )


def test_footnotes_link_to_each_other_and_stay_fragments():
    html = render("Text[^1]\n\n[^1]: The note.", "/intl/")
    assert '<sup id="fnref:1"><a href="#fn:1">1</a></sup>' in html
    assert '<li id="fn:1">' in html and "The note." in html
    assert '<a href="#fnref:1"' in html


# -- HTML to text ----------------------------------------------------------------------------


def test_to_text_drops_tags_decodes_entities_and_keeps_blocks_apart():
    html = "<p>A &amp; B</p><p>C<br>D</p><ul><li>x</li><li>y</li></ul><h2>E</h2>F"
    assert to_text(html) == "A & B C D x y E F"


def test_to_text_joins_inline_markup_without_spaces():
    assert to_text("<p>Hi <em>the</em>re\n\n  friend</p>") == "Hi there friend"


def test_render_body_gives_html_and_its_text():
    assert render_body("Hi *there*, <b>x</b>", "/") == Rendered(
        "<p>Hi <em>there</em>, <b>x</b></p>", "Hi there, x"
    )


# -- excerpts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, limit, expected",
    [
        ("one two three", 13, "one two three"),  # fits: unchanged, no ellipsis
        ("one two three", 9, "one two…"),  # cut at the last space before the limit
        ("one two three", 7, "one…"),  # the word at the limit goes, even when it ends there
        ("one, two three", 5, "one…"),  # punctuation before the cut goes
        ("one two. three", 9, "one two…"),
        ("abcdefghij", 4, "abcd…"),  # one long word: cut inside it
    ],
)
def test_excerpt_cuts_at_a_word_boundary(text, limit, expected):
    assert excerpt(text, limit) == expected


# -- images without alternative text ---------------------------------------------------------


def test_images_without_alt_gives_their_lines():
    body = 'a\n![](x.png)\n![ok](y.png)\n<img src=z>\n<img alt="fine" src=z>\n![ ](w.png)'
    assert images_without_alt(body) == [1, 3, 5]


# -- e-mail addresses ------------------------------------------------------------------------


def test_hide_emails_hides_every_address_and_its_mailto():
    text = "Write to a@b.org, or mailto:C.D+x@ex.co.uk. Or MAILTO:e@f.example."
    assert hide_emails(text) == "Write to [e-mail], or [e-mail]. Or [e-mail]."


def test_hide_emails_hides_addresses_in_any_script():
    assert hide_emails("Écrivez à josé@bibliothèque.fr") == f"Écrivez à {HIDDEN_EMAIL}"


@pytest.mark.parametrize("text", ["a@b", "@handle", "user@localhost", "a@b.c", "5 @ 10.00"])
def test_hide_emails_leaves_what_is_no_address(text):
    assert hide_emails(text) == text


def test_hide_emails_in_text_even_an_image_name():
    assert hide_emails("see logo@2x.png") == "see [e-mail]"  # in plain text it looks like one


def test_hide_emails_html_hides_text_unlinks_mailto_and_keeps_image_names():
    html = (
        '<p>Write to <a href="mailto:us@x.org">us@x.org</a> '
        '<img src="https://x.org/logo@2x.png" alt="Logo"></p>'
    )
    assert hide_emails_html(html) == (
        '<p>Write to <a>[e-mail]</a> <img src="https://x.org/logo@2x.png" alt="Logo"></p>'
    )


def test_hide_emails_html_keeps_other_links():
    html = '<p><a href="https://x.org/@team">team</a></p>'
    assert hide_emails_html(html) == html


def test_the_email_pattern_validates_with_fullmatch_and_names_the_address():
    match = EMAIL.fullmatch("mailto:Ana.Lima+sisters@biblioteca.example.br")
    assert match is not None and match["address"] == "Ana.Lima+sisters@biblioteca.example.br"
    assert EMAIL.fullmatch("write to a@b.org") is None


def test_body_links_know_the_line_where_each_address_is_written():
    body = (
        "Intro.\n\n[Team](/about/team/) and [about](/about/).\n\n"
        "![Logo](/static/logo.png)\n\n[ref]: /join/?a=1&b=2\n\nSee [it][ref], "
        "[IFLA](https://www.ifla.org/), [top](#top) and [mail](mailto:a@b.org).\n"
    )
    html = render(body, "/intl/")
    assert body_links(body, html, "/intl/") == (
        Link("/intl/about/team/", "/about/team/", 2),
        Link("/intl/about/", "/about/", 2),
        Link("/intl/static/logo.png", "/static/logo.png", 4),
        Link("/intl/join/?a=1&amp;b=2", "/join/?a=1&b=2", 6),
    )


def test_body_links_find_an_address_only_where_it_is_whole():
    body = "See /about/team/ in the text.\n\n[About](/about/)\n"
    html = render(body, "/")
    assert body_links(body, html, "/") == (Link("/about/", "/about/", 2),)


# -- ids: the text never takes an id the page's templates use ------------------------------


def _template_ids() -> tuple[set[str], set[str]]:
    """The ids written in templates/*.html: whole ones, and the fixed start of made-up ones
    (``id="up-{{ group.key }}"`` gives ``up-``)."""
    fixed, prefixes = set(), set()
    for template in (REPO / "templates").glob("*.html"):
        for value in re.findall(r'\bid="([^"]*)"', template.read_text(encoding="utf-8")):
            if "{" in value:
                prefixes.add(value.split("{", 1)[0])
            else:
                fixed.add(value)
    return fixed, prefixes


def test_the_ids_markup_keeps_free_are_those_of_the_templates():
    fixed, prefixes = _template_ids()
    assert fixed == set(TEMPLATE_IDS)
    assert prefixes == set(TEMPLATE_ID_PREFIXES) and "" not in prefixes
    # what a clashing id becomes clashes with nothing
    assert not any(p.startswith(TEXT_ID_PREFIX) or TEXT_ID_PREFIX.startswith(p) for p in prefixes)
    assert not any(i.startswith(TEXT_ID_PREFIX) for i in fixed)


def _ids(html: str) -> list[str]:
    return [str(i) for i in lxml.html.fragment_fromstring(html, create_parent="div").xpath("//@id")]


@pytest.mark.parametrize(
    ("markdown", "ids"),
    [
        ("## Main", ["text-main"]),
        ("## Main\n\n## Main", ["text-main", "text-main_1"]),
        ("## Search results", ["text-search-results"]),
        (
            "## Up 2026\n\n## Past 2025\n\n## R-Africa\n\n## F Region",
            ["text-up-2026", "text-past-2025", "text-r-africa", "text-f-region"],
        ),
        ("## Directory {#directory}", ["text-directory"]),
        ("Text\n{: #site-q}", ["text-site-q"]),
        ('<div id="main">raw</div>', ["text-main"]),
        ("## Mainly", ["mainly"]),
        ("## Upcoming events", ["upcoming-events"]),
    ],
)
def test_heading_and_written_ids_never_equal_an_id_of_the_page(markdown, ids):
    found = _ids(render(markdown))
    assert found == ids
    for value in found:
        assert value not in TEMPLATE_IDS and not value.startswith(TEMPLATE_ID_PREFIXES)


def test_an_id_written_as_text_or_code_stays_as_written():
    html = render('Use `<div id="main">` for it, or write id="main" in the tag.')
    code = lxml.html.fragment_fromstring(html, create_parent="div").xpath("string(//code)")
    assert code == '<div id="main">'
    assert 'write id="main" in the tag' in html and _ids(html) == []


def test_a_heading_link_in_the_text_follows_its_moved_id():
    html = render("[TOC]\n\n## Main")
    assert _ids(html) == ["text-main"]
    assert 'href="#text-main"' in html


# -- only the steps and inline patterns a text can use are run: the same HTML -----------------

_PIECES = [
    *"[]()!^`*_\\<>&#;:/@ \n\t\r-+.1aZ{}|~=\"'",
    "  \n",
    "\t\n",
    " \t\n",
    "\r\n",
    "\n\n",
    "    ",
    "```\n",
    "# ",
    "## ",
    "[TOC]",
    "[^1]",
    "[^1]: note\n",
    "<b>",
    "</b>",
    "<!-- c -->",
    "&amp;",
    "&#91;",
    "http://x.y",
    "<http://a.b>",
    "a@b.c",
    "<a@b.c>",
    "*a*",
    "__b__",
    "`c`",
    "![i](j)",
    "[l](m)",
    "[r]: /x\n",
    "[r]",
    "\\*",
    "| a | b |\n|---|---|\n",
    "{: #main }",
    "{#x}",
    "- ",
    "1. ",
]


def _full_converter(baselevel: int) -> markdown.Markdown:
    """Python-Markdown as it comes: every step run, every inline pattern tried on every piece
    of text, the toc extension whole."""
    return markdown.Markdown(
        extensions=["tables", "fenced_code", "toc", "sane_lists", "attr_list", "footnotes"],
        extension_configs={"toc": {"slugify": markup.heading_id, "baselevel": baselevel}},
        output_format="html",
    )


_FULL = {level: _full_converter(level) for level in (1, 2)}


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.sampled_from([1, 2]))
def test_skipping_the_patterns_a_text_cannot_use_changes_nothing(pieces, level):
    text = "".join(pieces)
    expected = _FULL[level].reset().convert(text)
    assert markup._converter(level, text).convert(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "line one  \nline two",  # a hard line break
        "line one\t\nline two",  # a tab before the end of the line: a line break too
        "a \\* b",
        "<b>bold</b> &amp; <a@b.c>",
        "![alt](/i.png) and [a link](/x) and a note[^1]\n\n[^1]: the note",
        "`code` and *em* and __strong__",
    ],
)
def test_each_inline_pattern_still_applies_when_its_text_is_there(text):
    assert markup._converter(1, text).convert(text) == _FULL[1].reset().convert(text)


def test_the_installed_python_markdown_runs_the_inline_patterns_a_text_can_use_only():
    # the two methods _Inline replaces and calls are there: the saving is in force
    assert markup._INLINE_HOOKS
    assert isinstance(markup._converter(1, "").treeprocessors["inline"], markup._Inline)


def test_every_pattern_skipped_by_its_text_is_one_python_markdown_has():
    patterns = markup._converter(1, "").inlinePatterns
    assert [name for name in markup._NEEDS if name not in patterns] == []


# -- bounded work ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        "\\[ " * 1000,  # escaped: plain text, nothing to look for
        "[a](/b)\n\n" * 3000,  # every bracket closed at once
        "- <b>x</b>\n" * 3000,
        "a < b and c > d\n\n" * 3000,
    ],
    ids=["escaped", "links", "html", "comparisons"],
)
def test_long_text_whose_brackets_close_is_rendered(markdown):
    assert render(markdown)


def test_the_cost_counts_what_python_markdown_scans():
    assert markup._cost("[a] [b](c) {d} <e>") == (2 + 2 + 2 + 2 + 2, -1, "")
    total, at, which = markup._cost("x [[a]")
    assert (at, which) == (2, "[") and total == 4 + 2
    assert markup._cost("[a\n\n]")[0] == 2  # a paragraph ends the search for ']'
    assert markup._cost("<b\n\n>")[0] == 4  # ... but not for '>'


def test_much_inline_markup_in_one_paragraph_is_refused_at_its_line():
    with pytest.raises(markup.TooSlow) as caught:
        render("Intro\n\n- item\n" + "*a* " * 6000)
    assert caught.value.line == 2
    assert "12,000 marks" in caught.value.message
    render("Intro\n\n" + "- *a*\n" * 6000)  # each list item is a text of its own


def test_unclosed_brackets_over_the_limit_are_refused_at_their_line():
    with pytest.raises(markup.TooSlow) as caught:
        render("Intro\n\nfine\n" + "[" * 2000)
    assert caught.value.line == 3


# Pieces of Markdown that make its parsers work hard, repeated to long runs.
_PIECES = [
    *"[]()<>{}!*_`~#&\\|:^=-+.1 \t\n",
    *["\n\n", "    ", "<![CDATA[", "<!--", "-->", "<div>", "</div>", "<a ", "http://", "[^1]"],
    *["[x]: /y", "```", "~~~", "{#", "{:", "![", "](", "&#", "<?", "- ", "> ", "1. ", "| ", "a b"],
]
_BODIES = st.lists(
    st.tuples(st.sampled_from(_PIECES), st.sampled_from([1, 1, 2, 7, 60, 400, 3000])),
    max_size=12,
).map(lambda runs: "".join(piece * times for piece, times in runs)[:30_000])


@settings(
    max_examples=40,
    deadline=timedelta(seconds=20),  # a stall guard: the guards keep each body near a second
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(body=_BODIES)
def test_any_markdown_body_renders_or_is_refused_with_a_line(body):
    try:
        rendered = render_body(body, "/")
    except markup.TooSlow as slow:
        assert 0 <= slow.line <= body.count("\n") and slow.message
    except RecursionError:
        pass  # readers.py reports it as "nested too deeply"
    else:
        assert "<script" not in rendered.html
