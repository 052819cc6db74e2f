"""``manage.py dysms_sandbox --show``: a day's records of any of the sandbox's accounts."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from dysms_sandbox import reserved


def shown(day, **options) -> str:
    out = StringIO()
    call_command("dysms_sandbox", show=[reserved.ONE_PAGE, f"{day:%Y%m%d}"], stdout=out, **options)
    return out.getvalue()


def test_show_prints_the_demo_accounts_day_by_default(pinned_clock, yesterday):
    text = shown(yesterday)

    assert text.startswith(
        f"20 records for {reserved.ONE_PAGE} on {yesterday} (China time) from sandbox-demo"
    )


def test_show_prints_another_accounts_own_sends(pinned_clock, yesterday):
    demo, shop = shown(yesterday), shown(yesterday, account="sandbox-shop")

    assert "from sandbox-shop" in shop
    assert "【橙子优选】" in shop
    assert set(shop.splitlines()[1:]).isdisjoint(demo.splitlines()[1:])  # other sends
