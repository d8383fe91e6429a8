"""«Restablecimiento de clave con firma electrónica»: the trámite the portal files when
a signed reset does not pass every rule (docs/portal.md). Inactive in the catalogue:
nobody chooses it in the ventanilla or for a turn; officers review it in the queue."""

from django.db import migrations

CODE = "restablecimiento-clave-firma"
REQUIREMENT = "solicitud-restablecimiento"


def add_type(apps, schema_editor):
    ProcedureType = apps.get_model("catalogue", "ProcedureType")
    Requirement = apps.get_model("catalogue", "Requirement")
    procedure_type, _created = ProcedureType.objects.update_or_create(
        code=CODE,
        defaults={
            "name": "Restablecimiento de clave con firma electrónica",
            "description": (
                "Solicitud de restablecimiento de clave patronal firmada "
                "electrónicamente que no pasó todas las verificaciones automáticas: "
                "un servidor la revisa y, si la aprueba, el enlace para elegir la "
                "clave va al correo nuevo que la solicitud indica."
            ),
            "is_active": False,
            "order": 5,
        },
    )
    Requirement.objects.update_or_create(
        procedure_type=procedure_type,
        channel="VIRTUAL",
        code=REQUIREMENT,
        defaults={
            "name": "Solicitud de restablecimiento de clave patronal firmada",
            "help_text": (
                "El PDF generado en «Recuperar con firma electrónica», firmado "
                "electrónicamente por el representante legal."
            ),
            "applies_to": "TODOS",
            "order": 1,
        },
    )


def remove_type(apps, schema_editor):
    ProcedureType = apps.get_model("catalogue", "ProcedureType")
    ProcedureType.objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(add_type, remove_type)]
