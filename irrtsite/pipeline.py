"""The whole build, top to bottom: load, render, write. Nothing here prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import assets, calendar, directory, feeds, pages, search, sitemap
from .errors import ContentError, Problem, errors_only
from .linkcheck import broken_links
from .loader import load_site
from .outputs import Output
from .site import Site
from .templates import make_env
from .write import WriteReport, check_output_folder, write_site

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class BuildResult:
    site: Site
    outputs: int
    report: WriteReport
    warnings: list[Problem]


def default_templates(content: Path) -> Path:
    """templates/ beside content/, else the templates irrtsite ships with."""
    beside = content.parent / "templates"
    return beside if (beside / "base.html").is_file() else PACKAGE_TEMPLATES


def check(
    content: Path,
    now: datetime,
    drafts: bool = False,
    templates: Path | None = None,
    workers: int | None = None,
) -> list[Problem]:
    """Every problem in the content, and links that would lead nowhere; writes nothing."""
    site, problems = load_site(content, now, drafts, workers)
    if site is None or errors_only(problems):
        return problems
    outputs = render(site, templates or default_templates(content))
    return problems + broken_links(outputs, site.config)


def render_site(
    content: Path,
    now: datetime,
    *,
    templates: Path | None = None,
    drafts: bool = False,
    workers: int | None = None,
) -> tuple[Site | None, list[Output], list[Problem]]:
    """The whole site in memory (for ``serve``): (site, outputs, problems), or (None, [],
    problems) when the content has errors. Writes nothing."""
    site, problems = load_site(content, now, drafts, workers)
    if site is None or errors_only(problems):
        return None, [], problems
    return site, render(site, templates or default_templates(content)), problems


def render(site: Site, templates: Path) -> list[Output]:
    env = make_env(templates, site.config)
    return [
        *pages.render_pages(site, env),
        *feeds.render_feeds(site),
        *calendar.render_calendars(site),
        *directory.render_directory(site),
        *search.render_search(site),
        *sitemap.render_sitemap(site),
        *assets.render_assets(site, templates),
    ]


def build(
    content: Path,
    output: Path,
    now: datetime,
    *,
    templates: Path | None = None,
    drafts: bool = False,
    force: bool = False,
    workers: int | None = None,
) -> BuildResult:
    """Build content/ into output/. Raises ContentError or OutputError; then output is untouched."""
    check_output_folder(content, output, force)
    site, problems = load_site(content, now, drafts, workers)
    if site is None or errors_only(problems):
        raise ContentError(problems)
    outputs = render(site, templates or default_templates(content))
    report = write_site(outputs, output)
    return BuildResult(site, len(outputs), report, problems)
