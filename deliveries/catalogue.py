"""The stored template and signature lists as the pages read them: one value, read once a page.

``catalogue_read`` gives the accounts' templates and signatures in two queries; the search
page builds its pickers from it, and its table, cards and exports name each record's template
from it (by the row's account and code: a code belongs to one account), with no query per row.

**The sign of a record.** ``QuerySendDetails`` gives no ``SignName``. The content starts with
the sign the message went out with (【云雀科技】...), so that is the sign shown; a content
without one (a record stored empty, a message sent abroad without brackets) shows the sign its
template was applied for with, from the stored list. The sign filter matches the same way.

**The filters.** A template filter picked from the list (``name (SMS_code)``) is that code; a
typed text matches a record whose code contains it, or whose template (of the record's account)
has a name or code containing it. A sign filter matches a record whose content's sign contains
it, or, for a content without a sign, whose template's sign does. Both are conditions of the
rows query (``records_list``), with the lists as a subquery: no list is read into Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, OuterRef, Q

from deliveries.catalogue_models import AccountSign, AccountTemplate
from dysms.signs import content_sign

# "商城登录验证码 (SMS_312640581)": what the template picker offers and sends back.
_PICKED = re.compile(r"(?P<name>.*) \((?P<code>[A-Za-z0-9_]{1,64})\)")
# A picker of more than this many options would weigh more than the page it is on; what is
# typed is matched against every stored template all the same.
MAX_PICKER_OPTIONS = 500


@dataclass(frozen=True)
class TemplateEntry:
    account: str
    code: str
    name: str
    sign_name: str = ""
    kind: int | None = None  # dysms.templates.TemplateKind (0: verification code), if known

    @property
    def picker_label(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


@dataclass(frozen=True)
class Catalogue:
    """The accounts' stored templates and signatures (empty when never fetched)."""

    templates: tuple[TemplateEntry, ...] = ()
    signs: tuple[str, ...] = ()

    @cached_property
    def by_code(self) -> dict[tuple[str, str], TemplateEntry]:
        return {(entry.account, entry.code): entry for entry in self.templates}

    def template_name(self, account: str, code: str) -> str:
        entry = self.by_code.get((account, code)) if code else None
        return entry.name if entry else ""

    def sign(self, account: str, code: str, content: str) -> str:
        """The record's sign: its content's, else its template's (module docstring)."""
        said = content_sign(content)
        if said or not code:
            return said
        entry = self.by_code.get((account, code))
        return entry.sign_name if entry else ""

    @property
    def template_options(self) -> list[str]:
        labels = dict.fromkeys(entry.picker_label for entry in self.templates)
        return list(labels)[:MAX_PICKER_OPTIONS]

    @property
    def sign_options(self) -> list[str]:
        return list(self.signs)[:MAX_PICKER_OPTIONS]


EMPTY_CATALOGUE = Catalogue()


def catalogue_read(*, accounts: Iterable[str]) -> Catalogue:
    """The stored lists of ``accounts``: templates by name, signatures by name, once each."""
    accounts = list(accounts)
    templates = AccountTemplate.objects.filter(account__in=accounts).values_list(
        "account", "code", "name", "sign_name", "kind"
    )
    signs = AccountSign.objects.filter(account__in=accounts).values_list("name", flat=True)
    return Catalogue(
        templates=tuple(TemplateEntry(*row) for row in templates.order_by("name", "code")),
        signs=tuple(dict.fromkeys(signs.order_by("name"))),
    )


def template_named(*, account: str, code: str) -> TemplateEntry | None:
    """One stored template (the record page's), ``None`` when the list does not hold it."""
    if not code:
        return None
    row = (
        AccountTemplate.objects.filter(account=account, code=code)
        .values_list("account", "code", "name", "sign_name", "kind")
        .first()
    )
    return TemplateEntry(*row) if row else None


def picked_code(text: str) -> str:
    """The code of a template picked from the list (``name (SMS_code)``), "" for typed text."""
    match = _PICKED.fullmatch(text.strip())
    return match.group("code") if match else ""


def template_condition(text: str) -> Q:
    """The rows whose template is ``text`` picked, or matches it typed (module docstring)."""
    code = picked_code(text)
    if code:
        return Q(template_code__iexact=code)
    named = _same_template().filter(Q(name__icontains=text) | Q(code__icontains=text))
    return Q(template_code__icontains=text) | Q(Exists(named))


def sign_condition(text: str, column: str) -> Q:
    """The rows whose sign contains ``text``: the content's (in ``column``), else the template's."""
    in_content = Q(**{f"{column}__iregex": rf"^【[^】]*{re.escape(text)}[^】]*】"})
    signed_template = Exists(_same_template().filter(sign_name__icontains=text))
    return in_content | (~Q(**{f"{column}__startswith": "【"}) & Q(signed_template))


def _same_template():
    return AccountTemplate.objects.filter(
        account=OuterRef("account"), code=OuterRef("template_code")
    )
