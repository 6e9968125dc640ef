#!/usr/bin/env bash
# The stand-alone build for Linux, and its tests:
#   1. a build environment (packaging/build/venv: the project and PyInstaller at the versions of
#      constraints.txt; GOVOFFICE_BUILD_PYTHON=/path/to/python uses that one instead);
#   2. PyInstaller with packaging/govoffice.spec: packaging/dist/govoffice/, one folder;
#   3. packaging/smoke.sh on the bundle (--version, demo, import, pdf bonus, the window offscreen);
#   4. the .deb (dpkg-deb): /opt/govoffice, /usr/bin/govoffice, the .desktop entry, the icon;
#      every library the bundle takes from the system must be one the .deb depends on;
#   5. as root with dpkg: dpkg -i the .deb, smoke.sh on /usr/bin/govoffice, then remove it again
#      (unless it was installed before, or KEEP_INSTALLED=1).  Not root: step 5 is skipped, saying so.
# Output: packaging/dist/govoffice/ and packaging/dist/govoffice-desktop_VERSION_ARCH.deb.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' govoffice_desktop/__init__.py)
say() { echo "build: $*"; }
quiet_pip() { "$@" 2> >(grep -v "is neither a file nor a directory" >&2); }  # this machine's pip noise

# 1. The build environment.
if [ -n "${GOVOFFICE_BUILD_PYTHON:-}" ]; then
  python=$GOVOFFICE_BUILD_PYTHON
else
  venv=$here/build/venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  python=$venv/bin/python
  # Not editable: the bundle is made from what a wheel of this checkout installs.
  quiet_pip "$python" -m pip install -q -c constraints.txt ".[build]"
fi
say "python: $("$python" -c 'import sys; print(sys.version.split()[0])'), PyInstaller $("$python" -m PyInstaller --version)"

# 2. The bundle.
"$python" -m PyInstaller --noconfirm --log-level WARN --distpath "$here/dist" --workpath "$here/build" \
  "$here/govoffice.spec"
bundle=$here/dist/govoffice
say "bundle: $bundle ($(du -sh "$bundle" | cut -f1))"

# 3. The bundle's smoke test (from a temporary folder, no Python of ours on the way).
env -u PYTHONHOME -u VIRTUAL_ENV bash "$here/smoke.sh" "$bundle/govoffice-cli" "$bundle/govoffice"

# 4. The .deb.
arch=$(dpkg --print-architecture)
deb=$here/dist/govoffice-desktop_${version}_${arch}.deb
stage=$(mktemp -d "${TMPDIR:-/tmp}/govoffice-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/icons/hicolor/256x256/apps" \
  "$stage/usr/share/doc/govoffice-desktop"
cp -a "$bundle" "$stage/opt/govoffice"
install -m 0755 "$here/deb/launcher" "$stage/usr/bin/govoffice"
install -m 0644 "$here/deb/govoffice.desktop" "$stage/usr/share/applications/govoffice.desktop"
install -m 0644 govoffice_desktop/data/icons/govoffice.svg "$stage/usr/share/icons/hicolor/scalable/apps/govoffice.svg"
QT_QPA_PLATFORM=offscreen "$python" "$here/icons.py" govoffice_desktop/data/icons/govoffice.svg \
  "$stage/usr/share/icons/hicolor/256x256/apps/govoffice.png" 256 >/dev/null
install -m 0644 "$here/deb/copyright" "$stage/usr/share/doc/govoffice-desktop/copyright"
glibc=$("$python" "$here/deb/system_deps.py" --glibc "$bundle")
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@GLIBC@/$glibc/" \
  "$here/deb/control" > "$stage/DEBIAN/control"
chmod -R u=rwX,go=rX "$stage"
say "the libraries the bundle takes from the system, and the .deb's Depends:"
"$python" "$here/deb/system_deps.py" "$bundle" "$stage/DEBIAN/control"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$stage/usr/share/applications/govoffice.desktop"
fi
rm -f "$deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
say "deb: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends | sed 's/^/build:   /'

# 5. Installed with dpkg, and tested as installed.
if [ "$(id -u)" != 0 ] || ! command -v dpkg >/dev/null 2>&1; then
  say "the .deb was NOT installed and tested: that needs root (sudo bash packaging/build.sh)"
  exit 0
fi
before=$(dpkg-query -W -f '${Status}' govoffice-desktop 2>/dev/null || true)
if ! dpkg -i "$deb" >/dev/null; then
  say "dpkg -i stopped on missing dependencies: apt-get installs them"
  DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq >/dev/null
fi
status=$(dpkg-query -W -f '${Status} ${Version}' govoffice-desktop)
[ "$status" = "install ok installed $version" ] || { say "FAILED: govoffice-desktop $version is not installed ($status)"; exit 1; }
for f in /usr/bin/govoffice /opt/govoffice/govoffice /usr/share/applications/govoffice.desktop \
         /usr/share/icons/hicolor/scalable/apps/govoffice.svg; do
  [ -e "$f" ] || { say "FAILED: $f is not installed"; exit 1; }
done
say "installed: $(dpkg-query -W -f '${Package} ${Version}' govoffice-desktop), $(dpkg -L govoffice-desktop | wc -l) paths"
bash "$here/smoke.sh" /usr/bin/govoffice
if [ "${KEEP_INSTALLED:-}" != 1 ] && [[ "$before" != *"installed"* ]]; then
  dpkg -r govoffice-desktop >/dev/null
  say "removed again (KEEP_INSTALLED=1 keeps it)"
fi
say "all passed"
