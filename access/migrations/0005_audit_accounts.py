"""Audit entries name the Alibaba Cloud accounts they read; those written before read "default"."""

from django.db import migrations, models


def before_accounts(apps, schema_editor):
    entries = apps.get_model("access", "AuditEntry").objects.exclude(phone="")
    entries.update(accounts="default")


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0004_audit_refresh_and_status_poll"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="accounts",
            field=models.CharField(blank=True, max_length=255, verbose_name="accounts"),
        ),
        migrations.RunPython(before_accounts, migrations.RunPython.noop),
    ]
