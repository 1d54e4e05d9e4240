"""Every HTML page of the sample site is valid HTML5 (Nu Html Checker, errors only)."""

from __future__ import annotations

import pytest

from tools import vnu_check


@pytest.fixture(scope="module")
def site(sample_site):
    return sample_site


def test_every_page_passes_the_nu_html_checker(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40, "the sample site should have pages of every kind"
    errors = vnu_check(pages)  # one JVM for all files
    shown = [e.replace(str(site) + "/", "") for e in errors]
    assert not shown, f"{len(shown)} vnu error(s):\n" + "\n".join(shown)
