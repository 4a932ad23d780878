"""Client addresses: the raw IP is kept a few days; a keyed hash stays for limits and bans."""

import functools
import ipaddress
import re

from django.conf import settings
from django.utils.crypto import salted_hmac

IP_HASH_SALT = "comments.ip-address"


def client_ip(request):
    """The client's address: REMOTE_ADDR, unless the site is configured to sit behind trusted
    proxies (TRUSTED_PROXY_COUNT or TRUSTED_PROXY_NETWORKS, see README "Behind a proxy").

    gunicorn's forwarded_allow_ips only decides whether it believes X-Forwarded-Proto; it never
    rewrites REMOTE_ADDR, which behind nginx is always the proxy. So the forwarded chain is read
    here, from the right, and only as far as trusted proxies wrote it: everything left of the
    first untrusted hop came from the client and may be made up. With no proxy configured the
    forwarded headers are ignored."""
    peer = _parse_address(request.META.get("REMOTE_ADDR", ""))
    count, networks = settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXY_NETWORKS
    if peer is None or not (count or networks):
        return str(peer) if peer else None
    hops = _forwarded_hops(request)
    if count:
        # The proxies each appended one hop; fewer hops than proxies means the request did not
        # come through them all, so only the peer's own address is known.
        return _normalized(hops[-count]) if len(hops) >= count else str(peer)
    trusted = _networks(tuple(networks))
    address = peer
    for hop in reversed(hops):
        if not any(address in network for network in trusted):
            break
        address = _parse_address(hop)
        if address is None:
            return None
    return str(address)


# gunicorn caps a header at 8,190 bytes; hops past this many are never reached in practice.
MAX_FORWARDED_HOPS = 32
FORWARDED_FOR = re.compile(r'(?:^|[;,\s])for=("?)([^;,"]*)\1', re.IGNORECASE)


def _forwarded_hops(request):
    """The forwarded chain, left (client) to right (nearest proxy), from the one header the
    proxies are configured to write (TRUSTED_PROXY_HEADER)."""
    if settings.TRUSTED_PROXY_HEADER.lower() == "forwarded":
        value = request.META.get("HTTP_FORWARDED", "")
        hops = [match[2] for match in FORWARDED_FOR.finditer(value)]
    else:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    return [hop.strip() for hop in hops[-MAX_FORWARDED_HOPS:] if hop.strip()]


def _parse_address(text):
    """An address from a header hop: bare, "[v6]:port", or "v4:port"; None if it is none."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _normalized(hop):
    address = _parse_address(hop)
    return str(address) if address else None


@functools.lru_cache(maxsize=8)
def _networks(networks):
    return [ipaddress.ip_network(network, strict=False) for network in networks]


def ip_hash(address):
    """A keyed hash of `address` (HMAC keyed from SECRET_KEY): not reversible by someone who
    reads the database without the key. Rotating SECRET_KEY resets hashed bans."""
    if not address:
        return ""
    return salted_hmac(IP_HASH_SALT, address).hexdigest()


def rate_limit_identity(address):
    """What a per-IP limit counts: the address, or for IPv6 its /64 network, since one
    subscriber usually holds a whole /64 and could otherwise rotate through it."""
    if not address:
        return ""
    ip = ipaddress.ip_address(address)
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))
