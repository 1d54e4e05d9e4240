"""The Jinja environment: autoescape everywhere, StrictUndefined, a few filters.

Templates make links with the ``paths`` global (``urls.Paths``): ``paths.url(item.url)``,
``paths.url(paths.BLOG)``, ``paths.absolute(path)``, ``paths.asset("style.css")``.
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import dates
from .config import Config
from .languages import is_rtl
from .models import Event
from .regions import country_name, region_name
from .urls import Paths


def text_dir(lang: str) -> str:
    return "rtl" if is_rtl(lang) else "ltr"


def json_script(value: object) -> Markup:
    """JSON safe inside <script>: no "<", ">" or "&" can end the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def event_when(event: Event) -> str:
    return dates.event_when(event.start, event.end)


def make_env(templates: Path, config: Config, cache: Path | None = None) -> Environment:
    """The environment for a templates folder; with ``cache``, compiled templates are kept
    there (Jinja checks each against its source before using it)."""
    bytecode = None
    if cache is not None:
        try:
            (cache / "jinja").mkdir(parents=True, exist_ok=True)
            bytecode = FileSystemBytecodeCache(str(cache / "jinja"))
        except OSError:
            bytecode = None
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        bytecode_cache=bytecode,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        config=config,
        paths=Paths(config),
        language_name=config.language_label,  # site.yaml's languages, else the autonym
        country_name=country_name,
        region_name=region_name,
    )
    env.filters.update(
        long_date=dates.long_date,
        month_year=dates.month_year,
        iso=dates.iso,
        event_when=event_when,
        dir=text_dir,
        json_script=json_script,
    )
    return env
