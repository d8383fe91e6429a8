"""HTTP metrics by route name, and /metricas/ only to the allowed networks."""

import re

import pytest
from django.test import Client

from .metrics_fixtures import sample

pytestmark = pytest.mark.django_db


def requests(route, method="GET", status="200"):
    return sample(
        "clavepatronal_http_requests_total", route=route, method=method, status=status
    )


def test_requests_are_labelled_by_route_name_never_the_path(client):
    home = requests("core:home")
    timed = sample(
        "clavepatronal_http_request_duration_seconds_count",
        route="core:home",
        method="GET",
    )
    db_timed = sample("clavepatronal_http_db_seconds_count", route="core:home")
    cache_timed = sample("clavepatronal_http_cache_seconds_count", route="core:home")
    assert client.get("/").status_code == 200
    assert requests("core:home") == home + 1
    assert (
        sample(
            "clavepatronal_http_request_duration_seconds_count",
            route="core:home",
            method="GET",
        )
        == timed + 1
    )
    assert sample("clavepatronal_http_db_seconds_count", route="core:home") == (
        db_timed + 1
    )
    assert sample("clavepatronal_http_cache_seconds_count", route="core:home") == (
        cache_timed + 1
    )


def test_a_path_without_a_route_is_unmatched(client):
    before = requests("unmatched", status="404")
    assert client.get("/no-existe/1790011674001/").status_code == 404
    assert requests("unmatched", status="404") == before + 1
    body = Client().get("/metricas/").content.decode()
    assert "1790011674001" not in body and "no-existe" not in body


@pytest.mark.cache
def test_database_and_cache_time_are_measured_while_a_request_is_timed(client):
    from django.core.cache import cache

    from clavepatronal.appointments.models import Agency
    from clavepatronal.observability.timing import cache_timing_install, request_timed

    cache_timing_install()
    with request_timed() as times:
        Agency.objects.count()
        cache.get_or_set("metrics-probe", 1)
    assert times.db > 0 and times.cache > 0
    assert times.cache_depth == 0  # get_or_set's inner calls counted once
    outside = times.cache
    cache.get("metrics-probe")  # no request being timed: nothing added
    assert times.cache == outside


def test_metrics_answer_loopback_in_prometheus_format():
    response = Client().get("/metricas/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    body = response.content.decode()
    assert re.search(r"^clavepatronal_outbox_pending \d", body, re.M)
    assert "# TYPE clavepatronal_http_requests_total counter" in body


@pytest.mark.parametrize("address", ["203.0.113.7", "10.1.2.3", "::ffff:8.8.8.8"])
def test_metrics_are_forbidden_outside_the_allowed_networks(address):
    response = Client(REMOTE_ADDR=address).get("/metricas/")
    assert response.status_code == 403
    assert b"clavepatronal_" not in response.content


def test_the_allowed_networks_come_from_the_setting(settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert Client(REMOTE_ADDR="10.20.3.4").get("/metricas/").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metricas/").status_code == 403


def test_a_forwarded_address_counts_only_through_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    # The balancer (trusted) says the client is outside: refused.
    outside = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert outside.get("/metricas/").status_code == 403
    # A stranger claiming to be loopback is not believed.
    spoof = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert spoof.get("/metricas/").status_code == 403
    # The trusted balancer relaying a loopback scrape: allowed.
    relayed = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert relayed.get("/metricas/").status_code == 200


def test_metrics_refuse_other_methods():
    assert Client().post("/metricas/").status_code in (403, 405)
