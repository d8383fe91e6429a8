"""Fictitious taxpayers the stand-in SRI makes up for any well-formed RUC.

So a newcomer trying `make run` with an invented (or their own) RUC gets an answer:
an active taxpayer of the kind the RUC's third digit says (identity.validators),
every field derived from the RUC alone, so the same RUC always gets the same
answer, and named «… DEMOSTRACIÓN <RUC> (FICTICIA)» so nobody mistakes it for the
SRI's. A company or a public entity lists one legal representative,
`DEMO_REPRESENTATIVE` (`make run` prints it); a natural person is their own
representative. `sri_local --agregar` saves the same kind of taxpayer with the
representatives a person wants to try.
"""

from django.core.exceptions import ValidationError

from clavepatronal.identity.constants import RucKind
from clavepatronal.identity.validators import validate_ruc

from .result import TaxpayerType

# The demo's representative (the demo employer's, María José Vera Loor).
DEMO_REPRESENTATIVE = ("0926687856", "VERA LOOR MARIA JOSE")

_ACTIVITIES = (
    "VENTA AL POR MAYOR DE ALIMENTOS, BEBIDAS Y TABACO.",
    "ACTIVIDADES DE CONSULTORIA INFORMATICA.",
    "TRANSPORTE DE CARGA POR CARRETERA.",
    "CONSTRUCCION DE EDIFICIOS RESIDENCIALES.",
    "ELABORACION DE PRODUCTOS DE PANADERIA.",
    "ACTIVIDADES DE CONTABILIDAD Y AUDITORIA.",
)
_NAMES = {
    RucKind.PERSONA_NATURAL: "PERSONA DEMOSTRACIÓN {number} (FICTICIA)",
    RucKind.SOCIEDAD_PRIVADA: "EMPRESA DEMOSTRACIÓN {number} S.A. (FICTICIA)",
    RucKind.ENTIDAD_PUBLICA: "ENTIDAD PÚBLICA DEMOSTRACIÓN {number} (FICTICIA)",
}


def fictitious_element(
    ruc: str,
    *,
    representatives: list[tuple[str, str]] | None = None,
    razon_social: str = "",
) -> dict | None:
    """The SRI's JSON element for a made-up active taxpayer with this RUC, or None
    when the RUC is not well formed (the SRI knows no such RUC)."""
    try:
        number = validate_ruc(ruc)
    except ValidationError:
        return None
    natural = number.kind == RucKind.PERSONA_NATURAL
    name = razon_social or _NAMES[number.kind].format(
        number=number.number[:10] if natural else number.number
    )
    if natural:
        people = [(number.number[:10], name)]
    else:
        people = representatives or [DEMO_REPRESENTATIVE]
    digits = int(number.number[:10])
    started = f"{1990 + digits % 35}-{1 + digits % 12:02d}-{1 + digits % 28:02d}"
    return {
        "numeroRuc": number.number,
        "razonSocial": name,
        "estadoContribuyenteRuc": "ACTIVO",
        "actividadEconomicaPrincipal": _ACTIVITIES[digits % len(_ACTIVITIES)],
        "tipoContribuyente": (
            TaxpayerType.PERSONA_NATURAL if natural else TaxpayerType.SOCIEDAD
        ).value,
        "regimen": "RIMPE" if natural else "GENERAL",
        "categoria": "EMPRENDEDOR" if natural else None,
        "obligadoLlevarContabilidad": "NO" if natural else "SI",
        "agenteRetencion": "NO",
        "contribuyenteEspecial": "NO",
        "informacionFechasContribuyente": {
            "fechaInicioActividades": f"{started} 00:00:00.0",
            "fechaCese": "",
            "fechaReinicioActividades": "",
            "fechaActualizacion": f"{started} 00:00:00.0",
        },
        "representantesLegales": [
            {"identificacion": identification, "nombre": person}
            for identification, person in people
        ],
        "motivoCancelacionSuspension": None,
        "contribuyenteFantasma": "NO",
        "transaccionesInexistente": "NO",
    }
