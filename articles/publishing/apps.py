from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "articles.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        from . import destinations

        destinations.register_builtin()
