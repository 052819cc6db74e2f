"""A faithful simulator of Dysmsapi for demos, training, tests and offline machines.

``Sandbox.handle`` is the whole service; ``SandboxAdapter`` mounts it on a
``requests`` session, ``serve`` puts it behind a real HTTP port. See
docs/sandbox.md for the demo AccessKey pair and the reserved phone numbers.
"""

from dysms_sandbox.accounts import (
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    DEMO_CREDENTIALS,
    SANDBOX_ENDPOINT,
)
from dysms_sandbox.adapter import SandboxAdapter
from dysms_sandbox.answers import SandboxResponse
from dysms_sandbox.reserved import RESERVED_NUMBERS
from dysms_sandbox.server import serve
from dysms_sandbox.service import Sandbox

__all__ = [
    "DEMO_ACCESS_KEY_ID",
    "DEMO_ACCESS_KEY_SECRET",
    "DEMO_CREDENTIALS",
    "RESERVED_NUMBERS",
    "SANDBOX_ENDPOINT",
    "Sandbox",
    "SandboxAdapter",
    "SandboxResponse",
    "serve",
]
