"""Media in S3-compatible object storage (AWS S3, MinIO, Ceph, Garage...) through
django-storages, when `MEDIA_S3_BUCKET` is set (see settings.py and README "Deployment").

Media are public (featured images, photos, editor uploads), so their addresses are plain and
cacheable, never signed: `public_url` is where readers fetch them (a CDN, the bucket's own
address, or the front nginx's `/media/` proxied to the bucket) and `url()` is simply that plus
the name, the same on every app server, which is what `MEDIA_URL` is set to.
"""

from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PublicMediaStorage(S3Storage):
    def __init__(self, *, public_url, **options):
        if not public_url.endswith("/"):
            raise ValueError("public_url must end with a slash")
        self.public_url = public_url
        super().__init__(**options)

    def url(self, name, parameters=None, expire=None, http_method=None):
        return self.public_url + filepath_to_uri(self._normalize_name(clean_name(name)))
