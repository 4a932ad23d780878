"""Requests no browser sends but the internet does: each gets a clear 4xx, never a 500."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment

from .factories import form_data, make_article

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
