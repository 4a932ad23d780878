"""Small factories for comment tests: each call makes fresh, valid objects."""

import itertools
import time
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.models import Article, Section
from articles.services import article_publish
from comments.models import Comment, Commenter
from comments.services import _place_in_thread
from comments.text import render_comment_text, text_digest
from comments.tokens import form_token

_numbers = itertools.count(1)


def make_article(*, published=True, ago=timedelta(hours=1), **fields):
    n = next(_numbers)
    fields.setdefault("headline", f"Contested story {n}")
    fields.setdefault("slug", f"contested-story-{n}")
    fields.setdefault("body", f"Body of story {n}.")
    if "section" not in fields:
        fields["section"] = Section.objects.create(name=f"Section {n}", slug=f"section-{n}")
    article = Article.objects.create(**fields)
    if published:
        article_publish(article=article, publish_at=timezone.now() - ago)
    return article


def make_comment(article, *, parent=None, status=Comment.Status.APPROVED, **fields):
    """A comment stored directly (no spam checks), placed in its thread like the service does."""
    n = next(_numbers)
    fields.setdefault("name", f"Reader {n}")
    fields.setdefault("email", f"reader{n}@example.net")
    fields.setdefault("text", f"Comment number {n}.")
    comment = Comment(
        article=article,
        status=status,
        text_html=render_comment_text(fields["text"]),
        text_digest=text_digest(fields["text"]),
        **fields,
    )
    _place_in_thread(comment, parent)
    return comment


def make_trusted(email, *, confirmed=True):
    return Commenter.objects.update_or_create(
        email=email,
        defaults={"approved_count": 1, "confirmed_at": timezone.now() if confirmed else None},
    )[0]


def make_user(username, *, group=None, staff=True, superuser=False, password="pw-for-tests-1"):
    user = User.objects.create_user(
        username, f"{username}@example.org", password, is_staff=staff, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def form_data(article, *, seconds_ago=60, **fields):
    """What a browser posts from the comment form served `seconds_ago` seconds before."""
    data = {
        "name": "Ada Reader",
        "email": "ada@example.net",
        "text": "A thoughtful point about the story.",
        "timestamp": form_token(article.pk, issued_at=time.time() - seconds_ago),
        "website": "",
    }
    data.update(fields)
    return data
