"""A faithful simulator of Dysmsapi for demos, training, tests and offline machines.

``Sandbox.handle`` is the whole service; ``SandboxAdapter`` mounts it on a
``requests`` session, ``serve`` puts it behind a real HTTP port. See
docs/sandbox.md for the demo AccessKey pair and the reserved phone numbers.
"""

from .accounts import (
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    DEMO_CREDENTIALS,
    SANDBOX_ENDPOINT,
)
from .adapter import SandboxAdapter
from .answers import SandboxResponse
from .reserved import RESERVED_NUMBERS
from .server import serve
from .service import Sandbox

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
