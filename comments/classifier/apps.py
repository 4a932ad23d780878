from django.apps import AppConfig


class ClassifierConfig(AppConfig):
    name = "comments.classifier"
    label = "comments_classifier"
    verbose_name = "Spam classifier"
