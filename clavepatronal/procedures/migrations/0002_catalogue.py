from django.db import migrations

PROCEDURE_TYPES = [
    (
        "clave-patronal",
        "Clave patronal",
        "Generación de la clave patronal de acceso al portal del IESS.",
        1,
    ),
    (
        "registro-empleador",
        "Registro y actualización de datos del empleador",
        "Corrección o actualización de los datos registrados del empleador.",
        2,
    ),
    (
        "certificados-empleador",
        "Certificados del empleador",
        "Certificados de cumplimiento de obligaciones patronales.",
        3,
    ),
    (
        "reclamos-aportes",
        "Reclamos por aportes y planillas",
        "Revisión de aportes, planillas y glosas del empleador.",
        4,
    ),
]

VIRTUAL = "VIRTUAL"
PRESENCIAL = "PRESENCIAL"
FOREIGNER_OPTIONS_VIRTUAL = (
    "Escanee y cargue uno de los siguientes documentos:\n"
    "a) Código de identificación para extranjeros (si está registrado o afiliado en el "
    "IESS a través de un código de identificación);\n"
    "b) Visa vigente; o,\n"
    "c) Pasaporte vigente."
)
FOREIGNER_OPTIONS_PRESENCIAL = (
    "Presente uno de los siguientes documentos:\n"
    "a) Código de identificación para extranjeros, copia simple del documento (si está "
    "registrado o afiliado en el IESS a través de un código de identificación);\n"
    "b) Visa original y vigente; o,\n"
    "c) Pasaporte original y vigente del país de origen."
)

# The seed's two requirement lists for Clave patronal, in its order and words:
# (channel, code, name, help text, applies to).
CLAVE_PATRONAL_REQUIREMENTS = [
    (
        VIRTUAL,
        "ruc",
        "Registro Único de Contribuyentes (RUC)",
        "Escanee y cargue el RUC.",
        "TODOS",
    ),
    (
        VIRTUAL,
        "solicitud",
        "Solicitud de entrega de clave",
        "Escanee y cargue la solicitud con la firma electrónica del representante "
        "legal: la suscripción electrónica es imprescindible.",
        "TODOS",
    ),
    (
        VIRTUAL,
        "cedula-representante",
        "Cédula de identidad del representante legal",
        "Escanee y cargue la cédula de identidad del representante legal.",
        "CON_CEDULA",
    ),
    (
        VIRTUAL,
        "acuerdo",
        "Acuerdo de Responsabilidad y Uso de la Información",
        "Escanee y cargue el acuerdo con la firma electrónica del representante legal.",
        "TODOS",
    ),
    (
        VIRTUAL,
        "identificacion-extranjero",
        "Documento de identificación para extranjeros sin cédula",
        FOREIGNER_OPTIONS_VIRTUAL,
        "SIN_CEDULA",
    ),
    (
        VIRTUAL,
        "calificacion-artesanal",
        "Calificación artesanal",
        "Escanee y cargue la calificación artesanal. Aplica únicamente para artesanos "
        "calificados.",
        "ARTESANO",
    ),
    (
        PRESENCIAL,
        "confirmacion-turno",
        "Confirmación del Turno en Línea",
        "Preséntela de forma física o virtual; se genera en este portal al confirmar "
        "su turno.",
        "TODOS",
    ),
    (
        PRESENCIAL,
        "ruc",
        "Registro Único de Contribuyentes (RUC)",
        "",
        "TODOS",
    ),
    (
        PRESENCIAL,
        "solicitud",
        "Solicitud de entrega de clave",
        "Documento generado en el portal del IESS, con la firma manuscrita del "
        "representante legal.",
        "TODOS",
    ),
    (
        PRESENCIAL,
        "cedula-representante",
        "Cédula original vigente del representante legal",
        "",
        "CON_CEDULA",
    ),
    (
        PRESENCIAL,
        "acuerdo",
        "Acuerdo de Responsabilidad y Uso de la Información",
        "Documento generado en el portal del IESS, con la firma manuscrita del "
        "representante legal.",
        "TODOS",
    ),
    (
        PRESENCIAL,
        "identificacion-extranjero",
        "Documento de identificación para extranjeros sin cédula",
        FOREIGNER_OPTIONS_PRESENCIAL,
        "SIN_CEDULA",
    ),
    (
        PRESENCIAL,
        "calificacion-artesanal",
        "Calificación artesanal",
        "Copia simple del documento. Aplica únicamente para artesanos calificados.",
        "ARTESANO",
    ),
]


def add_catalogue(apps, schema_editor):
    ProcedureType = apps.get_model("procedures", "ProcedureType")
    Requirement = apps.get_model("procedures", "Requirement")
    for code, name, description, order in PROCEDURE_TYPES:
        ProcedureType.objects.update_or_create(
            code=code,
            defaults={"name": name, "description": description, "order": order},
        )
    clave = ProcedureType.objects.get(code="clave-patronal")
    for order, (channel, code, name, help_text, applies_to) in enumerate(
        CLAVE_PATRONAL_REQUIREMENTS, start=1
    ):
        Requirement.objects.update_or_create(
            procedure_type=clave,
            channel=channel,
            code=code,
            defaults={
                "name": name,
                "help_text": help_text,
                "applies_to": applies_to,
                "order": order,
            },
        )


def remove_catalogue(apps, schema_editor):
    ProcedureType = apps.get_model("procedures", "ProcedureType")
    ProcedureType.objects.filter(code__in=[row[0] for row in PROCEDURE_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]
    operations = [migrations.RunPython(add_catalogue, remove_catalogue)]
