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
from .reading import Progress
from .site import Site
from .templates import make_env, shipped_theme, theme_folders
from .write import WriteReport, check_output_folder, write_site

PACKAGE_TEMPLATES = shipped_theme()  # the theme irrtsite ships (templates.shipped_theme)


@dataclass(frozen=True)
class BuildResult:
    site: Site
    outputs: int
    report: WriteReport
    warnings: list[Problem]


def default_templates(content: Path) -> Path:
    """templates/ beside content/: where it exists, its files override the shipped theme's."""
    return content.parent / "templates"


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


def render(site: Site, templates: Path) -> list[Output]:
    """``templates``: the site's own templates, each overriding the shipped theme's file."""
    theme = theme_folders(templates)
    env = make_env(theme, site.config)
    return [
        *pages.render_pages(site, env),
        *feeds.render_feeds(site),
        *calendar.render_calendars(site),
        *directory.render_directory(site),
        *search.render_search(site),
        *sitemap.render_sitemap(site),
        *assets.render_assets(site, theme),
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
    progress: Progress | None = None,
) -> BuildResult:
    """Build content/ into output/. Raises ContentError or OutputError; then output is untouched.

    ``progress`` (the command line's display) is told each stage: ``(stage, done, total)``."""
    check_output_folder(content, output, force)
    site, problems = load_site(content, now, drafts, workers, progress)
    if site is None or errors_only(problems):
        raise ContentError(problems)
    if progress is not None:
        progress("rendering", 0, 0)
    outputs = render(site, templates or default_templates(content))
    if progress is not None:
        progress("writing", 0, 0)
    report = write_site(outputs, output)
    return BuildResult(site, len(outputs), report, problems)
