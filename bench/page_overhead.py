"""Our cached search page against the framework floor: the same 50 rows, the same base template.

Both pages are rendered in-process through Django's full request stack (all the
middleware, the session, the login and role checks, the search's audit entry)
with the test client, logged in as a Support agent, so the figure is server time
without the network. The search page is answered from the record store (primed
once before timing); the bare view renders a list of 50 dicts, taken from the
same store beforehand, in a plain table extending base.html. Prints the median
server time of each and the ratio.

    .venv/bin/python bench/page_overhead.py [--requests 300]
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import timed  # noqa: E402

BARE_TEMPLATE = """{% extends "base.html" %}
{% block content %}
<table>
  <thead><tr><th>Sent</th><th>Received</th><th>Status</th><th>Error code</th>
  <th>Template</th><th>Content</th><th>OutId</th></tr></thead>
  <tbody>
  {% for row in rows %}
    <tr><td>{{ row.send_time }}</td><td>{{ row.receive_time }}</td><td>{{ row.status }}</td>
    <td>{{ row.err_code }}</td><td>{{ row.template_code }}</td><td>{{ row.content }}</td>
    <td>{{ row.out_id }}</td></tr>
  {% endfor %}
  </tbody>
</table>
{% endblock %}
"""

# Filled in by main() before the first request: the 50 rows the bare view shows.
ROWS: list[dict] = []


def bare_view(request):
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(BARE_TEMPLATE)
    return HttpResponse(template.render({"rows": ROWS}, request))


def urlpatterns_with_bare_view():
    from django.urls import path

    from smsadmin.urls import urlpatterns

    return [path("bench/bare/", bare_view), *urlpatterns]


urlpatterns: list = []  # this module is the urlconf of the benchmark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    from bench.common import use_throwaway_embedded_profile

    use_throwaway_embedded_profile(dropped=("ALIBABA_CLOUD_ACCESS_KEY_ID",))
    os.environ["DYSMS_ENDPOINT"] = "sandbox"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client

    from access.roles import SUPPORT, ensure_roles
    from bench.common import median
    from deliveries.models import SmsRecord as StoredRecord
    from dysms.values import CHINA_TZ

    settings.ROOT_URLCONF = __name__
    urlpatterns.extend(urlpatterns_with_bare_view())
    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    ensure_roles()
    agent = User.objects.create(username="bench")
    agent.groups.add(Group.objects.get(name=SUPPORT))  # searching is the Support role's
    client = Client()
    client.force_login(agent)

    day = datetime.now(CHINA_TZ).date() - timedelta(days=1)
    phone = busy_number(day)
    search = f"/?phone={phone}&date={day.isoformat()}&per_page=50"
    primed = client.get(search)  # fetch once: from now on the page is answered from the store
    assert primed.status_code == 200, primed.status_code
    ROWS.extend(
        StoredRecord.objects.filter(phone=phone)
        .order_by("position")
        .values(
            "send_time", "receive_time", "status", "err_code", "template_code", "content", "out_id"
        )[:50]
    )
    assert len(ROWS) == 50, len(ROWS)

    timed(client, search, 20)
    timed(client, "/bench/bare/", 20)
    ours, bare = [], []
    for _ in range(args.requests // 10):  # interleaved, so drift hits both alike
        ours += timed(client, search, 10)
        bare += timed(client, "/bench/bare/", 10)

    print(f"Cached search page (50 rows) vs bare view, {len(ours)} requests each, in-process")
    print(f"  search page: median {median(ours) * 1000:.2f} ms")
    print(f"  bare view:   median {median(bare) * 1000:.2f} ms")
    print(f"  ratio search/bare: {median(ours) / median(bare):.2f}")


def busy_number(day) -> str:
    from dysms_sandbox import RESERVED_NUMBERS
    from dysms_sandbox.generator import day_messages

    for n in range(5000):
        phone = f"1370000{n:04d}"
        if phone not in RESERVED_NUMBERS and 50 <= len(day_messages(phone, day)) <= 200:
            return phone
    raise RuntimeError("no number with 50 to 200 records that day")


if __name__ == "__main__":
    main()
