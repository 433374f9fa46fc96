#!/usr/bin/env bash
# Measure the frozen bundle next to a bare PySide6 QWizard frozen the same way (same PyInstaller,
# same excludes and Qt trimming from packaging/bundle_options.py, strip, one folder).
#
#   bash packaging/measure.sh [RUNS]     (default 7 runs; builds dist/smtpwizard first if missing)
#
# Start time = from the process start (kernel start time, /proc) to the first wizard page shown
# and drawn, offscreen; the median of RUNS warm runs. The comparison bundle is built in a
# temporary folder and deleted afterwards; nothing is written into the checkout except dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV="${BUILD_VENV:-$ROOT/.venv}"
RUNS="${1:-7}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/smtpwizard-measure.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export QT_QPA_PLATFORM=offscreen PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring
export SMTPWIZARD_SETTINGS_DIR="$WORK/settings" SMTPWIZARD_CONFIG_DIR="$WORK/config"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

[ -x dist/smtpwizard/smtpwizard ] || bash packaging/build.sh

log "Freezing a bare PySide6 QWizard the same way (in $WORK)"
cat > "$WORK/bare_wizard.py" <<'EOF'
"""A bare PySide6 wizard: show the first page, draw it, print the seconds since process start."""
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage


def since_start():
    stat = Path("/proc/self/stat").read_text()
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    import os
    return uptime - int(stat[stat.rindex(")") + 2:].split()[19]) / os.sysconf("SC_CLK_TCK")


app = QApplication(sys.argv)
wizard = QWizard()
page = QWizardPage()
page.setTitle("Your email account")
layout = QVBoxLayout(page)
layout.addWidget(QLabel("A bare wizard page"))
wizard.addPage(page)
wizard.resize(780, 640)
wizard.show()
app.processEvents()
wizard.grab()
print(f"first page shown {since_start():.3f} s after process start")
EOF
cat > "$WORK/bare.spec" <<EOF
import sys
sys.path.insert(0, "$ROOT/packaging")
import bundle_options
bundle_options.filter_qt_plugin_collection()
a = Analysis(["$WORK/bare_wizard.py"], excludes=list(bundle_options.EXCLUDED_MODULES), optimize=1)
a.binaries = bundle_options.trimmed(a.binaries)
a.datas = bundle_options.trimmed(a.datas)
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name="bare_wizard", console=True,
          strip=True, upx=False)
coll = COLLECT(exe, a.binaries, a.datas, strip=True, upx=False, name="bare_wizard")
EOF
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level ERROR \
    --distpath "$WORK/dist" --workpath "$WORK/build" "$WORK/bare.spec"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
startup() {  # startup PROGRAM [ARGS...]: one warm-up run, then RUNS measured runs -> median
    local i
    "$@" >/dev/null 2>&1 || true
    for i in $(seq "$RUNS"); do
        (cd "$WORK" && "$@" 2>/dev/null) | sed -n 's/.* \([0-9.]*\) s after process start.*/\1/p'
    done | median
}

app_size=$(du -sm dist/smtpwizard | cut -f1); app_files=$(find dist/smtpwizard -type f | wc -l)
bare_size=$(du -sm "$WORK/dist/bare_wizard" | cut -f1)
bare_files=$(find "$WORK/dist/bare_wizard" -type f | wc -l)
log "Timing $RUNS warm starts of each"
app_start=$(startup "$ROOT/dist/smtpwizard/smtpwizard" --self-test)
bare_start=$(startup "$WORK/dist/bare_wizard/bare_wizard")

printf '\n%-28s %10s %8s %22s\n' "" "size (MB)" "files" "start to 1st page (s)"
printf '%-28s %10s %8s %22s\n' "smtpwizard bundle" "$app_size" "$app_files" "$app_start"
printf '%-28s %10s %8s %22s\n' "bare PySide6 QWizard bundle" "$bare_size" "$bare_files" "$bare_start"
awk -v a="$app_size" -v b="$bare_size" -v fa="$app_files" -v fb="$bare_files" \
    -v sa="$app_start" -v sb="$bare_start" \
    'BEGIN { printf "%-28s %10.2f %8.2f %22.2f\n", "ratio", a/b, fa/fb, sa/sb }'
