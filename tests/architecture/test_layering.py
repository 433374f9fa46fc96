"""The core is a Qt-free library: importing all of it must not load PySide6 or the lab."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import smtpwizard.core


def _core_modules() -> list[str]:
    found = pkgutil.walk_packages(smtpwizard.core.__path__, prefix="smtpwizard.core.")
    return [m.name for m in found]


def test_core_imports_no_qt_and_no_lab() -> None:
    modules = _core_modules()
    assert "smtpwizard.core.probe.engine" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'qasync',"
        " 'smtpwizard.gui', 'smtpwizard.lab', 'aiosmtpd')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"smtpwizard.core pulled in: {out}"


def test_importing_the_package_is_cheap() -> None:
    code = (
        "import sys, smtpwizard\n"
        "heavy = ('PySide6', 'aiosmtplib', 'dns', 'httpx')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
