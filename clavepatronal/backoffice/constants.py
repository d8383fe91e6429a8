from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The staff roles, kept as Django groups (the value is the group's name)."""

    SERVIDOR = "Servidor de atención", _("Servidor de atención")
    DELEGADO = "Delegado jurídico", _("Delegado jurídico")
    ADMINISTRADOR = "Administrador", _("Administrador")
    DPO = "Delegado de protección de datos", _("Delegado de protección de datos")
    # The institute's phone line: books turns for callers in every province.
    TELEFONO = "Atención telefónica", _("Atención telefónica")


# Permissions (StaffProfile.Meta) by role; a role is exactly these.
REVIEW = "backoffice.review_tramites"
DESK = "backoffice.serve_desk"
STAMP = "employers.stamp_powerofattorney"
AUDIT = "backoffice.view_audit"
REPORTS = "backoffice.view_reports"
ALL_PROVINCES = "backoffice.all_provinces"
RIGHTS = "privacy.handle_rightsrequest"
RIGHTS_DEADLINES = "privacy.monitor_rightsrequest"
BREACHES = "privacy.manage_breachincident"
# Turno asistido: book a turn (or file a draw application) for a person.
ASSISTED = "backoffice.book_assisted"
ASSISTED_REPORT = "backoffice.view_assisted"

ROLE_PERMISSIONS = {
    Role.SERVIDOR: [REVIEW, DESK, ASSISTED],
    Role.DELEGADO: [STAMP],
    Role.ADMINISTRADOR: [REVIEW, DESK, STAMP, AUDIT, REPORTS, ALL_PROVINCES]
    + [RIGHTS_DEADLINES, BREACHES, ASSISTED_REPORT],
    # National: rights requests and breaches, every province's employers.
    Role.DPO: [RIGHTS, RIGHTS_DEADLINES, BREACHES, ALL_PROVINCES],
    # National: callers from any province, at any agency.
    Role.TELEFONO: [ASSISTED, ALL_PROVINCES],
}


class DeskRequirement(models.TextChoices):
    """The seed's in-person requirements, checked physically at the desk."""

    CONFIRMACION = (
        "confirmacion",
        _("Confirmación del Turno en Línea (impresa o en el celular)"),
    )
    RUC = "ruc", _("Registro Único de Contribuyentes (RUC)")
    SOLICITUD = (
        "solicitud",
        _("Solicitud de entrega de clave, firmada a mano por el representante legal"),
    )
    CEDULA = "cedula", _("Cédula original vigente del representante legal")
    ACUERDO = (
        "acuerdo",
        _(
            "Acuerdo de Responsabilidad y Uso de la Información, firmado a mano por el "
            "representante legal"
        ),
    )
    EXTRANJERO = (
        "extranjero",
        _(
            "Documento del representante legal extranjero: código de identificación "
            "IESS (copia simple), visa original vigente o pasaporte original vigente"
        ),
    )
    ARTESANO = "artesano", _("Calificación artesanal (copia simple)")


# Where the staff login keeps the user between the password and the code.
LOGIN_SESSION_KEY = "backoffice_login"
# Minutes the password step stays good for entering the code.
LOGIN_CODE_MINUTES = 5
