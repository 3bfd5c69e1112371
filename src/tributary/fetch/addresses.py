"""Which IP addresses an untrusted URL may reach (pure: no DNS, no sockets).

A URL taken from feed content or from a redirect could point the fetcher at the machine it
runs on or at its private network (server-side request forgery). ``refusal_reason`` names
why an address is off limits, or returns None for a public address:

    unspecified   0.0.0.0, ::
    loopback      127.0.0.0/8, ::1
    link-local    169.254.0.0/16 (cloud metadata services live here), fe80::/10
    multicast     224.0.0.0/4, ff00::/8
    reserved      240.0.0.0/4 and the IETF-reserved IPv6 ranges
    private       10/8, 172.16/12, 192.168/16, fc00::/7 and the other IANA special registries
    non-global    anything else IANA does not mark as globally reachable (100.64.0.0/10 ...)

IPv6 addresses that carry an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, NAT64
``64:ff9b::/96`` of RFC 6052, 6to4 ``2002::/16`` of RFC 3056, Teredo of RFC 4380) are judged
by the IPv4 address inside, since that is where a connection ends up.
"""

from __future__ import annotations

import ipaddress

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052 well-known prefix


def refusal_reason(address: str) -> str | None:
    """Why ``address`` may not be fetched from an untrusted URL, or None when it is public.

    A string that is not an IP address at all is refused as "invalid": the caller resolved
    it, so anything else is a bug or a trick.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("%eth0")
    except ValueError:
        return "invalid"
    return _reason(_embedded_ipv4(ip) or ip)


def is_public(address: str) -> bool:
    """True when ``address`` is a globally reachable unicast address."""
    return refusal_reason(address) is None


def _embedded_ipv4(ip: Address) -> ipaddress.IPv4Address | None:
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # (server, client): the client is where traffic is delivered
    return None


def _reason(ip: Address) -> str | None:
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("non-global", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)
