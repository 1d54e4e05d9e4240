"""The Jinja environment: autoescape everywhere, StrictUndefined, a few filters."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import dates
from .config import Config
from .languages import is_rtl
from .regions import country_name, region_name


def href(config: Config, path: str) -> str:
    """Site-relative path -> link under the base path ("/intl/blog/")."""
    return config.base_path + quote(path, safe="/#?=&%:.-_~")


def absolute(config: Config, path: str) -> str:
    return config.base_url + quote(path, safe="/#?=&%:.-_~")


def link(config: Config, url: str) -> str:
    """A link as an editor wrote it: "/x/" is under the base path, others as is."""
    if url.startswith("/") and not url.startswith("//"):
        return href(config, url[1:])
    return url


def text_dir(lang: str) -> str:
    return "rtl" if is_rtl(lang) else "ltr"


def json_script(value) -> Markup:
    """JSON safe inside <script>: no "<", ">" or "&" can end the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def make_env(templates: Path, config: Config) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        config=config,
        url=lambda path: href(config, path),
        abs_url=lambda path: absolute(config, path),
        link=lambda url: link(config, url),
        language_name=config.language_label,  # site.yaml's languages, else the autonym
        country_name=country_name,
        region_name=region_name,
    )
    env.filters.update(
        long_date=dates.long_date,
        month_year=dates.month_year,
        iso=dates.iso,
        event_when=lambda e: dates.event_when(e.start, e.end),
        dir=text_dir,
        json_script=json_script,
    )
    return env
