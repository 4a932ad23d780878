from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds, views
from .caching import cache_for_readers

app_name = "articles"

urlpatterns = [
    path("", cache_for_readers(views.HomeView.as_view()), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", require_safe(cache_for_readers(feeds.LatestArticlesFeed())), name="feed"),
    path("section/<slug:slug>/", cache_for_readers(views.SectionView.as_view()), name="section"),
    path(
        "section/<slug:slug>/feed/",
        require_safe(cache_for_readers(feeds.SectionFeed())),
        name="section-feed",
    ),
    path("tag/<slug:slug>/", cache_for_readers(views.TagView.as_view()), name="tag"),
    path("author/<slug:slug>/", cache_for_readers(views.AuthorView.as_view()), name="author"),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("<int:year>/", cache_for_readers(views.ArchiveYearView.as_view()), name="archive-year"),
    path(
        "<int:year>/<int:month>/",
        cache_for_readers(views.ArchiveMonthView.as_view()),
        name="archive-month",
    ),
    path(
        "<int:year>/<int:month>/<int:day>/",
        cache_for_readers(views.ArchiveDayView.as_view()),
        name="archive-day",
    ),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
]
