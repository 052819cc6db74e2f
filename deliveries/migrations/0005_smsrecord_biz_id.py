"""Store each record's search BizId on its row, so the search page needs no join with the fetches.

The column is added with "" (what nearly every stored record is: searches by day have no BizId;
on PostgreSQL the added column costs no rewrite of the table), then the records of searches by a
BizId get theirs from their fetch, in one UPDATE. ``0006`` builds the index the page reads
through, in a migration of its own (on PostgreSQL an ALTER TABLE after updating rows in the same
transaction can fail, "pending trigger events", as ``0003`` says).
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_biz_ids(apps, schema_editor):
    record = apps.get_model("deliveries", "SmsRecord")
    fetch = apps.get_model("deliveries", "Fetch")
    searches_by_biz_id = record.objects.exclude(fetch__biz_id="")
    their_biz_id = fetch.objects.filter(pk=OuterRef("fetch_id")).values("biz_id")[:1]
    searches_by_biz_id.update(biz_id=Subquery(their_biz_id))


class Migration(migrations.Migration):

    dependencies = [
        ("deliveries", "0004_smsrecord_one_record_per_send"),
    ]

    operations = [
        migrations.AddField(
            model_name="smsrecord",
            name="biz_id",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                help_text='The BizId of the record\'s search (its fetch\'s), "" for none.',
                max_length=64,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_biz_ids, migrations.RunPython.noop, elidable=False),
    ]
