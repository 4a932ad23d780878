from django.urls import path

from . import feeds, views
from .caching import cache_for_readers
from .feeds import feed_view
from .redirects import WORDPRESS_QUERY_KEYS

app_name = "articles"
# What the article page reads from its query string: the thread's page and sort, the reply.
ARTICLE_PARAMS = ("cpage", "csort", "reply")

urlpatterns = [
    path(
        "",
        # Old WordPress addresses (/?p=123) are answered by the home page: see redirects.py.
        cache_for_readers(params=("page", *WORDPRESS_QUERY_KEYS))(views.HomeView.as_view()),
        name="home",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("section/<slug:slug>/", cache_for_readers(views.SectionView.as_view()), name="section"),
    path("tag/<slug:slug>/", cache_for_readers(views.TagView.as_view()), name="tag"),
    path("author/<slug:slug>/", cache_for_readers(views.AuthorView.as_view()), name="author"),
    # Feeds: RSS 2.0 at .../feed/, Atom 1.0 at .../feed/atom/.
    path("feed/", feed_view(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", feed_view(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path("section/<slug:slug>/feed/", feed_view(feeds.SectionFeed()), name="section-feed"),
    path(
        "section/<slug:slug>/feed/atom/",
        feed_view(feeds.SectionAtomFeed()),
        name="section-feed-atom",
    ),
    path("tag/<slug:slug>/feed/", feed_view(feeds.TagFeed()), name="tag-feed"),
    path("tag/<slug:slug>/feed/atom/", feed_view(feeds.TagAtomFeed()), name="tag-feed-atom"),
    path("author/<slug:slug>/feed/", feed_view(feeds.AuthorFeed()), name="author-feed"),
    path(
        "author/<slug:slug>/feed/atom/",
        feed_view(feeds.AuthorAtomFeed()),
        name="author-feed-atom",
    ),
    path("corrections/", cache_for_readers(views.CorrectionListView.as_view()), name="corrections"),
    path("corrections/feed/", feed_view(feeds.CorrectionsFeed()), name="corrections-feed"),
    path(
        "corrections/feed/atom/",
        feed_view(feeds.CorrectionsAtomFeed()),
        name="corrections-feed-atom",
    ),
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
        cache_for_readers(views.ArticleDetailView.as_view(), params=ARTICLE_PARAMS),
        name="detail",
    ),
]
