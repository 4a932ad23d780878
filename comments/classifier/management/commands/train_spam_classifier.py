import sys

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from comments.classifier.models import TrainingExample
from comments.classifier.services import examples_from_history, model_reset, model_retrain
from comments.conf import conf


class Command(BaseCommand):
    help = (
        "Retrain the spam classifier from every moderator decision (approve, spam, removed as "
        "spam, ban), including decisions taken before it was installed, and store it for every "
        "worker. With --reset, forget everything it learned instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the model and the recorded decisions: it abstains until moderators "
            f"have decided {conf.CLASSIFIER_MIN_DECISIONS} comments of each kind again.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, reset, dry_run, **options):
        verbosity = options["verbosity"]
        with transaction.atomic():
            if reset:
                forgotten = model_reset()
                summary = f"Forgot the model and {forgotten} recorded decision(s)."
            else:
                added = examples_from_history()
                bar = None
                if verbosity >= 1 and sys.stderr.isatty() and not dry_run:
                    bar = tqdm(total=TrainingExample.objects.count(), unit="decision")
                spam, legitimate = model_retrain(progress=bar.update if bar else None)
                if bar:
                    bar.close()
                summary = (
                    f"Trained on {spam} spam and {legitimate} legitimate decision(s) "
                    f"({added} taken before the classifier, added now)."
                )
                needed = conf.CLASSIFIER_MIN_DECISIONS
                if min(spam, legitimate) < needed:
                    summary += f" It abstains until it has {needed} of each."
            if dry_run:
                transaction.set_rollback(True)
                summary = f"Dry run, nothing stored. {summary}"
        if verbosity >= 1:
            self.stdout.write(summary)
