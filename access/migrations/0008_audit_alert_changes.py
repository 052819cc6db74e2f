"""The audit trail names changes made on the Alerts page (alerts/)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0007_audit_entry_phones"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("search", "Search"),
                    ("refresh", "Refresh"),
                    ("status_poll", "Status check"),
                    ("record_view", "Record view"),
                    ("export", "Export"),
                    ("reveal", "Reveal"),
                    ("login_success", "Login"),
                    ("login_failure", "Login failure"),
                    ("purge", "Purge"),
                    ("alert_change", "Alert settings change"),
                ],
                max_length=20,
                verbose_name="action",
            ),
        ),
    ]
