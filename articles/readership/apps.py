from django.apps import AppConfig


class ReadershipConfig(AppConfig):
    name = "articles.readership"
    label = "readership"
    verbose_name = "Readership"
