"""The Alerts page (``/alerts/``) for Managers: rules, channels, history; each change a POST,
audited, then back to the page (or the page again with the form's errors, status 400)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.roles import RATES, permission_required
from alerts import services
from alerts.audited import change_audited
from alerts.forms import ChannelForm, ReportForm, RuleForm, SilenceForm
from alerts.models import Channel, DailyReport, Rule
from alerts.page import alerts_listed, channel_rows, event_rows, rule_rows

PAGE, EDIT = "alerts/alerts.html", "alerts/rule_edit.html"


def _page(request: HttpRequest, *, status=200, **forms):
    rules, channels, events = alerts_listed()
    context = {
        "rules": rule_rows(rules, now=timezone.now()),
        "channels": channel_rows(channels),
        "events": event_rows(events),
        "reports": DailyReport.objects.select_related("channel"),
        "rule_form": forms.get("rule_form") or RuleForm(),
        "channel_form": forms.get("channel_form") or ChannelForm(),
        "report_form": forms.get("report_form") or ReportForm(),
        "silence_form": SilenceForm(),
    }
    return render(request, PAGE, context, status=status)


@require_GET
@never_cache
@permission_required(RATES)
def alerts_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@permission_required(RATES)
def rule_create(request: HttpRequest) -> HttpResponse:
    form = RuleForm(request.POST)
    if not form.is_valid():
        return _page(request, rule_form=form, status=400)
    saved = services.rule_save(form=form)
    change_audited(request, change="rule_created", name=saved.name, kind=form.cleaned_data["kind"])
    messages.success(request, _("Rule “%(name)s” created.") % {"name": saved.name})
    return redirect("alerts:page")


@require_http_methods(["GET", "POST"])
@never_cache
@permission_required(RATES)
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(Rule, pk=pk)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        saved = services.rule_save(form=form)
        change_audited(request, change="rule_changed", name=saved.name)
        messages.success(request, _("Rule “%(name)s” saved.") % {"name": saved.name})
        return redirect("alerts:page")
    status = 400 if request.method == "POST" else 200
    return render(request, EDIT, {"form": form, "rule": rule}, status=status)


@require_POST
@permission_required(RATES)
def rule_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(Rule, pk=pk)
    saved = services.rule_enable(rule=rule, enabled=not rule.enabled, now=timezone.now())
    change = "rule_enabled" if rule.enabled else "rule_disabled"
    change_audited(request, change=change, name=saved.name)
    return redirect("alerts:page")


@require_POST
@permission_required(RATES)
def rule_silence(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(Rule, pk=pk)
    form = SilenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how long to silence the rule for."))
        return redirect("alerts:page")
    minutes = form.cleaned_data["minutes"]
    saved = services.rule_silence(rule=rule, minutes=minutes, now=timezone.now())
    change_audited(request, change="rule_silenced", name=saved.name, minutes=minutes)
    return redirect("alerts:page")


@require_POST
@permission_required(RATES)
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = services.rule_delete(rule=get_object_or_404(Rule, pk=pk), now=timezone.now())
    change_audited(request, change="rule_deleted", name=saved.name)
    messages.success(request, _("Rule “%(name)s” deleted.") % {"name": saved.name})
    return redirect("alerts:page")


@require_POST
@permission_required(RATES)
def channel_create(request: HttpRequest) -> HttpResponse:
    form = ChannelForm(request.POST)
    if not form.is_valid():
        return _page(request, channel_form=form, status=400)
    saved = services.channel_create(form=form)
    change_audited(request, change="channel_created", name=saved.name)
    messages.success(request, _("Channel “%(name)s” added.") % {"name": saved.name})
    return redirect("alerts:page")


@require_POST
@permission_required(RATES)
def channel_test(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_object_or_404(Channel, pk=pk)
    tested = services.channel_test(channel=channel, now=timezone.now())
    change_audited(request, change="channel_tested", name=tested.name, went=tested.went)
    if tested.went:
        messages.success(request, _("Test message sent to “%(name)s”.") % {"name": tested.name})
    else:
        messages.error(request, _("The test message to “%(name)s” failed.") % {"name": tested.name})
    return redirect("alerts:page")


@require_POST
@permission_required(RATES)
def channel_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = services.channel_delete(channel=get_object_or_404(Channel, pk=pk))
    change_audited(request, change="channel_deleted", name=saved.name)
    messages.success(request, _("Channel “%(name)s” deleted.") % {"name": saved.name})
    return redirect("alerts:page")


@require_POST
@permission_required(RATES)
def report_create(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _page(request, report_form=form, status=400)
    saved = services.report_create(form=form)
    change_audited(
        request, change="report_created", name=saved.name, hour=form.cleaned_data["hour"]
    )
    messages.success(request, _("Daily report to “%(name)s” added.") % {"name": saved.name})
    return redirect("alerts:page")


@require_POST
@permission_required(RATES)
def report_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = services.report_delete(report=get_object_or_404(DailyReport, pk=pk))
    change_audited(request, change="report_deleted", name=saved.name)
    messages.success(request, _("Daily report to “%(name)s” deleted.") % {"name": saved.name})
    return redirect("alerts:page")
