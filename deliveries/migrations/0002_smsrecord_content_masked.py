"""Store each record's masked content, computed by the masking rules of the code that migrates.

The rules are imported, not copied: running this migration fills the column with today's rules.
A later rules change ships its own data migration calling ``records_remask`` (see
``deliveries/stored_masking.py``).
"""

from django.db import migrations, models


def remask(apps, schema_editor):
    from deliveries.stored_masking import records_remask

    records_remask(model=apps.get_model("deliveries", "SmsRecord"))


class Migration(migrations.Migration):

    dependencies = [
        ("deliveries", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="smsrecord",
            name="content_masked",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text="The content as pages show it: one-time codes as ******.",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(remask, migrations.RunPython.noop, elidable=False),
    ]
