"""Two workers (here: this test and a separate Python process) score with the same stored
model version."""

import json
import os
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from comments.classifier import store
from comments.classifier.services import comment_assess
from tests.factories import make_article, make_user

from .helpers import train

TEXT = "Cheap viagra without prescription, 100% guaranteed: https://bestdeal42.xyz/offer"
OTHER_WORKER = f"""
import json, django
django.setup()
from django.conf import settings
settings.COMMENTS_CLASSIFIER_MIN_DECISIONS = 10
from comments.classifier import store
from comments.classifier.services import comment_assess
assessment = comment_assess(text={TEXT!r})
print(json.dumps([store.current_model().version, assessment.spam_probability]))
"""


def _run_at_once(execute=True):
    return nullcontext()  # outside a test transaction, on_commit callbacks run at once


def database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_process_scores_with_the_same_model(tmp_path):
    moderator = make_user("moderator", group="Moderator")
    train(make_article(), moderator, _run_at_once)
    here = [store.current_model().version, comment_assess(text=TEXT).spam_probability]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsapp.settings",
        DATABASE_URL=database_url(),
        DEBUG="1",
        VAR_DIR=str(tmp_path / "var"),
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", OTHER_WORKER],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    there = json.loads(result.stdout.strip().splitlines()[-1])
    assert there[0] == here[0]
    assert there[1] == pytest.approx(here[1], abs=1e-12)
