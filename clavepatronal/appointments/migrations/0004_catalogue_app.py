"""Turns and agencies point at the catalogue's procedure types (same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0003_turns"),
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="agency",
                    name="procedure_types",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="agencies",
                        to="catalogue.proceduretype",
                        verbose_name="trámites que atiende",
                    ),
                ),
                migrations.AlterField(
                    model_name="turn",
                    name="procedure_type",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="turns",
                        to="catalogue.proceduretype",
                        verbose_name="tipo de trámite",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
