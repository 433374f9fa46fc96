#!/usr/bin/env bash
# Set up and run smtpwizard from a source checkout. Each sub-command installs what it needs.
#
#   bash packaging/dev.sh wizard [ARGS...]   open the wizard against the built-in demo lab
#   bash packaging/dev.sh test   [PYTEST ARGS...]  lint, type-check and run every test
#   bash packaging/dev.sh bench  [ARGS...]   run the benchmarks (not part of the tests)
#   bash packaging/dev.sh i18n               extract the words, update every catalogue, compile
#   bash packaging/dev.sh setup              only create .venv and install packages
#   bash packaging/dev.sh lock               refresh packaging/requirements.lock (exact versions)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV="$ROOT/.venv"
# exact versions of every Python package (and of their dependencies): dev, CI and bundle alike
LOCK="$ROOT/packaging/requirements.lock"
PY="${PYTHON:-python3}"

# Debian packages: what Qt needs to draw, and the real servers the tests talk to.
APT_RUNTIME=(fonts-dejavu-core libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
             libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
             libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0)
APT_TEST=(gnome-keyring dbus libsecret-tools dnsmasq-base msmtp swaks dovecot-imapd dovecot-pop3d nftables libnet-ssleay-perl
          libio-socket-ssl-perl libio-socket-inet6-perl php-cli php-vlucas-phpdotenv nodejs xvfb xauth xdotool openbox
          desktop-file-utils appstream)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null; then
        log "Please install these system packages: ${missing[*]}"; return 0
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    log "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

venv_setup() {
    local stamp="$VENV/.installed" want
    want=$(cat pyproject.toml "$LOCK" | sha256sum | cut -d' ' -f1)
    if [ ! -x "$VENV/bin/python" ]; then
        log "Creating the virtual environment in .venv"
        "$PY" -m venv "$VENV"
    fi
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        log "Installing smtpwizard and its test tools into .venv"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c "$LOCK" -e ".[test]"
        echo "$want" > "$stamp"
    fi
}

# Node's dotenv package: one of the real readers of the .env exports (tests/security). npm comes
# with Node.js from the npm registry's own builds; where it is missing these tests skip it.
node_tools() {
    [ -d "$VENV/node/node_modules/dotenv" ] && return 0
    command -v npm >/dev/null || { log "npm not found: Node's dotenv is not installed"; return 0; }
    log "Installing Node's dotenv into .venv/node"
    npm install --silent --no-audit --no-fund --prefix "$VENV/node" dotenv@16 >/dev/null \
        || log "could not install Node's dotenv: its tests skip it"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  setup)
    apt_install "${APT_RUNTIME[@]}" "${APT_TEST[@]}"
    venv_setup
    node_tools ;;
  wizard)
    apt_install "${APT_RUNTIME[@]}"
    venv_setup
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
        log "No screen found (no DISPLAY). Running the same demo as a command-line probe instead."
        log "On a desktop this command opens the wizard."
        exec "$VENV/bin/smtpwizard" probe --demo "$@"
    fi
    exec "$VENV/bin/smtpwizard" gui --demo "$@" ;;
  test)
    apt_install "${APT_RUNTIME[@]}" "${APT_TEST[@]}"
    venv_setup
    node_tools
    export PATH="$VENV/bin:$PATH"
    log "ruff (lint and format)"
    ruff check smtpwizard tests packaging
    ruff format --check smtpwizard tests packaging
    log "mypy --strict (smtpwizard)"
    mypy
    log "pytest (offscreen)"
    QT_QPA_PLATFORM=offscreen python -m pytest "$@"
    if [ $# -eq 0 ] && [ -d tests/gui ] && command -v xvfb-run >/dev/null; then
        log "pytest tests/gui once more on a real X server (Xvfb + openbox, xcb platform)"
        # a window manager, as on a desktop: without one no window ever becomes active
        QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x1024x24" bash -c \
            "openbox >/dev/null 2>&1 & sleep 1; python -m pytest -q -m gui tests/gui -p no:cacheprovider"
    fi
    if [ $# -eq 0 ] && [ -x packaging/smoke.sh ]; then
        log "packaging smoke test (wheel + frozen bundle)"
        bash packaging/smoke.sh
    fi ;;
  lock)
    venv_setup
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check pip-tools
    "$VENV/bin/pip-compile" -q --extra test --extra build --strip-extras --allow-unsafe \
        --no-emit-index-url --no-emit-find-links --upgrade -o "$LOCK" pyproject.toml
    log "Updated $LOCK; run the tests, then commit it" ;;
  i18n)
    venv_setup
    exec "$VENV/bin/python" packaging/i18n.py "$@" ;;
  bench)
    apt_install "${APT_RUNTIME[@]}"
    venv_setup
    exec "$VENV/bin/python" -m smtpwizard.bench "$@" ;;
  *)
    sed -n '2,10p' "$0"; exit 2 ;;
esac
