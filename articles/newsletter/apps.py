from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "articles.newsletter"
    label = "newsletter"
    verbose_name = "Newsletters"

    def ready(self):
        from articles.caching import invalidate_pages_on_change
        from articles.publishing import worker

        from . import sending
        from .models import NewsletterList

        # The subscribe form on cached pages lists the lists.
        invalidate_pages_on_change(NewsletterList)

        # The publishing worker also sends the newsletters: no second service, no cron.
        worker.register_round_task(sending.run_round)
