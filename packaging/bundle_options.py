"""What a smtpwizard PyInstaller bundle leaves out, shared by the spec and the size benchmark.

Imported by ``packaging/smtpwizard.spec`` (and by the bare-QWizard comparison build that
``packaging/measure.sh`` makes) so both are trimmed the same way. Plain Python, no PyInstaller
import, so the tests can check it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath

# Python packages the program never imports at run time (test tools, build tools, Tk, docs).
EXCLUDED_MODULES: tuple[str, ...] = (
    # test and development tools that live in the same virtual environment
    "pytest",
    "_pytest",
    "pytestqt",
    "pytest_asyncio",
    "pytest_timeout",
    "hypothesis",
    "mypy",
    "mypyc",
    "ruff",
    "dotenv",
    "pluggy",
    "iniconfig",
    "py",
    # build tools
    "PyInstaller",
    "setuptools",
    "pkg_resources",
    "pip",
    "wheel",
    "distutils",
    "_distutils_hack",
    # standard-library parts a desktop wizard does not use
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "lib2to3",
    "pydoc_data",
    "test",
    "unittest.test",
    "ensurepip",
    "venv",
    # the rest of Qt for Python: only QtCore, QtGui and QtWidgets are used
    "PySide6.QtNetwork",
    "PySide6.QtDBus",
    "PySide6.QtTest",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest",
    "PySide6.QtQmlFeatures",
    "PySide6.QtSql",
    "PySide6.QtXml",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtConcurrent",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtLabsStyleKit",
    "PySide6.scripts",
)

# Qt plugins kept, by folder under Qt/plugins; a folder not listed is dropped entirely.
# Platforms: xcb (X11), wayland, offscreen (CI and --self-test). SVG for the icons.
KEPT_QT_PLUGINS: dict[str, tuple[str, ...]] = {
    "platforms": ("qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa", "qminimal"),
    "platformthemes": ("qxdgdesktopportal",),  # qgtk3 would drag the system GTK into the bundle
    "platforminputcontexts": (
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    ),
    "xcbglintegrations": ("qxcb-egl-integration", "qxcb-glx-integration"),
    "wayland-shell-integration": ("xdg-shell",),
    "wayland-decoration-client": ("bradient", "adwaita"),
    "wayland-graphics-integration-client": ("qt-plugin-wayland-egl",),
    "iconengines": ("qsvgicon",),
    "imageformats": ("qsvg", "qico"),
    "styles": ("qmodernwindowsstyle", "qwindowsvistastyle", "qmacstyle"),
}

# Qt libraries nothing we keep needs (the PySide6 hook may still pull some in as "dependencies").
DROPPED_QT_LIBRARIES = re.compile(
    r"Qt6(Qml|Quick|Designer|Help|Sql|Test|UiTools|Pdf|VirtualKeyboard|Labs|Lottie|"
    r"WaylandCompositor|WaylandEgl.*Compositor|ShaderTools|3D|Multimedia|WebEngine|"
    r"OpenGLWidgets|Network|Concurrent|Xml|PrintSupport|EglFS|EglFsKms|SvgWidgets)"
)


def _plugin_parts(dest: str) -> tuple[str, str] | None:
    """``(folder, plugin stem)`` when ``dest`` is a Qt plugin inside the bundle, else ``None``."""
    parts = PurePath(dest.replace("\\", "/")).parts
    if "plugins" not in parts:
        return None
    at = parts.index("plugins")
    # Linux/macOS wheels: PySide6/Qt/plugins/...; Windows wheels: PySide6/plugins/...
    if at == 0 or parts[at - 1] not in ("Qt", "PySide6") or len(parts) < at + 3:
        return None
    folder, filename = parts[at + 1], parts[-1]
    stem = filename.split(".")[0]
    stem = stem.removeprefix("lib")
    return folder, stem


# The languages smtpwizard speaks besides English (smtpwizard/core/wording/translation.py):
# their qtbase_<lang>.qm stays in the bundle, every other Qt translation goes.
QT_TRANSLATIONS = ("de", "fr", "es")


def keep(dest: str) -> bool:
    """Whether a file with this destination path inside the bundle is kept."""
    normalized = dest.replace("\\", "/")
    plugin = _plugin_parts(normalized)
    if plugin is not None:
        folder, stem = plugin
        return stem in KEPT_QT_PLUGINS.get(folder, ())
    name = PurePath(normalized).name
    qt_library = "PySide6/" in normalized or name.startswith(("libQt6", "Qt6"))
    if qt_library and DROPPED_QT_LIBRARIES.search(name):
        return False
    if "/translations/" in normalized:
        # Qt's own words (QWizard's buttons, standard dialogs) for the languages we speak
        return name in {f"qtbase_{code}.qm" for code in QT_TRANSLATIONS}
    # QML is not used at all
    unused = (
        "Qt/translations/",
        "Qt/qml/",
        "Qt/metatypes/",
        "PySide6/translations/",
        "PySide6/qml/",
        "PySide6/metatypes/",
    )
    return not any(part in normalized for part in unused)


def trimmed(entries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A PyInstaller TOC (``(dest, source, kind)`` triples) without what ``keep`` rejects."""
    return [entry for entry in entries if keep(entry[0])]


def filter_qt_plugin_collection() -> bool:
    """Make PyInstaller's Qt hooks collect only the plugins ``keep`` accepts; ``False`` if the
    hook point (``QtLibraryInfo.collect_plugins``, PyInstaller 6) is not there."""
    try:
        from PyInstaller.utils.hooks import qt
    except ImportError:
        return False
    info = getattr(qt, "QtLibraryInfo", None)
    original = getattr(info, "collect_plugins", None)
    if info is None or original is None or getattr(original, "_smtpwizard", False):
        return original is not None

    def collect_plugins(self: object, plugin_type: str) -> list[tuple[str, str]]:
        found = original(self, plugin_type)
        return [(src, dst) for src, dst in found if keep(f"{dst}/{PurePath(src).name}")]

    collect_plugins._smtpwizard = True  # type: ignore[attr-defined]
    info.collect_plugins = collect_plugins
    return True
