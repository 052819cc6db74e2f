"""Helpers the tests share: fakes, stored rows, users, signed requests, translation checks.

Imported as ``support.<module>`` (tests/ is on ``sys.path``: pytest's prepend import mode puts
the rootdir of tests/conftest.py there). Fixtures live in the conftest.py files; what is here
are plain functions and classes that fixtures and tests build on.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository (tests/support/ is two levels down), wherever a test module sits."""
