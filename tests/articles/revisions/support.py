"""What the revisions tests share: newsroom people with names, and the article change form."""

from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import article_form, make_user


def make_editor(username, first_name, last_name, group="Editor"):
    user = make_user(username, group=group)
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    return user


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def compare_url(article, old, new):
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return f"{url}?old={old.pk}&new={new.pk}"


def restore_url(article, revision):
    return reverse("admin:articles_article_restore", args=[article.pk, revision.pk])


def change_form(article, *, opened_at=None, **fields):
    """What the change form of a draft `article` posts, as opened at edit version `opened_at`
    (default: as it is now), with `fields` changed."""
    data = article_form(
        article.section,
        headline=article.headline,
        slug=article.slug,
        standfirst=article.standfirst,
        body=article.body,
        featured_image_focus_x=article.featured_image_focus_x,
        featured_image_focus_y=article.featured_image_focus_y,
        based_on_version=article.edit_version if opened_at is None else opened_at,
    )
    if article.pk is not None:
        data["tags"] = [tag.pk for tag in article.tags.all()]
        data["authors"] = [author.pk for author in article.authors.all()]
    data.update(fields)
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]
