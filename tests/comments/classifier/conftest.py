import pytest

from tests.factories import make_article, make_user


@pytest.fixture(autouse=True)
def few_decisions_needed(settings):
    settings.COMMENTS_CLASSIFIER_MIN_DECISIONS = 10


@pytest.fixture
def article(db):
    return make_article()


@pytest.fixture
def moderator(db):
    return make_user("moderator", group="Moderator")
