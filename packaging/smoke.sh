#!/usr/bin/env bash
# The smoke test of an installed govoffice, run from outside the checkout: the wheel in a fresh
# virtual environment (.ci/run), the PyInstaller bundle and the installed .deb (packaging/build.sh).
#
#   packaging/smoke.sh CLI [GUI]
#
# CLI runs the commands (the venv's govoffice, the bundle's govoffice-cli, /usr/bin/govoffice);
# GUI opens the window (default: CLI). Each step says what it checked; the first failure exits 1.
# Steps: --version, demo, an import of a public ledger (skipped, saying so, when the public
# ledgers are not on this machine), pdf bonus, and the window opened offscreen and closed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cli=$1
gui=${2:-$1}
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/govoffice_desktop/__init__.py")

work=$(mktemp -d "${TMPDIR:-/tmp}/govoffice-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"  # nothing of the checkout on the way: not the cwd, not sys.path
# The user's folders (default database, settings, logs) inside the temporary folder.
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" \
       XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME"
unset GOVOFFICE_USER GOVOFFICE_PASSWORD PYTHONPATH
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
run() { timeout 300 "$@"; }

got=$(run "$cli" --version)
[ "$got" = "govoffice $version" ] || fail "--version printed '$got', expected 'govoffice $version'"
echo "smoke: --version: $got"

run "$cli" --db demo.db demo >demo.out 2>&1 || { cat demo.out >&2; fail "demo"; }
echo "smoke: demo: $(head -n 1 demo.out)"
export GOVOFFICE_USER=admin GOVOFFICE_PASSWORD=demo  # the demo's administrator

public=""
for folder in "$root/../shared/ledgers/public" /work/shared/ledgers/public; do
  [ -f "$folder/wisdom-wf__花名册.filled.xls" ] && { public=$folder; break; }
done
if [ -n "$public" ]; then
  run "$cli" --db demo.db import staff "$public/wisdom-wf__花名册.filled.xls" >import.out 2>&1 \
    || { cat import.out >&2; fail "import staff"; }
  grep -q "已导入 4 行" import.out || { cat import.out >&2; fail "import staff: not 4 rows imported"; }
  echo "smoke: import: $(head -n 1 import.out)"
else
  echo "smoke: import: SKIPPED, the public ledgers are not on this machine (../shared/ledgers/public, /work/shared/ledgers/public)"
fi

run "$cli" --db demo.db pdf bonus bonus.pdf >pdf.out 2>&1 || { cat pdf.out >&2; fail "pdf bonus"; }
[ "$(head -c 4 bonus.pdf)" = "%PDF" ] || fail "pdf bonus: bonus.pdf is not a PDF"
if command -v pdftotext >/dev/null 2>&1; then
  # The Chinese text is there as text: a CJK font was found and embedded. (核算表 only: pdftotext
  # gives some characters of Noto CJK as their Kangxi radicals, 金 as ⾦.)
  # (Whole outputs into grep: grep -q stopping early would fail the pipe under pipefail.)
  grep -q "核算表" <<<"$(pdftotext bonus.pdf -)" || fail "pdf bonus: no 核算表 in the PDF's text"
  fonts=$(pdffonts bonus.pdf)
  grep -qi "cjk\|hei\|song\|droid\|fallback" <<<"$fonts" || fail "pdf bonus: no CJK font embedded: $fonts"
fi
echo "smoke: pdf: $(cat pdf.out)"

QT_QPA_PLATFORM=offscreen GOVOFFICE_SMOKE_SHOT="$work/window.png" run "$gui" --db demo.db >window.out 2>window.err \
  || { cat window.out window.err >&2; fail "the window"; }
grep -q "窗口已打开.*Qt 的按钮：取消" window.out || { cat window.out window.err >&2; fail "the window (or Qt's Chinese)"; }
[ -s window.png ] || fail "the window: no picture saved"
echo "smoke: window: $(cat window.out)"
echo "smoke: all passed ($cli)"
