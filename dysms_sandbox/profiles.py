"""What each simulated account sends: its templates and signatures, how often, how much.

The demo account's traffic is the sandbox's original one and must never change (pinned
fixtures and tests elsewhere depend on it): its seeds name no account. Every other account's
seeds start with its name, so two accounts give different records for the same phone and day,
each the same in every process. An ordinary number hears from a non-demo account only on some
days (``mainland_days``, ``international_days``: the share of days), so which account sent
the message a customer asks about is a real question. Reserved numbers keep their behaviour
(shape, counts, outcomes) on every account; only contents, BizIds and receipt delays vary.

* ``DEMO_ACCOUNT``: 50 mainland customers and 2 abroad, every day (about 300 sends a day).
* ``SHOP_ACCOUNT``: a domestic shop, its own 橙子优选 templates, 120 mainland customers (and 2
  abroad) who each hear from it on about a third of the days.
* ``GLOBAL_ACCOUNT``: an international brand: English templates (international kind) to 80
  customers outside the mainland (on 60 % of the days) and 25 on it (on 10 %); its statistics
  are mostly ``IsGlobe=2``.
* Any other account (a caller's own keys): the demo's templates to 30 + 2 customers, on half the
  days.

The populations are small enough for a cold 30-day QuerySendStatistics to stay a fraction of a
second: every draw of every send is made again, only the texts are not written
(dysms_sandbox.population).
"""

from __future__ import annotations

import functools
import itertools
import random
from dataclasses import dataclass

from dysms_sandbox import reserved
from dysms_sandbox.account_templates import (
    GLOBAL_SIGNS,
    GLOBAL_TEMPLATES,
    SHOP_SIGNS,
    SHOP_TEMPLATES,
    SHOP_UNSENT_TEMPLATES,
)
from dysms_sandbox.accounts import DEMO_ACCOUNT, GLOBAL_ACCOUNT, SHOP_ACCOUNT
from dysms_sandbox.catalogue_data import SIGNS, UNSENT_TEMPLATES, Sign
from dysms_sandbox.templates import TEMPLATES, Template


@dataclass(frozen=True)
class Profile:
    """One account's traffic. ``population``: how many of its customers' numbers are on the
    mainland and elsewhere (dysms_sandbox.population; its statistics count their sends)."""

    templates: tuple[Template, ...]
    unsent: tuple[Template, ...]
    signs: tuple[Sign, ...]
    mainland_days: float = 1.0
    international_days: float = 1.0
    population: tuple[int, int] = (50, 2)

    @functools.cached_property
    def cumulative_weights(self) -> tuple[int, ...]:
        """The templates' running weights, as ``random.choices`` sums them."""
        return tuple(itertools.accumulate(template.weight for template in self.templates))

    def silent_on(self, phone: str, rng: random.Random) -> bool:
        """Whether an ordinary number hears nothing from this account on ``rng``'s day.

        Draws from ``rng`` only where the share is below 1, so the demo's draws are untouched.
        """
        if phone in reserved.RESERVED_NUMBERS:
            return False
        share = self.mainland_days if phone.startswith("1") else self.international_days
        return share < 1.0 and rng.random() >= share


DEMO_PROFILE = Profile(TEMPLATES, UNSENT_TEMPLATES, SIGNS)
PROFILES = {
    DEMO_ACCOUNT: DEMO_PROFILE,
    SHOP_ACCOUNT: Profile(
        SHOP_TEMPLATES,
        SHOP_UNSENT_TEMPLATES,
        SHOP_SIGNS,
        mainland_days=0.35,
        international_days=0.05,
        population=(120, 2),
    ),
    GLOBAL_ACCOUNT: Profile(
        GLOBAL_TEMPLATES,
        (),
        GLOBAL_SIGNS,
        mainland_days=0.1,
        international_days=0.6,
        population=(25, 80),
    ),
}
OTHER_PROFILE = Profile(
    TEMPLATES,
    UNSENT_TEMPLATES,
    SIGNS,
    mainland_days=0.5,
    international_days=0.5,
    population=(30, 2),
)


def profile_for(account: str) -> Profile:
    return PROFILES.get(account, OTHER_PROFILE)


def seed_parts(account: str, *parts: str) -> tuple[str, ...]:
    """What an account's seeds are made of: the parts alone for the demo, else its name first."""
    return parts if account == DEMO_ACCOUNT else (account, *parts)
