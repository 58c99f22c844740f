"""Which address a request came from, when proxies may stand in front.

A proxy adds the address it saw to ``X-Forwarded-For``; anyone else can write that
header too. So it is believed only as far as the deployment names its proxies
(``TRUSTED_PROXIES``): from the right, each address that is a named proxy is skipped,
and the first one that is not is the client's. With no proxies named (the quick
start, or a server facing the internet) the header is ignored and the connection's
own address counts. The ASGI server must not rewrite the address itself (uvicorn runs
with ``--no-proxy-headers``), or the app would never see the connection's real peer.
"""

import ipaddress

from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.utils.decorators import sync_and_async_middleware

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_proxies(proxies: list[str]) -> tuple[Network, ...]:
    """The named proxies as networks; a malformed one raises ValueError naming it."""
    networks = []
    for proxy in proxies:
        try:
            networks.append(ipaddress.ip_network(proxy, strict=False))
        except ValueError:
            raise ValueError(f"{proxy!r} is not an IP address or network") from None
    return tuple(networks)


def _is_proxy(address: str, proxies: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(_host(address))
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def _host(hop: str) -> str:
    """An address as a proxy writes it, without a port: "1.2.3.4:5555", "[2001:db8::1]:443"."""
    hop = hop.strip()
    if hop.startswith("[") and "]" in hop:
        return hop[1 : hop.index("]")]
    if hop.count(":") == 1:
        return hop.split(":", 1)[0]
    return hop


def _counted(address: str) -> str:
    """The address limits count by: an IPv6 client by its /64, which one subscriber holds
    whole (counting each of its addresses apart would give anyone endless attempts)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def client_address(peer: str, forwarded_for: str, proxies: tuple[Network, ...]) -> str:
    """The client's address, given the connection's peer and the X-Forwarded-For header."""
    if not proxies or not _is_proxy(peer, proxies):
        return _counted(peer)
    hops = [_host(hop) for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_proxy(hop, proxies):
            try:
                return _counted(str(ipaddress.ip_address(hop)))
            except ValueError:
                # A proxy passed on garbage: trust nothing further left of it.
                return _counted(peer)
    return _counted(hops[0]) if hops else _counted(peer)


@sync_and_async_middleware
def client_address_middleware(get_response):
    """Put the client's address in REMOTE_ADDR for everything after it (the sign-in and
    password-reset limits read it there). First in MIDDLEWARE."""
    proxies = parse_proxies(settings.TRUSTED_PROXIES)

    def resolve(request):
        meta = request.META
        meta["REMOTE_ADDR"] = client_address(
            meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", ""), proxies
        )

    if iscoroutinefunction(get_response):

        async def middleware(request):
            resolve(request)
            return await get_response(request)

    else:

        def middleware(request):
            resolve(request)
            return get_response(request)

    return middleware
