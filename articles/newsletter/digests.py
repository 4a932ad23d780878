"""What a digest or an alert says: the stories, in order, rendered into a Send (unsaved)."""

from itertools import groupby

from django.utils import timezone
from django.utils.formats import date_format

from articles import renditions
from articles.models import Article
from articles.seo import absolute_url

from . import emails
from .conf import conf
from .models import NewsletterList, Send


def digest_stories(*, newsletter, since, until):
    """Stories first published in (since, until] for `newsletter`: lead stories first, then
    the others by section (in the sections' order), newest first within each."""
    stories = (
        Article.objects.published()
        .filter(first_published_at__gt=since, first_published_at__lte=until)
        .select_related("section")
        .prefetch_related("authors")
    )
    if newsletter.section_id:
        stories = stories.filter(section_id=newsletter.section_id)
    newest = list(stories.order_by("-first_published_at", "-pk")[: conf.DIGEST_MAX_STORIES])
    leads = [story for story in newest if story.is_lead]
    others = sorted(
        (story for story in newest if not story.is_lead),
        key=lambda story: (
            story.section.order,
            story.section.name,
            -story.first_published_at.timestamp(),
        ),
    )
    return leads, others


def story_context(article):
    picture = renditions.picture(
        article.featured_image, article.featured_image_renditions, renditions.CARD
    )
    return {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "url": absolute_url(article.get_absolute_url()),
        "section": article.section.name,
        "authors": ", ".join(author.name for author in article.authors.all()),
        "published_at": article.first_published_at,
        "image_url": absolute_url(picture.src) if picture else "",
        "image_alt": article.featured_image_alt,
    }


def digest_compose(*, newsletter, until):
    """The digest of `newsletter` covering what it has not covered yet, up to `until`, as an
    unsaved Send; None when nothing new was published. Moves the list's cut-off either way."""
    since = newsletter.last_digest_until or until - newsletter.period()
    leads, others = digest_stories(newsletter=newsletter, since=since, until=until)
    NewsletterList.objects.filter(pk=newsletter.pk).update(last_digest_until=until)
    newsletter.last_digest_until = until
    if not (leads or others):
        return None
    return digest_send(newsletter=newsletter, leads=leads, others=others, since=since, until=until)


def digest_preview(*, newsletter, until=None):
    """The digest as it would go out now, for the admin's preview and test send (unsaved;
    changes nothing)."""
    until = until or timezone.now()
    since = newsletter.last_digest_until or until - newsletter.period()
    leads, others = digest_stories(newsletter=newsletter, since=since, until=until)
    return digest_send(newsletter=newsletter, leads=leads, others=others, since=since, until=until)


def digest_send(*, newsletter, leads, others, since, until):
    day = date_format(timezone.localtime(until), "j F Y")
    sections = [
        {"name": name, "stories": [story_context(story) for story in stories]}
        for name, stories in groupby(others, key=lambda story: story.section.name)
    ]
    subject = f"{newsletter.name}: {day}"
    html, text = emails.render_content(
        "digest",
        {
            "newsletter": newsletter,
            "subject": subject,
            "day": day,
            "leads": [story_context(story) for story in leads],
            "sections": sections,
            "story_count": len(leads) + len(others),
        },
    )
    return Send(
        kind=Send.Kind.DIGEST,
        newsletter=newsletter,
        subject=emails.one_line(subject),
        html_body=html,
        text_body=text,
        covers_from=since,
        covers_until=until,
    )


def alert_compose(*, article, newsletter):
    subject = emails.one_line(f"Breaking: {article.headline}")
    html, text = emails.render_content(
        "alert",
        {"newsletter": newsletter, "subject": subject, "story": story_context(article)},
    )
    return Send(
        kind=Send.Kind.ALERT,
        newsletter=newsletter,
        article=article,
        subject=subject,
        html_body=html,
        text_body=text,
    )
