"""Sending at list size, through a real SMTP server on loopback (aiosmtpd): batches, retries,
permanent refusals, and a crash midway that resumes without a duplicate."""

import logging
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles.newsletter import sending, services
from articles.newsletter.models import Membership, Recipient, Send, Subscriber
from tests.factories import make_article

from .conftest import make_subscriber
from .crashing_backend import CrashingBackend, SimulatedCrash
from .smtp_server import SMTPServer, free_port

pytestmark = pytest.mark.django_db

BACKEND = "tests.articles.newsletter.crashing_backend.CrashingBackend"


@pytest.fixture
def smtp(settings, caplog):
    caplog.set_level(logging.WARNING, logger="mail.log")  # aiosmtpd logs every command
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = BACKEND
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        settings.NEWSLETTER_RETRY_BASE_SECONDS = 0  # a retry is due at once
        CrashingBackend.disarm()
        yield server
        CrashingBackend.disarm()


def run_worker():
    call_command("publish_worker", "--once", verbosity=0)


def alert(newsletter):
    return services.alert_queue(article=make_article(), newsletter=newsletter)


def many_subscribers(count, newsletter, *, state=Subscriber.State.CONFIRMED, prefix="reader"):
    subscribers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"{prefix}{n}@example.org", state=state) for n in range(count)]
    )
    Membership.objects.bulk_create(
        [Membership(subscriber=s, newsletter=newsletter) for s in subscribers]
    )
    return subscribers


class TestBatchedSending:
    def test_only_confirmed_members_of_the_list_get_it(self, smtp, breaking, daily):
        make_subscriber("yes@example.org", breaking)
        make_subscriber("pending@example.org", breaking, state=Subscriber.State.PENDING)
        make_subscriber("left@example.org", breaking, state=Subscriber.State.UNSUBSCRIBED)
        make_subscriber("stopped@example.org", breaking, state=Subscriber.State.STOPPED)
        make_subscriber("other-list@example.org", daily)
        send = alert(breaking)
        run_worker()
        assert smtp.handler.recipients() == ["yes@example.org"]
        [(_, message)] = smtp.handler.received
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.is_multipart()
        assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
        send.refresh_from_db()
        assert (send.state, send.recipient_count, send.sent_count) == ("sent", 1, 1)

    def test_temporary_refusal_is_retried(self, smtp, breaking):
        make_subscriber("busy@example.org", breaking)
        smtp.handler.refuse_once["busy@example.org"] = "451 4.3.0 Mailbox busy, try later"
        send = alert(breaking)
        run_worker()
        assert smtp.handler.recipients() == ["busy@example.org"]
        recipient = Recipient.objects.get(send=send)
        assert (recipient.state, recipient.attempts) == ("sent", 2)
        assert Subscriber.objects.get().state == "confirmed"

    def test_permanent_refusal_stops_the_address(self, smtp, breaking):
        make_subscriber("gone@example.org", breaking)
        make_subscriber("fine@example.org", breaking)
        smtp.handler.refuse["gone@example.org"] = "550 5.1.1 No such user here"
        send = alert(breaking)
        run_worker()
        assert smtp.handler.recipients() == ["fine@example.org"]
        gone = Subscriber.objects.get(email="gone@example.org")
        assert gone.state == Subscriber.State.STOPPED
        assert "550 5.1.1 No such user" in gone.stopped_reason
        send.refresh_from_db()
        assert (send.state, send.sent_count, send.failed_count) == ("sent", 1, 1)
        alert(breaking)
        run_worker()  # a stopped address gets nothing more
        assert Counter(smtp.handler.recipients()) == {"fine@example.org": 2}

    def test_server_down_retries_until_the_limit(self, settings, breaking):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
        settings.NEWSLETTER_RETRY_BASE_SECONDS = 0
        settings.NEWSLETTER_MAX_ATTEMPTS = 3
        make_subscriber("reader@example.org", breaking)
        send = alert(breaking)
        run_worker()
        recipient = Recipient.objects.get(send=send)
        assert (recipient.state, recipient.attempts) == ("failed", 3)
        assert "ConnectionRefusedError" in recipient.last_error or "Error" in recipient.last_error
        assert recipient.handed_over_at is None  # refused: never in doubt
        send.refresh_from_db()
        assert send.state == Send.State.FAILED
        assert Subscriber.objects.get().state == "confirmed"  # not the reader's fault

    def test_left_before_their_turn_is_skipped(self, breaking):
        stays = make_subscriber("stays@example.org", breaking)
        leaves = make_subscriber("leaves@example.org", breaking)
        send = alert(breaking)
        sending.prepare_recipients(worker="test")
        services.subscriber_unsubscribe(subscriber=leaves)
        run_worker()
        assert [m.to for m in mail.outbox] == [[stays.email]]
        assert Recipient.objects.get(send=send, subscriber=leaves).state == "skipped"
        send.refresh_from_db()
        assert send.recipient_count == 1

    def test_rate_limit_paces_each_worker(self):
        moments = []
        clock = [0.0]

        def sleep(seconds):
            clock[0] += seconds

        pacer = sending.Pacer(4, clock=lambda: clock[0], sleep=sleep)
        for _ in range(9):
            pacer.wait()
            moments.append(clock[0])
        assert moments == [0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]

    def test_query_count_per_message_does_not_grow(self, breaking, django_assert_max_num_queries):
        many_subscribers(40, breaking)
        alert(breaking)
        sending.prepare_recipients(worker="test")
        batch = sending.claim(worker="test")
        assert len(batch) == 40
        # Per message: mark handed over, record the outcome; per batch: memberships, recounts.
        with django_assert_max_num_queries(2 * 40 + 4):
            sending.deliver(batch, pacer=sending.Pacer(0))
        assert len(mail.outbox) == 40


class TestCrashAndResume:
    SUBSCRIBERS = 3000

    def crash_then_resume(self, smtp, breaking, settings, *, crash_after, when):
        settings.NEWSLETTER_BATCH_SIZE = 250
        confirmed = many_subscribers(self.SUBSCRIBERS, breaking)
        many_subscribers(50, breaking, state=Subscriber.State.PENDING, prefix="pending")
        many_subscribers(50, breaking, state=Subscriber.State.UNSUBSCRIBED, prefix="left")
        send = alert(breaking)
        CrashingBackend.arm(crash_after, when=when)
        started = time.monotonic()
        with pytest.raises(SimulatedCrash):
            run_worker()
        sent_before_crash = len(smtp.handler.received)
        # The dead worker's lease runs out; another worker (here, the next round) resumes.
        CrashingBackend.disarm()
        Recipient.objects.filter(state="sending").update(
            lease_expires_at=timezone.now() - timedelta(seconds=1)
        )
        run_worker()
        run_worker()  # nothing is left to send
        elapsed = time.monotonic() - started
        send.refresh_from_db()
        print(
            f"\n{self.SUBSCRIBERS} recipients, crash after {sent_before_crash} ({when} hand-over):"
            f" {elapsed:.1f} s, {self.SUBSCRIBERS / elapsed:.0f} messages/s"
        )
        return send, {s.email for s in confirmed}

    def test_crash_after_the_server_accepted_resumes_without_duplicates(
        self, smtp, breaking, settings
    ):
        send, confirmed = self.crash_then_resume(
            smtp, breaking, settings, crash_after=1234, when="after"
        )
        received = Counter(smtp.handler.recipients())
        assert set(received) == confirmed  # every confirmed subscriber, no one else
        assert set(received.values()) == {1}  # exactly one copy each
        # The message in flight at the crash arrived but was not recorded: in doubt, not resent.
        assert (send.state, send.recipient_count) == ("sent", self.SUBSCRIBERS)
        assert (send.sent_count, send.in_doubt_count, send.failed_count) == (
            self.SUBSCRIBERS - 1,
            1,
            0,
        )
        message_ids = [message["Message-ID"] for _, message in smtp.handler.received]
        assert len(set(message_ids)) == self.SUBSCRIBERS

    def test_crash_before_hand_over_never_duplicates(self, smtp, breaking, settings):
        send, confirmed = self.crash_then_resume(
            smtp, breaking, settings, crash_after=700, when="before"
        )
        received = Counter(smtp.handler.recipients())
        assert set(received.values()) == {1}
        assert set(received) <= confirmed
        # The one in flight is counted in doubt (it may or may not have left); all others got it.
        assert len(received) == self.SUBSCRIBERS - 1
        assert (send.sent_count, send.in_doubt_count) == (self.SUBSCRIBERS - 1, 1)
        in_doubt = Recipient.objects.get(send=send, state="in_doubt")
        assert in_doubt.subscriber.email not in received


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_each_copy_once(smtp, settings):
    """Two workers (threads with their own database connections, as two processes would
    be) share one send; the claims keep them apart."""
    from django.db import connections

    from articles.newsletter.models import NewsletterList

    settings.NEWSLETTER_BATCH_SIZE = 25
    breaking = NewsletterList.objects.get(slug="breaking-news")
    confirmed = {s.email for s in many_subscribers(400, breaking)}
    send = alert(breaking)
    sending.prepare_recipients(worker="setup")
    failures = []

    def work(name):
        try:
            sending.run_round(worker=name)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    sending.finish_sends()
    received = Counter(smtp.handler.recipients())
    assert set(received) == confirmed and set(received.values()) == {1}
    send.refresh_from_db()
    assert (send.state, send.sent_count) == ("sent", 400)
    assert set(Recipient.objects.values_list("attempts", flat=True)) == {1}  # one claim each
