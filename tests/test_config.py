"""site.yaml to Config (config.py), called directly on a file in tmp_path: no build."""

from __future__ import annotations

from pathlib import Path

import pytest

from irrtsite.config import Config, NavItem, load_config

PATH = "content/site.yaml"
MINIMAL = "title: Test Round Table\nbase_url: https://irrt.example.org/\n"


def load(tmp_path: Path, text: str | None) -> tuple[Config | None, list[str]]:
    if text is not None:
        (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    config, problems = load_config(tmp_path, PATH)
    return config, [str(p) for p in problems]


def test_defaults_come_from_the_dataclass(tmp_path):
    config, problems = load(tmp_path, MINIMAL)
    assert problems == []
    assert config == Config("Test Round Table", "https://irrt.example.org/")
    assert (config.language, config.timezone, config.description) == ("en", "America/Chicago", "")
    assert (config.nav, config.languages) == ((), ())


def test_every_setting(tmp_path):
    config, problems = load(
        tmp_path,
        MINIMAL + "language: ES\ntimezone: Europe/Oslo\ndescription: ' Hello '\n",
    )
    assert problems == []
    assert (config.language, config.timezone, config.description) == ("es", "Europe/Oslo", "Hello")


@pytest.mark.parametrize(
    "given, base_url, base_path",
    [
        ("https://irrt.example.org/", "https://irrt.example.org/", "/"),
        ("https://irrt.example.org", "https://irrt.example.org/", "/"),
        ("https://example.org/intl", "https://example.org/intl/", "/intl/"),
        ("http://localhost:8000/a/b/", "http://localhost:8000/a/b/", "/a/b/"),
    ],
)
def test_base_url_always_ends_with_a_slash(tmp_path, given, base_url, base_path):
    config, problems = load(tmp_path, f"title: T\nbase_url: {given}\n")
    assert problems == []
    assert (config.base_url, config.base_path) == (base_url, base_path)


@pytest.mark.parametrize(
    "given",
    [
        "irrt.example.org",
        "/intl/",
        "ftp://irrt.example.org/",
        "https://x.org/?a=1",
        "https://x.org/#top",
    ],
)
def test_base_url_must_be_an_absolute_web_address(tmp_path, given):
    assert load(tmp_path, f"title: T\nbase_url: '{given}'\n") == (
        None,
        [
            f"{PATH}:2: 'base_url' must be an absolute web address such as "
            f"https://irrt.example.org/, got '{given}'"
        ],
    )


def test_missing_title_and_base_url(tmp_path):
    assert load(tmp_path, "description: x\n") == (
        None,
        [
            f"{PATH}:1: missing required field 'title': add a line 'title: ...'",
            f"{PATH}:1: missing required field 'base_url': add a line 'base_url: ...'",
        ],
    )


def test_bad_language_and_timezone_fall_back_to_the_defaults(tmp_path):
    config, problems = load(tmp_path, MINIMAL + "language: english\ntimezone: Chicago\n")
    assert config is not None
    assert (config.language, config.timezone) == ("en", "America/Chicago")
    assert problems == [
        f"{PATH}:3: 'language' is not a language code (BCP 47, e.g. en, es, zh-Hans, pt-BR): "
        "'english'",
        f"{PATH}:4: 'timezone' is not an IANA time zone (e.g. America/Chicago): 'Chicago'",
    ]


def test_unknown_setting_suggests_a_close_one(tmp_path):
    config, problems = load(tmp_path, MINIMAL + "timzone: UTC\n")
    assert config is not None  # a warning-free error, but the settings that were right load
    assert problems == [f"{PATH}:3: unknown field 'timzone' (did you mean 'timezone'?)"]


def test_missing_site_yaml(tmp_path):
    assert load(tmp_path, None) == (
        None,
        [
            f"{PATH}:1: site settings file is missing: create it with at least 'title' "
            "and 'base_url'"
        ],
    )


def test_site_yaml_that_is_not_a_mapping(tmp_path):
    assert load(tmp_path, "- a\n- b\n") == (
        None,
        [f"{PATH}:1: the file must be 'key: value' lines, not a list"],
    )


# -- nav -------------------------------------------------------------------------------------


def test_nav(tmp_path):
    config, problems = load(
        tmp_path,
        MINIMAL + "nav:\n"
        "  - {title: Blog, url: /blog/}\n"
        "  - title: ' About '\n    url: about/\n"
        "  - {title: ALA, url: 'https://www.ala.org/'}\n"
        "  - {title: Write, url: 'mailto:irrt@example.org'}\n",
    )
    assert problems == []
    assert config.nav == (
        NavItem("Blog", "/blog/"),
        NavItem("About", "about/"),
        NavItem("ALA", "https://www.ala.org/"),
        NavItem("Write", "mailto:irrt@example.org"),
    )


URL_MESSAGE = (
    "a 'nav' entry's 'url' must be a page of the site (/about/) or a web address (https://...)"
)


@pytest.mark.parametrize(
    "entry, line, message",
    [
        ("{title: X, url: 'javascript:alert(1)'}", 5, URL_MESSAGE),
        ("{title: X, url: 'JavaScript:alert(1)'}", 5, URL_MESSAGE),
        ("{title: X, url: 'data:text/html,x'}", 5, URL_MESSAGE),
        ("{title: X, url: '//evil.example/'}", 5, URL_MESSAGE),
        ("{url: /a/}", 5, "a 'nav' entry is missing 'title'"),
        ("{title: X, url: }", 5, "a 'nav' entry is missing 'url'"),
        ("{title: 3, url: /a/}", 5, "a 'nav' entry's 'title' must be text: put it in quotes"),
        ("{title: X, url: ' '}", 5, "a 'nav' entry's 'url' must be text: put it in quotes"),
        (
            "{title: X, url: /a/, link: /b/}",
            5,
            "unknown field 'link' in a 'nav' entry: an entry has only 'title' and 'url'",
        ),
        (
            "Blog",
            3,  # no line of its own: the line of 'nav'
            "each 'nav' entry needs a 'title' and a 'url', e.g. - {title: Blog, url: /blog/}",
        ),
    ],
)
def test_a_bad_nav_entry_is_named_and_left_out(tmp_path, entry, line, message):
    config, problems = load(
        tmp_path, MINIMAL + f"nav:\n  - {{title: Blog, url: /blog/}}\n  - {entry}\n"
    )
    assert problems == [f"{PATH}:{line}: {message}"]
    assert config is not None and config.nav == (NavItem("Blog", "/blog/"),)


def test_a_bad_entry_spread_over_lines_is_named_at_the_key_at_fault(tmp_path):
    _, problems = load(tmp_path, MINIMAL + "nav:\n  - title: X\n    url: 'javascript:x'\n")
    assert problems == [f"{PATH}:5: {URL_MESSAGE}"]


def test_nav_must_be_a_list(tmp_path):
    config, problems = load(tmp_path, MINIMAL + "nav: /blog/\n")
    assert problems == [f"{PATH}:3: 'nav' must be a list of entries with 'title' and 'url'"]
    assert config is not None and config.nav == ()


# -- languages -------------------------------------------------------------------------------


def test_languages_map_codes_to_names(tmp_path):
    config, problems = load(tmp_path, MINIMAL + "languages:\n  es: Español\n  zh-hans: 简体中文\n")
    assert problems == []
    assert config.languages == (("es", "Español"), ("zh-Hans", "简体中文"))
    assert config.language_label("zh-Hans") == "简体中文"
    assert config.language_label("fr") == "Français"  # not listed: its own name


def test_a_bad_language_code_is_named_at_its_line(tmp_path):
    config, problems = load(
        tmp_path, MINIMAL + "languages:\n  es: Español\n  english: English\n  fr: [x]\n"
    )
    assert problems == [
        f"{PATH}:5: 'english' is not a language code (BCP 47, e.g. en, es, zh-Hans)",
        f"{PATH}:6: 'fr' expected text, got a list",
    ]
    assert config.languages == (("es", "Español"),)


def test_languages_must_be_a_mapping(tmp_path):
    config, problems = load(tmp_path, MINIMAL + "languages: [es, fr]\n")
    assert problems == [f"{PATH}:3: 'languages' must map language codes to names, e.g. es: Español"]
    assert config.languages == ()
