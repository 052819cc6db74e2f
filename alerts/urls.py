from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.alerts_page, name="page"),
    path("rules/", views.rule_create, name="rule-create"),
    path("rules/<int:pk>/", views.rule_edit, name="rule-edit"),
    path("rules/<int:pk>/toggle/", views.rule_toggle, name="rule-toggle"),
    path("rules/<int:pk>/silence/", views.rule_silence, name="rule-silence"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule-delete"),
    path("channels/", views.channel_create, name="channel-create"),
    path("channels/<int:pk>/test/", views.channel_test, name="channel-test"),
    path("channels/<int:pk>/delete/", views.channel_delete, name="channel-delete"),
    path("reports/", views.report_create, name="report-create"),
    path("reports/<int:pk>/delete/", views.report_delete, name="report-delete"),
]
