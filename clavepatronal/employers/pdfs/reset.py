"""Solicitud de restablecimiento de clave patronal: what the legal representative
signs to have the clave's link sent to a new e-mail (docs/portal.md).

It carries only what the person typed and its code: never a name or a datum from our
records, so the same PDF comes out whether or not the RUC is registered."""

from datetime import datetime

from django.utils import timezone

from clavepatronal.documents.pdf import Signer, data_table, paragraph, render_pdf


def reset_request_pdf(
    *,
    identification: str,
    email: str,
    code_display: str,
    verification_url: str,
    created_at: datetime,
    expires_at: datetime,
) -> bytes:
    id_label = "Cédula" if len(identification) == 10 else "RUC"
    body = _body(
        identification=identification,
        email=email,
        id_label=id_label,
        code_display=code_display,
        created_at=created_at,
        expires_at=expires_at,
    )
    return render_pdf(
        title="Solicitud de restablecimiento de clave patronal",
        body=body,
        signer=Signer(
            role="Firma con su propio certificado de firma electrónica",
            name="Representante legal del empleador",
            identification=f"{id_label}: {identification}",
        ),
        code_label="Código del documento",
        code_display=code_display,
        qr_data=verification_url,
        footer=f"Verifique este documento en {verification_url}",
        generated_at=created_at,
    )


def _body(
    *,
    identification: str,
    email: str,
    id_label: str,
    code_display: str,
    created_at: datetime,
    expires_at: datetime,
) -> list:
    expires = timezone.localtime(expires_at)
    return [
        paragraph("Señores Instituto Ecuatoriano de Seguridad Social:"),
        paragraph(
            f"En calidad de representante legal del empleador con {id_label} "
            f"{identification}, registrado en el IESS, solicito que el enlace para "
            "elegir una nueva clave patronal se envíe al correo electrónico que "
            "consta a continuación, y que ese correo sea desde entonces el correo de "
            "contacto de la cuenta del portal del empleador. Declaro que firmo con "
            "mi propio certificado de firma electrónica."
        ),
        data_table(
            [
                (f"{id_label} del empleador", identification),
                ("Correo electrónico nuevo", email),
                (
                    "Fecha de la solicitud",
                    f"{timezone.localtime(created_at):%d/%m/%Y}",
                ),
                (
                    "Válida hasta",
                    f"{expires:%d/%m/%Y, %H:%M} (hora de Ecuador)",
                ),
                ("Código del documento", code_display),
            ]
        ),
        paragraph("Qué revisa el IESS", "heading"),
        paragraph(
            "Que la firma electrónica sea válida y de una entidad de certificación "
            "acreditada, que sea del representante legal que consta en el registro "
            "activo del empleador (y, para una sociedad o una entidad pública, del "
            "que informa el SRI) y que este documento no haya cambiado. Si todo se "
            "cumple, el enlace llega al correo nuevo y el correo anterior recibe un "
            "aviso; si no, un servidor del IESS revisa la solicitud."
        ),
        paragraph(
            "Este documento solo vale firmado electrónicamente por el representante "
            "legal, sin modificarlo, y cargado antes de la fecha en que vence. La "
            "clave actual sigue funcionando hasta que se elija la nueva.",
            "small",
        ),
    ]
