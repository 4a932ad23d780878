"""Requests no browser sends but the internet does: each gets a clear 4xx, never a 500."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.factories import form_data, make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "utf-7"])
def test_a_form_declaring_another_charset_gets_the_designed_400(charset):
    # Django refuses a urlencoded body that is not UTF-8 (BadRequest); its default 400 view
    # then re-ran the CSRF check, read the body again and turned the 400 into a 500.
    client = Client(enforce_csrf_checks=True, raise_request_exception=True)
    article = make_article()
    client.get(article.get_absolute_url())
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("comments:post", args=[article.pk]),
        urlencode({**form_data(article), "csrfmiddlewaretoken": token}),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert "We couldn’t understand that request" in response.content.decode()
    assert not Comment.objects.exists()


def post(client, article, **fields):
    return client.post(reverse("comments:post", args=[article.pk]), form_data(article, **fields))


@pytest.mark.parametrize(
    "name",
    [
        "Roses are \x1b[0;31mred\x1b[0m",  # terminal escapes, as the Big List of Naughty Strings
        "The quic\x08\x08\x08k brown fo\x07x",
        "Ada\x9b31mReader",  # a C1 control (what stray Latin-1 bytes decode to)
    ],
)
def test_a_name_with_control_characters_is_refused_on_the_name_field(client, name):
    response = post(client, make_article(), name=name)
    assert response.status_code == 400
    assert "control characters" in " ".join(response.context["form"].errors["name"])
    assert not Comment.objects.exists()


@pytest.mark.parametrize("name", ["\u200b", "\ufeff", "\u180e", "\u200e\u2060 \u200b"])
def test_a_name_of_only_invisible_characters_is_no_name(client, name):
    response = post(client, make_article(), name=name)
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == ["Enter your name."]
    assert not Comment.objects.exists()


@pytest.mark.parametrize("name", ["\u0645\u0647\u200c\u0633\u0627", "Zoë  Ward", "👩\u200d🔬 Ana"])
def test_names_with_joiners_in_them_are_kept(client, name, settings):
    settings.COMMENTS_MODERATION = "post"
    response = post(client, make_article(), name=name)
    assert response.status_code == 302
    assert Comment.objects.get().name == " ".join(name.split())


def test_a_name_with_a_direction_override_cannot_reverse_the_date_beside_it(client, settings):
    # U+202E (right-to-left override) left open in a name would run on through the
    # comment's date and "Editors' pick"; <bdi> isolates the name from its neighbours.
    settings.COMMENTS_MODERATION = "post"
    article = make_article()
    post(client, article, name="\u202eAda")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<bdi class="comment__author">\u202eAda</bdi>' in html


def test_opening_the_posting_address_leads_back_to_the_comment_form(client):
    # A failed post re-renders at /comments/post/<id>/; reopened from history or a copied
    # link, that address answered with Django's empty 405, a blank page.
    article = make_article()
    response = client.get(reverse("comments:post", args=[article.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert f'href="{article.get_absolute_url()}#comment-form"' in response.content.decode()
