"""The alerts app: rules, channels, each rule's state (its lock row), the history, daily reports."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Channel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=80)),
                ("url", models.CharField(max_length=1000)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["name", "id"],
            },
        ),
        migrations.CreateModel(
            name="Rule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=120)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("delivery_rate", "Delivery rate below a threshold"),
                            ("template_failures", "Template failure rate above its baseline"),
                            ("pumping", "Volume to a number prefix or region above its baseline"),
                            ("receipts_stopped", "Receipts stopped arriving"),
                            ("circuit_open", "Alibaba Cloud unavailable (circuit open)"),
                        ],
                        max_length=32,
                    ),
                ),
                ("enabled", models.BooleanField(default=True)),
                ("account", models.CharField(blank=True, max_length=32)),
                ("threshold", models.FloatField(default=0)),
                ("window_minutes", models.PositiveIntegerField(default=30)),
                ("minimum", models.PositiveIntegerField(default=0)),
                ("template_code", models.CharField(blank=True, max_length=64)),
                ("place", models.CharField(blank=True, max_length=32)),
                ("for_minutes", models.PositiveIntegerField(default=0)),
                ("silenced_until", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "channels",
                    models.ManyToManyField(blank=True, related_name="rules", to="alerts.channel"),
                ),
            ],
            options={
                "ordering": ["name", "id"],
            },
        ),
        migrations.CreateModel(
            name="DailyReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("hour", models.PositiveSmallIntegerField(default=9)),
                ("account", models.CharField(blank=True, max_length=32)),
                ("last_day", models.DateField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "channel",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reports",
                        to="alerts.channel",
                    ),
                ),
            ],
            options={
                "ordering": ["hour", "id"],
            },
        ),
        migrations.CreateModel(
            name="RuleState",
            fields=[
                (
                    "rule",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        serialize=False,
                        to="alerts.rule",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("ok", "Normal"), ("pending", "Pending"), ("firing", "Firing")],
                        default="ok",
                        max_length=16,
                    ),
                ),
                ("since", models.DateTimeField(blank=True, null=True)),
                ("fired_at", models.DateTimeField(blank=True, null=True)),
                ("notified_at", models.DateTimeField(blank=True, null=True)),
                ("reminders", models.PositiveIntegerField(default=0)),
                ("checked_at", models.DateTimeField(blank=True, null=True)),
                ("summary", models.CharField(blank=True, max_length=500)),
            ],
        ),
        migrations.CreateModel(
            name="AlertEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(db_index=True)),
                ("rule_name", models.CharField(blank=True, max_length=120)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("firing", "Firing"),
                            ("resolved", "Recovered"),
                            ("reminder", "Reminder"),
                            ("sent", "Notification sent"),
                            ("failed", "Notification failed"),
                            ("test", "Test message"),
                        ],
                        max_length=16,
                    ),
                ),
                ("channel_name", models.CharField(blank=True, max_length=80)),
                ("summary", models.CharField(blank=True, max_length=500)),
                (
                    "rule",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to="alerts.rule",
                    ),
                ),
            ],
            options={
                "ordering": ["-at", "-id"],
            },
        ),
    ]
