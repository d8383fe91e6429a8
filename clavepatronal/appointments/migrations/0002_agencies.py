from django.db import migrations

# One Centro de Atención Universal in each province's capital. Street addresses are
# kept by administrators in the admin; these name the Dirección Provincial's city.
AGENCIES = [
    ("01", "Cuenca"),
    ("02", "Guaranda"),
    ("03", "Azogues"),
    ("04", "Tulcán"),
    ("05", "Latacunga"),
    ("06", "Riobamba"),
    ("07", "Machala"),
    ("08", "Esmeraldas"),
    ("09", "Guayaquil"),
    ("10", "Ibarra"),
    ("11", "Loja"),
    ("12", "Babahoyo"),
    ("13", "Portoviejo"),
    ("14", "Macas"),
    ("15", "Tena"),
    ("16", "Puyo"),
    ("17", "Quito"),
    ("18", "Ambato"),
    ("19", "Zamora"),
    ("20", "Puerto Baquerizo Moreno"),
    ("21", "Nueva Loja"),
    ("22", "Francisco de Orellana"),
    ("23", "Santo Domingo"),
    ("24", "Santa Elena"),
]
# Busier capitals get more officers per slot.
CAPACITY = {"17": 6, "09": 6, "01": 3}


def add_agencies(apps, schema_editor):
    Agency = apps.get_model("appointments", "Agency")
    Province = apps.get_model("identity", "Province")
    ProcedureType = apps.get_model("procedures", "ProcedureType")
    procedure_types = list(ProcedureType.objects.all())
    for code, city in AGENCIES:
        province = Province.objects.get(code=code)
        agency, _ = Agency.objects.update_or_create(
            name=f"Centro de Atención Universal {city}",
            defaults={
                "province": province,
                "address": f"Dirección Provincial del IESS de {province.name}, {city}",
                "slot_minutes": 20,
                "capacity_per_slot": CAPACITY.get(code, 2),
            },
        )
        agency.procedure_types.set(procedure_types)


def remove_agencies(apps, schema_editor):
    Agency = apps.get_model("appointments", "Agency")
    Agency.objects.filter(name__startswith="Centro de Atención Universal ").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0001_initial"),
        ("identity", "0002_provinces"),
        ("procedures", "0002_catalogue"),
    ]
    operations = [migrations.RunPython(add_agencies, remove_agencies)]
