"""Demo threads for `make run`: a few comments on most articles, one long contested thread, and
a moderation queue with pending, flagged and spam comments, each with its reason."""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from articles.models import Article
from comments.models import BlocklistEntry, Comment, Commenter, CommentFlag
from comments.moderation import commenter_refresh_history
from comments.privacy import ip_hash
from comments.services import comment_import
from newsapp.demo.data.comments import CLOSERS, FEATURED_TEXT, NAMES, OPENERS, POINTS, REPLIES

CONTESTED_TOP_LEVEL = 110
SEED = 20261124


class Command(BaseCommand):
    help = (
        "Add demo comment threads: a few comments on most published articles, a long contested "
        "thread, and a moderation queue with reasons. Does nothing if comments already exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be added.")

    def say(self, message, level=1):
        if self.verbosity >= level:
            self.stdout.write(message)

    def handle(self, *args, dry_run=False, **options):
        self.verbosity = options["verbosity"]
        self.random = random.Random(SEED)
        self.thread_latest = {}  # thread id -> time of its latest comment
        if Comment.objects.exists():
            self.say("Comments already exist; no demo comments added.")
            return
        articles = list(
            Article.objects.published()
            .annotate(tag_count=Count("tags"))
            .order_by("-first_published_at", "-pk")
        )
        if not articles:
            self.say("No published articles; run demo_content first.")
            return
        contested = self.pick_contested(articles)
        others = [article for article in articles if article.pk != contested.pk]
        light = others[: max(1, len(others) * 3 // 4)] if others else []
        if dry_run:
            self.say(
                f"Would add a long thread to “{contested}”, a few comments on {len(light)} "
                "other article(s), a moderation queue and two blocklist entries."
            )
            return
        with transaction.atomic():
            count = self.contested_thread(contested)
            for article in light:
                count += self.light_thread(article)
            count += self.moderation_queue(contested, light[:3] or [contested])
            self.blocklist()
            for email in set(Comment.objects.values_list("email", flat=True)):
                commenter_refresh_history(email=email)
            confirmed = Commenter.objects.filter(approved_count__gt=0).order_by("email")
            confirmed.filter(pk__in=list(confirmed.values_list("pk", flat=True)[::2])).update(
                confirmed_at=timezone.now()
            )
        self.say(
            f"Added {count} demo comments; the long thread is on “{contested}” "
            f"({contested.get_absolute_url()})."
        )

    def pick_contested(self, articles):
        """The newest lead story, else the article with the most tags."""
        leads = [article for article in articles if article.is_lead]
        if leads:
            return leads[0]
        return max(articles, key=lambda article: (article.tag_count, article.first_published_at))

    def person(self):
        name = self.random.choice(NAMES)
        slug = name.lower().replace(" ", ".").replace("é", "e")
        return name, f"{slug}@example.net"

    def text(self):
        parts = [self.random.choice(OPENERS), self.random.choice(POINTS) + "."]
        closer = self.random.choice(CLOSERS)
        text = " ".join(parts)
        if closer:
            text += "\n\n" + closer
        return text

    def moment(self, article, after=None):
        """A time after `after` (or publication) and no later than now."""
        now = timezone.now()
        start = after or article.first_published_at
        span = max((now - start).total_seconds(), 60)
        return min(start + timedelta(seconds=self.random.uniform(0.05, 0.6) * span), now)

    def add(self, article, *, parent=None, text=None, status=Comment.Status.APPROVED, **fields):
        name, email = self.person()
        fields.setdefault("ip_hash", ip_hash(f"192.0.2.{self.random.randint(1, 254)}"))
        if "created_at" not in fields:
            # As in real posting, a reply comes after everything already in its thread, so
            # "Oldest first" shows the thread in time order.
            after = self.thread_latest[parent.thread_id] if parent else None
            fields["created_at"] = self.moment(article, after)
        comment = comment_import(
            article=article,
            parent=parent,
            name=fields.pop("name", name),
            email=fields.pop("email", email),
            text=text or self.text(),
            status=status,
            **fields,
        )
        latest = self.thread_latest.get(comment.thread_id, comment.created_at)
        self.thread_latest[comment.thread_id] = max(latest, comment.created_at)
        return comment

    def contested_thread(self, article):
        count = 0
        start = article.first_published_at
        tops = []
        for n in range(CONTESTED_TOP_LEVEL):
            at = start + timedelta(
                seconds=(timezone.now() - start).total_seconds()
                * (n + 1)
                / (CONTESTED_TOP_LEVEL + 2)
            )
            tops.append(self.add(article, created_at=at))
            count += 1
        for top in tops:
            for _ in range(self.random.choice([0, 0, 1, 1, 2, 3])):
                reply = self.add(article, parent=top, text=self.random.choice(REPLIES))
                count += 1
                if self.random.random() < 0.4:
                    deeper = self.add(article, parent=reply, text=self.random.choice(REPLIES))
                    count += 1
                    if self.random.random() < 0.3:
                        self.add(article, parent=deeper, text=self.random.choice(REPLIES))
                        count += 1
        picked = self.add(
            article, text=FEATURED_TEXT, is_featured=True, created_at=tops[2].created_at
        )
        self.add(article, parent=picked, text="This is the most useful comment in the thread.")
        # A removed comment whose replies stay readable under a placeholder.
        removed = self.add(
            article,
            text="Everyone who disagrees with me here is an idiot and a paid shill.",
            created_at=tops[4].created_at,
        )
        self.add(article, parent=removed, text="No need for insults; make the argument instead.")
        Comment.objects.filter(pk=removed.pk).update(
            status=Comment.Status.REMOVED,
            removal_reason=Comment.RemovalReason.ABUSE,
            moderated_at=timezone.now(),
        )
        return count + 4

    def light_thread(self, article):
        count = 0
        for _ in range(self.random.randint(1, 4)):
            top = self.add(article)
            count += 1
            if self.random.random() < 0.6:
                self.add(article, parent=top, text=self.random.choice(REPLIES))
                count += 1
        return count

    def moderation_queue(self, contested, articles):
        pending = Comment.Status.PENDING
        first = "First comment from this commenter (pre-moderation)."
        held = [
            (contested, "Long-time reader, first comment: the interview with the mayor was the "
             "best part of this coverage.", pending, first),
            (articles[0], "Where can I read the full text of the agreement mentioned here?",
             pending, first),
            (articles[-1], "Sources: https://example.org/report-1 https://example.org/report-2 "
             "https://example.org/report-3", pending, "Contains 3 links (limit 2)."),
            (contested, "You should all read my blog about this instead.", pending,
             "Posted 1 s after the form was served (people take at least 3 s)."),
            (contested, "Cheap casino bonus, visit now!!!", Comment.Status.SPAM,
             "Blocklist: contains the blocked phrase “casino”."),
            (articles[0], "Great article, check my profile for great deals", Comment.Status.SPAM,
             "Filled in the hidden field that only bots see."),
            (contested, "Buy followers cheap at followers dot example", Comment.Status.SPAM,
             "Filled in the hidden field that only bots see."),
        ]  # fmt: skip
        newcomers = iter(
            [("Noor Haddad", "noor.haddad@example.net"), ("Lukas Brandt", "l.brandt@example.net")]
        )
        for article, text, status, reason in held:
            person = {}
            if reason == first:  # a first comment needs a commenter with no history
                person = dict(zip(("name", "email"), next(newcomers), strict=True))
            self.add(article, text=text, status=status, held_reason=reason, **person)
        flagged = [
            "The reporter obviously has an agenda and should be fired.",
            "I know where that official lives and so should everyone else.",
        ]
        for text in flagged:
            comment = self.add(
                contested,
                text=text,
                status=pending,
                flag_count=3,
                held_reason="Hidden after 3 reader flags.",
            )
            for n, reason in enumerate(["abuse", "personal_information", "other"]):
                CommentFlag.objects.create(
                    comment=comment, reason=reason, ip_hash=ip_hash(f"198.51.100.{n + 1}")
                )
        return len(held) + len(flagged)

    def blocklist(self):
        BlocklistEntry.objects.get_or_create(
            kind=BlocklistEntry.Kind.WORD,
            value="casino",
            defaults={"action": BlocklistEntry.Action.HOLD, "note": "Demo entry"},
        )
        BlocklistEntry.objects.get_or_create(
            kind=BlocklistEntry.Kind.DOMAIN,
            value="spam.example",
            defaults={"action": BlocklistEntry.Action.REJECT, "note": "Demo entry"},
        )
