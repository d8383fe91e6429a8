"""Reading the SRI's answer: the typed result and its helpers, without a network."""

import copy
import datetime
import json

import pytest

from clavepatronal.employers.sri import (
    SriOutcome,
    SriResult,
    SriUnavailableReason,
    TaxpayerType,
)
from clavepatronal.employers.sri.result import (
    MalformedAnswer,
    answer_element,
    element_result,
)
from clavepatronal.employers.sri.standin import FIXTURES_DIR, Rucs
from clavepatronal.identity.validators import validate_ruc


def fixture_element(ruc: str) -> dict:
    return json.loads((FIXTURES_DIR / f"{ruc}.json").read_text())[0]


def found(ruc: str, **changes) -> SriResult:
    element = fixture_element(ruc)
    element.update(changes)
    return element_result(ruc, element)


def test_every_stand_in_ruc_passes_the_project_ruc_validation():
    rucs = [value for name, value in vars(Rucs).items() if not name.startswith("_")]
    assert len(rucs) == 11
    for ruc in rucs:
        assert validate_ruc(ruc).number == ruc


def test_every_fixture_file_but_the_broken_one_reads_as_found():
    for path in FIXTURES_DIR.glob("*.json"):
        ruc = path.stem
        if ruc == Rucs.MALFORMADO:
            with pytest.raises(MalformedAnswer):
                answer_element(ruc, path.read_bytes())
        else:
            assert found(ruc).outcome is SriOutcome.FOUND, ruc


def test_an_active_sociedad_reads_into_typed_fields():
    result = found(Rucs.SOCIEDAD_ACTIVA)
    taxpayer = result.taxpayer
    assert taxpayer.numero_ruc == Rucs.SOCIEDAD_ACTIVA
    assert taxpayer.razon_social == "COMERCIAL ANDINA S.A."
    assert taxpayer.estado == "ACTIVO"
    assert taxpayer.tipo_contribuyente is TaxpayerType.SOCIEDAD
    assert taxpayer.obligado_llevar_contabilidad is True
    assert taxpayer.agente_retencion is True
    assert taxpayer.contribuyente_fantasma is False
    assert taxpayer.fecha_inicio_actividades == datetime.date(1998, 6, 1)
    assert taxpayer.fecha_cese is None
    assert taxpayer.fecha_actualizacion == datetime.date(2025, 11, 3)
    assert taxpayer.categoria == ""
    assert [p.identificacion for p in taxpayer.representantes_legales] == [
        "0926687856",
        "1714126511",
    ]
    assert result.is_active and result.is_sociedad and not result.is_persona_natural
    assert result.razon_social == "COMERCIAL ANDINA S.A."
    assert not result.is_entidad_publica


def test_the_result_is_frozen():
    result = found(Rucs.SOCIEDAD_ACTIVA)
    with pytest.raises(AttributeError):
        result.taxpayer.estado = "SUSPENDIDO"


def test_a_natural_person_has_no_representatives():
    result = found(Rucs.PERSONA_NATURAL)
    assert result.tipo is TaxpayerType.PERSONA_NATURAL
    assert result.taxpayer.representantes_legales == ()
    assert not result.has_representative("1710034065")


def test_a_public_entity_is_known_by_the_third_digit_6():
    assert found(Rucs.ENTIDAD_PUBLICA).is_entidad_publica


@pytest.mark.parametrize(
    "ruc, estado, fantasma, inexistentes",
    [
        (Rucs.SUSPENDIDO, "SUSPENDIDO", False, False),
        (Rucs.PASIVO, "PASIVO", False, False),
        (Rucs.FANTASMA, "ACTIVO", True, False),
        (Rucs.TRANSACCIONES_INEXISTENTES, "ACTIVO", False, True),
    ],
)
def test_the_states_and_marks_the_registration_refuses(
    ruc, estado, fantasma, inexistentes
):
    result = found(ruc)
    assert result.estado == estado
    assert result.is_active is (estado == "ACTIVO")
    assert result.is_fantasma is fantasma
    assert result.has_transacciones_inexistentes is inexistentes


@pytest.mark.parametrize(
    "typed", ["0926687856", " 0926-687856 ", "0926687856001", "1714126511"]
)
def test_a_representative_matches_by_identification_as_typed(typed):
    assert found(Rucs.SOCIEDAD_ACTIVA).has_representative(typed)


@pytest.mark.parametrize("typed", ["1710034065", "", "092668785", "AB123456"])
def test_someone_else_is_not_a_representative(typed):
    assert not found(Rucs.SOCIEDAD_ACTIVA).has_representative(typed)


def test_results_without_a_taxpayer_answer_no_to_every_question():
    for result in (
        SriResult(outcome=SriOutcome.NOT_FOUND, ruc=Rucs.DESCONOCIDO),
        SriResult(
            outcome=SriOutcome.UNAVAILABLE,
            ruc=Rucs.LENTO,
            reason=SriUnavailableReason.TIMEOUT,
        ),
    ):
        assert not result.is_active
        assert not result.is_fantasma
        assert not result.has_transacciones_inexistentes
        assert result.tipo is None
        assert result.razon_social == ""
        assert not result.is_entidad_publica
        assert not result.has_representative("0926687856")


def test_the_audit_summary_keeps_the_verdict_and_no_names():
    summary = found(Rucs.SOCIEDAD_ACTIVA).audit_summary()
    assert summary == {
        "ruc": Rucs.SOCIEDAD_ACTIVA,
        "outcome": "found",
        "cached": False,
        "estado": "ACTIVO",
        "tipo": "SOCIEDAD",
        "fantasma": False,
        "transacciones_inexistentes": False,
        "representatives": 2,
    }
    json.dumps(summary)  # fits an audit event's JSON field
    unavailable = SriResult(
        outcome=SriOutcome.UNAVAILABLE,
        ruc=Rucs.ERROR_500,
        reason=SriUnavailableReason.HTTP_STATUS,
        http_status=500,
    )
    assert unavailable.audit_summary() == {
        "ruc": Rucs.ERROR_500,
        "outcome": "unavailable",
        "cached": False,
        "reason": "http_status",
        "http_status": 500,
    }


def test_missing_optional_fields_read_as_empty():
    element = {
        "numeroRuc": Rucs.SOCIEDAD_ACTIVA,
        "razonSocial": "COMERCIAL ANDINA S.A.",
        "estadoContribuyenteRuc": "activo",
        "tipoContribuyente": "SOCIEDAD",
    }
    result = element_result(Rucs.SOCIEDAD_ACTIVA, element)
    assert result.is_active
    assert result.taxpayer.representantes_legales == ()
    assert result.taxpayer.fecha_inicio_actividades is None


def test_a_date_in_an_unknown_format_reads_as_none():
    element = fixture_element(Rucs.SOCIEDAD_ACTIVA)
    element["informacionFechasContribuyente"]["fechaInicioActividades"] = "01/06/1998"
    result = element_result(Rucs.SOCIEDAD_ACTIVA, element)
    assert result.is_found
    assert result.taxpayer.fecha_inicio_actividades is None


def _set(path: str, value):
    def change(element: dict) -> None:
        *parents, key = path.split(".")
        target = element
        for parent in parents:
            target = target[int(parent)] if parent.isdigit() else target[parent]
        target[key] = value

    return change


@pytest.mark.parametrize(
    "change",
    [
        _set("razonSocial", ""),
        _set("razonSocial", None),
        _set("estadoContribuyenteRuc", 1),
        _set("tipoContribuyente", "FIDEICOMISO"),
        _set("contribuyenteFantasma", "TAL VEZ"),
        _set("transaccionesInexistente", 0),
        _set("representantesLegales", "0926687856"),
        _set("representantesLegales", ["0926687856"]),
        _set("representantesLegales.0.identificacion", None),
        _set("informacionFechasContribuyente", "1998-06-01"),
        _set("regimen", {"nombre": "GENERAL"}),
    ],
)
def test_an_element_of_the_wrong_shape_is_not_verified(change):
    element = copy.deepcopy(fixture_element(Rucs.SOCIEDAD_ACTIVA))
    change(element)
    result = element_result(Rucs.SOCIEDAD_ACTIVA, element)
    assert result.outcome is SriOutcome.UNAVAILABLE
    assert result.reason is SriUnavailableReason.MALFORMED
    assert result.taxpayer is None


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Request Rejected</body></html>",
        b'{"numeroRuc": "1790011674001"}',
        b"[1, 2]",
        b'[{"numeroRuc": "1795363374001", "razonSocial": "OTRO"}]',
        b"\xff\xfa[]",
    ],
)
def test_a_body_of_the_wrong_shape_is_malformed(body):
    with pytest.raises(MalformedAnswer):
        answer_element(Rucs.SOCIEDAD_ACTIVA, body)


@pytest.mark.parametrize("body", [b"[]", b"", b"  \n"])
def test_an_empty_answer_means_the_sri_does_not_know_the_ruc(body):
    assert answer_element(Rucs.DESCONOCIDO, body) is None
