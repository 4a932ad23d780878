from datetime import timedelta

from django.utils import timezone

from articles.publishing.models import Delivery
from articles.publishing.worker import run_round


def time_passes():
    """Every waiting delivery's time comes (instead of sleeping through its backoff)."""
    Delivery.objects.filter(state=Delivery.State.PENDING).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def run_until_quiet(*, rounds=10, worker="test-worker"):
    """Worker rounds, with time passing between them, until nothing is left to send."""
    for _ in range(rounds):
        run_round(worker=worker)
        if not Delivery.objects.filter(state=Delivery.State.PENDING).exists():
            return
        time_passes()
    raise AssertionError("deliveries still waiting")
