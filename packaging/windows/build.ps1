# The Windows build: the PyInstaller folder, its smoke test, then the Inno Setup installer.
# Run in PowerShell from anywhere, on Windows 10/11 x64 with Python 3.11+ (python.org, "py"
# launcher) and Inno Setup 6 (iscc.exe on PATH, or at its default place):
#     powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Output: packaging\dist\govoffice\ and packaging\dist\govoffice-desktop-VERSION-setup.exe.
# NOT run on the project's Linux machines: there is no Windows there. packaging/build.sh is its
# Linux twin (same spec, same smoke steps) and is run there.
$ErrorActionPreference = "Stop"
$root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $root
$version = (Select-String -Path "govoffice_desktop\__init__.py" -Pattern '^__version__ = "(.*)"$').Matches[0].Groups[1].Value
function Check($what) { if ($LASTEXITCODE -ne 0) { throw "build: FAILED: $what (exit $LASTEXITCODE)" } }

# 1. The build environment: the project and PyInstaller at the versions of constraints.txt.
$venv = Join-Path $root "packaging\build\venv"
if (-not (Test-Path "$venv\Scripts\python.exe")) { py -3.11 -m venv $venv; Check "venv" }
$python = "$venv\Scripts\python.exe"
& $python -m pip install -q -c constraints.txt ".[build]"; Check "pip install"

# 2. The bundle (the spec also writes packaging\build\govoffice.ico for the .exe and the installer).
& $python -m PyInstaller --noconfirm --log-level WARN --distpath packaging\dist --workpath packaging\build packaging\govoffice.spec
Check "PyInstaller"
$bundle = Join-Path $root "packaging\dist\govoffice"
$cli = Join-Path $bundle "govoffice-cli.exe"

# 3. The smoke test, from a temporary folder (packaging/smoke.sh's steps).
$work = Join-Path ([IO.Path]::GetTempPath()) ("govoffice-smoke-" + [Guid]::NewGuid())
New-Item -ItemType Directory $work | Out-Null
Push-Location $work
try {
    $env:APPDATA = "$work\appdata"; $env:LOCALAPPDATA = "$work\localappdata"  # the user's folders
    $got = & $cli --version; Check "--version"
    if ($got -ne "govoffice $version") { throw "build: FAILED: --version printed '$got'" }
    & $cli --db demo.db demo | Out-Null; Check "demo"
    $env:GOVOFFICE_USER = "admin"; $env:GOVOFFICE_PASSWORD = "demo"
    $ledger = Join-Path $root "..\shared\ledgers\public\wisdom-wf__花名册.filled.xls"
    if (Test-Path $ledger) { & $cli --db demo.db import staff $ledger; Check "import staff" }
    else { Write-Host "build: import SKIPPED: the public ledgers are not beside the checkout" }
    & $cli --db demo.db pdf bonus bonus.pdf; Check "pdf bonus"
    if (-not (Test-Path bonus.pdf)) { throw "build: FAILED: no bonus.pdf" }
    # The window, offscreen: it saves a picture of itself and closes (app.py, GOVOFFICE_SMOKE_SHOT).
    # govoffice-cli.exe, not govoffice.exe: a windowed program has no standard output to say so.
    $env:QT_QPA_PLATFORM = "offscreen"; $env:GOVOFFICE_SMOKE_SHOT = "$work\window.png"
    $said = & $cli --db demo.db; Check "the window"
    Write-Host $said
    if (-not (Test-Path "$work\window.png")) { throw "build: FAILED: the window saved no picture" }
    # (Its line says whether Qt's buttons are in Chinese, "Qt 的按钮：取消"; read it: captured
    # through a pipe it comes in the console's code page, so it is not matched here.)
} finally {
    Remove-Item Env:QT_QPA_PLATFORM, Env:GOVOFFICE_SMOKE_SHOT, Env:GOVOFFICE_USER, Env:GOVOFFICE_PASSWORD -ErrorAction SilentlyContinue
    Pop-Location
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
Write-Host "build: smoke test passed"

# 4. The installer.
$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" packaging\windows\govoffice.iss; Check "Inno Setup"
Write-Host "build: packaging\dist\govoffice-desktop-$version-setup.exe"
