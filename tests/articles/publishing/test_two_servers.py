"""Two servers' workers on one PostgreSQL: a delivery another worker is claiming is skipped,
never waited for (SELECT ... FOR UPDATE SKIP LOCKED). SQLite has no row locks; there every
server and worker share one machine and one file (README "Deployment / scaling out")."""

import threading

import pytest
from django.db import connection, connections, transaction

from articles.publishing.models import Delivery
from articles.publishing.services import events_discover
from articles.publishing.worker import claim
from tests.factories import make_article


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (row locks)")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_delivery_being_claimed_elsewhere_is_skipped_not_waited_for(postgresql, telegram):
    for _ in range(3):
        make_article()
    events_discover()
    pending = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    assert len(pending) == 3
    locked, finish = threading.Event(), threading.Event()

    def other_server():
        try:
            with transaction.atomic():
                list(Delivery.objects.filter(pk=pending[0]).select_for_update())
                locked.set()
                finish.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_server)
    thread.start()
    assert locked.wait(10)
    # Without SKIP LOCKED this waits until the other transaction ends, then takes all three.
    claimed = [delivery.pk for delivery in claim(worker="server-b")]
    finish.set()
    thread.join()
    assert claimed == pending[1:]
    assert Delivery.objects.get(pk=pending[0]).state == Delivery.State.PENDING
