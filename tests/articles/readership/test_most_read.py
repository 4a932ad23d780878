"""The "Most read" lists: the last 24 hours and the last 7 days, published articles only, one
query each whatever the traffic, shown on the home and article pages."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from articles.readership.models import HourlyReads
from articles.readership.services import MOST_READ_CACHE_KEY, article_read_record, most_read
from articles.services import article_withdraw
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def read(article, times, *, ago=timedelta(0)):
    for _ in range(times):
        article_read_record(article_id=article.pk, at=timezone.now() - ago)


def headlines(entries):
    return [entry["headline"] for entry in entries]


def most_read_block(html):
    match = re.search(r'<section class="most-read".*?</section>', html, re.DOTALL)
    return match[0] if match else ""


def test_the_day_and_the_week_lists_count_their_own_windows():
    today = make_article(headline="Read today")
    this_week = make_article(headline="Read this week", ago=timedelta(days=5))
    last_week = make_article(headline="Read last week", ago=timedelta(days=10))
    read(today, 3, ago=timedelta(hours=2))
    read(today, 2)
    read(this_week, 9, ago=timedelta(days=3))
    read(this_week, 1, ago=timedelta(hours=30))
    read(last_week, 50, ago=timedelta(days=8))

    lists = most_read()
    assert headlines(lists["day"]) == ["Read today"]
    assert lists["day"][0]["reads"] == 5
    assert headlines(lists["week"]) == ["Read this week", "Read today"]
    assert [entry["reads"] for entry in lists["week"]] == [10, 5]
    assert lists["week"][1]["url"] == today.get_absolute_url()
    assert lists["week"][1]["section"] == today.section.name


def test_a_read_just_past_24_hours_leaves_the_day_list():
    story = make_article()
    read(story, 1, ago=timedelta(hours=24, minutes=1))
    lists = most_read()
    assert lists["day"] == []
    assert headlines(lists["week"]) == [story.headline]


def test_only_published_articles_are_listed_and_ties_go_to_the_newer_story(settings):
    settings.READERSHIP_MOST_READ_COUNT = 2
    older = make_article(headline="Older", ago=timedelta(days=2))
    newer = make_article(headline="Newer", ago=timedelta(hours=5))
    withdrawn = make_article(headline="Withdrawn")
    third = make_article(headline="Third")
    for article in (older, newer, withdrawn):
        read(article, 4)
    read(third, 1)
    article_withdraw(article=withdrawn)
    assert headlines(most_read()["day"]) == ["Newer", "Older"]


def test_the_lists_cost_one_query_each_whatever_the_traffic(django_assert_num_queries, settings):
    settings.READERSHIP_MOST_READ_CACHE_SECONDS = 60  # tests turn the cache off
    stories = [make_article() for _ in range(3)]
    for n, story in enumerate(stories):
        read(story, n + 1, ago=timedelta(hours=n))
    with django_assert_num_queries(2):
        most_read()
    with django_assert_num_queries(0):  # then from the cache for a minute
        most_read()

    stories += [make_article() for _ in range(30)]
    for story in stories:
        for hour in range(0, 7 * 24, 7):
            article_read_record(article_id=story.pk, at=timezone.now() - timedelta(hours=hour))
    cache.delete(MOST_READ_CACHE_KEY)  # as when the minute has passed
    with django_assert_num_queries(2):
        lists = most_read()
    assert len(lists["day"]) == len(lists["week"]) == 5


def test_the_home_and_article_pages_show_the_lists(client):
    story = make_article(headline="Bridge reopens after repairs")
    other = make_article(headline="Council votes on budget", ago=timedelta(days=3))
    read(story, 2)
    read(other, 1, ago=timedelta(days=2))

    home = most_read_block(client.get("/").content.decode())
    assert '<h2 id="most-read-heading" class="block-title">Most read</h2>' in home
    day, week = home.split('id="most-read-week"')
    assert "Last 24 hours" in day and "Bridge reopens after repairs" in day
    assert "Council votes on budget" not in day
    assert "Council votes on budget" in week and "Bridge reopens after repairs" in week
    assert f'href="{other.get_absolute_url()}"' in week

    page = most_read_block(client.get(other.get_absolute_url()).content.decode())
    assert "Bridge reopens after repairs" in page


def test_nothing_read_yet_shows_no_block(client):
    story = make_article()
    assert most_read_block(client.get("/").content.decode()) == ""
    assert most_read_block(client.get(story.get_absolute_url()).content.decode()) == ""


def test_headlines_in_the_lists_are_escaped(client):
    story = make_article(headline="<script>alert(1)</script> & more")
    read(story, 1)
    block = most_read_block(client.get("/").content.decode())
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in block


# Other threads see only committed rows; see tests/comments/test_spam.py.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@committed
def test_no_read_is_lost_when_workers_count_at_once():
    story = make_article()

    def count_reads():
        try:
            for _ in range(25):
                article_read_record(article_id=story.pk)
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        for future in [pool.submit(count_reads) for _ in range(4)]:
            future.result()
    assert HourlyReads.objects.get(article=story).reads == 100


@committed
def test_beacons_from_many_readers_at_once_all_count():
    story = make_article()
    url = f"/read/{story.pk}/"
    user_agent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"

    def readers(start):
        try:
            for n in range(start, start + 10):
                client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=f"198.51.100.{n}")
                assert client.post(url).status_code == 204
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        for future in [pool.submit(readers, start) for start in (0, 10, 20, 30)]:
            future.result()
    assert HourlyReads.objects.get(article=story).reads == 40


def test_prune_deletes_counts_past_the_week_and_is_idempotent():
    story = make_article()
    read(story, 1, ago=timedelta(days=9))
    read(story, 1, ago=timedelta(days=6, hours=23))
    read(story, 1)

    out = StringIO()
    call_command("prune_read_counts", "--dry-run", stdout=out)
    assert out.getvalue() == "Would delete 1 hourly read count(s).\n"
    assert HourlyReads.objects.count() == 3

    out = StringIO()
    call_command("prune_read_counts", stdout=out)
    assert out.getvalue() == "Deleted 1 hourly read count(s).\n"
    assert HourlyReads.objects.count() == 2
    assert most_read()["week"][0]["reads"] == 2

    out = StringIO()
    call_command("prune_read_counts", stdout=out)
    assert out.getvalue() == "Deleted 0 hourly read count(s).\n"
    quiet = StringIO()
    call_command("prune_read_counts", verbosity=0, stdout=quiet)
    assert quiet.getvalue() == ""


def test_prune_refuses_to_cut_into_the_week():
    with pytest.raises(CommandError, match="at least 7"):
        call_command("prune_read_counts", "--days", "3")
