"""The client's address, as far as it can be trusted (django-axes keys its lockouts on it).

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each proxy appends the address it received the
request from to ``X-Forwarded-For``; the client's address is therefore the N-th entry from the
right, and everything left of it is whatever the client sent (forgeable). With no trusted proxy
(the default, 0) the header is ignored and the connection's own address (``REMOTE_ADDR``)
counts. A request that passed fewer proxies than configured, or a malformed entry, falls back
to ``REMOTE_ADDR`` too, never to a client-chosen value.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
