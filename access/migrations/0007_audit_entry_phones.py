"""Audit entries of a search of several numbers name them all, comma-separated (up to 20)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0006_audit_outcome"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="phone",
            field=models.CharField(blank=True, db_index=True, max_length=400, verbose_name="phone"),
        ),
    ]
