"""Posting without JavaScript: POST, redirect to the new comment, clear messages."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse

from comments.models import Comment, Commenter
from tests.factories import (
    archive_urls,
    form_data,
    make_article,
    make_comment,
    make_trusted,
    make_user,
)

pytestmark = pytest.mark.django_db


def post(client, article, **fields):
    return client.post(reverse("comments:post", args=[article.pk]), form_data(article, **fields))


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@override_settings(COMMENTS_MODERATION="post")
def test_post_publishes_and_redirects_to_anchor(client):
    article = make_article()
    response = post(client, article)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert messages_of(response) == ["Your comment is published."]
    page = client.get(response["Location"])
    assert f'id="comment-{comment.pk}"' in page.content.decode()
    assert "A thoughtful point about the story." in page.content.decode()


def test_first_time_commenter_is_held_with_reason(client):
    article = make_article()
    response = post(client, article)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "First comment" in comment.held_reason
    assert response["Location"] == f"{article.get_absolute_url()}#comments"
    assert "awaiting moderation" in messages_of(response)[0]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "A thoughtful point" not in page


def test_trusted_confirmed_commenter_is_published(client):
    article = make_article()
    make_trusted("ada@example.net")
    post(client, article)
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_approved_but_unconfirmed_guest_is_still_held(client):
    article = make_article()
    make_trusted("ada@example.net", confirmed=False)
    post(client, article)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "not confirmed" in comment.held_reason


def test_logged_in_user_posts_under_account(client):
    article = make_article()
    user = make_user("marta", staff=False)
    user.first_name, user.last_name = "Marta", "Kos"
    user.save()
    make_trusted(user.email, confirmed=False)
    client.force_login(user)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Posting as <strong>Marta Kos</strong>" in page
    comment_form = page[page.index('id="comment-form"') :]  # not the newsletter form above
    assert 'name="email"' not in comment_form
    data = form_data(article)
    del data["name"], data["email"]
    client.post(reverse("comments:post", args=[article.pk]), data)
    comment = Comment.objects.get()
    assert (comment.user, comment.name, comment.email) == (user, "Marta Kos", user.email)
    assert comment.status == Comment.Status.APPROVED


def test_moderators_are_never_held(client):
    article = make_article()
    client.force_login(make_user("mod", group="Moderator"))
    data = form_data(article)
    del data["name"], data["email"]
    client.post(reverse("comments:post", args=[article.pk]), data)
    assert Comment.objects.get().status == Comment.Status.APPROVED


@override_settings(COMMENTS_MODERATION="post")
def test_reply_via_query_parameter_without_js(client):
    article = make_article()
    parent = make_comment(article, name="Bea")
    page = client.get(article.get_absolute_url())
    html = page.content.decode()
    assert f'href="?reply={parent.pk}#comment-form"' in html
    reply_page = client.get(f"{article.get_absolute_url()}?reply={parent.pk}").content.decode()
    assert "Reply to Bea" in reply_page
    assert f'name="parent" value="{parent.pk}"' in reply_page
    response = post(client, article, parent=parent.pk, text="I disagree, politely.")
    reply = Comment.objects.get(parent=parent)
    assert response["Location"].endswith(f"#comment-{reply.pk}")
    assert (reply.level, reply.thread_id) == (1, parent.pk)


@override_settings(COMMENTS_MODERATION="post", COMMENTS_PER_PAGE=2)
def test_redirect_goes_to_the_page_holding_the_comment(client):
    article = make_article()
    for _ in range(4):
        make_comment(article)
    response = post(client, article)
    comment = Comment.objects.latest("pk")
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=3#comment-{comment.pk}"


def test_errors_rerender_with_typed_values_and_nothing_stored(client):
    article = make_article()
    response = post(client, article, email="not-an-email", text="My typed words <b>here</b>")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Ada Reader"' in html
    assert 'value="not-an-email"' in html
    assert "My typed words &lt;b&gt;here&lt;/b&gt;" in html
    assert 'id="id_email_error"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert Comment.objects.count() == 0
    assert Commenter.objects.count() == 0


def test_emails_never_appear_in_pages(client):
    article = make_article()
    make_comment(article, email="secret-address@example.net", name="Quiet")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Quiet" in html
    assert "secret-address" not in html


def test_article_page_shows_count_and_listing_cards_too(client):
    article = make_article()
    make_comment(article)
    make_comment(article)
    make_comment(article, status=Comment.Status.PENDING)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h2 id="comments-heading">2 comments</h2>' in html
    home = client.get(reverse("articles:home")).content.decode()
    assert f'href="{article.get_absolute_url()}#comments">2 comments</a>' in home


def test_csrf_token_is_required():
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    response = post(client, article)
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_form_served_with_csrf_token_and_timestamp(client):
    article = make_article()
    html = Client(enforce_csrf_checks=True).get(article.get_absolute_url()).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="timestamp"' in html
    assert 'name="website"' in html


def test_every_listing_page_shows_the_count(client):
    from articles.models import Author, Tag

    article = make_article(headline="Harbour deal signed", slug="harbour-deal")
    author = Author.objects.create(name="Ana Ruiz", slug="ana-ruiz")
    tag = Tag.objects.create(name="Ports", slug="ports")
    article.authors.add(author)
    article.tags.add(tag)
    other_tag = Tag.objects.create(name="Trade", slug="trade")
    article.tags.add(other_tag)  # a second tag must not double the count
    for _ in range(3):
        make_comment(article)
    make_comment(article, status=Comment.Status.SPAM)
    day = article.publication_date
    pages = [
        reverse("articles:section", args=[article.section.slug]),
        tag.get_absolute_url(),
        author.get_absolute_url(),
        reverse("articles:search") + "?q=harbour",
        *archive_urls(day),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert f'href="{article.get_absolute_url()}#comments">3 comments</a>' in html, url
