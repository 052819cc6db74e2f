"""Where a receipt's number belongs, for the breakdowns: its carrier and its province or country.

Stored as stable keys (``phonenumbers``' English carrier names, the English province, an ISO
region code abroad) and named in the page's language when shown, so a breakdown does not change
with the language of whoever pushed or looked first. The carrier is the one the number range was
given to (numbers move between carriers); mainland ranges of the virtual operators (162, 165,
167, 170, 171) are "virtual" whatever network carries them.
"""

from __future__ import annotations

import functools

import phonenumbers
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from phonenumbers import carrier, geocoder

VIRTUAL = "virtual"
VIRTUAL_PREFIXES = ("162", "165", "167", "170", "171")
CARRIER_LABELS = {
    "China Mobile": _("China Mobile"),
    "China Unicom": _("China Unicom"),
    "China Telecom": _("China Telecom"),
    "China Broadnet": _("China Broadnet"),
    VIRTUAL: _("Virtual operators"),
    "": _("Unknown"),
}
# The mainland's provinces, municipalities and autonomous regions, as phonenumbers' English
# geocoder names them, with their Chinese names.
PROVINCES = {
    "Anhui": "安徽",
    "Beijing": "北京",
    "Chongqing": "重庆",
    "Fujian": "福建",
    "Gansu": "甘肃",
    "Guangdong": "广东",
    "Guangxi": "广西",
    "Guizhou": "贵州",
    "Hainan": "海南",
    "Hebei": "河北",
    "Heilongjiang": "黑龙江",
    "Henan": "河南",
    "Hubei": "湖北",
    "Hunan": "湖南",
    "Inner Mongolia": "内蒙古",
    "Jiangsu": "江苏",
    "Jiangxi": "江西",
    "Jilin": "吉林",
    "Liaoning": "辽宁",
    "Ningxia": "宁夏",
    "Qinghai": "青海",
    "Shaanxi": "陕西",
    "Shandong": "山东",
    "Shanghai": "上海",
    "Shanxi": "山西",
    "Sichuan": "四川",
    "Tianjin": "天津",
    "Tibet": "西藏",
    "Xinjiang": "新疆",
    "Yunnan": "云南",
    "Zhejiang": "浙江",
}


def receipt_place(phone: str) -> tuple[str, str]:
    """(carrier key, region key) of a receipt's number; "" for what the data does not know."""
    mainland = len(phone) == 11 and phone.startswith("1") and phone.isdigit()
    if mainland:
        return _mainland_place(phone[:7])
    return _abroad_place(phone)


@functools.lru_cache(maxsize=65_536)
def _mainland_place(prefix: str) -> tuple[str, str]:
    """Carrier and province of a mainland range (the first seven digits decide both)."""
    number = phonenumbers.parse(prefix + "0000", "CN")
    name = VIRTUAL if prefix.startswith(VIRTUAL_PREFIXES) else carrier.name_for_number(number, "en")
    description = geocoder.description_for_number(number, "en")
    province = description.rsplit(", ", 1)[-1] if description != "China" else ""
    return name, province if province in PROVINCES else ""


@functools.lru_cache(maxsize=4_096)
def _abroad_place(phone: str) -> tuple[str, str]:
    try:
        number = phonenumbers.parse("+" + phone.lstrip("+"))
    except phonenumbers.NumberParseException:
        return "", ""
    return carrier.name_for_number(number, "en"), phonenumbers.region_code_for_number(number) or ""


def carrier_label(key: str) -> str:
    label = CARRIER_LABELS.get(key)
    return str(label) if label is not None else key


def region_label(key: str) -> str:
    """A province in the page's language, or a country or region by its ISO code."""
    chinese = (get_language() or "").lower().startswith("zh")
    if key in PROVINCES:
        return PROVINCES[key] if chinese else key
    if len(key) == 2 and key.isupper():
        example = phonenumbers.example_number(key)
        if example is not None:
            return geocoder.country_name_for_number(example, "zh" if chinese else "en") or key
        return key
    return gettext("Unknown")
