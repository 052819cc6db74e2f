"""Run a Python module on the test run's clock: ``python tests/clocked.py INSTANT -m MODULE ...``.

The suite pins one clock (tests/conftest.py); a server it starts as a subprocess (the gunicorn
instances of test_two_instances) must read the same one, or its signatures and "today" would
disagree with the in-process sandbox. time-machine travels this process to INSTANT (an ISO
datetime with offset) and lets it tick from there; forked workers inherit the travel.
"""

from __future__ import annotations

import runpy
import sys
from datetime import datetime

import time_machine


def main() -> None:
    instant, flag, module, *arguments = sys.argv[1:]
    if flag != "-m":
        raise SystemExit("usage: clocked.py INSTANT -m MODULE [ARGUMENTS...]")
    sys.argv = [module, *arguments]
    with time_machine.travel(datetime.fromisoformat(instant), tick=True):
        runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
