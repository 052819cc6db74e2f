"""Every package the product and its tests run on is pinned, direct and transitive alike."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from support import ROOT

# pip's own tools come with the virtualenv, not from our requirements.
NOT_OURS = {"pip", "setuptools", "wheel"}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-r"):
            continue
        name, separator, version = line.partition("==")
        assert separator, f"{path.name}: {line!r} is not pinned with =="
        found[normalised(name.split("[")[0])] = version.strip()
    return found


def test_every_installed_package_is_pinned_in_the_constraints():
    constraints = pins(ROOT / "constraints.txt")
    installed = {
        normalised(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
        if normalised(dist.metadata["Name"]) not in NOT_OURS
    }

    unpinned = {name: version for name, version in installed.items() if name not in constraints}
    different = {
        name: (version, constraints[name])
        for name, version in installed.items()
        if name in constraints and constraints[name] != version
    }
    assert unpinned == {}, "installed but not in constraints.txt"
    assert different == {}, "installed version differs from constraints.txt"


def test_the_requirements_agree_with_the_constraints():
    constraints = pins(ROOT / "constraints.txt")
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        for name, version in pins(ROOT / requirements).items():
            assert constraints.get(name) == version, f"{requirements}: {name}=={version}"
