"""The package layout holds: the import rules pass, and the client stands without Django.

``make test`` runs the same checks (lint-imports, mypy); these keep them in the suite too, so a
test run alone also says when an import crosses a line it should not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_every_import_rule_is_kept():
    checked = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 broken" in checked.stdout


def test_the_client_and_the_sandbox_load_without_django():
    """dysms and dysms_sandbox work in a plain Python process: no Django loaded, none needed."""
    script = (
        "import sys\n"
        "from dysms import DysmsClient\n"
        "from dysms_sandbox import DEMO_CREDENTIALS, SANDBOX_ENDPOINT, Sandbox, SandboxAdapter\n"
        "client = DysmsClient(DEMO_CREDENTIALS, endpoint=SANDBOX_ENDPOINT)\n"
        "client.session.mount(SANDBOX_ENDPOINT, SandboxAdapter(Sandbox()))\n"
        "assert not [name for name in sys.modules if name.split('.')[0] == 'django']\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert ran.returncode == 0, ran.stderr
