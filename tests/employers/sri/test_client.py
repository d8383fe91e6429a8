"""The real HTTP client against the stand-in SRI on a free loopback port."""

import json

import pytest
from django.core.cache import cache

from clavepatronal.employers.sri import (
    SriClient,
    SriOutcome,
    SriUnavailableReason,
    sri_port,
)
from clavepatronal.employers.sri.standin import Rucs, StandinServer

from .network import closed_port, eventually

# The client keeps answers and its breaker in the shared cache (Redis in production).
pytestmark = [pytest.mark.usefixtures("sri_settings"), pytest.mark.cache]


@pytest.fixture
def client(clock):
    return SriClient(clock=clock)


# --- every outcome


def test_an_active_sociedad_is_found_with_its_two_representatives(client):
    result = client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    assert result.outcome is SriOutcome.FOUND
    assert result.is_active and result.is_sociedad
    assert result.razon_social == "COMERCIAL ANDINA S.A."
    assert result.has_representative("0926687856")
    assert result.has_representative("1714126511")
    assert not result.cached


def test_a_public_entity_and_a_natural_person_are_found(client):
    public = client.taxpayer_by_ruc(Rucs.ENTIDAD_PUBLICA)
    assert public.is_found and public.is_entidad_publica and public.is_active
    person = client.taxpayer_by_ruc(Rucs.PERSONA_NATURAL)
    assert person.is_found and person.is_persona_natural and person.is_active


@pytest.mark.parametrize(
    "ruc, check",
    [
        (Rucs.SUSPENDIDO, lambda r: r.estado == "SUSPENDIDO" and not r.is_active),
        (Rucs.PASIVO, lambda r: r.estado == "PASIVO" and not r.is_active),
        (Rucs.FANTASMA, lambda r: r.is_active and r.is_fantasma),
        (
            Rucs.TRANSACCIONES_INEXISTENTES,
            lambda r: r.is_active and r.has_transacciones_inexistentes,
        ),
    ],
)
def test_taxpayers_the_registration_refuses_are_found_as_they_are(client, ruc, check):
    result = client.taxpayer_by_ruc(ruc)
    assert result.outcome is SriOutcome.FOUND
    assert check(result)


def test_a_ruc_the_sri_does_not_know_is_not_found(client, sri_standin):
    result = client.taxpayer_by_ruc(Rucs.DESCONOCIDO)
    assert result.outcome is SriOutcome.NOT_FOUND
    assert result.taxpayer is None
    assert sri_standin.app.hits_for(Rucs.DESCONOCIDO) == 1


def test_a_500_is_unavailable_with_its_status(client):
    result = client.taxpayer_by_ruc(Rucs.ERROR_500)
    assert result.outcome is SriOutcome.UNAVAILABLE
    assert result.reason is SriUnavailableReason.HTTP_STATUS
    assert result.http_status == 500


def test_a_404_is_unavailable_not_an_unknown_ruc(sri_standin):
    """A wrong base URL answers 404 too; that must not refuse the employer."""
    client = SriClient(base_url=sri_standin.base_url + "/otra-ruta")
    result = client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    assert result.outcome is SriOutcome.UNAVAILABLE
    assert result.http_status == 404


def test_a_204_is_not_found():
    def no_content(environ, start_response):
        start_response("204 No Content", [])
        return [b""]

    with StandinServer(no_content) as server:
        result = SriClient(base_url=server.base_url).taxpayer_by_ruc(Rucs.DESCONOCIDO)
    assert result.outcome is SriOutcome.NOT_FOUND


def test_malformed_json_is_unavailable_not_a_crash(client):
    result = client.taxpayer_by_ruc(Rucs.MALFORMADO)
    assert result.outcome is SriOutcome.UNAVAILABLE
    assert result.reason is SriUnavailableReason.MALFORMED


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Request Rejected</body></html>",
        json.dumps({"numeroRuc": Rucs.DESCONOCIDO}).encode(),
        json.dumps([{"numeroRuc": Rucs.DESCONOCIDO, "razonSocial": "X"}]).encode(),
        json.dumps([{"numeroRuc": Rucs.SOCIEDAD_ACTIVA, "razonSocial": "X"}]).encode(),
    ],
)
def test_an_answer_of_the_wrong_shape_is_unavailable(client, sri_fixtures, body):
    (sri_fixtures / f"{Rucs.DESCONOCIDO}.json").write_bytes(body)
    result = client.taxpayer_by_ruc(Rucs.DESCONOCIDO)
    assert result.outcome is SriOutcome.UNAVAILABLE
    assert result.reason is SriUnavailableReason.MALFORMED


def test_a_ruc_that_is_not_13_digits_is_a_programming_error(client):
    with pytest.raises(ValueError):
        client.taxpayer_by_ruc("1790011674")


def test_sri_port_is_the_client_the_settings_describe(settings, sri_standin):
    port = sri_port()
    assert isinstance(port, SriClient)
    assert port.base_url == sri_standin.base_url
    assert port.timeout == (settings.SRI_CONNECT_TIMEOUT, settings.SRI_READ_TIMEOUT)
    assert port.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA).is_found


# --- timeout and retry


def test_a_slow_answer_times_out_and_is_not_retried(settings, sri_standin, clock):
    settings.SRI_READ_TIMEOUT = 0.2
    result = SriClient(clock=clock).taxpayer_by_ruc(Rucs.LENTO)
    assert result.outcome is SriOutcome.UNAVAILABLE
    assert result.reason is SriUnavailableReason.TIMEOUT
    # The server may see the request after the client gave up on it.
    assert eventually(lambda: sri_standin.app.hits_for(Rucs.LENTO) >= 1)
    assert sri_standin.app.hits_for(Rucs.LENTO) == 1


def test_a_closed_port_is_unavailable_after_the_retry():
    client = SriClient(base_url=f"http://127.0.0.1:{closed_port()}")
    result = client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    assert result.outcome is SriOutcome.UNAVAILABLE
    assert result.reason is SriUnavailableReason.CONNECTION


def test_a_dropped_connection_is_retried_once_and_the_retry_answers(
    client, sri_standin
):
    sri_standin.drop_next_connections(1)
    result = client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    assert result.outcome is SriOutcome.FOUND
    assert sri_standin.connections == 2


def test_two_dropped_connections_give_up_after_exactly_one_retry(client, sri_standin):
    sri_standin.drop_next_connections(5)
    result = client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    assert result.outcome is SriOutcome.UNAVAILABLE
    assert result.reason is SriUnavailableReason.CONNECTION
    assert sri_standin.connections == 2


# --- circuit breaker


def fail_times(client, count: int) -> None:
    for _ in range(count):
        assert client.taxpayer_by_ruc(Rucs.ERROR_500).is_unavailable


def test_the_breaker_opens_after_consecutive_failures(client, sri_standin):
    fail_times(client, 2)
    assert client.breaker.state() == "closed"
    fail_times(client, 1)
    assert client.breaker.state() == "open"
    result = client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    assert result.outcome is SriOutcome.UNAVAILABLE
    assert result.reason is SriUnavailableReason.BREAKER_OPEN
    assert sri_standin.app.hits_for(Rucs.SOCIEDAD_ACTIVA) == 0
    assert sri_standin.app.hits_for(Rucs.ERROR_500) == 3


def test_the_breaker_is_shared_by_every_worker_through_the_cache(clock, sri_standin):
    fail_times(SriClient(clock=clock), 3)
    other_worker = SriClient(clock=clock)
    result = other_worker.taxpayer_by_ruc(Rucs.PERSONA_NATURAL)
    assert result.reason is SriUnavailableReason.BREAKER_OPEN
    assert sri_standin.app.hits_for(Rucs.PERSONA_NATURAL) == 0


def test_a_success_resets_the_count_of_consecutive_failures(client):
    fail_times(client, 2)
    assert client.taxpayer_by_ruc(Rucs.DESCONOCIDO).is_not_found
    fail_times(client, 2)
    assert client.breaker.state() == "closed"


def test_after_the_cool_down_one_trial_closes_the_breaker(client, clock, sri_standin):
    fail_times(client, 3)
    clock.advance(59)
    assert client.breaker.state() == "open"
    clock.advance(2)
    assert client.breaker.state() == "half_open"
    result = client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    assert result.outcome is SriOutcome.FOUND
    assert client.breaker.state() == "closed"
    fail_times(client, 2)  # counted from zero again
    assert client.breaker.state() == "closed"


def test_a_failed_trial_opens_the_breaker_for_another_cool_down(client, clock):
    fail_times(client, 3)
    clock.advance(61)
    fail_times(client, 1)
    assert client.breaker.state() == "open"
    result = client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    assert result.reason is SriUnavailableReason.BREAKER_OPEN
    clock.advance(61)
    assert client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA).is_found


def test_half_open_lets_only_one_worker_try(clock):
    fail_times(SriClient(clock=clock), 3)
    clock.advance(61)
    first, second = SriClient(clock=clock), SriClient(clock=clock)
    assert first.breaker.allow() is True
    assert second.breaker.allow() is False


def test_timeouts_and_dropped_connections_count_as_failures(
    settings, clock, sri_standin
):
    settings.SRI_READ_TIMEOUT = 0.2
    client = SriClient(clock=clock)
    assert client.taxpayer_by_ruc(Rucs.LENTO).reason is SriUnavailableReason.TIMEOUT
    assert client.taxpayer_by_ruc(Rucs.MALFORMADO).is_unavailable
    sri_standin.drop_next_connections(2)
    client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    assert client.breaker.state() == "open"


# --- cache of answers


def test_a_second_lookup_is_answered_from_the_cache(client, sri_standin):
    first = client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    second = SriClient().taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    assert sri_standin.app.hits_for(Rucs.SOCIEDAD_ACTIVA) == 1
    assert not first.cached and second.cached
    assert second.taxpayer == first.taxpayer


def test_a_cached_answer_is_served_while_the_breaker_is_open(client, sri_standin):
    client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    fail_times(client, 3)
    assert client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA).is_found


def test_unknown_and_inactive_answers_are_kept_for_the_shorter_time(
    settings, client, sri_standin
):
    settings.SRI_CACHE_SECONDS_OTHER = 0  # "shorter" taken to nothing
    client = SriClient()
    for ruc in (Rucs.DESCONOCIDO, Rucs.SUSPENDIDO, Rucs.SOCIEDAD_ACTIVA):
        client.taxpayer_by_ruc(ruc)
        client.taxpayer_by_ruc(ruc)
    assert sri_standin.app.hits_for(Rucs.DESCONOCIDO) == 2
    assert sri_standin.app.hits_for(Rucs.SUSPENDIDO) == 2
    assert sri_standin.app.hits_for(Rucs.SOCIEDAD_ACTIVA) == 1


def test_an_unknown_ruc_is_cached_too(client, sri_standin):
    client.taxpayer_by_ruc(Rucs.DESCONOCIDO)
    result = client.taxpayer_by_ruc(Rucs.DESCONOCIDO)
    assert result.is_not_found and result.cached
    assert sri_standin.app.hits_for(Rucs.DESCONOCIDO) == 1


@pytest.mark.parametrize("ruc", [Rucs.ERROR_500, Rucs.MALFORMADO])
def test_failures_are_never_cached(client, sri_standin, ruc):
    client.taxpayer_by_ruc(ruc)
    client.taxpayer_by_ruc(ruc)
    assert sri_standin.app.hits_for(ruc) == 2


def test_forget_makes_the_next_lookup_ask_again(client, sri_standin):
    client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    client.forget(Rucs.SOCIEDAD_ACTIVA)
    assert not client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA).cached
    assert sri_standin.app.hits_for(Rucs.SOCIEDAD_ACTIVA) == 2


def test_an_unreadable_cache_entry_is_ignored(client, sri_standin):
    cache.set("sri:v1:ruc:" + Rucs.SOCIEDAD_ACTIVA, {"element": {"numeroRuc": 1}})
    assert client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA).is_found
    assert sri_standin.app.hits_for(Rucs.SOCIEDAD_ACTIVA) == 1


def test_a_connection_dropped_late_is_not_retried():
    """The SRI took the request and hung up after a while: asking again would make
    the person wait twice."""
    import socket
    import threading
    import time

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    accepted = []

    def hang_up_late():
        server.settimeout(5)
        try:
            while True:
                connection, _ = server.accept()
                accepted.append(connection)
                time.sleep(0.8)
                connection.close()
        except OSError:
            return

    thread = threading.Thread(target=hang_up_late, daemon=True)
    thread.start()
    try:
        client = SriClient(base_url=f"http://127.0.0.1:{server.getsockname()[1]}")
        result = client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA)
    finally:
        server.close()
        thread.join(timeout=5)
    assert result.reason is SriUnavailableReason.CONNECTION
    assert len(accepted) == 1


def test_a_person_waits_at_most_four_seconds_for_the_sri_by_default():
    from config.settings import sri

    assert sri.SRI_CONNECT_TIMEOUT + sri.SRI_READ_TIMEOUT <= 4.0
