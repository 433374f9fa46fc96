#!/usr/bin/env bash
# Packaging smoke test (CI runs it from `packaging/dev.sh test`):
#   1. build the wheel, install it into an empty virtual environment, run its `--self-test`;
#   2. build the frozen bundle (packaging/build.sh), run `dist/smtpwizard/smtpwizard --self-test`.
# Both run offscreen, from a folder outside the checkout (so nothing is found by accident in the
# source tree), with the keyring forced to the inert "fail" backend and settings in a temporary
# folder. Packages come from this machine's configured registries (pip.conf); no other network.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV="${BUILD_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/smtpwizard-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { printf '\033[1;31mFAIL: %s\033[0m\n' "$*" >&2; exit 1; }

export QT_QPA_PLATFORM=offscreen
export PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring
export SMTPWIZARD_SETTINGS_DIR="$WORK/settings" SMTPWIZARD_CONFIG_DIR="$WORK/config"
export PIP_DISABLE_PIP_VERSION_CHECK=1

self_test() {  # self_test LABEL PROGRAM: run it outside the checkout, show its lines, check them
    local label=$1 program=$2 out
    log "$label: $program --self-test"
    if ! out=$(cd "$WORK" && "$program" --self-test 2>"$WORK/stderr"); then
        printf '%s\n' "$out"; cat "$WORK/stderr" >&2
        fail "$label: the self-test failed"
    fi
    printf '%s\n' "$out"
    grep -q '^ok   resources: .*(package data)' <<<"$out" \
        || fail "$label: the icons were not found as package data"
    [ "$(cd "$WORK" && "$program" --version)" = "smtpwizard $(sed -n 's/^__version__ = "\(.*\)"/\1/p' smtpwizard/__init__.py)" ] \
        || fail "$label: --version does not match smtpwizard/__init__.py"
    SELF_TEST_OUTPUT=$out
}

started=$(date +%s)

# --- 1. the wheel in an empty virtual environment -------------------------------------------------
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
log "Building the wheel"
"$VENV/bin/python" -m pip wheel -q --no-deps --wheel-dir "$WORK/wheel" . 2>"$WORK/wheel.log" \
    || { cat "$WORK/wheel.log" >&2; fail "the wheel did not build"; }
wheel=$(ls "$WORK"/wheel/smtpwizard-*.whl)
"$PY" -c 'import sys, zipfile; sys.exit("smtpwizard/resources/icons/smtpwizard.svg" not in
    zipfile.ZipFile(sys.argv[1]).namelist())' "$wheel" \
    || fail "the wheel has no icons (setup.py's build step did not run)"
log "Installing $(basename "$wheel") into an empty virtual environment"
"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q -c packaging/requirements.lock "$wheel" \
    >"$WORK/install.log" 2>&1 \
    || { cat "$WORK/install.log" >&2; fail "the wheel did not install"; }
self_test "wheel" "$WORK/venv/bin/smtpwizard"

# --- 2. the frozen bundle ---------------------------------------------------------------------------
bash packaging/build.sh
self_test "bundle" "$ROOT/dist/smtpwizard/smtpwizard"
if command -v xvfb-run >/dev/null; then
    log "bundle on a real X server (Xvfb, xcb platform): --self-test"
    (cd "$WORK" && QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x1024x24" \
        "$ROOT/dist/smtpwizard/smtpwizard" --self-test >"$WORK/xcb.log" 2>&1) \
        || { cat "$WORK/xcb.log" >&2; fail "the frozen bundle does not work on X11 (xcb)"; }
    grep "platform 'xcb'" "$WORK/xcb.log"
fi
startup=$(sed -n 's/^ok   wizard: .* \([0-9.]*\) s after .*/\1/p' <<<"$SELF_TEST_OUTPUT")

size=$(du -sm dist/smtpwizard | cut -f1)
files=$(find dist/smtpwizard -type f | wc -l)
log "Packaging smoke test passed in $(( $(date +%s) - started )) s"
log "Bundle: ${size} MB, ${files} files; frozen start to first wizard page: ${startup} s"
