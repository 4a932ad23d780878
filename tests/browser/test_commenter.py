"""A reader comments and waits for moderation, a moderator approves it in the admin, readers
see it, another reader replies under it; with JavaScript on and off. Bad comments say why."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.factories import make_user

from .support import PASSWORD, log_in, snap

AWAITING = "Your comment is awaiting moderation"


def post(page, *, name, email, text, button="Post comment"):
    form = page.locator("#comment-form")
    form.get_by_label("Name").fill(name)
    form.get_by_label("Email", exact=True).fill(email)
    form.get_by_role("textbox", name="Comment").fill(text)
    form.get_by_role("button", name=button).click()


def approve_in_admin(moderator, text):
    """The moderator opens the queue from the admin's front page and approves one comment."""
    moderator.goto("/admin/")
    moderator.get_by_role("link", name="Comments awaiting moderation").click()
    row = moderator.get_by_role("row").filter(has_text=text[:40])
    expect(row).to_contain_text("First comment from this commenter")
    row.locator("input.action-select").check()
    moderator.locator("select[name=action]").select_option(label="Approve selected comments")
    moderator.get_by_role("button", name="Go").click()
    expect(moderator.locator(".messagelist")).to_contain_text("Approved 1 comment(s).")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_comment_is_moderated_then_shown_and_replied_to(new_context, newsroom, javascript):
    mode = "js" if javascript else "no-js"
    story_url = newsroom.story.get_absolute_url()
    make_user("mona", group="Moderator", password=PASSWORD)
    moderator = new_context().new_page()
    log_in(moderator, "mona")

    ada = new_context(java_script_enabled=javascript).new_page()
    ada.goto(story_url)
    text = f"One authority should cut the dues for small boats ({mode})."
    post(ada, name="Ada Byrne", email="ada@example.net", text=text)
    expect(ada.get_by_role("status")).to_contain_text(AWAITING)
    expect(ada.locator("#comments")).not_to_contain_text(text)
    snap(ada, f"commenter-{mode}-awaiting")

    approve_in_admin(moderator, text)
    snap(moderator, f"moderator-{mode}-approved")

    bea = new_context(java_script_enabled=javascript).new_page()
    bea.goto(story_url)
    comment = Comment.objects.get(text=text)
    shown = bea.locator(f"#comment-{comment.pk}")
    expect(shown).to_contain_text(text)
    expect(shown).to_contain_text("Ada Byrne")
    expect(bea.locator("#comments-heading")).to_have_text("3 comments")

    bea.get_by_role("link", name="Reply to Ada Byrne").click()
    if javascript:  # the form moves under the comment, no page load
        expect(shown.locator("#comment-form")).to_be_visible()
    else:  # the link's ?reply= address serves the form for the reply
        expect(bea).to_have_url(f"{story_url}?reply={comment.pk}#comment-form")
    expect(bea.locator("#comment-form-heading")).to_have_text("Reply to Ada Byrne")
    reply_text = f"Small boats already pay less; the dues are not the problem ({mode})."
    post(bea, name="Bea Lund", email="bea@example.net", text=reply_text, button="Post reply")
    expect(bea.get_by_role("status")).to_contain_text(AWAITING)

    approve_in_admin(moderator, reply_text)
    bea.goto(story_url)
    reply = Comment.objects.get(text=reply_text)
    assert reply.parent_id == comment.pk
    nested = bea.locator(f"#comment-{comment.pk} > .comment-list--replies > #comment-{reply.pk}")
    expect(nested).to_contain_text(reply_text)
    expect(nested).to_contain_text("Bea Lund")
    nested.scroll_into_view_if_needed()
    snap(bea, f"commenter-{mode}-reply-nested")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_empty_and_too_long_comments_say_why(new_context, newsroom, javascript):
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(newsroom.story.get_absolute_url())
    # Spaces pass the browser's "required" check; the server still sees an empty comment.
    post(page, name="Ada Byrne", email="ada@example.net", text="   ")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment was not posted")
    field_error = page.locator("#id_text_error")
    expect(field_error).to_have_text("Error: Write a comment before posting.")
    expect(page.get_by_role("textbox", name="Comment")).to_have_attribute(
        "aria-describedby", "id_text_helptext id_text_error"
    )
    expect(page.get_by_label("Name")).to_have_value("Ada Byrne")
    snap(page, f"comment-empty-{'js' if javascript else 'no-js'}")

    too_long = "The harbour dues are too high. " * 100  # 3,100 characters
    page.get_by_role("textbox", name="Comment").fill(too_long)
    page.get_by_role("button", name="Post comment").click()
    expect(field_error).to_contain_text("at most 3,000 characters")
    expect(field_error).to_contain_text("this one is 3,099")
    kept = page.get_by_role("textbox", name="Comment").input_value()
    assert kept == too_long, "what the reader typed is not kept"
    snap(page, f"comment-too-long-{'js' if javascript else 'no-js'}")
    assert not Comment.objects.filter(name="Ada Byrne").exists()
