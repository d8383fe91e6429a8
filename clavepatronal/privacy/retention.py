"""The retention table (LOPDP Art. 10 e, i): each kind of data, how long it is kept,
on what legal basis and what happens then. The notice (/privacidad/) prints it and
`manage.py depurar_datos` (privacy.purge) enforces it: one table, never retyped.

Periods come from settings (config/settings/privacy.py), read when asked, so an
operator's value and a test's override both reach the page and the job.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class RetentionAction(models.TextChoices):
    DELETE = "ELIMINAR", _("Se eliminan")
    ANONYMISE = "ANONIMIZAR", _("Se anonimizan")
    KEEP = "CONSERVAR", _("Se conservan")


class Unit(models.TextChoices):
    HOURS = "hours", _("horas")
    DAYS = "days", _("días")
    YEARS = "years", _("años")


BASIS_OBLIGATION = _(
    "Obligación legal y misión pública del IESS (LOPDP Art. 7; Ley de Seguridad Social)"
)
BASIS_MINIMISATION = _(
    "Minimización y plazo de conservación (LOPDP Art. 10, letras e e i): solo lo "
    "necesario, solo mientras hace falta"
)
BASIS_ARCHIVE = _(
    "Obligación legal de archivo de los documentos públicos (Ley del Sistema Nacional "
    "de Archivos) y LOPDP Art. 7"
)


@dataclass(frozen=True)
class RetentionRule:
    """One row of the table. `setting` names the period (None: at once)."""

    key: str
    data: str
    clock: str
    action: RetentionAction
    basis: str
    purposes: tuple[str, ...]
    setting: str | None = None
    unit: Unit = Unit.DAYS
    # Kept in the notice only: the job never touches these rows.
    enforced: bool = True

    @property
    def amount(self) -> int:
        return int(getattr(settings, self.setting)) if self.setting else 0

    @property
    def period(self) -> datetime.timedelta:
        if self.unit == Unit.YEARS:
            return datetime.timedelta(days=365 * self.amount)
        return datetime.timedelta(**{self.unit: self.amount})

    def cutoff(self, now: datetime.datetime) -> datetime.datetime:
        """Rows whose clock is before this are past their period."""
        return now - self.period

    @property
    def period_display(self) -> str:
        amount = self.amount
        if amount == 0:
            return str(_("de inmediato"))
        if self.unit == Unit.HOURS:
            return ngettext("%(n)d hora", "%(n)d horas", amount) % {"n": amount}
        if self.unit == Unit.YEARS:
            return ngettext("%(n)d año", "%(n)d años", amount) % {"n": amount}
        return ngettext("%(n)d día", "%(n)d días", amount) % {"n": amount}


RETENTION_TABLE: tuple[RetentionRule, ...] = (
    RetentionRule(
        key="codigos_verificacion",
        data=_("Códigos enviados por correo para verificar su dirección"),
        clock=_("desde que se envió el código"),
        action=RetentionAction.DELETE,
        basis=BASIS_MINIMISATION,
        purposes=("registro", "turnos", "portal"),
        setting="PRIVACY_RETENTION_CODES_HOURS",
        unit=Unit.HOURS,
    ),
    RetentionRule(
        key="borradores_registro",
        data=_("Borradores del registro de empleador no terminados"),
        clock=_("desde que venció el borrador"),
        action=RetentionAction.DELETE,
        basis=BASIS_MINIMISATION,
        purposes=("registro", "sri"),
        setting="PRIVACY_RETENTION_DRAFTS_HOURS",
        unit=Unit.HOURS,
    ),
    RetentionRule(
        key="borradores_tramite",
        data=_("Borradores de la Ventanilla virtual y los archivos que guardaron"),
        clock=_("desde que venció el borrador"),
        action=RetentionAction.DELETE,
        basis=BASIS_MINIMISATION,
        purposes=("ventanilla",),
        setting="PRIVACY_RETENTION_DRAFTS_HOURS",
        unit=Unit.HOURS,
    ),
    RetentionRule(
        key="archivos_rechazados",
        data=_(
            "Archivos rechazados por la verificación (formato, tamaño, firma): se "
            "revisan sin guardarlos"
        ),
        clock=_("al subirlos"),
        action=RetentionAction.DELETE,
        basis=BASIS_MINIMISATION,
        purposes=("ventanilla", "portal"),
        enforced=False,
    ),
    RetentionRule(
        key="escaneos_poder_rechazado",
        data=_(
            "Escaneo de un poder notarial rechazado (queda el registro del rechazo)"
        ),
        clock=_("desde el rechazo"),
        action=RetentionAction.ANONYMISE,
        basis=BASIS_MINIMISATION,
        purposes=("portal", "turnos"),
        setting="PRIVACY_RETENTION_REFUSED_DAYS",
    ),
    RetentionRule(
        key="restablecimientos_no_firmados",
        data=_(
            "Solicitudes de restablecimiento de clave no devueltas firmadas, con su PDF"
        ),
        clock=_("desde que venció la solicitud"),
        action=RetentionAction.DELETE,
        basis=BASIS_MINIMISATION,
        purposes=("portal",),
        setting="PRIVACY_RETENTION_RESETS_DAYS",
    ),
    RetentionRule(
        key="bloqueos_no_fui_yo",
        data=_("Bloqueos «No fui yo» (identificación y correo bloqueados)"),
        clock=_("desde que terminó el bloqueo"),
        action=RetentionAction.DELETE,
        basis=BASIS_MINIMISATION,
        purposes=("turnos",),
        setting="PRIVACY_RETENTION_BLOCKS_DAYS",
    ),
    RetentionRule(
        key="correos_enviados",
        data=_("Copias de los correos ya enviados"),
        clock=_("desde su envío"),
        action=RetentionAction.DELETE,
        basis=BASIS_MINIMISATION,
        purposes=("registro", "ventanilla", "turnos", "portal"),
        setting="PRIVACY_RETENTION_MAIL_DAYS",
    ),
    RetentionRule(
        key="turnos",
        data=_(
            "Turnos: nombres, identificación, correo y celular de quien reservó "
            "(quedan la agencia, el día y el estado, para estadística)"
        ),
        clock=_("desde el día del turno"),
        action=RetentionAction.ANONYMISE,
        basis=BASIS_OBLIGATION,
        purposes=("turnos",),
        setting="PRIVACY_RETENTION_TURNS_DAYS",
    ),
    RetentionRule(
        key="solicitudes_sorteo",
        data=_(
            "Solicitudes para los sorteos de turnos: los mismos datos personales "
            "(quedan la agencia, el día y el estado)"
        ),
        clock=_("desde el día solicitado"),
        action=RetentionAction.ANONYMISE,
        basis=BASIS_OBLIGATION,
        purposes=("turnos",),
        setting="PRIVACY_RETENTION_TURNS_DAYS",
    ),
    RetentionRule(
        key="lista_espera",
        data=_(
            "Lista de espera de turnos: nombres, identificación, correo y celular de "
            "quien se inscribió (quedan la agencia, el trámite, las preferencias y "
            "el estado)"
        ),
        clock=_("desde el último día que esperaba"),
        action=RetentionAction.ANONYMISE,
        basis=BASIS_OBLIGATION,
        purposes=("turnos",),
        setting="PRIVACY_RETENTION_TURNS_DAYS",
    ),
    RetentionRule(
        key="adjuntos_tramite",
        data=_("Archivos de los trámites terminados (aceptados o rechazados)"),
        clock=_("desde que se presentó el trámite"),
        action=RetentionAction.DELETE,
        basis=BASIS_ARCHIVE,
        purposes=("ventanilla",),
        setting="PRIVACY_RETENTION_ARCHIVE_YEARS",
        unit=Unit.YEARS,
    ),
    RetentionRule(
        key="solicitantes_tramite",
        data=_(
            "Datos de quien presentó un trámite terminado: nombres, identificación, "
            "correo, celular y mensaje (quedan el número, el tipo y el estado)"
        ),
        clock=_("desde que se presentó el trámite"),
        action=RetentionAction.ANONYMISE,
        basis=BASIS_ARCHIVE,
        purposes=("ventanilla",),
        setting="PRIVACY_RETENTION_ARCHIVE_YEARS",
        unit=Unit.YEARS,
    ),
    RetentionRule(
        key="documentos_generados",
        data=_(
            "Formularios generados (Solicitud, Acuerdo, actas) que ya no respaldan "
            "ningún registro vigente"
        ),
        clock=_("desde que se generaron"),
        action=RetentionAction.DELETE,
        basis=BASIS_ARCHIVE,
        purposes=("registro", "portal"),
        setting="PRIVACY_RETENTION_ARCHIVE_YEARS",
        unit=Unit.YEARS,
    ),
    RetentionRule(
        key="registros_empleador",
        data=_(
            "Registro del empleador y su representante legal, con la Solicitud y el "
            "Acuerdo, los datos del SRI, su cuenta del portal, las entregas de la "
            "clave (actas) y los poderes notariales sellados"
        ),
        clock=_("mientras el empleador esté registrado en el IESS"),
        action=RetentionAction.KEEP,
        basis=BASIS_OBLIGATION,
        purposes=("registro", "sri", "portal"),
        enforced=False,
    ),
    RetentionRule(
        key="solicitudes_derechos",
        data=_(
            "Solicitudes de derechos y nuestra respuesta (prueba de que se respondió "
            "a tiempo)"
        ),
        clock=_("desde la respuesta, como mínimo"),
        action=RetentionAction.KEEP,
        basis=BASIS_ARCHIVE,
        purposes=("derechos",),
        setting="PRIVACY_RETENTION_ARCHIVE_YEARS",
        unit=Unit.YEARS,
        enforced=False,
    ),
    RetentionRule(
        key="auditoria",
        data=_(
            "Registro de auditoría: quién hizo o consultó qué y cuándo (nunca se "
            "modifica)"
        ),
        clock=_("desde cada evento, como mínimo"),
        action=RetentionAction.KEEP,
        basis=BASIS_OBLIGATION,
        purposes=("auditoria",),
        setting="PRIVACY_RETENTION_AUDIT_YEARS",
        unit=Unit.YEARS,
        enforced=False,
    ),
)

RULES_BY_KEY = {rule.key: rule for rule in RETENTION_TABLE}


def retention_rules(*, purpose: str | None = None) -> list[RetentionRule]:
    """The table, or the rows about one purpose of the notice."""
    return [
        rule for rule in RETENTION_TABLE if purpose is None or purpose in rule.purposes
    ]
