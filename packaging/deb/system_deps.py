"""Which Debian packages the bundle needs from the system, and does the .deb depend on them?

    python packaging/deb/system_deps.py BUNDLE_DIR CONTROL_FILE
    python packaging/deb/system_deps.py --glibc BUNDLE_DIR     (prints the glibc version needed)

Follows the shared libraries the bundle's programs load (each ELF file's NEEDED entries) from its
roots: the executables, libpython, Python's extension modules, and the Qt plugins a desktop uses (xcb and
offscreen platforms, image formats, icon engines, printing, input methods, TLS). A library found
inside the bundle is followed further; one that is not is looked up with ldconfig and dpkg -S. The
optional plugins (Wayland, EGLFS, VNC, evdev …) are not roots: Qt skips a plugin it cannot load.

Prints each system package and the libraries it gives, and the newest glibc symbol version used;
exits 1 when a needed library is on no package or its package is missing from the control file's
Depends (alternatives and the t64 renames count), or libc6's version there is too low.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REQUIRED_PLUGINS = ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/libqminimal.so",
                    "xcbglintegrations/", "imageformats/", "iconengines/", "printsupport/",
                    "platforminputcontexts/", "platformthemes/", "tls/")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def glibc_version(path: Path) -> tuple[int, ...]:
    out = subprocess.run(["readelf", "-V", "-W", str(path)], capture_output=True, text=True).stdout
    versions = [tuple(int(n) for n in v.split(".")) for v in re.findall(r"Name: GLIBC_([0-9.]+)", out)]
    return max(versions, default=(0,))


def is_root(relative: str) -> bool:
    """What is loaded other than as a NEEDED library: the programs, libpython (the bootloader's
    dlopen), Python's extension modules, the Qt plugins a desktop uses."""
    name = relative.rsplit("/", 1)[-1]
    if "/PySide6/Qt/plugins/" in f"/{relative}":
        return relative.split("PySide6/Qt/plugins/", 1)[1].startswith(REQUIRED_PLUGINS)
    return ("/" not in relative or name.startswith("libpython") or ".cpython-" in name
            or name.endswith(".abi3.so") or "/lib-dynload/" in relative)


def system_libraries() -> dict[str, str]:
    """soname → path, from ldconfig's cache (this machine's x86-64 libraries)."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    found = {}
    for name, arch, path in re.findall(r"^\s*(\S+) \(([^)]*)\) => (\S+)$", out, re.M):
        if "x86-64" in arch or "64bit" in arch:
            found.setdefault(name, path)
    return found


def package_of(path: str) -> str | None:
    real = str(Path(path).resolve())
    for candidate in dict.fromkeys([path, real, re.sub(r"^/usr", "", path), re.sub(r"^/usr", "", real),
                                    "/usr" + path if not path.startswith("/usr") else path]):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].strip()
    return None


def depends_field(control: Path) -> str:
    text = control.read_text(encoding="utf-8")
    match = re.search(r"^Depends:(.*(?:\n[ \t].*)*)", text, re.M)
    return match.group(1) if match else ""


def walk(bundle: Path) -> tuple[dict[str, set[str]], tuple[int, ...]]:
    """The sonames the bundle takes from the system (→ the bundle's files that need each), and
    the newest glibc symbol version its loaded files use."""
    files = {p.relative_to(bundle).as_posix(): p for p in bundle.rglob("*") if p.is_file() and is_elf(p)}
    by_name: dict[str, Path] = {}
    for relative, path in files.items():
        by_name.setdefault(path.name, path)
    todo = [path for relative, path in files.items() if is_root(relative)]
    seen: set[Path] = set()
    outside: dict[str, set[str]] = {}  # soname → the bundle's files that need it
    newest_glibc: tuple[int, ...] = (0,)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        newest_glibc = max(newest_glibc, glibc_version(path))
        for name in needed(path):
            if name in by_name:
                todo.append(by_name[name])
            else:
                outside.setdefault(name, set()).add(path.relative_to(bundle).as_posix())
    return outside, newest_glibc


def main(bundle: Path, control: Path) -> int:
    outside, newest_glibc = walk(bundle)
    system = system_libraries()
    packages: dict[str, list[str]] = {}
    problems = []
    for name in sorted(outside):
        package = package_of(system[name]) if name in system else None
        if package is None:
            problems.append(f"{name} (needed by {', '.join(sorted(outside[name]))}) is on no installed package")
            continue
        packages.setdefault(package, []).append(name)
    depends = depends_field(control)
    named = set(re.findall(r"([a-z0-9][a-z0-9+.-]+)", re.sub(r"\([^)]*\)", "", depends)))
    for package, names in sorted(packages.items()):
        ok = package in named or package.removesuffix("t64") in named or f"{package}t64" in named
        print(f"{'ok     ' if ok else 'MISSING'} {package}: {' '.join(names)}")
        if not ok:
            problems.append(f"{package} ({' '.join(names)}) is not in the Depends of {control}")
    glibc = ".".join(map(str, newest_glibc))
    print(f"newest glibc symbol: GLIBC_{glibc}")
    libc = re.search(r"libc6 \(>= ([0-9.]+)\)", depends)
    if libc is None or tuple(int(n) for n in libc.group(1).split(".")) < newest_glibc:
        problems.append(f"Depends should have libc6 (>= {glibc})")
    for problem in problems:
        print(f"system_deps: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1] == "--glibc":
        print(".".join(map(str, walk(Path(sys.argv[2]))[1])))
        sys.exit(0)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
