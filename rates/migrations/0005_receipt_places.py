"""Each receipt keeps its number's carrier and region (``rates.places.receipt_place``), so the
All sends page can filter by what the breakdowns count.

The receipts already stored are filled in here, in two joins with small tables of values (hash
joins on PostgreSQL): first every receipt by its number's first seven digits (which decide both
for a mainland number), then the numbers that are not mainland ones by the whole number, which
puts right what the first join gave them. Receipts are kept 30 days, so this reads at most a
month of them, once: 53 s for 2 million receipts on PostgreSQL on the benchmark machine.
"""

from django.db import migrations, models

MAINLAND = "length(phone_number) = 11 AND substr(phone_number, 1, 1) = '1'"
BATCH = 5000  # three parameters each: under SQLite's and PostgreSQL's limits


def _fill_places(apps, schema_editor):
    from rates.places import receipt_place

    table = apps.get_model("rates", "SmsReceipt")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT substr(phone_number, 1, 7) FROM {table} WHERE {MAINLAND}")
        prefixes = [row[0] for row in cursor.fetchall()]
        mainland = [(prefix, *receipt_place(prefix + "0000")) for prefix in prefixes]
        _update_from(cursor, table, f"substr({table}.phone_number, 1, 7)", mainland)
        cursor.execute(f"SELECT DISTINCT phone_number FROM {table} WHERE NOT ({MAINLAND})")
        abroad = [(phone, *receipt_place(phone)) for (phone,) in cursor.fetchall()]
        _update_from(cursor, table, f"{table}.phone_number", abroad)


def _update_from(cursor, table: str, key: str, places: list[tuple[str, str, str]]) -> None:
    """Set (carrier, region) of every receipt whose ``key`` is a place's first value."""
    for start in range(0, len(places), BATCH):
        chunk = places[start : start + BATCH]
        marks = ", ".join(["(%s, %s, %s)"] * len(chunk))
        cursor.execute(
            f"UPDATE {table} SET carrier = m.column2, region = m.column3 "
            f"FROM (VALUES {marks}) AS m WHERE {key} = m.column1",
            [value for place in chunk for value in place],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("rates", "0004_receipt_tallies"),
    ]

    operations = [
        migrations.AddField(
            model_name="smsreceipt",
            name="carrier",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="smsreceipt",
            name="region",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(_fill_places, migrations.RunPython.noop, elidable=True),
    ]
