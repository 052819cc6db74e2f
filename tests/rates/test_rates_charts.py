"""The two charts, drawn as plain SVG (rates/charts.py): what they show, and that it is safe.

Each chart is parsed as XML, so every test also checks that it is well-formed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

import pytest
from django.utils import translation

from dysms.values import CHINA_TZ
from rates import charts
from rates.models import DailyStatistics, Globe, TemplateType

SVG = "{http://www.w3.org/2000/svg}"
FIRST = date(2026, 5, 1)
HOSTILE = "<b>\"'&"


def day(offset: int, sent: int, delivered: int, failed: int, waiting: int) -> DailyStatistics:
    return DailyStatistics(
        day=FIRST + timedelta(days=offset),
        globe=Globe.DOMESTIC,
        template_type=TemplateType.ALL,
        sign_name="",
        total_count=sent,
        responded_success_count=delivered,
        responded_fail_count=failed,
        no_responded_count=waiting,
        fetched_at=datetime(2026, 8, 1, tzinfo=CHINA_TZ),
    )


def days(count: int) -> list[DailyStatistics]:
    return [day(n, 1000 + n, 900 + n, 60, 40) for n in range(count)]


def day_url(value: date) -> str:
    return f"?sign_name={HOSTILE}&day={value.isoformat()}"


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def found(tree: ET.Element, path: str) -> list[ET.Element]:
    return tree.findall(path.replace("{svg}", SVG))


def day_labels(tree: ET.Element) -> list[str]:
    return [label.text for label in found(tree, ".//{svg}g[@class='axis x']/{svg}text")]


def test_each_day_is_one_bar_linking_to_its_day_named_by_its_numbers():
    rows = [day(0, 100, 90, 6, 4), day(1, 50, 50, 0, 0)]

    links = found(parsed(charts.counts_chart(rows, day_url)), ".//{svg}a")

    assert [link.get("href") for link in links] == [day_url(row.day) for row in rows]
    assert links[0].get("aria-label") == ("2026-05-01: 90 delivered, 6 failed, 4 without a receipt")


def test_a_bar_stacks_delivered_failed_and_no_receipt_in_proportion():
    tree = parsed(charts.counts_chart([day(0, 100, 70, 20, 10)], day_url))

    parts = {
        rect.get("class"): (float(rect.get("y")), float(rect.get("height")))
        for rect in found(tree, ".//{svg}a/{svg}rect")
        if rect.get("class", "").startswith("rect ")
    }
    delivered, failed, waiting = (
        parts["rect delivered"],
        parts["rect failed"],
        parts["rect no-receipt"],
    )
    assert delivered[1] == pytest.approx(failed[1] * 3.5, rel=0.02)
    assert failed[1] == pytest.approx(waiting[1] * 2, rel=0.02)
    # Delivered at the bottom, then failed, then no receipt on top.
    assert waiting[0] < failed[0] < delivered[0]
    assert failed[0] + failed[1] == pytest.approx(delivered[0], abs=0.1)


def test_each_part_prints_its_number_where_it_fits():
    week = parsed(charts.counts_chart([day(n, 1000, 900, 60, 40) for n in range(7)], day_url))
    quarter = parsed(charts.counts_chart(days(90), day_url))

    printed = [text.text for text in found(week, ".//{svg}g[@class='values']/{svg}text")]
    assert printed.count("900") == 7
    assert found(quarter, ".//{svg}g[@class='values']/{svg}text") == []


@pytest.mark.parametrize(("count", "labelled"), [(7, 7), (31, 31), (90, 15)])
def test_every_day_is_labelled_up_to_a_month_and_about_fifteen_beyond(count, labelled):
    rows = days(count)

    for svg in (charts.counts_chart(rows, day_url), charts.rate_chart(rows)):
        labels = day_labels(parsed(svg))
        assert len(labels) == labelled
        assert labels[0] == "05-01"


def test_the_rates_are_two_lines_with_a_dot_per_day_on_an_axis_fitted_to_them():
    rows = [day(0, 100, 90, 6, 4), day(1, 100, 50, 50, 0)]

    tree = parsed(charts.rate_chart(rows))

    series = found(tree, ".//{svg}g[@class='series']")
    assert len(series) == 2
    assert series[1].find(f"{SVG}path").get("stroke-dasharray")  # receipts only: dashed
    tips = [title.text for title in found(tree, ".//{svg}circle/{svg}title")]
    assert tips == ["05-01: 90.0%", "05-02: 50.0%", "05-01: 93.8%", "05-02: 50.0%"]
    dots = [float(circle.get("cy")) for circle in series[0].iter(f"{SVG}circle")]
    axis = {
        text.text: float(text.get("y"))
        for text in found(tree, ".//{svg}g[@class='axis y']/{svg}text")
    }
    assert axis["40"] > dots[1] > dots[0] > axis["100"]  # 50 to 93.8 %: from 40 to 100
    assert "0" not in axis


def axis_labels(svg_text: str) -> list[str]:
    return [text.text for text in found(parsed(svg_text), ".//{svg}g[@class='axis y']/{svg}text")]


def test_rates_between_93_and_97_percent_fill_the_chart_instead_of_a_flat_band():
    rows = [day(n, 1000, 930 + n * 10, 70 - n * 10, 0) for n in range(5)]  # 93.0 % to 97.0 %

    assert axis_labels(charts.rate_chart(rows)) == ["92", "93", "94", "95", "96", "97", "98"]


def test_a_rate_axis_never_passes_100_or_0():
    assert (
        axis_labels(charts.rate_chart([day(0, 100, 100, 0, 0), day(1, 100, 99, 1, 0)]))[-1] == "100"
    )
    assert axis_labels(charts.rate_chart([day(0, 100, 0, 100, 0), day(1, 100, 1, 99, 0)]))[0] == "0"


def test_printed_rates_never_overlap_on_a_month_of_close_days():
    # 30 days of the same two rates a tenth apart: every neighbour would touch the next.
    rows = [day(n, 1000, 950, 49, 1) for n in range(30)]

    tree = parsed(charts.rate_chart(rows))

    printed = found(tree, ".//{svg}g[@class='values']/{svg}text")
    boxes = [
        (float(t.get("x")) - len(t.text) * 3.25, float(t.get("y")) - 11, len(t.text) * 6.5)
        for t in printed
    ]
    assert 0 < len(printed) < 60  # some are left out, the tooltips and the table have them all
    for n, (x, y, width) in enumerate(boxes):
        for other_x, other_y, other_width in boxes[n + 1 :]:
            apart = x + width <= other_x or other_x + other_width <= x
            assert apart or abs(y - other_y) >= 11


def test_a_day_without_messages_breaks_the_rate_lines():
    rows = [day(0, 100, 90, 6, 4), day(1, 0, 0, 0, 0), day(2, 100, 95, 5, 0)]

    tree = parsed(charts.rate_chart(rows))

    for line in found(tree, ".//{svg}g[@class='series']/{svg}path"):
        assert line.get("d").count("M") == 2
        assert "L" not in line.get("d")
    assert len(found(tree, ".//{svg}circle")) == 4


def test_no_statistics_says_so_in_both_charts():
    for svg in (charts.counts_chart([], day_url), charts.rate_chart([])):
        assert parsed(svg).find(f".//{SVG}text[@class='no_data']").text == (
            "No statistics for this period"
        )


def test_links_and_texts_are_escaped():
    svg = charts.counts_chart(days(3), day_url)

    assert HOSTILE not in svg
    assert "?sign_name=&lt;b&gt;&quot;&#x27;&amp;&amp;day=2026-05-01" in svg
    assert parsed(svg).find(f".//{SVG}a").get("href") == day_url(FIRST)


def test_no_script_no_style_attribute_and_one_style_element_each():
    for svg in (charts.counts_chart(days(7), day_url), charts.rate_chart(days(7))):
        assert "<script" not in svg
        assert not re.search(r"\sstyle\s*=", svg)
        assert not re.search(r"\son[a-z]+\s*=", svg)
        assert svg.count("<style>") == 1


def test_titles_legends_and_names_speak_the_active_language():
    with translation.override("zh-hans"):
        counts = parsed(charts.counts_chart(days(2), day_url))
        rate = parsed(charts.rate_chart(days(2)))

    assert counts.find(f"{SVG}title").text == "每日短信量"
    assert rate.find(f"{SVG}title").text == "每日送达率（%）"
    legend = [text.text for text in found(rate, ".//{svg}g[@class='legend']//{svg}text")]
    assert legend == ["送达率（实线）", "送达率，仅计已回执（虚线）"]
    assert found(counts, ".//{svg}a")[0].get("aria-label").startswith("2026-05-01：已送达 900")
    assert "“按日统计”" in counts.find(f"{SVG}desc").text
