"""One stored row per send of a search: (fetch, send_key, ordinal) is unique (see ``0003``)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("deliveries", "0003_smsrecord_send_key"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="smsrecord",
            constraint=models.UniqueConstraint(
                fields=("fetch", "send_key", "ordinal"), name="one_record_per_send"
            ),
        ),
    ]
