"""A faithful simulator of Dysmsapi for demos, training, tests and offline machines.

``Sandbox.handle`` is the whole service; ``SandboxAdapter`` mounts it on a
``requests`` session, ``serve`` puts it behind a real HTTP port. See
docs/sandbox.md for the demo accounts and their AccessKey pairs, the reserved key pairs and phone
numbers, flow control, and the template and signature lists.
"""

from dysms_sandbox.accounts import (
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    DEMO_ACCOUNT,
    DEMO_ACCOUNT_CREDENTIALS,
    DEMO_CREDENTIALS,
    GLOBAL_ACCESS_KEY_ID,
    GLOBAL_ACCESS_KEY_SECRET,
    GLOBAL_ACCOUNT,
    GLOBAL_CREDENTIALS,
    RESERVED_KEY_PAIRS,
    SANDBOX_ENDPOINT,
    SHOP_ACCESS_KEY_ID,
    SHOP_ACCESS_KEY_SECRET,
    SHOP_ACCOUNT,
    SHOP_CREDENTIALS,
    AccessKey,
)
from dysms_sandbox.adapter import SandboxAdapter
from dysms_sandbox.answers import SandboxResponse
from dysms_sandbox.reserved import RESERVED_NUMBERS
from dysms_sandbox.server import serve
from dysms_sandbox.service import Sandbox

__all__ = [
    "AccessKey",
    "DEMO_ACCESS_KEY_ID",
    "DEMO_ACCESS_KEY_SECRET",
    "DEMO_ACCOUNT",
    "DEMO_ACCOUNT_CREDENTIALS",
    "DEMO_CREDENTIALS",
    "GLOBAL_ACCESS_KEY_ID",
    "GLOBAL_ACCESS_KEY_SECRET",
    "GLOBAL_ACCOUNT",
    "GLOBAL_CREDENTIALS",
    "RESERVED_KEY_PAIRS",
    "RESERVED_NUMBERS",
    "SANDBOX_ENDPOINT",
    "SHOP_ACCESS_KEY_ID",
    "SHOP_ACCESS_KEY_SECRET",
    "SHOP_ACCOUNT",
    "SHOP_CREDENTIALS",
    "Sandbox",
    "SandboxAdapter",
    "SandboxResponse",
    "serve",
]
