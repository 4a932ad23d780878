from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe
from django.views.static import serve

from articles import editor
from articles.sitemaps import sitemaps

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
    path(
        "sitemap.xml",
        require_safe(cache_page(60 * 15)(sitemap_views.sitemap)),
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("comments/", include("comments.urls")),
    path("", include("articles.readership.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^media/(?P<path>.*)$", require_safe(serve), {"document_root": settings.MEDIA_ROOT}
        ),
    ]

handler400 = "newsapp.views.bad_request"
