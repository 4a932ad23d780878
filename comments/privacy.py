"""Client addresses: the raw IP is kept a few days; a keyed hash stays for limits and bans."""

import ipaddress

from django.utils.crypto import salted_hmac

IP_HASH_SALT = "comments.ip-address"


def client_ip(request):
    """The client's address. Behind the proxy, gunicorn (forwarded_allow_ips) has already put
    the real client into REMOTE_ADDR; a raw X-Forwarded-For header is never trusted here."""
    address = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


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
