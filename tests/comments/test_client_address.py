"""The client's address behind proxies: forwarded headers count only when trusted proxies wrote
them, and the address found is the one rate limits, bans, flags and stored IPs use."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from comments.models import BlocklistEntry, Comment, CommentFlag
from comments.privacy import client_ip, ip_hash
from tests.factories import form_data, make_article, make_comment

pytestmark = pytest.mark.django_db

BEHIND_NGINX = {"TRUSTED_PROXY_COUNT": 1}
PROXY_NETWORKS = {"TRUSTED_PROXY_NETWORKS": ["127.0.0.1", "10.0.0.0/8"]}


def address(rf, forwarded_for=None, *, peer="127.0.0.1", **headers):
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client_ip(rf.get("/", REMOTE_ADDR=peer, **headers))


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(rf):
    assert address(rf, "198.51.100.7", peer="203.0.113.1") == "203.0.113.1"
    assert address(rf, peer="203.0.113.1", HTTP_FORWARDED="for=198.51.100.7") == "203.0.113.1"
    assert address(rf, peer="garbage") is None


@override_settings(**BEHIND_NGINX)
def test_one_proxy_gives_the_address_it_saw_not_what_the_client_claimed(rf):
    assert address(rf, "198.51.100.7") == "198.51.100.7"
    # A client that sends its own header: nginx appends the real peer on the right.
    assert address(rf, "10.9.9.9, 6.6.6.6, 198.51.100.7") == "198.51.100.7"
    assert address(rf, "198.51.100.7:51234") == "198.51.100.7"
    assert address(rf, "[2001:db8::5]:443") == "2001:db8::5"
    # Reached without going through the proxy: only the peer is known.
    assert address(rf) == "127.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_proxies_count_two_hops_from_the_right(rf):
    assert address(rf, "6.6.6.6, 198.51.100.7, 10.0.0.2") == "198.51.100.7"
    assert address(rf, "198.51.100.7") == "127.0.0.1"


@override_settings(**PROXY_NETWORKS)
def test_trusted_networks_skip_only_their_own_hops(rf):
    assert address(rf, "6.6.6.6, 198.51.100.7, 10.1.2.3") == "198.51.100.7"
    assert address(rf, "198.51.100.7") == "198.51.100.7"
    # An untrusted peer's header is its own invention.
    assert address(rf, "198.51.100.7", peer="203.0.113.1") == "203.0.113.1"
    # A trusted peer with no header (a health check on the machine) is itself the client.
    assert address(rf) == "127.0.0.1"
    # A garbage hop written where a trusted proxy should have written an address.
    assert address(rf, "not-an-address, 10.1.2.3") is None


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXY_HEADER="Forwarded")
def test_the_standard_forwarded_header_when_the_proxy_writes_that(rf):
    forwarded = 'for=6.6.6.6;proto=https, for="[2001:db8:cafe::17]:4711"'
    assert address(rf, peer="127.0.0.1", HTTP_FORWARDED=forwarded) == "2001:db8:cafe::17"
    # The other header is then not read at all.
    assert address(rf, "198.51.100.7", HTTP_FORWARDED="for=192.0.2.60") == "192.0.2.60"


def test_bad_proxy_settings_stop_the_site_from_starting(tmp_path):
    from tests.newsapp.test_settings import run_python

    for environment in (
        {"TRUSTED_PROXY_COUNT": "1", "TRUSTED_PROXY_NETWORKS": "10.0.0.0/8"},
        {"TRUSTED_PROXY_NETWORKS": "10.0.0.0/33"},
        {"TRUSTED_PROXY_HEADER": "X-Real-IP"},
    ):
        result = run_python("import django; django.setup()", tmp_path, LOCAL_RUN="1", **environment)
        assert result.returncode != 0
        assert "TRUSTED_PROXY" in result.stderr


def via_proxy(client_address, claimed=None):
    """A browser behind nginx on this machine: nginx appends the address it saw."""
    chain = f"{claimed}, {client_address}" if claimed else client_address
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=chain)


@override_settings(
    **BEHIND_NGINX, COMMENTS_RATE_LIMIT_IP=(2, 600), COMMENTS_RATE_LIMIT_EMAIL=(100, 600)
)
def test_behind_the_proxy_each_reader_has_their_own_rate_limit_and_cannot_dodge_it():
    article = make_article()
    url = reverse("comments:post", args=[article.pk])
    for n in range(2):
        response = via_proxy("198.51.100.7").post(url, form_data(article, text=f"Point {n}"))
        assert response.status_code == 302
    dodge = via_proxy("198.51.100.7", claimed="192.0.2.99").post(
        url, form_data(article, text="A made-up header does not reset my limit")
    )
    assert dodge.status_code == 429
    neighbour = via_proxy("198.51.100.8").post(url, form_data(article, text="Someone else"))
    assert neighbour.status_code == 302
    stored = Comment.objects.filter(text="Someone else").get()
    assert stored.ip_address == "198.51.100.8"
    assert stored.ip_hash == ip_hash("198.51.100.8")


@override_settings(**BEHIND_NGINX, COMMENTS_MODERATION="post")
def test_behind_the_proxy_a_ban_bans_one_reader_not_everyone():
    article = make_article()
    BlocklistEntry.objects.create(
        kind=BlocklistEntry.Kind.IP, value="198.51.100.7", action=BlocklistEntry.Action.REJECT
    )
    url = reverse("comments:post", args=[article.pk])
    banned = via_proxy("198.51.100.7").post(url, form_data(article, text="Banned reader"))
    assert banned.status_code != 302
    other = via_proxy("198.51.100.8").post(url, form_data(article, text="Another reader"))
    assert other.status_code == 302
    assert list(Comment.objects.values_list("text", flat=True)) == ["Another reader"]


@override_settings(**BEHIND_NGINX, COMMENTS_FLAGS_TO_HIDE=3)
def test_behind_the_proxy_flags_count_readers_and_a_slash_64_is_one_reader():
    comment = make_comment(make_article())
    url = reverse("comments:flag", args=[comment.pk])
    for reader in ["198.51.100.1", "2001:db8:1:2::1", "2001:db8:1:2::ffff"]:
        via_proxy(reader).post(url, {"reason": "abuse"})
    comment.refresh_from_db()
    assert CommentFlag.objects.count() == 2
    assert (comment.status, comment.flag_count) == ("approved", 2)
    via_proxy("198.51.100.2").post(url, {"reason": "abuse"})
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == ("pending", 3)
