"""Which address a request comes from, for the login limit.

The immediate peer is the client, unless it is one of SANGKIEN_TRUSTED_PROXIES
(comma-separated addresses or networks, e.g. `127.0.0.1, 10.0.0.0/8`): then the
client is the right-most address of X-Forwarded-For that is not a trusted proxy.
Each trusted proxy appends the peer it saw, so everything left of that address
was written by the client and proves nothing. Unset: no proxy is trusted and
X-Forwarded-For is ignored.
"""

import os
from functools import cache
from ipaddress import IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

Network = IPv4Network | IPv6Network


def trusted_proxies() -> tuple[Network, ...]:
    """SANGKIEN_TRUSTED_PROXIES, parsed; ValueError naming a value that is neither
    an address nor a network."""
    return _networks(os.environ.get("SANGKIEN_TRUSTED_PROXIES", ""))


@cache
def _networks(raw: str) -> tuple[Network, ...]:
    networks = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        try:
            networks.append(ip_network(item, strict=False))
        except ValueError:
            raise ValueError(
                f"SANGKIEN_TRUSTED_PROXIES: {item!r} is neither an address nor a network"
            ) from None
    return tuple(networks)


def client_address(peer: str, forwarded_for: list[str]) -> str:
    """The client's address as the login limit counts it: `peer` (the connection's
    other end) or, behind trusted proxies, from the X-Forwarded-For headers."""
    networks = trusted_proxies()
    if not _trusted(peer, networks):
        return counted(peer)
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not _trusted(_host(hop), networks):
            return counted(_host(hop))
    # Every hop is a proxy of ours: the left-most is a machine inside, the client.
    return counted(_host(hops[0])) if hops else counted(peer)


def counted(address: str) -> str:
    """The form an address is counted under: IPv6 by its /64 (one subscriber's
    network, whose addresses cost nothing to change), IPv4-mapped as IPv4, text
    that is no address as it is (cut to the column's 64 characters)."""
    try:
        parsed = ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(parsed, IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    if isinstance(parsed, IPv6Address) and parsed.ipv4_mapped:
        parsed = parsed.ipv4_mapped
    return any(parsed in network for network in networks)


def _host(hop: str) -> str:
    """An X-Forwarded-For entry without its port, if a proxy wrote one
    (`203.0.113.7:41234`, `[2001:db8::1]:41234`)."""
    if hop.startswith("["):
        return hop[1:].split("]", 1)[0]
    if hop.count(":") == 1:
        return hop.split(":", 1)[0]
    return hop
