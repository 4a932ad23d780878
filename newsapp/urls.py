import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from django.views.static import serve

from articles import editor
from articles.caching import cache_for_readers
from articles.sitemaps import NEWS_SECTION, sitemaps
from newsapp.views import robots_txt

# Sitemaps are reader pages: cached until an article changes (`p` is a part's page).
sitemap_part = require_safe(cache_for_readers(sitemap_views.sitemap, params=("p",)))
# Only the parts' names: /sitemap-news.xml would be the news sitemap under a second address.
SITEMAP_PARTS = "|".join(re.escape(name) for name in sitemaps if name != NEWS_SECTION)

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = f"{settings.SITE_NAME} newsroom"
admin.site.index_title = "Newsroom"
admin.site.site_url = "/"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    # markdownx's editor posts here (MARKDOWNX_URLS_PATH / MARKDOWNX_UPLOAD_URLS_PATH);
    # our views replace markdownx's, which accept anonymous uploads.
    path("editor/markdownify/", editor.MarkdownPreviewView.as_view(), name="markdownx_markdownify"),
    path("editor/upload/", editor.ImageUploadView.as_view(), name="markdownx_upload"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        require_safe(cache_for_readers(sitemap_views.index, params=())),
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.index",
    ),
    # Django's part template with the time in `lastmod`, not only the day: news changes hourly.
    re_path(
        rf"^sitemap-(?P<section>{SITEMAP_PARTS})\.xml$",
        sitemap_part,
        {"sitemaps": sitemaps, "template_name": "articles/sitemap.xml"},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # Listed in the index as the "news" part.
    path(
        "news-sitemap.xml",
        require_safe(cache_for_readers(sitemap_views.sitemap, params=())),
        {
            "sitemaps": sitemaps,
            "section": NEWS_SECTION,
            "template_name": "articles/news_sitemap.xml",
        },
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("comments/", include("comments.urls")),
    path("", include("articles.readership.urls")),
    path("", include("articles.publishing.urls")),
    path("", include("articles.newsletter.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^media/(?P<path>.*)$", require_safe(serve), {"document_root": settings.MEDIA_ROOT}
        ),
    ]

handler400 = "newsapp.views.bad_request"
