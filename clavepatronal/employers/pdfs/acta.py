"""Acta de entrega de clave patronal: the in-person delivery slip with the one-time
activation code. The printed copy carries the code; the stored copy does not."""

from datetime import datetime

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from clavepatronal.documents.codes import code_grouped
from clavepatronal.documents.pdf import (
    MARGIN,
    PAGE_WIDTH,
    data_table,
    numbered_list,
    paragraph,
    render_pdf,
)
from clavepatronal.identity.constants import IdentificationType

from ..constants import RecipientRole, Sector
from ..models import PowerOfAttorney, Registration

CODE_WITHHELD = "Se imprime solo en la copia entregada"


def _code_box(code: str | None) -> Table:
    text = code_grouped(code) if code else CODE_WITHHELD
    box = Table(
        [
            [paragraph("Código de activación (sirve una sola vez)", "label")],
            [paragraph(text, "title" if code else "cell")],
        ],
        colWidths=[PAGE_WIDTH - 2 * MARGIN],
    )
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f1f1")),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ]
        )
    )
    return box


def _signature_lines(rows: list[tuple[str, str, str]]) -> KeepTogether:
    """Handwritten signature lines side by side: (role, name, identification)."""
    width = (PAGE_WIDTH - 2 * MARGIN) / len(rows)
    columns = []
    for role, name, identification in rows:
        column = Table(
            [
                [paragraph("", "cell")],
                [paragraph(role, "label")],
                [paragraph(name, "cell")],
                [paragraph(identification, "cell")],
            ],
            colWidths=[width - 8 * mm],
            rowHeights=[16 * mm, None, None, None],
        )
        column.setStyle(TableStyle([("LINEBELOW", (0, 0), (0, 0), 0.8, colors.black)]))
        columns.append(column)
    return KeepTogether(
        [Spacer(1, 6 * mm), Table([columns], colWidths=[width] * len(rows))]
    )


def _power_rows(power: PowerOfAttorney | None) -> list[tuple[str, str]]:
    """The apoderado's notarized power and the delegado jurídico's stamp."""
    if power is None:
        return []
    return [
        (
            "Poder notarial",
            f"Escritura {power.deed_number}, {power.notary}, "
            f"{power.granted_on:%d/%m/%Y}",
        ),
        (
            "Sello del delegado jurídico",
            f"{power.stamp_display} — "
            f"{power.reviewed_by.get_full_name() or power.reviewed_by.get_username()}, "
            f"{timezone.localtime(power.reviewed_at):%d/%m/%Y %H:%M}",
        ),
    ]


def _acta_intro(
    registration: Registration, names: str, role: str, recipient_id: str
) -> Flowable:
    return paragraph(
        "En la fecha y hora indicadas, el Instituto Ecuatoriano de Seguridad "
        f"Social entrega el código para activar la clave patronal del empleador "
        f"{registration.business_name} a {names}, en calidad de "
        f"{RecipientRole(role).label.lower()}, quien se identificó con "
        f"{recipient_id}."
    )


def _acta_tables(
    *,
    registration: Registration,
    id_label: str,
    recipient_names: str,
    recipient_id: str,
    recipient_role: str,
    power: PowerOfAttorney | None,
    officer_name: str,
    issued: datetime,
    expires: datetime,
) -> list:
    """The employer, the person who receives and the delivery, as three tables."""
    return [
        paragraph("Datos del empleador", "heading"),
        data_table(
            [
                (id_label, registration.employer_identification),
                ("Razón social o nombres", registration.business_name),
                ("Sector", Sector(registration.sector).label),
                ("Número de registro", registration.number),
                ("Representante legal", registration.rep_names),
            ]
        ),
        paragraph("Persona que recibe", "heading"),
        data_table(
            [
                ("Nombres y apellidos", recipient_names),
                ("Identificación", recipient_id),
                ("Calidad", RecipientRole(recipient_role).label),
                *_power_rows(power),
            ]
        ),
        paragraph("Entrega", "heading"),
        data_table(
            [
                ("Servidor que entrega", officer_name),
                ("Fecha y hora", f"{issued:%d/%m/%Y %H:%M} (hora de Ecuador)"),
                ("El código vence", f"{expires:%d/%m/%Y %H:%M} (hora de Ecuador)"),
            ]
        ),
    ]


def _how_to_activate(*, activation_url: str, id_label: str) -> list:
    return [
        paragraph("Cómo activar la clave", "heading"),
        numbered_list(
            [
                f"Ingrese a {activation_url}",
                f"Escriba el {id_label} del empleador y este código."
                if id_label == "RUC"
                else "Escriba la cédula del empleador y este código.",
                "Elija su clave patronal: al menos 10 caracteres, que no sea común ni "
                "contenga el RUC, la cédula o los nombres.",
            ]
        ),
        paragraph(
            "El código sirve una sola vez y deja de servir si se emite otro. Nadie en "
            "el IESS conoce ni conocerá su clave: la elige usted al activarla. Guarde "
            "este documento en un lugar seguro o destrúyalo después de activar la "
            "clave.",
            "small",
        ),
    ]


def acta_pdf(
    *,
    registration: Registration,
    recipient_names: str,
    recipient_id_type: str,
    recipient_identification: str,
    recipient_role: str,
    officer_name: str,
    issued_at: datetime,
    expires_at: datetime,
    activation_url: str,
    code: str | None,
    code_display: str,
    verification_url: str,
    power: PowerOfAttorney | None = None,
) -> bytes:
    """The Acta; `code=None` draws the copy that is stored (code withheld)."""
    id_label = "Cédula" if registration.sector == Sector.DOMESTICO else "RUC"
    issued = timezone.localtime(issued_at)
    expires = timezone.localtime(expires_at)
    recipient_id = (
        f"{IdentificationType(recipient_id_type).label}: {recipient_identification}"
    )
    body = [
        _acta_intro(registration, recipient_names, recipient_role, recipient_id),
        *_acta_tables(
            registration=registration,
            id_label=id_label,
            recipient_names=recipient_names,
            recipient_id=recipient_id,
            recipient_role=recipient_role,
            power=power,
            officer_name=officer_name,
            issued=issued,
            expires=expires,
        ),
        Spacer(1, 3 * mm),
        _code_box(code),
        *_how_to_activate(activation_url=activation_url, id_label=id_label),
        _signature_lines(
            [
                ("Recibí conforme", recipient_names, recipient_id),
                ("Entregué", officer_name, "Servidor de atención del IESS"),
            ]
        ),
    ]
    return render_pdf(
        title="Acta de entrega de clave patronal",
        code_label="Código del documento",
        code_display=code_display,
        qr_data=verification_url,
        body=body,
        footer=f"Verifique este documento en {verification_url}",
        generated_at=issued_at,
    )
