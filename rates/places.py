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
CARRIER_KEY_LENGTH = 64  # as rates.models.SmsReceipt.carrier
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

# Regions phonenumbers' geocoder leaves unnamed (or named in English only), as (en, zh).
UNNAMED_REGIONS = {
    "AC": ("Ascension Island", "阿森松岛"),
    "BL": ("Saint Barthélemy", "圣巴泰勒米"),
    "EH": ("Western Sahara", "西撒哈拉"),
    "MF": ("Saint Martin", "法属圣马丁"),
    "TA": ("Tristan da Cunha", "特里斯坦-达库尼亚"),
    "WS": ("Samoa", "萨摩亚"),
    "XK": ("Kosovo", "科索沃"),
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
        return _country_name(key, "zh" if chinese else "en") or _country_name(key, "en") or key
    return gettext("Unknown")


@functools.lru_cache(maxsize=1_024)
def _country_name(code: str, language: str) -> str:
    """A country's or region's name, "" where nobody has one. phonenumbers' geocoder names
    most; it marks a few untranslated names with a leading "*" and has none for some regions
    that share another's calling code, so those are named here."""
    if code in UNNAMED_REGIONS:
        return UNNAMED_REGIONS[code][language == "zh"]
    example = phonenumbers.example_number(code)
    name = geocoder.country_name_for_number(example, language) if example is not None else ""
    if language == "zh":
        name = name.replace(", ", "、")
    return "" if name.startswith("*") else name


def carrier_choices(asked: str | None = None) -> list[tuple[str, str]]:
    """The mainland's carriers, named in the page's language, and ``asked`` if it is another:
    abroad, a receipt keeps whatever carrier phonenumbers names (a breakdown's row links to
    it), so any name of a stored key's length is a carrier to filter by."""
    choices = [(key, str(label)) for key, label in CARRIER_LABELS.items() if key]
    if asked and asked not in CARRIER_LABELS and len(asked) <= CARRIER_KEY_LENGTH:
        choices.append((asked, asked))
    return choices


def region_choices() -> list[tuple[str, str]]:
    """The mainland's provinces, then the countries and regions abroad, each sorted by its
    name in the page's language."""
    return list(_region_choices(get_language() or ""))


@functools.lru_cache(maxsize=8)
def _region_choices(language: str) -> tuple[tuple[str, str], ...]:
    # Sorted by the English names in both languages: the provinces' are their pinyin.
    provinces = [(key, region_label(key)) for key in sorted(PROVINCES)]
    abroad = sorted(phonenumbers.SUPPORTED_REGIONS, key=_by_english_name)
    return (*provinces, *((code, region_label(code)) for code in abroad))


def _by_english_name(code: str) -> tuple[bool, str]:
    """Named ones first, by name; the few phonenumbers names nowhere last, by code."""
    name = _country_name(code, "en")
    return not name, name or code
