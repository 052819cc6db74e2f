"""Checks for the Chinese pages: no interface string of ours is left in English.

Three nets: ``untranslated`` finds catalogue strings shown in English (a missing or stale
translation), ``english_phrases`` finds English sentences that never reached a catalogue (a
template string without ``{% translate %}``). ``english_dates`` finds month names written in
English, which neither net sees (a date label is one word, its format string has placeholders).
"""

from __future__ import annotations

import re

from support import ROOT

CATALOGUES = sorted(
    path
    for path in ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")
    if not path.is_relative_to(ROOT / ".venv")
) + [ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"]

# An English month name or abbreviation: a date written out in English.
_MONTH = re.compile(
    r"(?<![A-Za-z])(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![A-Za-z])"
)
# Two or more English words in a row, the later ones in lower case: a phrase, not a code,
# a name ("Alibaba Cloud") or an abbreviation.
_PHRASE = re.compile(r"(?<![\w.:/-])[A-Za-z][a-z]+(?:[ ,']+[a-z]{2,})+(?![\w.:/-])")


def catalogue() -> dict[str, str]:
    """msgid -> msgstr of our .po files (obsolete entries left out)."""
    entries = {}
    for path in CATALOGUES:
        for block in path.read_text().split("\n\n"):
            lines = [line for line in block.splitlines() if not line.startswith("#")]
            text = "\n".join(lines)
            found = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', text, re.M)
            if found:
                msgid, msgstr = ("".join(re.findall(r'"(.*)"', part)) for part in found.groups())
                if msgid:
                    entries[msgid.replace('\\"', '"')] = msgstr
    return entries


def visible_text(html: str) -> str:
    """Text and the attributes people read (titles, labels), without markup or URLs."""
    attributes = " ".join(re.findall(r'(?:title|aria-label|placeholder)="([^"]*)"', html))
    body = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    return " ".join((body + " " + attributes).split())


def untranslated(html: str) -> list[str]:
    """Catalogue strings that appear on the page in English."""
    text = visible_text(html)
    left = []
    for msgid, msgstr in catalogue().items():
        if msgid == msgstr or "%(" in msgid:
            continue
        if re.search(r"(?<![A-Za-z])" + re.escape(msgid) + r"(?![A-Za-z])", text):
            left.append(msgid)
    return left


def english_phrases(html: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """English phrases in the page's visible text, less the ``allowed`` ones (upstream text)."""
    text = visible_text(html)
    for phrase in allowed:
        text = text.replace(phrase, " ")
    return _PHRASE.findall(text)


def english_dates(html: str) -> list[str]:
    """English month names in the page's visible text ("14–20 Nov" on a Chinese page)."""
    return _MONTH.findall(visible_text(html))
