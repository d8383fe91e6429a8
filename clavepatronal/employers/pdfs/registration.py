"""The two documents Registro nuevo empleador produces, drawn with documents.pdf."""

from django.utils import timezone

from clavepatronal.documents.pdf import Signer, data_table, paragraph, render_pdf
from clavepatronal.identity.constants import IdentificationType

from ..constants import Sector
from ..models import Registration

ACUERDO_CLAUSES = [
    (
        "Primera. Objeto",
        "El IESS entrega al empleador una clave patronal personal e intransferible "
        "para ingresar al portal del empleador y realizar en línea los trámites de "
        "afiliación, avisos de entrada y salida, planillas y pagos de sus "
        "trabajadores. El empleador acepta las condiciones de este acuerdo.",
    ),
    (
        "Segunda. Uso responsable de la clave",
        "El empleador usará la clave solo para los fines del portal y en su propio "
        "nombre. Todo lo que se haga en el portal con la clave se considerará hecho "
        "por el empleador, que responde por ello.",
    ),
    (
        "Tercera. Confidencialidad",
        "La clave es secreta. El empleador no la comunicará a nadie que no esté "
        "autorizado por él, no la escribirá donde otros puedan verla y la cambiará "
        "si sospecha que otra persona la conoce. El personal del IESS nunca le "
        "pedirá su clave.",
    ),
    (
        "Cuarta. Aviso de cambios",
        "El empleador informará al IESS, en cuanto ocurra, todo cambio de "
        "representante legal, de correo electrónico, de teléfono o de dirección, "
        "y pedirá una nueva clave cuando cambie el representante legal.",
    ),
    (
        "Quinta. Aviso de uso indebido",
        "Si el empleador sabe o sospecha que alguien usó su clave sin permiso, lo "
        "informará de inmediato al IESS y cambiará la clave. Hasta ese aviso, "
        "responde por el uso de la clave.",
    ),
    (
        "Sexta. Protección de datos personales",
        "La información de los trabajadores y del empleador que se consulte o "
        "registre en el portal es confidencial. El empleador la usará solo para "
        "cumplir sus obligaciones con la seguridad social, conforme a la Ley "
        "Orgánica de Protección de Datos Personales, y no la entregará a terceros.",
    ),
    (
        "Séptima. Suspensión",
        "El IESS podrá suspender la clave si detecta un uso contrario a este "
        "acuerdo o a la ley, y lo comunicará al correo electrónico registrado.",
    ),
]


def _employer_rows(registration: Registration) -> list[tuple[str, str]]:
    id_label = "Cédula" if registration.sector == Sector.DOMESTICO else "RUC"
    rows = [
        ("Sector", Sector(registration.sector).label),
        (id_label, registration.employer_identification),
        ("Razón social o nombres", registration.business_name),
        ("Actividad principal", registration.main_activity),
        ("Provincia", str(registration.province)),
        ("Cantón", registration.canton),
        ("Dirección", registration.address),
        ("Teléfono", registration.phone_display),
        ("Correo electrónico (verificado)", registration.email),
    ]
    if registration.sector == Sector.ARTESANO:
        rows += [
            ("Número de calificación artesanal", registration.artisan_number),
            (
                "Vencimiento de la calificación",
                registration.artisan_expiry.strftime("%d/%m/%Y"),
            ),
        ]
    return rows


def _representative_rows(registration: Registration) -> list[tuple[str, str]]:
    return [
        ("Nombres y apellidos", registration.rep_names),
        (
            "Identificación",
            f"{IdentificationType(registration.rep_id_type).label}: "
            f"{registration.rep_identification}",
        ),
        ("Nacionalidad", registration.rep_nationality),
        ("Correo electrónico", registration.rep_email),
        ("Celular", registration.rep_mobile_display),
    ]


def _signer(registration: Registration) -> Signer:
    return Signer(
        role="Representante legal",
        name=registration.rep_names,
        identification=f"{IdentificationType(registration.rep_id_type).label}: "
        f"{registration.rep_identification}",
        lines=[
            f"{registration.business_name} ({registration.employer_identification})"
        ],
    )


def _verifiable(code_display: str, verification_url: str) -> dict:
    """Code on every page, QR and footer pointing to the public verification page."""
    return {
        "code_label": "Código del documento",
        "code_display": code_display,
        "qr_data": verification_url,
        "footer": f"Verifique este documento en {verification_url}",
    }


def _common_header(registration: Registration) -> list:
    return [
        paragraph(
            f"Número de registro: {registration.number}. Ciudad y fecha: "
            f"{registration.canton}, "
            f"{timezone.localdate():%d/%m/%Y}."
        ),
    ]


def solicitud_pdf(
    *, registration: Registration, code_display: str, verification_url: str
) -> bytes:
    body = [
        *_common_header(registration),
        paragraph("Señores Instituto Ecuatoriano de Seguridad Social:"),
        paragraph(
            f"Yo, {registration.rep_names}, con "
            f"{IdentificationType(registration.rep_id_type).label.lower()} "
            f"{registration.rep_identification}, en calidad de representante legal "
            f"de {registration.business_name}, solicito la entrega de la clave "
            "patronal de acceso al portal del IESS para el empleador cuyos datos "
            "constan a continuación, y declaro que la información es verdadera."
        ),
        paragraph("Datos del empleador", "heading"),
        data_table(_employer_rows(registration)),
        paragraph("Datos del representante legal", "heading"),
        data_table(_representative_rows(registration)),
        paragraph("Autorización de Retiro de Contraseña", "heading"),
    ]
    if registration.has_authorization:
        body += [
            paragraph(
                f"Autorizo a {registration.authorized_names}, con "
                f"{IdentificationType(registration.authorized_id_type).label.lower()}"
                f" {registration.authorized_identification}, a retirar en mi nombre "
                "la clave patronal en una agencia del IESS. La persona autorizada "
                "presentará el original de su documento de identidad."
            ),
            data_table(
                [
                    ("Nombres y apellidos", registration.authorized_names),
                    (
                        "Identificación",
                        f"{IdentificationType(registration.authorized_id_type).label}:"
                        f" {registration.authorized_identification}",
                    ),
                ]
            ),
        ]
    else:
        body.append(
            paragraph(
                "No se autoriza a otra persona: la clave la retira el representante "
                "legal o un apoderado con poder notarial."
            )
        )
    body.append(
        paragraph(
            "Este documento debe firmarse electrónicamente (trámite en la ventanilla "
            "virtual) o a mano (trámite presencial, con los documentos originales).",
            "small",
        )
    )
    return render_pdf(
        title="Solicitud de entrega de clave patronal",
        body=body,
        signer=_signer(registration),
        **_verifiable(code_display, verification_url),
    )


def acuerdo_pdf(
    *, registration: Registration, code_display: str, verification_url: str
) -> bytes:
    id_label = "cédula" if registration.sector == Sector.DOMESTICO else "RUC"
    body = [
        *_common_header(registration),
        paragraph(
            f"Comparecen, por una parte, el Instituto Ecuatoriano de Seguridad Social "
            f"(IESS) y, por otra, el empleador {registration.business_name}, con "
            f"{id_label} {registration.employer_identification}, representado por "
            f"{registration.rep_names}, con "
            f"{IdentificationType(registration.rep_id_type).label.lower()} "
            f"{registration.rep_identification}, quienes acuerdan lo siguiente:"
        ),
    ]
    for heading, text in ACUERDO_CLAUSES:
        body += [paragraph(heading, "heading"), paragraph(text)]
    body += [
        paragraph("Datos del empleador", "heading"),
        data_table(_employer_rows(registration)),
        paragraph("Datos del representante legal", "heading"),
        data_table(_representative_rows(registration)),
        paragraph(
            "Al firmar, el representante legal declara que leyó y acepta este acuerdo.",
        ),
    ]
    return render_pdf(
        title="Acuerdo de Responsabilidad y Uso de la Información",
        body=body,
        signer=_signer(registration),
        **_verifiable(code_display, verification_url),
    )
