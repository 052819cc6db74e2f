"""Give every stored record its natural key, so refetches update rows instead of replacing them.

``send_key`` (SHA-256 of phone, send time, template code, content and OutId) and ``ordinal``
(0, 1, ... among identical sends of one search, in ``position`` order) are computed for the rows
already stored; ``0004`` then makes one row per (fetch, send_key, ordinal) a rule. Ids do not
change. The rule is a migration of its own: on PostgreSQL an ALTER TABLE after updating rows in
the same transaction can fail ("pending trigger events"), and each migration is one transaction.
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
    ]
