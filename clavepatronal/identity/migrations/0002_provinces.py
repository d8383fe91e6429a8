from django.db import migrations

# Codes as the Registro Civil assigns them (first two digits of a cédula).
PROVINCES = [
    ("01", "Azuay"),
    ("02", "Bolívar"),
    ("03", "Cañar"),
    ("04", "Carchi"),
    ("05", "Cotopaxi"),
    ("06", "Chimborazo"),
    ("07", "El Oro"),
    ("08", "Esmeraldas"),
    ("09", "Guayas"),
    ("10", "Imbabura"),
    ("11", "Loja"),
    ("12", "Los Ríos"),
    ("13", "Manabí"),
    ("14", "Morona Santiago"),
    ("15", "Napo"),
    ("16", "Pastaza"),
    ("17", "Pichincha"),
    ("18", "Tungurahua"),
    ("19", "Zamora Chinchipe"),
    ("20", "Galápagos"),
    ("21", "Sucumbíos"),
    ("22", "Orellana"),
    ("23", "Santo Domingo de los Tsáchilas"),
    ("24", "Santa Elena"),
    ("30", "Exterior"),
]


def add_provinces(apps, schema_editor):
    Province = apps.get_model("identity", "Province")
    for code, name in PROVINCES:
        Province.objects.update_or_create(code=code, defaults={"name": name})


def remove_provinces(apps, schema_editor):
    Province = apps.get_model("identity", "Province")
    Province.objects.filter(code__in=[code for code, _ in PROVINCES]).delete()


class Migration(migrations.Migration):
    dependencies = [("identity", "0001_initial")]
    operations = [migrations.RunPython(add_provinces, remove_provinces)]
