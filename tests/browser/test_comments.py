"""In Chromium: a reader posts and replies with JavaScript off; with it on, Reply moves the
form under the comment; the thread and the error page have no axe-core violations.

Lives with the browser suite for its fixtures; the comments app owns this file."""

from comments.models import Comment
from tests.factories import make_article, make_comment, make_trusted

from .support import axe_violations, describe_violations


def fill_form(page, text):
    page.get_by_label("Name").fill("Ada Reader")
    page.get_by_label("Email", exact=True).fill("ada@example.net")
    page.get_by_role("textbox", name="Comment").fill(text)


def test_reader_posts_and_replies_without_javascript(no_js_page, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article()
    make_trusted("ada@example.net")
    parent = make_comment(article, name="Bea", text="What about the harbour deal?")
    page = no_js_page
    page.goto(article.get_absolute_url())
    fill_form(page, "A comment posted with JavaScript off.")
    page.get_by_role("button", name="Post comment").click()
    comment = Comment.objects.get(text="A comment posted with JavaScript off.")
    assert page.url.endswith(f"#comment-{comment.pk}")
    assert page.get_by_text("Your comment is published.").is_visible()
    assert page.locator(f"#comment-{comment.pk}").is_visible()

    page.get_by_role("link", name="Reply to Bea").click()
    assert "?reply=" in page.url
    assert page.get_by_role("heading", name="Reply to Bea").is_visible()
    fill_form(page, "A reply posted with JavaScript off.")
    page.get_by_role("button", name="Post reply").click()
    reply = Comment.objects.get(text="A reply posted with JavaScript off.")
    assert reply.parent == parent
    assert page.locator(f"#comment-{parent.pk} #comment-{reply.pk}").is_visible()


def test_reply_link_moves_form_with_javascript(page):
    article = make_article()
    parent = make_comment(article, name="Bea")
    page.goto(article.get_absolute_url())
    page.get_by_role("link", name="Reply to Bea").click()
    assert "?reply=" not in page.url
    assert page.locator(f"#comment-{parent.pk} #comment-form").is_visible()
    assert page.locator('#comment-form input[name="parent"]').input_value() == str(parent.pk)
    assert page.get_by_role("button", name="Post reply").is_visible()
    page.get_by_role("button", name="Cancel reply").click()
    assert page.get_by_role("button", name="Post comment").is_visible()
    assert page.locator(f"#comment-{parent.pk} #comment-form").count() == 0
    assert page.locator('#comment-form input[name="parent"]').input_value() == ""


def test_thread_and_error_page_have_no_axe_violations(page, standards):
    article = make_article()
    top = make_comment(article, text="Look: https://example.org/report", is_featured=True)
    gone = make_comment(article, parent=top)
    make_comment(article, parent=gone)
    Comment.objects.filter(pk=gone.pk).update(status="removed")
    page.goto(article.get_absolute_url())
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.get_by_role("button", name="Post comment").click()  # browser validation stops it
    page.evaluate("document.getElementById('comment-form').noValidate = true")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Your comment was not posted").is_visible()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
