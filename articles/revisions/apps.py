from django.apps import AppConfig


class RevisionsConfig(AppConfig):
    name = "articles.revisions"
    label = "revisions"
    verbose_name = "Revisions"

    def ready(self):
        from .records import connect_signals

        connect_signals()
