"""requirements.lock pins every runtime and test dependency of pyproject.toml, within its bounds (`make lock`)."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def locked() -> dict[str, str]:
    """Package name → pinned version, from the lines `name==version [; marker] \\`."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            name, _, rest = line.partition("==")
            pins.setdefault(canonicalize_name(name), rest.split()[0].rstrip(";"))
    return pins


def test_the_lock_pins_every_declared_dependency_within_its_bounds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    test = [Requirement(r) for r in extras["test"]]
    # The test extra names the project's own extras ("peerscan[reach]"): their packages are what gets locked.
    own = [r for r in test if canonicalize_name(r.name) == canonicalize_name(project["name"])]
    declared = [Requirement(r) for r in project["dependencies"]] + [r for r in test if r not in own]
    declared += [Requirement(r) for own_req in own for extra in own_req.extras for r in extras[extra]]
    pins = locked()
    missing = [str(r) for r in declared if canonicalize_name(r.name) not in pins]
    assert missing == [], "run `make lock`"
    outside = [f"{r} (locked {pins[canonicalize_name(r.name)]})" for r in declared
               if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)]
    assert outside == [], "run `make lock`"


def test_every_pin_carries_hashes_so_installs_are_verified():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = [block for block in text.split("\n") if "==" in block and not block.startswith((" ", "#"))]
    assert entries and all(block.rstrip().endswith("\\") for block in entries)
    assert text.count("--hash=sha256:") >= len(entries)
