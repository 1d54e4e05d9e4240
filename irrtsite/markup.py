"""Markdown to sanitized HTML, HTML to plain text.

Python-Markdown passes raw HTML, ``javascript:`` links and attr_list event
handlers straight through, so every rendering goes through nh3 (an allow-list
sanitizer). Root-relative links ("/blog/") get the site's base path here.
"""

from __future__ import annotations

import bisect
import html as htmllib
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple, cast
from urllib.parse import unquote

import markdown
import nh3
from markdown.extensions.attr_list import AttrListExtension, AttrListTreeprocessor
from markdown.extensions.fenced_code import FencedBlockPreprocessor, FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, TocTreeprocessor, slugify_unicode
from markdown.preprocessors import HtmlBlockPreprocessor, NormalizeWhitespace, Preprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor, UnescapeTreeprocessor
from markdown.util import ETX, STX, AtomicString, Registry

from . import errors
from .text import EMAIL as EMAIL  # re-exported: the pattern hide_emails hides
from .text import parse_url

_TAGS = set(nh3.ALLOWED_TAGS) | {
    "figure",
    "figcaption",
    "mark",
    "time",
    "details",
    "summary",
    "section",
    "bdi",
    "bdo",
    "ruby",
    "rt",
    "rp",
}
_TAGS -= {"area", "map"}
_ALL = {"lang", "dir", "title", "id"}
_ATTRIBUTES = {tag: set(attrs) | _ALL for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag in _TAGS:
    _ATTRIBUTES.setdefault(_tag, set(_ALL))
_ATTRIBUTES["code"] = _ATTRIBUTES.get("code", set()) | {"class"}
_ATTRIBUTES["time"] = _ATTRIBUTES.get("time", set()) | {"datetime"}
_ATTRIBUTES["a"] = (_ATTRIBUTES.get("a", set()) | {"href", "hreflang"}) - {"rel", "target"}
_SCHEMES = {"http", "https", "mailto", "tel"}
# An image with empty alternative text: Markdown's ![](…), or an <img> tag (checked for
# alt="…" apart: a tag is never read past the next '<', so many '<img' cannot take long).
_BLANK_ALT = re.compile(r"!\[\s*\]\(|<img\b[^<>]*>", re.I)
_ALT = re.compile(r"""\balt=\s*["'][^"']+""", re.I)

_local = threading.local()
#: Python-Markdown's inline patterns (the registry's names) and the texts one of which a
#: body must hold for the pattern to match anywhere in it. Each pattern is tried on every
#: piece of text in turn; a body without any of its texts skips it (the same output, less
#: work). Inline text comes from the body after Python-Markdown's preprocessing, which
#: turns tabs into spaces and ``\r`` into ``\n``: hence the line break's other texts. A
#: pattern not named here (a new one in a later Python-Markdown) is always tried.
_NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_reference": ("[",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n", "\t", "\r"),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
}


class _HeadingIds(TocTreeprocessor):
    """The toc extension's heading ids and levels; the table of contents itself (``md.toc``,
    never read here) is built only for a text that asks for it with the marker."""

    def __init__(self, md: markdown.Markdown, config: dict[str, Any]) -> None:
        super().__init__(md, config)
        self.asked = self.marker  # the configured marker ("[TOC]")

    def use_for(self, text: str) -> None:
        self.marker = self.asked if self.asked in text else ""

    def build_toc_div(self, toc_list: list[Any]) -> etree.Element:
        if self.marker:
            return super().build_toc_div(toc_list)
        return etree.Element("div")


class _Toc(TocExtension):
    TreeProcessorClass = _HeadingIds


#: An inline pattern with the texts one of which a piece of text must hold for it to match
#: there (``_NEEDS``; none: always tried).
_Step = tuple[Any, tuple[str, ...]]


class _Inline(InlineProcessor):
    """Python-Markdown's inline processor, which tries a pattern on a piece of text only
    when the text holds one of the pattern's texts (``_NEEDS``). The same output: a pattern
    tried where it cannot match fails, and the processor goes on to the next one exactly as
    it does after that failure. Most pieces of text (a paragraph, a list item, a heading)
    have no ` or [, so most of the patterns' searches are saved."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.steps: list[_Step] = []  # the patterns, in order (``_Converter.use_for``)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, AtomicString):
            return data
        steps, apply = self.steps, self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        count, start = len(steps), 0
        while patternIndex < count:
            pattern, needs = steps[patternIndex]
            for text in needs:
                if text in data:
                    break
            else:  # (no text asked for: always tried)
                if needs:
                    patternIndex, start = patternIndex + 1, 0  # noqa: N806
                    continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1  # noqa: N806
        return data


#: The two methods of Python-Markdown's inline processor that ``_Inline`` relies on (a later
#: Python-Markdown without them keeps its own processor: the same HTML, each pattern tried)
_INLINE_HOOKS = all(
    callable(getattr(InlineProcessor, f"_InlineProcessor__{name}", None))
    for name in ("handleInline", "applyPattern")
)


_BLANK_WITH_SPACES = re.compile(r"\n +(?=\n)")  # a line of spaces only, not the first


class _Whitespace(NormalizeWhitespace):
    """Python-Markdown's first step, the same text out, with a pattern that starts with the
    character it looks for (Python-Markdown's starts with a look-behind, so is tried at every
    character)."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines).replace(STX, "").replace(ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        return _BLANK_WITH_SPACES.sub("\n", source).split("\n")


class _Skips:
    """A step of Python-Markdown that changes nothing in a text holding none of ``needs``:
    not run on one (``use_for``, with the text about to be converted)."""

    needs: tuple[str, ...] = ()
    wanted = True

    def use_for(self, text: str) -> None:
        self.wanted = any(need in text for need in self.needs)


class _SkipsLines(_Skips, Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return super().run(lines) if self.wanted else lines


class _SkipsTree(_Skips, Treeprocessor):
    def run(self, root: etree.Element) -> None:  # (those below change the tree in place)
        if self.wanted:
            super().run(root)


class _Fences(_SkipsLines, FencedBlockPreprocessor):
    needs = ("```", "~~~")  # (its pattern, tried at every line, would find no fence)


class _HtmlBlocks(_SkipsLines, HtmlBlockPreprocessor):
    needs = ("<", "&")  # (its HTML parser gives a text without them back as it is)


class _AttrList(_SkipsTree, AttrListTreeprocessor):
    needs = ("{",)


class _Unescape(_SkipsTree, UnescapeTreeprocessor):
    needs = ("\\",)  # (what it unescapes are backslash escapes)


class _FencedCode(FencedCodeExtension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        md.preprocessors.register(_Fences(md, self.getConfigs()), "fenced_code_block", 25)


class _Converter:
    """A Markdown instance, and its inline patterns without those a text cannot match (one
    list per set of skipped patterns, made once)."""

    def __init__(self, baselevel: int) -> None:
        self.md = markdown.Markdown(
            extensions=[  # instances: a name is looked up among the installed packages (slow)
                TableExtension(),
                _FencedCode(),
                _Toc(slugify=heading_id, baselevel=baselevel),
                SaneListExtension(),
                AttrListExtension(),
                FootnoteExtension(),
            ],
            output_format="html",
        )
        md = self.md  # Python-Markdown's own steps replaced, each at its place (priority)
        md.preprocessors.register(_Whitespace(md), "normalize_whitespace", 30)
        md.preprocessors.register(_HtmlBlocks(md), "html_block", 20)
        processors = md.treeprocessors
        self.inline = _Inline(md)
        if _INLINE_HOOKS:
            processors.register(self.inline, "inline", 20)
        processors.register(_AttrList(md), "attr_list", 8)
        processors.register(_Unescape(md), "unescape", 0)
        self.skips = [s for s in (*md.preprocessors, *processors) if isinstance(s, _Skips)]
        toc = processors["toc"]
        assert isinstance(toc, _HeadingIds)
        self.toc = toc
        every = cast("Registry[InlineProcessor]", self.md.inlinePatterns)
        named = {every.get_index_for_name(n): n for n in _NEEDS if n in every}
        self.every = [(named.get(i, ""), every[i]) for i in range(len(every))]  # in order
        self.steps: dict[tuple[str, ...], list[_Step]] = {}

    def use_for(self, text: str) -> markdown.Markdown:
        """The instance, reset, set up for ``text``."""
        skipped = tuple(n for n, needs in _NEEDS.items() if not any(p in text for p in needs))
        steps = self.steps.get(skipped)
        if steps is None:
            steps = self.steps[skipped] = [
                (pattern, _NEEDS.get(name, ()))
                for name, pattern in self.every
                if name not in skipped
            ]
        self.inline.steps = steps
        self.toc.use_for(text)
        for step in self.skips:
            step.use_for(text)
        return self.md.reset()


def _converter(baselevel: int, text: str) -> markdown.Markdown:
    """One Markdown instance per thread and heading level, reset and set up for ``text``."""
    key = f"md{baselevel}"
    converter = getattr(_local, key, None)
    if converter is None:
        converter = _Converter(baselevel)
        setattr(_local, key, converter)
    return converter.use_for(text)


@lru_cache(maxsize=8)
def _link_rewriter(base_path: str) -> Callable[[str, str, str], str | None]:
    def rewrite(element: str, attribute: str, value: str) -> str | None:
        if attribute == "id":  # written in the text ({#main}, <div id="main">): out of the way
            return own_id(value)
        if attribute in ("href", "src", "cite") and parse_url(value) is None:
            return None  # no address a browser reads as written (text.parse_url): unlinked
        if attribute in ("href", "src") and value.startswith("/") and not value.startswith("//"):
            return base_path + value[1:]
        return value

    return rewrite


def sanitize(html: str, base_path: str = "/") -> str:
    """Keep only safe tags, attributes and URL schemes; prefix root links."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        attribute_filter=_link_rewriter(base_path),
        link_rel=None,
        strip_comments=True,
    )


_HEADING = re.compile(r"<h([1-6])[\s>]")

# -- ids: the page's own (templates/*.html) are never given to the text ---------------

#: The ids the templates give, and the beginnings of those they make up (``up-2025``);
#: tests/test_markup.py reads templates/*.html so that these cannot drift.
TEMPLATE_IDS = frozenset(
    {
        "directory",
        "h-contents",
        "h-events",
        "h-leads",
        "h-note",
        "h-past",
        "h-posts",
        "h-sisters",
        "h-upcoming",
        "main",
        "search-form",
        "search-help",
        "search-q",
        "search-results",
        "search-status",
        "sister-count",
        "sister-filters",
        "site-q",
    }
)
TEMPLATE_ID_PREFIXES = ("f-", "past-", "r-", "up-")
#: What a text's id that would clash with the page's gets in front.
TEXT_ID_PREFIX = "text-"


def own_id(value: str) -> str:
    """An id of the text, moved out of the way of the page's ids: ``main`` -> ``text-main``."""
    if value in TEMPLATE_IDS or value.startswith(TEMPLATE_ID_PREFIXES):
        return TEXT_ID_PREFIX + value
    return value


def heading_id(value: str, separator: str) -> str:
    """The id of a heading: its text as a slug, never one of the page's own ids."""
    return own_id(slugify_unicode(value, separator))


# -- bounded work: text Python-Markdown would take minutes over is refused first --------

#: The longest body, in characters (the whole file may have 4 MB).
MAX_BODY = 200_000
#: How much scanning for closing brackets a body may ask of Python-Markdown (see _cost).
MAX_COST = 1_000_000
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ESCAPED = re.compile(r"\\[][(){}<>]")
_TAG_START = re.compile(r"<[A-Za-z!?/]")
#: How many lists and quotes one line may open inside each other (``> > - 1. text``).
MAX_DEPTH = 32
# A line's indentation and the list and quote markers it starts with.
_OPENS = re.compile(r"^([ \t]*)((?:(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*)+)", re.M)
_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")
#: The most spaces a line may have after ``` or ~~~ (Python-Markdown's fence pattern tries
#: every way of splitting them: quadratic).
MAX_FENCE_SPACES = 200
_FENCE_SPACES = re.compile(r"(?<![~`])(?:~~~|```)[~`]*+([ \t]{50,})")
NESTED_TOO_DEEPLY = "the text is nested too deeply (lists or quotes inside each other): simplify it"


class TooSlow(Exception):
    """A body Python-Markdown would take too long over: its 0-based line and why."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_PAIRS = {"[": re.compile(r"[\[\]]"), "(": re.compile(r"[()]")}


def _nested(chunk: str, start: int, opening: str) -> tuple[int, int]:
    """The scanning Python-Markdown does for ``opening`` in one paragraph: for each one, the
    distance to its matching ``closing`` (nesting counted), or to the paragraph's end.
    Returns the total and where the first opening that is never closed is."""
    total, stack = 0, []
    for found in _PAIRS[opening].finditer(chunk):  # the brackets alone: no loop per character
        i = found.start()
        if found.group() == opening:
            stack.append(i)
        elif stack:
            total += i - stack.pop()
    total += sum(len(chunk) - i for i in stack)
    return total, start + stack[0] if stack else -1


def _nearest(text: str, start: int, opening: re.Pattern[str], closing: str) -> tuple[int, int]:
    """For each ``opening``, the distance to the next ``closing`` (or the end of ``text``);
    the total, and where the first that is never closed is."""
    closes = [found.start() for found in re.finditer(re.escape(closing), text)]
    total, first = 0, -1
    for found in opening.finditer(text):
        at = found.start()
        after = bisect.bisect_left(closes, at)
        if after == len(closes):
            first = start + at if first < 0 else first
            total += len(text) - at
        else:
            total += closes[after] - at
    return total, first


_BRACE = re.compile(r"\{")
#: The inline markup of one paragraph (or list item, heading, table row) is handled in
#: time quadratic in how much of it there is (each piece is swapped for a placeholder in
#: the paragraph's text): the sum of the squares of their counts is bounded.
MAX_MARKS_COST = 25_000_000
_MARKS = "*_`\\&<["
# Where inline text starts anew: a blank line, a list item, a heading, a table row.
_INLINE_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]|#|\|))")


def _marks(text: str) -> tuple[int, int, int]:
    """The sum over the inline texts of ``text`` of the square of their markup count;
    where the one with the most starts, and its count."""
    total, worst, most, start = 0, 0, 0, 0
    for end in [*(m.start() for m in _INLINE_BREAK.finditer(text)), len(text)]:
        part = text[start:end]
        count = sum(part.count(mark) for mark in _MARKS)
        total += count * count
        if count > most:
            worst, most = start, count
        start = end + 1
    return total, worst, most


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """The parts of ``text`` between blank lines, each with where it starts."""
    parts, start = [], 0
    for blank in _BLANK_LINE.finditer(text):
        parts.append((start, text[start : blank.start()]))
        start = blank.end()
    parts.append((start, text[start:]))
    return parts


def _cost(body: str) -> tuple[int, int, str]:
    """How much Python-Markdown will scan for closing brackets over ``body`` (in characters),
    where the worst unclosed bracket is, and which it is. Linear in the body's length.

    Python-Markdown looks for the end of every ``[``, ``(``, ``{`` (to the end of its
    paragraph) and ``<`` that may start a tag (to the end of the text); when there is none,
    it tries again from the next character, so many unclosed ones take quadratic time.
    """
    text = _ESCAPED.sub("  ", body)  # \[ is a plain [: same length, no bracket
    total, worst, which, most = 0, -1, "", 0
    for at, chunk in _paragraphs(text):
        for opening in "[(":
            cost, first = _nested(chunk, at, opening)
            total += cost
            if first >= 0 and cost > most:
                worst, which, most = first, opening, cost
        cost, first = _nearest(chunk, at, _BRACE, "}")
        total += cost
        if first >= 0 and cost > most:
            worst, which, most = first, "{", cost
    cost, first = _nearest(text, 0, _TAG_START, ">")
    total += cost
    if first >= 0 and cost > most:
        worst, which = first, "<"
    return total, worst, which


def check(body: str) -> None:
    """Raise TooSlow for a body that would take Python-Markdown too long."""
    if len(body) > MAX_BODY:
        raise TooSlow(
            1 if body.startswith("\n") else 0,  # its first line, not the rest of the '---' line
            f"the text is longer than {MAX_BODY:,} characters ({len(body):,}): split it "
            "into several pages",
        )
    for opens in _OPENS.finditer(body):  # each level of indentation (4 spaces) nests, too
        depth = len(opens.group(1).expandtabs(4)) // 4 + len(_MARKER.findall(opens.group(2)))
        if depth > MAX_DEPTH:
            raise TooSlow(body.count("\n", 0, opens.start()), NESTED_TOO_DEEPLY)
    fenced = "```" in body or "~~~" in body  # (else no need to try the pattern everywhere)
    for fence in _FENCE_SPACES.finditer(body) if fenced else ():
        if len(fence.group(1).replace("\t", "    ")) > MAX_FENCE_SPACES:
            raise TooSlow(
                body.count("\n", 0, fence.start()),
                f"this line takes too long to render: more than {MAX_FENCE_SPACES} spaces "
                "after ``` or ~~~: remove them",
            )
    # each opening bracket scans at most the whole body: few of them cannot cost too much
    openings = sum(map(body.count, "[({<"))
    total, at, which = _cost(body) if openings * len(body) > MAX_COST else (0, -1, "")
    if total > MAX_COST:
        line = body.count("\n", 0, at) if at >= 0 else 0
        near = errors.quoted(body[at:].split("\n", 1)[0]) if at >= 0 else "''"
        raise TooSlow(
            line,
            f"this text takes too long to render: too many '{which}' never closed, from "
            f"{near} on: close them, write them as '\\{which}', or put blank lines between "
            "paragraphs",
        )
    marks = sum(map(body.count, _MARKS))  # the sum of squares is at most the square of the sum
    total, at, most = _marks(body) if marks * marks > MAX_MARKS_COST else (0, 0, 0)
    if total > MAX_MARKS_COST:
        raise TooSlow(
            body.count("\n", 0, at) + (body[at : at + 1] == "\n"),
            f"this text takes too long to render: {most:,} marks (* _ ` \\ & < [) in one "
            "paragraph: put blank lines between paragraphs, or use less emphasis",
        )


def render(text: str, base_path: str = "/", top: int = 2) -> str:
    """Markdown source to safe HTML, with links under ``base_path``.

    ``top`` is the highest heading level the body may use (h2 under a page's h1;
    h3 inside a section): when the body's highest heading is above it, all its
    headings move down, so that they nest under the page's own. Raises TooSlow for
    text that would take too long (``check``).
    """
    check(text)
    try:
        html = _converter(1, text).convert(text)
        levels = [int(level) for level in _HEADING.findall(html)]
        if levels and min(levels) < top:
            html = _converter(1 + top - min(levels), text).convert(text)
    except RecursionError:
        _local.__dict__.clear()  # a converter interrupted mid-way is not reused
        raise
    return sanitize(html, base_path)


_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(
    r"</(p|h[1-6]|li|tr|td|th|blockquote|pre|div|section|figure)>|<br\s*/?>", re.I
)


def to_text(html: str) -> str:
    """Plain text of (sanitized) HTML: no markup, entities decoded, one line."""
    text = _TAG.sub("", _BLOCK_END.sub(" ", html))
    return " ".join(htmllib.unescape(text).split())  # runs of white space as one space


def excerpt(text: str, limit: int) -> str:
    """``text`` cut at a word boundary near ``limit`` characters, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def images_without_alt(body: str) -> list[int]:
    """0-based lines of the body holding an image with no alternative text."""
    lines, line, at = [], 0, 0
    for m in _BLANK_ALT.finditer(body):
        if m.group().startswith("!") or not _ALT.search(m.group()):
            line += body.count("\n", at, m.start())  # counted on from the last: linear
            at = m.start()
            lines.append(line)
    return lines


HIDDEN_EMAIL = "[e-mail]"
_SPLIT_TAGS = re.compile(r"(<[^>]*>)")
_MAILTO_HREF = re.compile(r"""\s+href=(["'])mailto:[^"']*\1""", re.I)


def hide_emails(text: str) -> str:
    """Plain text with every e-mail address (text.EMAIL) replaced by "[e-mail]"."""
    return EMAIL.sub(HIDDEN_EMAIL, text)


def hide_emails_html(html: str) -> str:
    """Sanitized HTML with addresses hidden in its text and mailto: links unlinked;
    other attributes (an image called logo@2x.png) are left alone."""
    parts = _SPLIT_TAGS.split(html)
    return "".join(
        _MAILTO_HREF.sub("", part) if part.startswith("<") else hide_emails(part) for part in parts
    )


#: A link or image address in HTML: group 2 is the attribute's value, as written.
LINK_ATTR = re.compile(r"""\s(?:href|src)=(["'])(.*?)\1""", re.S)
# Characters that may stand next to an address in Markdown without being part of it.
_URL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/.-_~%#?&=+")


class Link(NamedTuple):
    """A link of the body to a place of the site, and where the editor wrote it."""

    url: str  # as in the HTML (attribute value, base path added)
    typed: str  # as written in the Markdown
    line: int  # 0-based line of the Markdown where it is written


def body_links(body: str, html: str, base_path: str) -> tuple[Link, ...]:
    """The internal links and images of ``html`` (rendered from ``body``), each with the
    line of ``body`` where its address is written; links found nowhere in it are left out."""
    links = []
    for url in dict.fromkeys(m.group(2) for m in LINK_ATTR.finditer(html)):
        plain = htmllib.unescape(url)
        parts = parse_url(plain)
        if parts is None or parts.scheme or parts.netloc or not parts.path:
            continue  # another site, mailto:, or a place on the same page
        for typed in _spellings(plain, base_path):
            at = _find_address(body, typed)
            if at >= 0:
                links.append(Link(url, typed, body.count("\n", 0, at)))
                break
    return tuple(links)


def _spellings(url: str, base_path: str) -> list[str]:
    """How an editor may have typed the address ``url`` of the HTML: without the base path
    that rendering added, as it is, or with its %-escapes undone."""
    typed = [url]
    if base_path != "/" and url.startswith(base_path):
        typed.insert(0, "/" + url[len(base_path) :])
    return [*typed, *(unquote(t) for t in typed if unquote(t) != t)]


def _find_address(body: str, address: str) -> int:
    """Where ``address`` is written in ``body`` as a whole address (not inside a longer one)."""
    at = body.find(address)
    while at >= 0:
        end = at + len(address)
        before = body[at - 1] if at else " "
        after = body[end] if end < len(body) else " "
        if before not in _URL_CHARS and after not in _URL_CHARS:
            return at
        at = body.find(address, at + 1)
    return -1


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str


def render_body(body: str, base_path: str, top: int = 2) -> Rendered:
    html = render(body, base_path, top)
    return Rendered(html, to_text(html))
