#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle: dist/smtpwizard/ (run it as dist/smtpwizard/smtpwizard).
#
#   bash packaging/build.sh            build (uses .venv, or makes it; installs the pinned PyInstaller)
#   BUILD_VENV=/path bash packaging/build.sh   build with another virtual environment
#
# The bundle also carries the Linux desktop files in dist/smtpwizard/share/ (applications,
# metainfo, icons/hicolor) so a packager can copy them to /usr/share or ~/.local/share.
# The same spec builds on Windows and macOS (see packaging/ci/build-desktop.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV="${BUILD_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"
PYINSTALLER_PIN=$(sed -n 's/^ *"\(pyinstaller==[^"]*\)".*/\1/p' pyproject.toml)
APP_ID=io.github.smtpwizard.SmtpWizard

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ ! -x "$VENV/bin/python" ]; then
    log "Creating the build environment in $VENV"
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
        -c packaging/requirements.lock -e ".[build]"
fi
if ! "$VENV/bin/python" -m pip show -q pyinstaller 2>/dev/null \
        || [ "$("$VENV/bin/python" -c 'import PyInstaller; print(PyInstaller.__version__)')" \
             != "${PYINSTALLER_PIN#pyinstaller==}" ]; then
    log "Installing $PYINSTALLER_PIN"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$PYINSTALLER_PIN"
fi
# (checked from / so that the checkout itself on sys.path does not count as installed)
(cd / && "$VENV/bin/python" -c 'import smtpwizard, PySide6, keyring') 2>/dev/null \
    || "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
        -c packaging/requirements.lock -e ".[build]"

log "PyInstaller ($PYINSTALLER_PIN): packaging/smtpwizard.spec -> dist/smtpwizard/"
started=$(date +%s)
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" packaging/smtpwizard.spec

if [ "$(uname -s)" = Linux ]; then
    share="$ROOT/dist/smtpwizard/share"
    rm -rf "$share"
    install -Dm644 "packaging/linux/$APP_ID.desktop" "$share/applications/$APP_ID.desktop"
    install -Dm644 "packaging/linux/$APP_ID.metainfo.xml" "$share/metainfo/$APP_ID.metainfo.xml"
    mkdir -p "$share/icons"
    cp -r "$ROOT/build/pyinstaller/smtpwizard/icons/hicolor" "$share/icons/"
fi

bundle="$ROOT/dist/smtpwizard"
size=$(du -sm "$bundle" | cut -f1)
files=$(find "$bundle" -type f | wc -l)
log "Built $bundle in $(( $(date +%s) - started )) s: ${size} MB, ${files} files"
