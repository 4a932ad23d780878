from urllib.parse import urlsplit

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.conf import settings
from django.db.models.signals import post_migrate


def site_follows_site_url(*, using="default", apps=global_apps, **kwargs):
    """Make the Site (SITE_ID) carry SITE_URL's host and SITE_NAME after every migrate, so
    feeds, sitemaps and redirects name the address readers use, whichever machine and
    environment the database was made on. django.contrib.sites makes "example.com" first."""
    try:
        site_model = apps.get_model("sites", "Site")
    except LookupError:  # migrating backwards past the sites app
        return
    site_model.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.SITE_NAME[:50]},
    )
    # The running process may hold the old Site in django.contrib.sites' cache: replace it,
    # so this process's requests (a test run's) never look the Site up mid-request.
    from django.contrib.sites.models import Site

    Site.objects.clear_cache()
    if using == "default":
        Site.objects.get_current()


class NewsappConfig(AppConfig):
    name = "newsapp"

    def ready(self):
        # Sent for apps with models only (this one has none): after sites' own, which the
        # sites app connected first (it is earlier in INSTALLED_APPS) and which creates the
        # default Site.
        post_migrate.connect(site_follows_site_url, sender=global_apps.get_app_config("sites"))
