"""Every public page a reader meets is held at zero: no axe-core violations (WCAG 2 A/AA and
best practices) and no errors from the Nu HTML Checker, on the HTML the server sends. The
article page carries a comment thread with a nested reply; the comment form is also checked
in its error state."""

import pytest
from django.urls import reverse

from articles.readership.services import article_read_record

from .support import (
    axe_violations,
    describe_violations,
    describe_vnu,
    save_html,
    vnu_errors,
)


@pytest.fixture(autouse=True)
def most_read(newsroom):
    """Reads of every article (the browser itself counts as a bot), so the home and article
    pages are checked with their most-read lists filled."""
    for count, article in enumerate([newsroom.story, *newsroom.others], start=1):
        for _ in range(count):
            article_read_record(article_id=article.pk)


def newsletter_links():
    """A subscriber's signed-link pages (confirm, preferences, unsubscribe)."""
    from articles.newsletter import tokens
    from articles.newsletter.models import NewsletterList, Subscriber

    subscriber, _ = Subscriber.objects.get_or_create(
        email="reader@example.net", defaults={"state": "confirmed", "confirm_nonce": "n" * 32}
    )
    lists = [n.pk for n in NewsletterList.objects.offered()]
    return {
        "newsletter-confirm": f"/newsletter/confirm/{tokens.confirm_token(subscriber, lists)}/",
        "newsletter-preferences": f"/newsletter/preferences/{tokens.manage_token(subscriber)}/",
        "newsletter-unsubscribe": f"/newsletter/unsubscribe/{tokens.manage_token(subscriber)}/",
    }


def reader_pages(newsroom):
    """Name → address of the public pages held to the standards."""
    from comments.models import Comment

    story = newsroom.story
    day = story.publication_date
    answered = Comment.objects.filter(article=story, level=0, nested_count__gt=0).first()
    return {
        "home": "/",
        "article-with-comments": story.get_absolute_url(),
        "section": newsroom.europe.get_absolute_url(),
        "tag": newsroom.elections.get_absolute_url(),
        "author": newsroom.ana.get_absolute_url(),
        "archive-year": f"/{day:%Y}/",
        "archive-month": f"/{day:%Y/%m}/",
        "archive-day": f"/{day:%Y/%m/%d}/",
        "search": "/search/?q=harbour",
        "search-filter-errors": "/search/?q=harbour&section=nowhere&published_after=soon",
        "404": "/no-such-page/",
        "comment-form-errors": story.get_absolute_url(),
        "comment-replies": reverse("comments:replies", args=[answered.pk]),
        "newsletter": "/newsletter/",
        "newsletter-form-errors": "/newsletter/",
        "newsletter-check-email": "/newsletter/check-your-email/",
        **newsletter_links(),
    }


PAGE_NAMES = [
    "home", "article-with-comments", "section", "tag", "author", "archive-year",
    "archive-month", "archive-day", "search", "search-filter-errors", "404",
    "comment-form-errors", "comment-replies", "newsletter", "newsletter-form-errors",
    "newsletter-check-email", "newsletter-confirm", "newsletter-preferences",
    "newsletter-unsubscribe",
]  # fmt: skip
EXPECTED_STATUS = {"404": 404, "comment-form-errors": 400, "newsletter-form-errors": 400}


def open_page(page, newsroom, name):
    """Open page `name` as a reader would and return the server's response."""
    url = reader_pages(newsroom)[name]
    if name == "newsletter-form-errors":
        page.goto(url)
        form = page.locator(".newsletter-form")
        form.get_by_label("Your email address").fill("not an address")
        with page.expect_navigation() as navigation:
            form.get_by_role("button", name="Subscribe").click()
        response = navigation.value
        assert page.locator(".newsletter-form__errors").count() == 1
    elif name != "comment-form-errors":
        response = page.goto(url)
    else:
        # Blank name and comment get past the browser's "required" check, not the server's.
        page.goto(url)
        form = page.locator("#comment-form")
        form.get_by_label("Name").fill("  ")
        form.get_by_label("Email", exact=True).fill("ada@example.net")
        form.get_by_role("textbox", name="Comment").fill("  ")
        with page.expect_navigation() as navigation:
            form.get_by_role("button", name="Post comment").click()
        response = navigation.value
        assert page.locator(".comment-form__error").count() == 2
    assert response.status == EXPECTED_STATUS.get(name, 200), f"{name}: {url}"
    return response


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_accessibility_violations(page, newsroom, standards, name):
    open_page(page, newsroom, name)
    violations = axe_violations(page)
    assert not violations, f"axe-core on {name} ({page.url}):\n{describe_violations(violations)}"


def test_pages_are_valid_html(page, newsroom, standards):
    # The HTML the server sent, not the DOM after scripts ran.
    saved = [save_html(name, open_page(page, newsroom, name).body()) for name in PAGE_NAMES]
    errors = vnu_errors(saved)
    assert not errors, f"Nu HTML Checker:\n{describe_vnu(errors)}"
