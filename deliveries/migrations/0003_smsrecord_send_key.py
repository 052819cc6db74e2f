"""Give every stored record its natural key, so refetches update rows instead of replacing them.

``send_key`` (SHA-256 of phone, send time, template code, content and OutId) and ``ordinal``
(0, 1, ... among identical sends of one search, in ``position`` order) are computed for the rows
already stored, then one row per (fetch, send_key, ordinal) is made a rule. Ids do not change.
The key function is imported, as ``0002`` imports the masking rules: a later change to it ships
its own data migration calling ``records_rekey`` (see ``deliveries/record_keys.py``).
"""

from django.db import migrations, models


def rekey(apps, schema_editor):
    from deliveries.record_keys import records_rekey

    records_rekey(model=apps.get_model("deliveries", "SmsRecord"))


class Migration(migrations.Migration):

    dependencies = [
        ("deliveries", "0002_smsrecord_content_masked"),
    ]

    operations = [
        migrations.AddField(
            model_name="smsrecord",
            name="send_key",
            field=models.CharField(
                default="",
                editable=False,
                help_text="SHA-256 of phone, send time, template code, content and OutId.",
                max_length=64,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="smsrecord",
            name="ordinal",
            field=models.PositiveIntegerField(
                default=0,
                help_text="0, 1, ... among the search's sends with the same key, in upstream order.",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(rekey, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="smsrecord",
            constraint=models.UniqueConstraint(
                fields=("fetch", "send_key", "ordinal"), name="one_record_per_send"
            ),
        ),
    ]
