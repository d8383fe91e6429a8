"""Generated documents get a file in private storage; the bytes column becomes
nullable so 0006 can empty it row by row (and 0007 can drop it, reversibly)."""

from django.db import migrations, models

import clavepatronal.documents.models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_holder_name_text_and_unverified"),
    ]

    operations = [
        migrations.AddField(
            model_name="generateddocument",
            name="file",
            field=models.FileField(
                default="",
                max_length=200,
                storage=clavepatronal.documents.models.private_storage,
                upload_to="",
                verbose_name="archivo PDF",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="generateddocument",
            name="content",
            field=models.BinaryField(
                blank=True, null=True, verbose_name="contenido PDF"
            ),
        ),
    ]
