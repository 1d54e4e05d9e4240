"""The theme and the Jinja environment: autoescape everywhere, StrictUndefined, a few filters.

The theme irrtsite ships lives in the package (``shipped_theme``). A site may override it one
file at a time: a template or an asset in the site's own folder (``templates/`` beside
``content/``, or ``--templates DIR``) replaces the shipped file of the same name, and every
other file still comes from the shipped theme (``theme_folders``).

A template that is missing or broken raises ``TemplateProblem``, whose text is the one line
the editor reads ("templates/base.html:12: template error: ..."), never Jinja's traceback.

Templates make links with the ``paths`` global (``urls.Paths``): ``paths.url(item.url)``,
``paths.url(paths.BLOG)``, ``paths.absolute(path)``, ``paths.asset("style.css")``.
"""

from __future__ import annotations

import json
import os
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from markupsafe import Markup

from . import dates
from .config import Config
from .languages import is_rtl
from .models import CONTENT_TYPES, Event, note_read
from .regions import country_name, region_name
from .urls import Paths


def text_dir(lang: str) -> str:
    return "rtl" if is_rtl(lang) else "ltr"


def json_script(value: object) -> Markup:
    """JSON safe inside <script>: no "<", ">" or "&" can end the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def date_filters(config: Config) -> dict[str, Callable[..., str]]:
    """The date filters, in the conventions of a language (the site's when not given):
    ``moment|long_date(lang)``, ``moment|month_year(lang)``, ``event|event_when(lang)``;
    ``lang|date_lang``, the language those conventions are in (for ``lang=""``)."""
    site = config.language

    def long_date(moment: datetime, lang: str | None = None) -> str:
        return dates.long_date(moment, lang=lang or site)

    def month_year(moment: datetime, lang: str | None = None) -> str:
        return dates.month_year(moment, lang or site)

    def event_when(event: Event, lang: str | None = None) -> str:
        return dates.event_when(event.start, event.end, lang or site)

    return dict(
        long_date=long_date,
        month_year=month_year,
        event_when=event_when,
        date_lang=dates.date_lang,
        iso=dates.iso,
    )


def shipped_theme() -> Path:
    """The theme irrtsite ships: ``irrtsite/theme/`` in an installed package (pyproject.toml
    installs the repository's ``templates/`` there), else ``templates/`` of a source checkout.

    Jinja and the asset copier read real files, so an installed theme must be a folder on
    disk (a wheel installed by pip always is; a zipped package is not supported).
    """
    installed = resources.files("irrtsite") / "theme"
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "templates"


def theme_folders(override: Path | None) -> tuple[Path, ...]:
    """Where templates and assets are looked up, first match wins: ``override`` (a site's
    own folder, when it exists), then the shipped theme."""
    shipped = shipped_theme()
    if override is None or not override.is_dir() or override.resolve() == shipped.resolve():
        return (shipped,)
    return (override, shipped)


class TemplateProblem(Exception):
    """A template that is missing or broken; ``str()`` is the line the editor reads:
    ``path:line: message`` when the template and line are known."""

    path: str | None = None
    line: int = 0
    what: str = ""  # the message without its place

    def __init__(self, message: str, path: str | None = None, line: int = 0) -> None:
        super().__init__(f"{path}:{line}: {message}" if path else message)
        self.what, self.path, self.line = message, path, line


class MissingTemplate(TemplateNotFound, TemplateProblem):
    """A template in no folder of the theme. Still a TemplateNotFound, so that Jinja's
    ``{% include ... ignore missing %}`` and ``select_template`` work as documented."""


def _where(folders: Sequence[str]) -> str:
    return " or ".join(folders)


class _ThemeLoader(FileSystemLoader):
    """The theme's folders in order; a template found in none is a ``MissingTemplate``."""

    def __init__(self, folders: Sequence[str]) -> None:
        super().__init__(list(folders))
        self.folders = tuple(folders)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except TemplateNotFound:
            message = f"template '{template}' not found in {_where(self.folders)}"
            raise MissingTemplate(template, f"template error: {message}") from None
        except (UnicodeDecodeError, OSError) as exc:
            raise TemplateProblem(f"template error: cannot read '{template}': {exc}") from exc


_ITEMS = frozenset(CONTENT_TYPES)


class _ThemeEnvironment(Environment):
    """Turns whatever goes wrong while a template is compiled or rendered into a
    ``TemplateProblem`` at the template's line (Jinja calls ``handle_exception`` then).

    Every attribute and key a template reads of an item (``item.title``, ``item["html"]``,
    ``|attr``, ``|map(attribute=...)``, ``|sort(attribute=...)``...) goes through ``getattr``
    or ``getitem``, which tell ``models.note_read``."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) in _ITEMS:
            note_read(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(obj) in _ITEMS:
            note_read(obj, argument if isinstance(argument, str) else "[]")
        return super().getitem(obj, argument)

    def handle_exception(self, source: str | None = None) -> NoReturn:
        folders = self.loader.folders if isinstance(self.loader, _ThemeLoader) else ()
        try:
            super().handle_exception(source)  # raises the error, its traceback at template lines
        except TemplateProblem as exc:
            if not isinstance(exc, MissingTemplate):
                raise
            raise _located(exc, folders, str(exc)) from exc
        except Exception as exc:
            raise _located(exc, folders, _message(exc)) from exc


def _message(exc: Exception) -> str:
    if isinstance(exc, TemplateSyntaxError):
        return f"template error: {exc.message or exc}"
    if isinstance(exc, TemplateError):
        return f"template error: {exc}"
    return f"template error: {type(exc).__name__}: {exc}"


def _located(exc: Exception, folders: Sequence[str], message: str) -> TemplateProblem:
    """The problem at the innermost template line of the error, if known."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return TemplateProblem(message, exc.filename, exc.lineno)
    inside = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if any(os.path.normpath(frame.filename).startswith(f + os.sep) for f in folders)
    ]
    if inside:
        return TemplateProblem(message, inside[-1].filename, inside[-1].lineno or 0)
    return TemplateProblem(message)


def make_env(theme: Sequence[Path], config: Config, cache: Path | None = None) -> Environment:
    """The environment for ``theme``'s folders (``theme_folders``), first match wins. With
    ``cache``, compiled templates are kept there (Jinja checks each against its source)."""
    folders = tuple(os.path.normpath(folder) for folder in theme)
    bytecode = None
    if cache is not None:
        try:
            (cache / "jinja").mkdir(parents=True, exist_ok=True)
            bytecode = FileSystemBytecodeCache(str(cache / "jinja"))
        except OSError:
            bytecode = None
    env = _ThemeEnvironment(
        loader=_ThemeLoader(folders),
        bytecode_cache=bytecode,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # a build's templates are those it started with: no file is checked again on each
        # use (a stat per page); ``serve`` makes a new environment when a theme file changes
        auto_reload=False,
    )
    env.globals.update(
        config=config,
        paths=Paths(config),
        language_name=config.language_label,  # site.yaml's languages, else the autonym
        country_name=country_name,
        region_name=region_name,
    )
    env.filters.update(
        **date_filters(config),
        dir=text_dir,
        json_script=json_script,
    )
    return env
