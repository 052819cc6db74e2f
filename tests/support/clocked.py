"""Run a module on the test run's clock: ``python tests/support/clocked.py INSTANT -m MODULE ...``.

The suite pins one clock (tests/conftest.py); a server it starts as a subprocess (the gunicorn
instances of test_two_instances) must read the same one, or its signatures and "today" would
disagree with the in-process sandbox. time-machine travels this process to INSTANT (an ISO
datetime with offset) and lets it tick from there; forked workers inherit the travel.
"""

from __future__ import annotations

import runpy
import sys
from datetime import datetime
from pathlib import Path

import time_machine


def main() -> None:
    # Run as a script, Python puts this file's directory first on sys.path: the other support
    # modules would shadow the standard library's (support/statistics.py hides ``statistics``).
    here = Path(__file__).resolve().parent
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != here]
    sys.path.insert(0, str(Path.cwd()))  # as ``python -m`` does: the project's packages
    instant, flag, module, *arguments = sys.argv[1:]
    if flag != "-m":
        raise SystemExit("usage: clocked.py INSTANT -m MODULE [ARGUMENTS...]")
    sys.argv = [module, *arguments]
    with time_machine.travel(datetime.fromisoformat(instant), tick=True):
        runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
