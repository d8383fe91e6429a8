"""The bytes column goes, and every row must name its file. Reversible: going back
adds the column again, empty and nullable, and 0006 backwards fills it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0006_generated_bytes_to_storage"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="generateddocument",
            name="content",
        ),
        migrations.AddConstraint(
            model_name="generateddocument",
            constraint=models.CheckConstraint(
                condition=models.Q(("file", ""), _negated=True),
                name="documents_generated_has_file",
            ),
        ),
    ]
