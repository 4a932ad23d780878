"""The model in use by this process: loaded from the database row, kept in memory, and
reloaded when the row's version changes. The version is read from the shared cache at most
once every COMMENTS_CLASSIFIER_RECHECK_SECONDS (the database answers when the cache does
not), so scoring a comment costs no query."""

import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from ..conf import conf
from . import estimator as nb
from .models import SpamModel

logger = logging.getLogger(__name__)

MODEL_KEY = "default"
VERSION_CACHE_KEY = "comments:classifier:version"
VERSION_CACHE_SECONDS = 10 * 60


@dataclass(frozen=True)
class LoadedModel:
    version: int
    estimator: object
    spam_examples: int
    legitimate_examples: int

    def is_ready(self):
        """Enough decisions of each kind to be trusted (COMMENTS_CLASSIFIER_MIN_DECISIONS)."""
        needed = conf.CLASSIFIER_MIN_DECISIONS
        return self.spam_examples >= needed and self.legitimate_examples >= needed


class _State:
    def __init__(self):
        self.lock = threading.Lock()
        self.forget()

    def forget(self):
        self.version = None  # the version loaded (or found unusable), None before any
        self.model = None
        self.checked_at = float("-inf")


_state = _State()


def forget():
    """Drop this process's model, so the next score loads the stored one (tests, reset)."""
    with _state.lock:
        _state.forget()


def _stored_version():
    try:
        version = cache.get(VERSION_CACHE_KEY)
    except Exception:  # a cache outage must not stop comments
        logger.warning("Spam classifier: cache unavailable, reading the version from the database")
        version = None
    if version is None:
        version = (
            SpamModel.objects.filter(key=MODEL_KEY).values_list("version", flat=True).first() or 0
        )
        _publish_version(version)
    return version


def _publish_version(version):
    try:
        cache.set(VERSION_CACHE_KEY, version, VERSION_CACHE_SECONDS)
    except Exception:
        logger.warning("Spam classifier: could not share model version %s in the cache", version)


def load_stored():
    """The stored model, or None when there is none or it is unusable (logged)."""
    row = SpamModel.objects.filter(key=MODEL_KEY).first()
    if row is None or row.version == 0:
        return None
    try:
        estimator = nb.restore(row.state)
    except nb.CorruptModel as error:
        logger.warning(
            "Spam classifier: stored model v%s is unusable (%s); comments go by the plain "
            "policy until `manage.py train_spam_classifier` rebuilds it",
            row.version,
            error,
        )
        return LoadedModel(row.version, None, 0, 0)
    return LoadedModel(row.version, estimator, row.spam_examples, row.legitimate_examples)


def current_model():
    """The model to score with (a LoadedModel whose estimator may be None), or None."""
    with _state.lock:
        now = time.monotonic()
        if now - _state.checked_at < conf.CLASSIFIER_RECHECK_SECONDS:
            return _state.model
        _state.checked_at = now
        version = _stored_version()
        if version != _state.version:
            _state.model = load_stored() if version else None
            _state.version = _state.model.version if _state.model else version
        return _state.model


def model_for_update():
    """Lock the stored row (creating it) for an update, and return it with its estimator: this
    process's copy when it is of the same version, else a fresh load, else an empty one."""
    row, _ = SpamModel.objects.select_for_update().get_or_create(key=MODEL_KEY)
    loaded = _state.model
    if loaded is not None and loaded.version == row.version and loaded.estimator is not None:
        return row, nb.copy_of(loaded.estimator)
    if row.version:
        try:
            return row, nb.restore(row.state)
        except nb.CorruptModel as error:
            logger.warning("Spam classifier: rebuilding over unusable model (%s)", error)
    return row, nb.empty_estimator()


def save(row, estimator):
    """Store `estimator` in `row` (locked by `model_for_update`) as the next version; this
    process uses it at once, and the others when they next check the version."""
    row.state = nb.dump(estimator)
    row.version += 1
    row.updated_at = timezone.now()
    row.spam_examples, row.legitimate_examples = (
        estimator.spam_examples,
        estimator.legitimate_examples,
    )
    row.save()
    loaded = LoadedModel(row.version, estimator, row.spam_examples, row.legitimate_examples)

    def install():
        with _state.lock:
            _state.model, _state.version = loaded, loaded.version
            _state.checked_at = time.monotonic()
        _publish_version(loaded.version)

    transaction.on_commit(install)
    return loaded


def reset():
    """Delete the stored model; the classifier abstains until it is trained again."""
    SpamModel.objects.filter(key=MODEL_KEY).delete()
    transaction.on_commit(lambda: (_publish_version(0), forget()))
