"""Body images: our own uploads render responsive; anything else stays as written."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from articles import body_images
from articles.markdown import render_markdown
from tests.factories import image_bytes, image_upload, make_article

UPLOAD = "/media/editor/2026/12/" + "c" * 32 + "-2000x1000.jpg"
STEM = "/media/renditions/editor/2026/12/" + "c" * 32 + "-2000x1000"
SIZES = "(min-width: 44rem) 42rem, 100vw"


def test_our_upload_becomes_a_lazy_picture_with_srcset_and_size():
    html = render_markdown(f'![A dry *river*]({UPLOAD} "At dusk")')
    assert html == (
        f'<p><picture><source type="image/webp" srcset="{STEM}/480w.webp 480w, '
        f'{STEM}/960w.webp 960w, {STEM}/1600w.webp 1600w" sizes="{SIZES}">'
        f'<img src="{STEM}/1600w.jpg" srcset="{STEM}/480w.jpg 480w, {STEM}/960w.jpg 960w, '
        f'{STEM}/1600w.jpg 1600w" sizes="{SIZES}" alt="A dry river" title="At dusk" '
        'width="1600" height="800" loading="lazy" decoding="async"></picture></p>\n'
    )


@pytest.mark.parametrize(
    "src",
    [
        "https://example.org/picture.jpg",
        "/media/editor/2026/12/older-upload.jpg",
        "/media/featured/2026/12/" + "c" * 32 + "-2000x1000.jpg",
        "/media/editor/2026/12/" + "c" * 32 + "-2000x1000.gif",
    ],
)
def test_other_images_stay_as_written(src):
    assert render_markdown(f"![Alt]({src})") == f'<p><img src="{src}" alt="Alt"></p>\n'


def test_alt_and_title_are_escaped():
    html = render_markdown(f'![<script>"x"]({UPLOAD} "a\\"b<i>")')
    assert "<script>" not in html and 'title="a&quot;b&lt;i&gt;"' in html


@pytest.mark.parametrize(
    "raw",
    [
        '<img src="/x.jpg" srcset="https://tracker.example/p.gif 1w">',
        f'<img src="/x.jpg" srcset="{STEM}/480w.jpg 480w, https://tracker.example/p.gif 2w">',
        '<img src="/x.jpg" sizes="1px" loading="eager" decoding="sync" onerror="alert(1)">',
        '<picture><source srcset="https://tracker.example/p.gif" type="text/html"></picture>',
    ],
)
def test_writers_raw_html_cannot_set_responsive_attributes_of_their_own(raw):
    html = render_markdown(raw)
    for refused in ("tracker", "sizes=", "loading=", "decoding=", "onerror", "text/html"):
        assert refused not in html


@pytest.mark.django_db
def test_uploaded_body_image_has_every_rendition_it_promises(admin_client, media_root):
    response = admin_client.post(
        reverse("markdownx_upload"), {"image": image_upload("JPEG", size=(1000, 500))}
    )
    code = response.json()["image_code"]
    article = make_article(body=f"Words.\n\n{code}\n")
    picture = body_images.body_image(code.split("(")[1].rstrip(")"))
    urls = [part.split(" ")[0] for part in (picture.webp_srcset + ", " + picture.fallback_srcset)
            .split(", ")]  # fmt: skip
    assert len(urls) == 6  # 480, 960, 1000 in WebP and JPEG
    for url in urls:
        assert url in article.body_html
        with default_storage.open(url.removeprefix("/media/"), "rb") as file:
            image = Image.open(file)
            assert image.width == int(url.rsplit("/", 1)[1].split("w.")[0])
            assert image.format == ("WEBP" if url.endswith(".webp") else "JPEG")
    assert 'width="1000" height="500"' in article.body_html


def test_a_failed_rendition_stores_the_upload_under_a_plain_name(monkeypatch, db, media_root):
    monkeypatch.setattr(
        body_images, "make_renditions", lambda *args, **kwargs: ({"error": "disk"}, set())
    )
    name = body_images.save_body_image(ContentFile(image_bytes(), name="d" * 32 + ".png"))
    assert name.endswith("/" + "d" * 32 + ".png")
    assert body_images.body_image(f"/media/{name}") is None
