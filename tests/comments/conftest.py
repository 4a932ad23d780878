import copy
import uuid

import pytest


@pytest.fixture(autouse=True)
def fresh_cache_namespace(settings):
    """Each test counts rate limits under its own cache key prefix, so no test sees another's
    counters, without flushing a Redis database that might hold anything else."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"comments-test-{uuid.uuid4().hex}"
    settings.CACHES = caches
