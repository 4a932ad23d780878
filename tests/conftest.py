import copy
import os
import uuid

import pytest
from django.contrib.sites.models import Site
from pytest_django.plugin import blocking_manager_key


@pytest.fixture(autouse=True)
def fresh_cache_namespace(settings):
    """A cache key prefix per test, so no test sees another's rate-limit counters or cached
    pages; clearing the cache instead would flush a Redis shared with other test runs."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def media_root(request, settings, tmp_path):
    """Each test stores uploads in its own folder, so "nothing stored" can be checked. Browser
    tests keep the folder the live server serves media from."""
    if request.node.get_closest_marker("browser"):
        return settings.MEDIA_ROOT
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def current_site_cached(request, _django_clear_site_cache):
    """pytest-django empties the sites cache before each test; a worker looks its Site up once
    and keeps it. Look it up here, so a test's first request costs what every later one does."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("_django_db_helper")
        Site.objects.get_current()


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(item.fixturenames)
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying the database. Run alone, pytest-django runs those
    tests last; under pytest-xdist (`make test` uses it) a worker may run ordinary tests after
    one, so put back the migrated rows (the Site, newsroom roles, content types) they start
    from."""
    result = yield
    if nextitem and os.environ.get("PYTEST_XDIST_WORKER") and _is_transactional(item):
        from django.db import connections

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=False):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
                    _reset_sequences(connection)
    return result


def _reset_sequences(connection):
    """Move PostgreSQL's id sequences past the rows just put back with their own ids (a
    restore in the test may have set them lower), so the next test's inserts never reuse
    one. SQLite takes the next id from the table itself."""
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture(autouse=True)
def fresh_spam_classifier():
    """Each test starts with no spam model loaded in this process: the model a test trained
    lives in its rolled-back database only."""
    from comments.classifier import store

    store.forget()
    yield
    store.forget()
