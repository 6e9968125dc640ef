"""Write constraints.txt: the exact versions, installed here, of everything setup.cfg asks for
(install_requires and the test, postgres and build extras) and all that those need in turn.

Run it in the environment the whole test suite has just passed in (the one .ci/run installs):

    python packaging/freeze_constraints.py > constraints.txt

.ci/run, its wheel smoke test and packaging/build.sh install with ``-c constraints.txt``, so they
run on the versions that were tested; setup.cfg's ranges say what a new version may be.
"""
from __future__ import annotations

import configparser
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
EXTRAS = ("test", "postgres", "build")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip() and not line.strip().startswith("#")]


def wanted() -> list[Requirement]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    out = [Requirement(r) for r in _lines(config["options"]["install_requires"])]
    for extra in EXTRAS:
        out += [Requirement(r) for r in _lines(config["options.extras_require"][extra])]
    return out


def _applies(req: Requirement, extras) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate({**default_environment(), "extra": e}) for e in ("", *extras))


def closure(requirements: list[Requirement]) -> dict[str, str]:
    """name → installed version of every distribution the requirements reach (markers honoured)."""
    found: dict[str, str] = {}
    done: set[tuple[str, frozenset]] = set()
    todo = [r for r in requirements if _applies(r, ())]
    while todo:
        req = todo.pop()
        key = (canonicalize_name(req.name), frozenset(req.extras))
        if key in done:
            continue
        done.add(key)
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            sys.exit(f"{req.name} is not installed here: pip install -e '.[{','.join(EXTRAS)}]' first")
        if not req.specifier.contains(dist.version, prereleases=True):
            sys.exit(f"{req.name} {dist.version} is installed, but setup.cfg asks for {req}")
        found[key[0]] = dist.version
        todo += [sub for sub in map(Requirement, dist.requires or []) if _applies(sub, req.extras)]
    return found


def main() -> None:
    versions = closure(wanted())
    print("# The exact versions .ci/run and packaging/build.sh install (pip install -c constraints.txt).")
    print("# Made by: python packaging/freeze_constraints.py > constraints.txt  (after the suite passed)")
    print(f"# Python {sys.version_info.major}.{sys.version_info.minor}, {sys.platform}")
    for name in sorted(versions):
        print(f"{name}=={versions[name]}")


if __name__ == "__main__":
    main()
