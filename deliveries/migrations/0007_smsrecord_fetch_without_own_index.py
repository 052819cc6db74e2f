"""Drop the foreign key's own index on ``SmsRecord.fetch``: two other indexes start with it.

``one_record_per_send`` (fetch, send_key, ordinal) and ``record_order`` (fetch, position)
serve every lookup by fetch (a refetch reading its rows, a deleted fetch's cascade, a receipt
finding the fetch's waiting rows); a third copy of the column only costs every insert.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("deliveries", "0006_smsrecord_record_page"),
    ]

    operations = [
        migrations.AlterField(
            model_name="smsrecord",
            name="fetch",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="records",
                to="deliveries.fetch",
            ),
        ),
    ]
