"""Audit entries of searches say whether Alibaba Cloud answered; older entries say nothing ("")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0005_audit_accounts"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("answered", "Answered"),
                    ("upstream_failed", "Alibaba Cloud did not answer"),
                ],
                max_length=20,
                verbose_name="outcome",
            ),
        ),
    ]
