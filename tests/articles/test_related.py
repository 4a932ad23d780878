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

    related = list(Article.objects.related_to(story))
    assert related == [both_newer, both_older, tag_only, section_only]


def test_an_article_without_tags_gets_its_section_newest_first():
    section = make_section()
    story = make_article(section=section)
    older = make_article(section=section, ago=timedelta(days=3))
    newer = make_article(section=section, ago=timedelta(days=1))
    make_article(tags=[make_tag()])
    assert list(Article.objects.related_to(story)) == [newer, older]


def test_a_story_sharing_several_tags_is_listed_once():
    section = make_section()
    tags = [make_tag(), make_tag(), make_tag()]
    story = make_article(section=section, tags=tags)
    sibling = make_article(section=section, tags=tags)
    assert list(Article.objects.related_to(story)) == [sibling]
