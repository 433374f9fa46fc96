"""Packaging: desktop entry, AppStream metainfo, the PyInstaller spec and its trimming rules,
the build-time icon renderer, and ``smtpwizard --self-test`` run in-process.

The slow end-to-end part (wheel in an empty venv, frozen bundle) is ``packaging/smoke.sh``.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import io
import re
import shutil
import struct
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import defusedxml.ElementTree as SafeET
import pytest

from smtpwizard import __version__, selftest
from smtpwizard.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.smtpwizard.SmtpWizard"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTPWIZARD_SETTINGS_DIR", str(tmp_path / "settings"))
    monkeypatch.setenv("SMTPWIZARD_CONFIG_DIR", str(tmp_path / "config"))


# --- desktop integration -------------------------------------------------------------------------
def test_desktop_entry_names_the_program_and_the_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    main = entry["Desktop Entry"]
    assert main["Type"] == "Application"
    assert main["Exec"].split()[0] == "smtpwizard"
    assert main["Icon"] == APP_ID
    assert "Email" in main["Categories"].split(";")


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate (Debian: desktop-file-utils) is not installed",
)
def test_desktop_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_metainfo_describes_the_desktop_application() -> None:
    root = SafeET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == "smtpwizard"
    screenshots = root.findall("screenshots/screenshot")
    assert len(screenshots) >= 1
    assert all((s.findtext("image") or "").startswith("https://") for s in screenshots)
    assert [s.get("type") for s in screenshots].count("default") == 1
    assert root.find(f"releases/release[@version='{__version__}']") is not None


def test_metainfo_screenshots_are_files_of_this_repository(qapp: object) -> None:
    from PySide6.QtGui import QImage

    prefix = "https://raw.githubusercontent.com/smtpwizard/smtpwizard/main/"
    images = SafeET.parse(METAINFO).getroot().findall("screenshots/screenshot/image")
    assert images
    for image in images:
        url = image.text or ""
        assert url.startswith(prefix), url
        picture = QImage(str(ROOT / url.removeprefix(prefix)))
        assert not picture.isNull(), url
        assert (picture.width(), picture.height()) == (
            int(image.get("width", 0)),
            int(image.get("height", 0)),
        ), url


@pytest.mark.skipif(
    shutil.which("appstreamcli") is None, reason="appstreamcli (Debian: appstream) is not installed"
)
def test_metainfo_validates_offline() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- the PyInstaller spec and what it trims ------------------------------------------------------
def test_spec_and_entry_compile_as_python() -> None:
    for name in ("smtpwizard.spec", "entry.py"):
        path = PACKAGING / name
        code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
        assert code.co_filename == str(path)


def test_trimming_keeps_the_platforms_and_svg_support() -> None:
    options = _load("bundle_options")
    plugins = "PySide6/Qt/plugins"
    for kept in (
        "platforms/libqxcb.so",
        "platforms/libqwayland.so",
        "platforms/libqoffscreen.so",
        "iconengines/libqsvgicon.so",
        "imageformats/libqsvg.so",
        "platforms/qwindows.dll",
        "wayland-shell-integration/libxdg-shell.so",
    ):
        assert options.keep(f"{plugins}/{kept}"), kept
    for dropped in (
        "platforms/libqeglfs.so",
        "platforms/libqvnc.so",
        "platformthemes/libqgtk3.so",
        "imageformats/libqpdf.so",
        "sqldrivers/libqsqlite.so",
        "printsupport/libcupsprintersupport.so",
        "platforminputcontexts/libqtvirtualkeyboardplugin.so",
    ):
        assert not options.keep(f"{plugins}/{dropped}"), dropped
    # Windows wheels keep plugins and DLLs directly under PySide6/
    assert options.keep("PySide6/plugins/platforms/qwindows.dll")
    assert options.keep("PySide6/plugins/styles/qmodernwindowsstyle.dll")
    assert not options.keep("PySide6/plugins/platforms/qdirect2d.dll")
    assert not options.keep("PySide6/Qt6Quick.dll")
    assert options.keep("PySide6/translations/qtbase_de.qm")  # Qt's buttons in German
    assert not options.keep("PySide6/translations/qtbase_ja.qm")
    assert not options.keep("PySide6/translations/qtdeclarative_de.qm")
    assert options.keep("PySide6/Qt6Widgets.dll")
    assert options.keep("PySide6/Qt/lib/libQt6Widgets.so.6")
    assert options.keep("PySide6/Qt/lib/libQt6Svg.so.6")
    assert not options.keep("PySide6/Qt/lib/libQt6Quick.so.6")
    assert options.keep("PySide6/Qt/translations/qtbase_fr.qm")
    assert not options.keep("PySide6/Qt/translations/qtmultimedia_es.qm")
    assert options.keep("smtpwizard/resources/locale/de/LC_MESSAGES/smtpwizard.mo")
    assert options.keep("smtpwizard/resources/providers.json")
    assert options.keep("smtpwizard/resources/ispdb/ispdb.json")
    assert options.keep("smtpwizard/resources/ispdb/LICENSE")


def test_test_tools_and_tkinter_stay_out_of_the_bundle() -> None:
    excluded = set(_load("bundle_options").EXCLUDED_MODULES)
    assert {"pytest", "hypothesis", "mypy", "ruff", "tkinter", "PyInstaller"} <= excluded
    assert not excluded & {
        "PySide6.QtCore",
        "PySide6.QtGui",
        "PySide6.QtWidgets",
        "keyring",
        "truststore",
        "aiosmtpd",
        "trustme",
        "cryptography",
        "smtpwizard",
    }


def test_windows_version_template_is_a_pyinstaller_version_expression() -> None:
    # PyInstaller evaluates this file with its versioninfo classes (that module needs Windows'
    # pefile, so check the expression's shape instead of evaluating it here)
    text = (PACKAGING / "windows" / "version_info.txt.in").read_text(encoding="utf-8")
    filled = text.replace("@VERSION_TUPLE@", "1, 2, 3, 0").replace("@VERSION@", "1.2.3")
    tree = ast.parse(filled, mode="eval")
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert calls == {
        "VSVersionInfo",
        "FixedFileInfo",
        "StringFileInfo",
        "StringTable",
        "StringStruct",
        "VarFileInfo",
        "VarStruct",
    }
    strings = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)}
    assert {"ProductVersion", "1.2.3", "smtpwizard.exe"} <= strings
    assert "@" not in filled


# --- icons rendered at build time ----------------------------------------------------------------
def test_icons_render_in_every_size(qapp: object, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    icons = _load("icons")
    written = icons.build_all(tmp_path)
    for size in icons.HICOLOR_SIZES:
        image = QImage(str(tmp_path / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() > 0  # something was drawn
    ico = (tmp_path / "smtpwizard.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    assert len(list((tmp_path / "smtpwizard.iconset").glob("icon_*.png"))) == 10
    assert all(path.is_file() for path in written)


# --- --self-test --------------------------------------------------------------------------------
def test_self_test_passes_in_process(qapp: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--self-test"]) == 0
    lines = capsys.readouterr().out.splitlines()
    checks = [line for line in lines if line.startswith(("ok   ", "FAIL "))]
    names = [line[5:].split(":", 1)[0] for line in checks]
    assert names == [name for name, _ in selftest.CHECKS]
    assert all(line.startswith("ok   ") for line in checks), "\n".join(lines)
    assert lines[-1] == "all checks passed"
    assert any("demo probe: recommended " in line for line in checks)


def test_self_test_reports_failures_as_lines_and_exits_1() -> None:
    def broken() -> str:
        raise selftest.CheckFailed("the demo lab is not available: no module named x")

    def crashing() -> str:
        raise RuntimeError("boom")

    results = list(
        selftest.run_checks((("lab", broken), ("odd", crashing), ("fine", lambda: "all good")))
    )
    assert [r.line() for r in results] == [
        "FAIL lab: the demo lab is not available: no module named x",
        "FAIL odd: unexpected RuntimeError: boom",
        "ok   fine: all good",
    ]


def test_self_test_main_returns_1_when_a_check_fails(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> str:
        raise selftest.CheckFailed("nothing here")

    monkeypatch.setattr(
        selftest, "CHECKS", (("keyring", selftest.check_keyring), ("broken", broken))
    )
    out = io.StringIO()
    assert selftest.main(out) == 1
    text = out.getvalue()
    assert "FAIL broken: nothing here" in text
    assert "ok   keyring: keyring.backends.fail.Keyring" in text
    assert text.splitlines()[-1] == "1 check(s) failed"


def test_process_age_is_measured_from_the_process_start() -> None:
    seconds, since = selftest.seconds_since_process_start()
    assert seconds >= 0
    assert since == ("process start" if sys.platform == "linux" else "self-test start")


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_lock_pins_every_declared_dependency() -> None:
    """packaging/requirements.lock (``bash packaging/dev.sh lock``) is not behind pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra in ("test", "build"):
        declared += project["optional-dependencies"][extra]
    lock = (ROOT / "packaging" / "requirements.lock").read_text(encoding="utf-8")
    pinned = {
        _normalized(m.group(1)): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", lock, re.M)
    }
    names = [_normalized(re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0]) for d in declared]
    missing = [n for n in names if n not in pinned]
    assert missing == [], "run: bash packaging/dev.sh lock"
