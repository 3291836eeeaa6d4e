"""Compare the packages installed in this environment with the lock (constraints.txt).

    python .ci/versions.py constraints.txt --exact   # fail unless every package is as locked
    python .ci/versions.py constraints.txt           # list what differs from the lock (drift)

The first form proves the lock is complete and was used; the second tells, when the newest
releases break the tests, which package and version did it.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

PROJECT = "giaouoc-xl"
#: Installed by venv/pip themselves, not by the project's requirements.
TOOLS = {"pip", "setuptools", "wheel"}


def locked(path: Path) -> dict[str, str]:
    """Package -> version pinned for this platform and Python."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, _, marker = line.partition(";")
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s]+)", requirement.strip())
        if match is None:
            continue
        if marker.strip() and not Marker(marker.strip()).evaluate():
            continue
        pins[canonicalize_name(match[1])] = match[2]
    return pins


def installed() -> dict[str, str]:
    found = {}
    for dist in metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"] or "")
        if name and name != PROJECT and name not in TOOLS:
            found[name] = dist.version
    return found


def main(argv: list[str]) -> int:
    lock, exact = Path(argv[0]), "--exact" in argv
    pins, have = locked(lock), installed()
    differ = [
        f"  {name} {have[name]} (lock: {pins.get(name, 'not in the lock')})"
        for name in sorted(have)
        if pins.get(name) != have[name]
    ]
    missing = [
        f"  {name} {pins[name]} (locked, not installed)" for name in sorted(set(pins) - set(have))
    ]
    missing = [line for line in missing if line.split()[0] not in TOOLS]
    if exact:
        if differ or missing:
            print(f"This environment does not match {lock}:", *differ, *missing, sep="\n")
            print(f"Refresh the lock with the command at the top of {lock}.")
            return 1
        print(f"This environment is exactly {lock} ({len(have)} packages).")
        return 0
    if differ:
        print(f"Installed releases that differ from {lock}:", *differ, sep="\n")
    else:
        print(f"Every installed release is the one in {lock}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
