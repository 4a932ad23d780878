import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters live in the shared cache; start each test from zero."""
    cache.clear()
    yield
    cache.clear()
