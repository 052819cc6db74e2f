"""The test run's settings: the development profile, as ``make run`` has it.

``smsadmin.settings`` is a production profile unless ``DJANGO_DEBUG`` says otherwise, and
production needs a ``DJANGO_SECRET_KEY``. pytest-django imports the settings before any
conftest runs, so this module (pyproject's ``DJANGO_SETTINGS_MODULE``) is where the run
turns DEBUG on first, unless the environment already decided. ``make test`` thus works on
a fresh clone with nothing set. pytest-django still runs every test with DEBUG off; what
DEBUG on chooses here is the rest of the development profile (static files straight from
static/, plain HTTP, the development secret key).

Tests that start servers or settings in another process give them their own environment.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from smsadmin.settings import *  # noqa: E402, F403
