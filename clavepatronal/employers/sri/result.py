"""What the SRI says about a RUC, as typed values.

The SRI's public taxpayer service answers a JSON array of taxpayers. The client
(client.py) turns its body into an `SriResult`; anything it cannot read with
certainty is an `UNAVAILABLE` result ("not verified"), never an exception: a
registration must be able to go on when the SRI answers something we do not
understand.
"""

import datetime
import enum
import json
from dataclasses import dataclass, field, replace

from clavepatronal.identity.validators import identification_compact


class SriOutcome(enum.StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    # The SRI did not say: timeout, breaker open, error status, connection error or
    # an answer we cannot read. The RUC is "not verified", neither good nor bad.
    UNAVAILABLE = "unavailable"


class SriUnavailableReason(enum.StrEnum):
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    BREAKER_OPEN = "breaker_open"
    HTTP_STATUS = "http_status"
    MALFORMED = "malformed"


class TaxpayerType(enum.StrEnum):
    """`tipoContribuyente` as the SRI spells it."""

    PERSONA_NATURAL = "PERSONA NATURAL"
    SOCIEDAD = "SOCIEDAD"


class MalformedAnswer(ValueError):
    """The body is not the shape the SRI's service answers with."""


@dataclass(frozen=True)
class LegalRepresentative:
    identificacion: str
    nombre: str


@dataclass(frozen=True)
class Taxpayer:
    numero_ruc: str
    razon_social: str
    # estadoContribuyenteRuc, upper-cased: ACTIVO, SUSPENDIDO, PASIVO.
    estado: str
    tipo_contribuyente: TaxpayerType
    actividad_economica_principal: str
    regimen: str
    categoria: str
    obligado_llevar_contabilidad: bool
    agente_retencion: bool
    contribuyente_especial: bool
    fecha_inicio_actividades: datetime.date | None
    fecha_cese: datetime.date | None
    fecha_reinicio_actividades: datetime.date | None
    fecha_actualizacion: datetime.date | None
    representantes_legales: tuple[LegalRepresentative, ...]
    motivo_cancelacion_suspension: str
    contribuyente_fantasma: bool
    transacciones_inexistentes: bool


@dataclass(frozen=True)
class SriResult:
    outcome: SriOutcome
    ruc: str
    taxpayer: Taxpayer | None = None
    reason: SriUnavailableReason | None = None
    # The status of an unexpected HTTP answer (reason HTTP_STATUS).
    http_status: int | None = None
    # True when the answer came from the shared cache, not from the SRI just now.
    cached: bool = False
    # The SRI's element as it arrived (FOUND only): what `to_json` keeps, so a
    # result stored in a session is read again by the same parser.
    element: dict | None = field(default=None, compare=False, repr=False)

    @property
    def is_found(self) -> bool:
        return self.outcome is SriOutcome.FOUND

    @property
    def is_not_found(self) -> bool:
        return self.outcome is SriOutcome.NOT_FOUND

    @property
    def is_unavailable(self) -> bool:
        return self.outcome is SriOutcome.UNAVAILABLE

    @property
    def estado(self) -> str:
        """The SRI's status word (ACTIVO, SUSPENDIDO, PASIVO), or "" if not found."""
        return self.taxpayer.estado if self.taxpayer else ""

    @property
    def is_active(self) -> bool:
        return self.estado == "ACTIVO"

    @property
    def is_fantasma(self) -> bool:
        return bool(self.taxpayer and self.taxpayer.contribuyente_fantasma)

    @property
    def has_transacciones_inexistentes(self) -> bool:
        return bool(self.taxpayer and self.taxpayer.transacciones_inexistentes)

    @property
    def tipo(self) -> TaxpayerType | None:
        return self.taxpayer.tipo_contribuyente if self.taxpayer else None

    @property
    def is_persona_natural(self) -> bool:
        return self.tipo is TaxpayerType.PERSONA_NATURAL

    @property
    def is_sociedad(self) -> bool:
        return self.tipo is TaxpayerType.SOCIEDAD

    @property
    def is_entidad_publica(self) -> bool:
        """A public entity: the SRI gives them RUCs whose third digit is 6."""
        return self.is_found and self.ruc[2] == "6"

    @property
    def razon_social(self) -> str:
        return self.taxpayer.razon_social if self.taxpayer else ""

    def has_representative(self, identification: str) -> bool:
        """Whether `identification` (as typed) is among the legal representatives.

        A natural person's RUC is the cédula followed by 001, so either form
        matches the other.
        """
        if not self.taxpayer:
            return False
        wanted = _person_key(identification)
        return bool(wanted) and any(
            _person_key(person.identificacion) == wanted
            for person in self.taxpayer.representantes_legales
        )

    def audit_summary(self) -> dict:
        """What an audit event keeps of the lookup: the verdict, never the answer
        (no names, no activity, no dates)."""
        summary: dict = {
            "ruc": self.ruc,
            "outcome": self.outcome.value,
            "cached": self.cached,
        }
        if self.reason is not None:
            summary["reason"] = self.reason.value
        if self.http_status is not None:
            summary["http_status"] = self.http_status
        if self.taxpayer is not None:
            summary.update(
                estado=self.taxpayer.estado,
                tipo=self.taxpayer.tipo_contribuyente.value,
                fantasma=self.taxpayer.contribuyente_fantasma,
                transacciones_inexistentes=self.taxpayer.transacciones_inexistentes,
                representatives=len(self.taxpayer.representantes_legales),
            )
        return summary

    def to_json(self) -> dict:
        """The result as JSON-ready data (for a session); `from_json` reads it."""
        return {
            "outcome": self.outcome.value,
            "ruc": self.ruc,
            "reason": self.reason.value if self.reason else None,
            "http_status": self.http_status,
            "cached": self.cached,
            "element": self.element,
        }

    @classmethod
    def from_json(cls, data: dict) -> "SriResult":
        outcome = SriOutcome(data["outcome"])
        ruc = data["ruc"]
        if outcome is SriOutcome.FOUND:
            result = element_result(ruc, data["element"])
        elif outcome is SriOutcome.NOT_FOUND:
            result = cls(outcome=outcome, ruc=ruc)
        else:
            result = unavailable(
                ruc,
                SriUnavailableReason(data["reason"]),
                http_status=data.get("http_status"),
            )
        return replace(result, cached=bool(data.get("cached")))


def _person_key(identification: str) -> str:
    number = identification_compact(identification)
    if len(number) == 13 and number.isdigit() and number.endswith("001"):
        return number[:10]
    return number


def unavailable(
    ruc: str, reason: SriUnavailableReason, *, http_status: int | None = None
) -> SriResult:
    return SriResult(
        outcome=SriOutcome.UNAVAILABLE, ruc=ruc, reason=reason, http_status=http_status
    )


def answer_element(ruc: str, body: bytes) -> dict | None:
    """The JSON element for `ruc` in a body, None when the SRI does not know it."""
    if not body.strip():
        return None
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise MalformedAnswer("not JSON") from error
    if not isinstance(data, list):
        raise MalformedAnswer("not an array")
    if not data:
        return None
    for element in data:
        if isinstance(element, dict) and element.get("numeroRuc") == ruc:
            return element
    raise MalformedAnswer("no element for the RUC asked")


def element_result(ruc: str, element: dict) -> SriResult:
    """FOUND with the typed taxpayer, or UNAVAILABLE (MALFORMED) if it is unreadable."""
    try:
        taxpayer = taxpayer_from_json(element)
    except MalformedAnswer:
        return unavailable(ruc, SriUnavailableReason.MALFORMED)
    return SriResult(
        outcome=SriOutcome.FOUND, ruc=ruc, taxpayer=taxpayer, element=element
    )


def taxpayer_from_json(element: object) -> Taxpayer:
    """One element of the answer as a `Taxpayer`.

    Required: numeroRuc, razonSocial, estadoContribuyenteRuc and a known
    tipoContribuyente. Other fields may be missing or null (read as empty); a field
    of the wrong type makes the whole answer malformed. Dates in a format we do not
    know are read as None: they inform, they decide nothing.
    """
    if not isinstance(element, dict):
        raise MalformedAnswer("element is not an object")
    tipo = _text(element, "tipoContribuyente", required=True).upper()
    try:
        tipo_contribuyente = TaxpayerType(tipo)
    except ValueError as error:
        raise MalformedAnswer("unknown tipoContribuyente") from error
    fechas = element.get("informacionFechasContribuyente") or {}
    if not isinstance(fechas, dict):
        raise MalformedAnswer("informacionFechasContribuyente is not an object")
    return Taxpayer(
        numero_ruc=_text(element, "numeroRuc", required=True),
        razon_social=_text(element, "razonSocial", required=True),
        estado=_text(element, "estadoContribuyenteRuc", required=True).upper(),
        tipo_contribuyente=tipo_contribuyente,
        actividad_economica_principal=_text(element, "actividadEconomicaPrincipal"),
        regimen=_text(element, "regimen"),
        categoria=_text(element, "categoria"),
        obligado_llevar_contabilidad=_flag(element, "obligadoLlevarContabilidad"),
        agente_retencion=_flag(element, "agenteRetencion"),
        contribuyente_especial=_flag(element, "contribuyenteEspecial"),
        fecha_inicio_actividades=_date(fechas, "fechaInicioActividades"),
        fecha_cese=_date(fechas, "fechaCese"),
        fecha_reinicio_actividades=_date(fechas, "fechaReinicioActividades"),
        fecha_actualizacion=_date(fechas, "fechaActualizacion"),
        representantes_legales=_representatives(element),
        motivo_cancelacion_suspension=_text(element, "motivoCancelacionSuspension"),
        contribuyente_fantasma=_flag(element, "contribuyenteFantasma"),
        transacciones_inexistentes=_flag(element, "transaccionesInexistente"),
    )


def _text(data: dict, key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise MalformedAnswer(f"{key} is not text")
    value = value.strip()
    if required and not value:
        raise MalformedAnswer(f"{key} is missing")
    return value


_FLAGS = {"SI": True, "SÍ": True, "S": True, "NO": False, "N": False, "": False}


def _flag(data: dict, key: str) -> bool:
    """The SRI's SI/NO (null or missing read as NO)."""
    value = data.get(key)
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if not isinstance(value, str) or value.strip().upper() not in _FLAGS:
        raise MalformedAnswer(f"{key} is not SI or NO")
    return _FLAGS[value.strip().upper()]


def _date(data: dict, key: str) -> datetime.date | None:
    """ "2005-03-22 00:00:00.0" → date(2005, 3, 22); empty or unknown → None."""
    value = data.get(key)
    if not isinstance(value, str) or len(value.strip()) < 10:
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _representatives(element: dict) -> tuple[LegalRepresentative, ...]:
    people = element.get("representantesLegales")
    if people is None:
        return ()
    if not isinstance(people, list):
        raise MalformedAnswer("representantesLegales is not an array")
    result = []
    for person in people:
        if not isinstance(person, dict):
            raise MalformedAnswer("a legal representative is not an object")
        result.append(
            LegalRepresentative(
                identificacion=_text(person, "identificacion", required=True),
                nombre=_text(person, "nombre"),
            )
        )
    return tuple(result)
