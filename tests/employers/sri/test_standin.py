"""Issue 30 (6): the stand-in SRI answers any well-formed RUC with a made-up active
taxpayer (the fixture RUCs keep their special answers), `sri_local --agregar` adds
one with the representative a person wants, and production never believes it."""

import json

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command

from clavepatronal.employers.checks import sri_address_is_loopback
from clavepatronal.employers.sri import SriClient, SriUnavailableReason
from clavepatronal.employers.sri.fictitious import DEMO_REPRESENTATIVE
from clavepatronal.employers.sri.standin import StandinServer, StandinSri

pytestmark = [pytest.mark.usefixtures("sri_settings"), pytest.mark.cache]

INVENTED_SOCIEDAD = "0992345678001"
INVENTED_PUBLICA = "1760123456001"
INVENTED_PERSONA = "0926687856001"


@pytest.fixture
def client(clock):
    return SriClient(clock=clock)


def test_an_invented_company_ruc_is_an_active_fictitious_sociedad(client):
    result = client.taxpayer_by_ruc(INVENTED_SOCIEDAD)
    assert result.is_found and result.is_active and result.is_sociedad
    assert not result.is_fantasma and not result.has_transacciones_inexistentes
    assert result.razon_social == (
        f"EMPRESA DEMOSTRACIÓN {INVENTED_SOCIEDAD} S.A. (FICTICIA)"
    )
    assert result.has_representative(DEMO_REPRESENTATIVE[0])
    assert not result.has_representative("1710034065")


def test_the_third_digit_says_the_kind_and_the_answer_never_changes(sri_standin):
    public = sri_standin.app.body(INVENTED_PUBLICA)
    assert json.loads(public)[0]["tipoContribuyente"] == "SOCIEDAD"
    assert "ENTIDAD PÚBLICA DEMOSTRACIÓN" in json.loads(public)[0]["razonSocial"]
    person = json.loads(sri_standin.app.body(INVENTED_PERSONA))[0]
    assert person["tipoContribuyente"] == "PERSONA NATURAL"
    # A natural person is their own representative.
    assert person["representantesLegales"] == [
        {"identificacion": "0926687856", "nombre": person["razonSocial"]}
    ]
    assert sri_standin.app.body(INVENTED_PUBLICA) == public
    assert StandinSri().body(INVENTED_PUBLICA) == public


def test_a_public_entity_and_a_natural_person_are_found(client):
    assert client.taxpayer_by_ruc(INVENTED_PUBLICA).is_entidad_publica
    assert client.taxpayer_by_ruc(INVENTED_PERSONA).is_persona_natural


@pytest.mark.parametrize(
    "ruc",
    [
        "1790011674000",  # establishment 000
        "1770011674001",  # third digit 7
        "1710034066001",  # a natural person's cédula with a wrong check digit
        "3590011674001",  # province 35
    ],
)
def test_a_ruc_that_is_not_well_formed_is_unknown(client, ruc):
    assert client.taxpayer_by_ruc(ruc).is_not_found


def test_every_answer_says_it_is_the_stand_in(sri_standin):
    import requests

    response = requests.get(SriClient().url(INVENTED_SOCIEDAD), timeout=5)
    assert response.headers["X-Sri-Ficticio"] == "1"


def test_outside_demo_settings_the_client_never_believes_the_stand_in(client, settings):
    settings.DEMO_DATA_ALLOWED = False
    result = client.taxpayer_by_ruc(INVENTED_SOCIEDAD)
    assert result.is_unavailable
    assert result.reason is SriUnavailableReason.MALFORMED


def test_sri_local_agregar_saves_a_taxpayer_with_the_chosen_representative(
    client, sri_fixtures, tmp_path, settings, capsys
):
    settings.VAR_DIR = tmp_path
    assert client.taxpayer_by_ruc(INVENTED_SOCIEDAD).is_found  # cached now
    call_command(
        "sri_local",
        agregar=INVENTED_SOCIEDAD,
        representante=["1710034065"],
        razon_social="Comercio de Prueba S.A.",
    )
    assert "El SRI de prueba en marcha ya lo responde" in capsys.readouterr().out
    with StandinServer(
        StandinSri(sri_fixtures, added_dir=tmp_path / "sri_local")
    ) as server:
        settings.SRI_BASE_URL = server.base_url
        result = SriClient().taxpayer_by_ruc(INVENTED_SOCIEDAD)
    assert not result.cached  # --agregar forgot the cached answer
    assert result.razon_social == "COMERCIO DE PRUEBA S.A."
    assert result.has_representative("1710034065")
    assert not result.has_representative(DEMO_REPRESENTATIVE[0])


@pytest.mark.parametrize(
    "options, message",
    [
        ({"agregar": INVENTED_PERSONA, "representante": ["1710034065"]}, "titular"),
        ({"agregar": INVENTED_SOCIEDAD, "representante": ["1710034066"]}, "dígito"),
        ({"agregar": "1770011674001"}, "tercer dígito"),
        ({"representante": ["1710034065"]}, "con --agregar"),
    ],
)
def test_sri_local_agregar_refuses_what_cannot_be(options, message, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    with pytest.raises(CommandError, match=message):
        call_command("sri_local", **options)
    assert not (tmp_path / "sri_local").exists()


@pytest.mark.parametrize(
    "url, loopback",
    [
        ("http://127.0.0.1:8001", True),
        ("http://localhost:8001", True),
        ("http://[::1]:8001", True),
        ("http://127.8.0.1", True),
        ("http://0.0.0.0:8001", True),
        ("https://srienlinea.sri.gob.ec", False),
        ("http://10.0.0.5:8080", False),
    ],
)
def test_the_stand_in_is_recognised_by_its_loopback_address(url, loopback):
    assert sri_address_is_loopback(url) is loopback


def test_the_system_check_refuses_the_stand_in_outside_demo_settings(settings):
    settings.SRI_BASE_URL = "http://127.0.0.1:8001"
    settings.DEMO_DATA_ALLOWED = True
    assert not [e for e in run_checks() if e.id == "employers.E001"]
    settings.DEMO_DATA_ALLOWED = False
    (error,) = [e for e in run_checks() if e.id == "employers.E001"]
    assert "sri_local" in error.msg and "srienlinea.sri.gob.ec" in error.hint
    settings.SRI_BASE_URL = "https://srienlinea.sri.gob.ec"
    assert not [e for e in run_checks() if e.id == "employers.E001"]
