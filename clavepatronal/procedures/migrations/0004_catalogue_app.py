"""The procedure types and requirements now belong to the catalogue app: state only."""

import django.db.models.deletion
from django.db import migrations, models


def content_types_follow(apps, schema_editor):
    """Permissions and admin history keep pointing at the same models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("proceduretype", "requirement"):
        if not ContentType.objects.filter(app_label="catalogue", model=model).exists():
            ContentType.objects.filter(app_label="procedures", model=model).update(
                app_label="catalogue"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0004_catalogue_app"),
        ("catalogue", "0001_initial"),
        ("procedures", "0003_tramites"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="tramite",
                    name="procedure_type",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        to="catalogue.proceduretype",
                        verbose_name="trámite",
                    ),
                ),
                migrations.RemoveField(
                    model_name="requirement",
                    name="procedure_type",
                ),
                migrations.DeleteModel(
                    name="ProcedureType",
                ),
                migrations.DeleteModel(
                    name="Requirement",
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, migrations.RunPython.noop),
    ]
