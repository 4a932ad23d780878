"""Related reporting prefers stories sharing a tag and the section, then a tag, then the
section, and the newest first within each."""

from datetime import timedelta

import pytest

from articles.models import Article
from tests.factories import make_article, make_section, make_tag

pytestmark = pytest.mark.django_db


def test_stories_sharing_tags_and_section_come_first_then_tags_then_section():
    section, elsewhere = make_section(), make_section()
    water, drought = make_tag(), make_tag()
    story = make_article(section=section, tags=[water, drought])
    both_older = make_article(section=section, tags=[drought], ago=timedelta(days=9))
    both_newer = make_article(section=section, tags=[water], ago=timedelta(days=4))
    tag_only = make_article(section=elsewhere, tags=[water], ago=timedelta(days=2))
    section_only = make_article(section=section, ago=timedelta(hours=2))
    make_article(section=elsewhere, tags=[make_tag()], ago=timedelta(minutes=5))  # unrelated
    make_article(section=section, tags=[water], published=False)  # a draft

    related = list(Article.objects.related_to(story, 4))
    assert related == [both_newer, both_older, tag_only, section_only]


def test_an_article_without_tags_gets_its_section_newest_first():
    section = make_section()
    story = make_article(section=section)
    older = make_article(section=section, ago=timedelta(days=3))
    newer = make_article(section=section, ago=timedelta(days=1))
    make_article(tags=[make_tag()])
    assert list(Article.objects.related_to(story, 4)) == [newer, older]


def test_a_story_sharing_several_tags_is_listed_once():
    section = make_section()
    tags = [make_tag(), make_tag(), make_tag()]
    story = make_article(section=section, tags=tags)
    sibling = make_article(section=section, tags=tags)
    assert list(Article.objects.related_to(story, 4)) == [sibling]


def test_older_closer_stories_win_over_many_newer_looser_ones():
    """Candidates are the newest few of each kind of relation; an old story sharing a tag
    and the section still beats a crowd of newer ones sharing only one of them."""
    section, elsewhere = make_section(), make_section()
    water = make_tag()
    story = make_article(section=section, tags=[water])
    closest = make_article(section=section, tags=[water], ago=timedelta(days=300))
    tag_only = make_article(section=elsewhere, tags=[water], ago=timedelta(days=200))
    section_only = [
        make_article(section=section, ago=timedelta(hours=hours)) for hours in range(1, 8)
    ]  # newer, sharing only the section
    for hours in range(1, 8):
        make_article(section=elsewhere, tags=[water], ago=timedelta(days=1, hours=hours))
    related = list(Article.objects.related_to(story, 2))
    assert related[0] == closest
    assert related[1] != tag_only and related[1].section == elsewhere  # the newest tag-only
    longer = list(Article.objects.related_to(story, 12))
    assert longer[:2] == related and longer[8] == tag_only
    assert longer[9:] == section_only[:3]
