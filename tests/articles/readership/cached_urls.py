"""The site's URLs, plus the article page behind the reader page cache, as a CDN or a future
cache of article pages would serve it."""

from django.urls import include, path

from articles.caching import cache_for_readers
from articles.views import ArticleDetailView

urlpatterns = [
    path(
        "cached/<int:year>/<int:month>/<int:day>/<slug:slug>/",
        cache_for_readers(ArticleDetailView.as_view()),
    ),
    path("", include("newsapp.urls")),
]
