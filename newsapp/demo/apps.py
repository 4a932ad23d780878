from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for `make run`: sections, articles, pictures and comment threads, written
    through both apps' services. It has no models; it composes `articles` and `comments`."""

    name = "newsapp.demo"
    label = "demo"
    verbose_name = "Demo content"
