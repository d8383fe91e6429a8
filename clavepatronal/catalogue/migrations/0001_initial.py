"""The catalogue takes over the procedure types and requirements that procedures
created: state only, the tables keep their names and rows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("procedures", "0003_tramites")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProcedureType",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.SlugField(
                                max_length=60, unique=True, verbose_name="código"
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                max_length=120, unique=True, verbose_name="nombre"
                            ),
                        ),
                        (
                            "description",
                            models.TextField(blank=True, verbose_name="descripción"),
                        ),
                        (
                            "is_active",
                            models.BooleanField(default=True, verbose_name="activo"),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="orden"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "tipo de trámite",
                        "verbose_name_plural": "tipos de trámite",
                        "db_table": "procedures_proceduretype",
                        "ordering": ["order", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="Requirement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "channel",
                            models.CharField(
                                choices=[
                                    ("VIRTUAL", "Ventanilla virtual"),
                                    ("PRESENCIAL", "Presencial"),
                                ],
                                max_length=12,
                                verbose_name="canal",
                            ),
                        ),
                        (
                            "code",
                            models.SlugField(max_length=60, verbose_name="código"),
                        ),
                        (
                            "name",
                            models.CharField(max_length=200, verbose_name="nombre"),
                        ),
                        (
                            "help_text",
                            models.TextField(blank=True, verbose_name="indicaciones"),
                        ),
                        (
                            "applies_to",
                            models.CharField(
                                choices=[
                                    ("TODOS", "Todos"),
                                    (
                                        "CON_CEDULA",
                                        "si el representante legal tiene cédula",
                                    ),
                                    (
                                        "SIN_CEDULA",
                                        "solo extranjeros sin cédula de identidad",
                                    ),
                                    ("ARTESANO", "solo artesanos calificados"),
                                ],
                                default="TODOS",
                                max_length=12,
                                verbose_name="se pide a",
                            ),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="orden"
                            ),
                        ),
                        (
                            "procedure_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="requirements",
                                to="catalogue.proceduretype",
                                verbose_name="tipo de trámite",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "requisito",
                        "verbose_name_plural": "requisitos",
                        "db_table": "procedures_requirement",
                        "ordering": ["procedure_type", "channel", "order"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("procedure_type", "channel", "code"),
                                name="requirement_unique_code_per_channel",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
