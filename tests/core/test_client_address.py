"""The client's address behind trusted proxies: the rightmost hop that is not a
trusted proxy, and never what a client that is not a proxy writes."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from clavepatronal.core.client_address import ClientAddressMiddleware, client_address

PROXIES = ("10.0.0.0/8", "127.0.0.1")


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        # No proxy: the peer is the client.
        ("200.10.1.1", "", "200.10.1.1"),
        # A client that is not a trusted proxy cannot name another address.
        ("200.10.1.1", "1.2.3.4", "200.10.1.1"),
        # Behind the balancer: the hop it appended.
        ("10.0.0.1", "200.10.1.1", "200.10.1.1"),
        # The client's own (forged) hops on the left are ignored.
        ("10.0.0.1", "6.6.6.6, 200.10.1.1", "200.10.1.1"),
        # Two trusted proxies in a row.
        ("10.0.0.1", "6.6.6.6, 200.10.1.1, 10.2.0.7", "200.10.1.1"),
        ("127.0.0.1", "200.10.1.1:4431", "200.10.1.1"),
        ("10.0.0.1", "[2800:bf0::1]:443", "2800:bf0::1"),
        # Garbage can only come from the client: the last trusted hop stands in.
        ("10.0.0.1", "no-es-una-ip", "10.0.0.1"),
        ("10.0.0.1", "200.10.1.1, basura, 10.0.0.9", "10.0.0.9"),
        ("10.0.0.1", "200.10.1.1, 10.0.0.9, basura", "10.0.0.1"),
        # Only proxies in the header: the leftmost of them.
        ("10.0.0.1", "10.0.0.5", "10.0.0.5"),
        # A proxy that sends no header is itself the client.
        ("10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_the_client_is_the_rightmost_untrusted_hop(peer, forwarded_for, expected):
    assert (
        client_address(peer=peer, forwarded_for=forwarded_for, proxies=PROXIES)
        == expected
    )


def test_without_trusted_proxies_the_header_is_never_read(settings):
    settings.TRUSTED_PROXIES = []
    seen = {}

    def view(request):
        seen["ip"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="200.10.1.1"
    )
    ClientAddressMiddleware(view)(request)
    assert seen["ip"] == "10.0.0.1"


def test_a_bad_trusted_proxy_setting_stops_the_server(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.TRUSTED_PROXIES = ["10.0.0.0/33"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        ClientAddressMiddleware(lambda request: HttpResponse())


def test_the_client_address_is_the_first_middleware():
    from django.conf import settings

    assert settings.MIDDLEWARE[0] == (
        "clavepatronal.core.client_address.ClientAddressMiddleware"
    )
