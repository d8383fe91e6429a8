"""«Mis datos» as a PDF a person can read: the same data as the JSON export
(selectors.export), drawn with the project's one PDF frame (documents.pdf)."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from clavepatronal.documents.pdf import (
    FONT,
    MARGIN,
    PAGE_WIDTH,
    data_table,
    paragraph,
    render_pdf,
)

NONE = "Ninguno"
# A cell this short is drawn as plain text: a paragraph per cell (it wraps) is
# what makes a large employer's PDF slow, and a date or a size never wraps.
PLAIN_CELL = 14


def _date(value: str | None) -> str:
    """An ISO date or date-time of the export, as Ecuador reads it."""
    if not value:
        return "—"
    if len(value) == len("2026-12-07"):
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    return timezone.localtime(parse_datetime(value)).strftime("%d/%m/%Y %H:%M")


def _grid(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    """A small table with a header row; the widths are fractions of the page."""
    usable = PAGE_WIDTH - 2 * MARGIN
    table = Table(
        [[paragraph(h, "label") for h in header]]
        + [[_cell(cell) for cell in row] for row in rows],
        colWidths=[usable * w for w in widths],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9a9a9a")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f1f1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 1), (-1, -1), FONT),
                ("FONTSIZE", (0, 1), (-1, -1), 7.5),
            ]
        )
    )
    return table


def _cell(text: str):
    text = text or "—"
    return text if len(text) <= PLAIN_CELL else paragraph(text, "small")


def _registrations(data: dict) -> list[Flowable]:
    body = [paragraph("Registro del empleador", "heading")]
    for r in data["registrations"]:
        rep = r["legal_representative"]
        authorized = r["authorized_person"]
        body.append(
            data_table(
                [
                    ("Número de registro", f"{r['number']} ({r['status']})"),
                    ("Registrado el", _date(r["created"])),
                    ("RUC o cédula", r["employer_identification"]),
                    ("Razón social o nombres", r["business_name"]),
                    ("Sector", r["sector"]),
                    ("Actividad principal", r["main_activity"]),
                    ("Dirección", f"{r['address']}, {r['canton']}, {r['province']}"),
                    ("Teléfono", r["phone"]),
                    ("Correo verificado", r["email"]),
                    (
                        "Representante legal",
                        f"{rep['names']} · {rep['identification']} · "
                        f"{rep['nationality']} · {rep['email']} · {rep['mobile']}",
                    ),
                    (
                        "Persona autorizada",
                        f"{authorized['names']} · {authorized['identification']}"
                        if authorized
                        else NONE,
                    ),
                    (
                        "Datos del SRI",
                        f"{r['sri']['status']} ({_date(r['sri']['checked_at'])}) "
                        f"{r['sri']['detail']}",
                    ),
                ]
            )
        )
        powers = r["powers_of_attorney"]
        if powers:
            body.append(paragraph("Poderes notariales", "label"))
            body.append(
                _grid(
                    ["Escritura", "Apoderado", "Estado", "Registrado"],
                    [
                        [
                            f"{p['deed_number']} ({p['notary']})",
                            f"{p['apoderado_names']} {p['apoderado_identification']}",
                            p["status"],
                            _date(p["created"]),
                        ]
                        for p in powers
                    ],
                    [0.3, 0.35, 0.15, 0.2],
                )
            )
    return body


def _account(data: dict) -> list[Flowable]:
    account = data["account"]
    return [
        paragraph("Cuenta del portal", "heading"),
        data_table(
            [
                ("Usuario", account["username"]),
                ("Correo de contacto", account["email"]),
                ("Clave activada el", _date(account["activated_at"])),
                ("Última vez que cambió la clave", _date(account["clave_changed_at"])),
            ]
        ),
        paragraph("Movimientos de la cuenta", "label"),
        _grid(
            ["Fecha", "Qué pasó", "Dirección IP"],
            [
                [_date(e["at"]), e["label"], e["ip"] or ""]
                for e in data["account_events"]
            ]
            or [[NONE, "", ""]],
            [0.25, 0.5, 0.25],
        ),
    ]


def _tramites(data: dict) -> list[Flowable]:
    body = [paragraph("Trámites de la ventanilla virtual", "heading")]
    if not data["tramites"]:
        body.append(paragraph(NONE, "cell"))
    for t in data["tramites"]:
        body.append(
            paragraph(
                f"Trámite {t['number']} · {t['procedure']} · {t['status']} · "
                f"presentado el {_date(t['created'])}",
                "label",
            )
        )
        rows = [
            [f["requirement_name"], f["name"], f"{f['kind']}, {f['size']} bytes"]
            + [f["state"], f["sha256"][:16] + "…"]
            for f in t["files"]
        ]
        rows += [
            ["Cambio de estado", h["to_status"], _date(h["at"]), "", h["note"]]
            for h in t["history"]
        ]
        rows += [
            ["Observación", o["requirement_name"], _date(o["created"]), "", o["text"]]
            for o in t["observations"]
        ]
        if rows:
            body.append(
                _grid(
                    ["Requisito o hecho", "Archivo o estado", "Detalle", "", "SHA-256"],
                    rows,
                    [0.25, 0.25, 0.18, 0.12, 0.2],
                )
            )
    return body


def _turns(data: dict) -> list[Flowable]:
    rows = [
        [t["code"], t["agency"], _date(t["starts_at"]), t["status"], t["holder_names"]]
        for t in data["turns"]
    ]
    rows += [
        [
            "Solicitud (sorteo)",
            a["agency"],
            _date(a["day"]),
            a["status"],
            a["holder_names"],
        ]
        for a in data["turn_applications"]
    ]
    rows += [
        [
            "Lista de espera",
            entry["agency"],
            _date(entry["until"]),
            entry["status"],
            entry["holder_names"],
        ]
        for entry in data["waitlist_entries"]
    ]
    return [
        paragraph("Turnos, solicitudes de turno y lista de espera", "heading"),
        _grid(
            ["Turno", "Agencia", "Fecha", "Estado", "Quién reservó"],
            rows or [[NONE, "", "", "", ""]],
            [0.18, 0.25, 0.17, 0.15, 0.25],
        ),
    ]


def _others(data: dict) -> list[Flowable]:
    return [
        paragraph("Documentos generados", "heading"),
        _grid(
            ["Código", "Tipo", "Fecha", "SHA-256"],
            [
                [d["code"], d["kind"], _date(d["created"]), d["sha256"][:32] + "…"]
                for d in data["documents"]
            ]
            or [[NONE, "", "", ""]],
            [0.2, 0.25, 0.2, 0.35],
        ),
        paragraph("Correos enviados a sus direcciones", "heading"),
        _grid(
            ["Fecha", "Para", "Asunto", "Estado"],
            [
                [_date(e["created"]), e["to"], e["subject"], e["status"]]
                for e in data["emails"]
            ]
            or [[NONE, "", "", ""]],
            [0.18, 0.27, 0.4, 0.15],
        ),
    ]


def mis_datos_pdf(*, data: dict, page_url: str) -> bytes:
    """The export as a readable PDF; the QR leads back to the «Mis datos» page."""
    intro = paragraph(
        "Estos son los datos que el sistema Clave Patronal del IESS guarda sobre "
        "su empresa y las personas que su registro nombra. La misma información, "
        "en un formato que otro sistema puede leer (JSON), se descarga desde la "
        "página «Mis datos» del portal. Los archivos que usted cargó se descargan "
        "desde esa misma página."
    )
    return render_pdf(
        title="Mis datos: lo que el IESS guarda sobre su empresa",
        code_label="RUC o cédula",
        code_display=data["employer"]["identification"],
        qr_data=page_url,
        body=[
            intro,
            *_registrations(data),
            *_account(data),
            *_tramites(data),
            *_turns(data),
            *_others(data),
            paragraph(f"Generado el {_date(data['generated_at'])}.", "small"),
        ],
        footer="Mis datos · Ley Orgánica de Protección de Datos Personales, arts. 13 "
        "y 17",
        generated_at=parse_datetime(data["generated_at"]),
    )
