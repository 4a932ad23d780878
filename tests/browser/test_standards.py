"""Every public page a reader meets is held at zero: no axe-core violations (WCAG 2 A/AA and
best practices) and no errors from the Nu HTML Checker, on the HTML the server sends."""

import pytest

from .support import (
    axe_violations,
    describe_violations,
    describe_vnu,
    save_html,
    vnu_errors,
)


def reader_pages(newsroom):
    """Name → address of the public pages held to the standards."""
    story = newsroom.story
    day = story.publication_date
    return {
        "home": "/",
        "article": story.get_absolute_url(),
        "section": newsroom.europe.get_absolute_url(),
        "tag": newsroom.elections.get_absolute_url(),
        "author": newsroom.ana.get_absolute_url(),
        "archive-year": f"/{day:%Y}/",
        "archive-month": f"/{day:%Y/%m}/",
        "archive-day": f"/{day:%Y/%m/%d}/",
        "search": "/search/?q=harbour",
        "404": "/no-such-page/",
    }


PAGE_NAMES = [
    "home", "article", "section", "tag", "author", "archive-year", "archive-month",
    "archive-day", "search", "404",
]  # fmt: skip


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_accessibility_violations(page, newsroom, standards, name):
    url = reader_pages(newsroom)[name]
    response = page.goto(url)
    assert response.status == (404 if name == "404" else 200)
    violations = axe_violations(page)
    assert not violations, f"axe-core on {name} ({url}):\n{describe_violations(violations)}"


def test_pages_are_valid_html(page, newsroom, standards):
    saved = []
    for name, url in reader_pages(newsroom).items():
        response = page.goto(url)
        assert response.status == (404 if name == "404" else 200), url
        saved.append(save_html(name, response.body()))
    errors = vnu_errors(saved)
    assert not errors, f"Nu HTML Checker:\n{describe_vnu(errors)}"
