"""The outbox worker against a real local HTTP server: what goes public is announced once,
through timeouts, errors and rate limits, by any number of workers."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.publishing.conf import conf
from articles.publishing.http import Outcome
from articles.publishing.models import Delivery, Event
from articles.publishing.services import (
    deliveries_retry,
    events_discover,
    events_mark_announced,
)
from articles.publishing.worker import claim, record, retry_delay, run_round
from articles.services import article_publish, article_withdraw
from tests.factories import make_article

from .conftest import BOT_TOKEN
from .helpers import run_until_quiet, time_passes

pytestmark = pytest.mark.django_db

TELEGRAM_POST = "/sendMessage"


def states():
    return sorted(Delivery.objects.values_list("destination", "state"))


def test_one_post_per_article_reaches_receivers_that_fail_first(telegram, webhook):
    telegram.plan(TELEGRAM_POST, "timeout", 500, (429, None, {}), 200)
    # Telegram's own answer to flooding: retry_after in the JSON.
    telegram.plans[TELEGRAM_POST][2] = (
        429,
        {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
         "parameters": {"retry_after": 7}},
        {},
    )  # fmt: skip
    telegram.plan("/hook", "timeout", 503, (429, None, {"Retry-After": "5"}))
    article = make_article(headline="Dam talks stall")

    run_round(worker="w1")  # times out
    assert [r.answer for r in telegram.received()] == ["timeout", "timeout"]
    for expected in ("500", "429"):
        time_passes()
        run_round(worker="w1")
        assert {r.answer for r in telegram.received()[-2:]} <= {expected, "503"}
    # The rate limit is waited out, as the receiver asked.
    for delivery in Delivery.objects.all():
        waited = (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds()
        assert waited >= (7 if delivery.destination == "telegram" else 5)
        assert "429" in delivery.last_error
    run_round(worker="w1")  # not yet due: nothing sent
    assert len(telegram.received()) == 6
    time_passes()
    run_round(worker="w1")

    (post,) = telegram.acknowledged(TELEGRAM_POST)
    assert post.path == f"/bot{BOT_TOKEN}/sendMessage"
    assert post.json()["chat_id"] == "@meridian_test"
    assert "<b>Dam talks stall</b>" in post.json()["text"]
    assert article.get_absolute_url() in post.json()["text"]
    (hook,) = telegram.acknowledged("/hook")
    assert hook.json()["article"]["headline"] == "Dam talks stall"
    # Every attempt of a delivery carried the same idempotency key.
    keys = {r.headers["Idempotency-Key"] for r in telegram.received("/hook")}
    assert keys == {f"article:{article.pk}:webhook:{webhook.pk}"}
    assert states() == [("telegram", "delivered"), ("webhook", "delivered")]
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {4}

    # Never again: more rounds, even "Retry now", send nothing.
    deliveries_retry(deliveries=Delivery.objects.all())
    time_passes()
    run_round(worker="w2")
    assert len(telegram.received()) == 8


def test_many_articles_each_posted_once(telegram, webhook):
    telegram.plan(TELEGRAM_POST, 500, 502, "timeout")
    telegram.plan("/hook", 500)
    articles = [make_article() for _ in range(5)]
    run_until_quiet()
    assert len(telegram.acknowledged(TELEGRAM_POST)) == 5
    assert len(telegram.acknowledged("/hook")) == 5
    announced = {r.json()["article"]["id"] for r in telegram.acknowledged("/hook")}
    assert announced == {article.pk for article in articles}


# Committed, so both workers see the rows; serialized, so later tests find the migrations' data
# (content types, the newsroom groups) as the others leave it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_deliver_once(telegram, webhook):
    telegram.plan(TELEGRAM_POST, 500, 500)
    articles = [make_article() for _ in range(8)]
    barrier = threading.Barrier(2)
    errors = []

    def work(name):
        try:
            barrier.wait()
            for _ in range(6):
                run_round(worker=name)
                time_passes()
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Event.objects.filter(kind="article.published").count() == 8
    assert len(telegram.acknowledged(TELEGRAM_POST)) == 8
    assert len(telegram.acknowledged("/hook")) == 8
    texts = [r.json()["text"] for r in telegram.acknowledged(TELEGRAM_POST)]
    assert len(set(texts)) == 8
    assert {d.state for d in Delivery.objects.all()} == {"delivered"}
    assert len(articles) == 8


def test_a_scheduled_article_is_announced_when_its_time_comes_with_no_traffic(telegram):
    article = make_article(headline="Results at midnight", ago=-timedelta(hours=2))
    run_round(worker="w1")
    assert telegram.received() == []
    assert not Event.objects.exists()

    later = timezone.now() + timedelta(hours=2, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        run_round(worker="w1")
        run_round(worker="w1")
    (post,) = telegram.acknowledged(TELEGRAM_POST)
    assert "Results at midnight" in post.json()["text"]
    assert Delivery.objects.get().event.article == article


def test_an_article_withdrawn_before_its_turn_is_not_announced(telegram):
    article = make_article()
    telegram.plan(TELEGRAM_POST, 500)
    run_round(worker="w1")
    article_withdraw(article=article)
    time_passes()
    run_round(worker="w1")
    assert telegram.acknowledged() == []
    delivery = Delivery.objects.get()
    assert delivery.state == "cancelled"
    assert delivery.last_error == "The article is no longer public."


def test_nothing_old_is_announced(telegram):
    make_article(ago=timedelta(days=3))  # imported, or backdated: past the catch-up window
    announced_elsewhere = make_article()
    events_mark_announced(articles=[announced_elsewhere])
    run_round(worker="w1")
    assert telegram.received() == []
    assert not Delivery.objects.exists()


def test_republishing_never_announces_again(telegram):
    article = make_article()
    run_until_quiet()
    article_withdraw(article=article)
    article_publish(article=article)
    run_until_quiet()
    assert len(telegram.acknowledged()) == 1


def test_a_dead_workers_claim_is_taken_over_after_its_lease(telegram):
    make_article()
    events_discover()
    (dead,) = claim(worker="died-mid-send")
    run_round(worker="w2")
    assert telegram.received() == []  # leased: left alone
    later = timezone.now() + timedelta(seconds=conf.LEASE_SECONDS + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        run_round(worker="w2")
    assert len(telegram.acknowledged()) == 1
    # The dead worker's late report changes nothing.
    assert record(dead, Outcome.ok("late")) is None
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.claimed_by) == ("delivered", "w2")
    assert delivery.attempts == 2


def test_claiming_costs_the_same_queries_for_2_or_20_deliveries(receiver, settings):
    settings.PUBLISHING_BATCH_SIZE = 50
    counts = []
    for size in (2, 20):
        Delivery.objects.all().delete()
        for _ in range(size):
            article = make_article()
            event = Event.objects.create(kind="article.published", key=f"article:{article.pk}")
            Delivery.objects.create(
                event=event, destination="webhook", idempotency_key=f"{event.key}:x"
            )
        with CaptureQueriesContext(connection) as queries:
            assert len(claim(worker="w")) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_backoff_grows_with_jitter_and_honours_retry_after(settings):
    settings.PUBLISHING_RETRY_BASE_SECONDS = 30
    settings.PUBLISHING_RETRY_MAX_SECONDS = 3600
    for attempts, full in [(1, 30), (2, 60), (3, 120), (10, 3600), (40, 3600)]:
        delays = {retry_delay(attempts) for _ in range(50)}
        assert all(full / 2 <= delay <= full for delay in delays)
        assert len(delays) > 1  # jittered
    assert retry_delay(3, retry_after=42) == 42
    assert retry_delay(3, retry_after=0) == 1


def test_a_delivery_gives_up_after_the_most_attempts(receiver, webhook, settings):
    settings.PUBLISHING_MAX_ATTEMPTS = 3
    receiver.plan("/hook", 500, 500, 500)
    make_article()
    for _ in range(3):
        run_round(worker="w1")
        time_passes()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("failed", 3)
    assert delivery.last_error.startswith("HTTP 500")
    # "Retry now" starts it again.
    assert deliveries_retry(deliveries=Delivery.objects.all()) == 1
    run_round(worker="w1")
    assert Delivery.objects.get().state == "delivered"
