"""``smtpwizard --self-test``: does this installation work? One line per check, exit 0 or 1.

Meant for packagers, CI and support: it runs the same way from a source checkout, an installed
wheel and a frozen (PyInstaller) bundle, needs no screen (it starts Qt offscreen unless
``QT_QPA_PLATFORM`` says otherwise) and no network (the probe talks to the built-in demo lab on
loopback). It never touches a stored password: the keyring check only names the backend.

Each line reads ``ok   <check>: <detail>`` or ``FAIL <check>: <detail>``; a ``startup`` line
gives the time from the process start to the first wizard page shown (a packaging benchmark).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.exit_codes import SelfTestExit

_IMPORTED_AT = time.perf_counter()

PROBE_DEADLINE_S = 60.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {self.detail}"


class CheckFailed(SmtpWizardError):
    """A check found a problem; the message is the detail shown after ``FAIL``."""


# --- timing --------------------------------------------------------------------------------------
def seconds_since_process_start() -> tuple[float, str]:
    """Seconds since this process started, and what that is measured from.

    Linux: from the kernel's process start time (so interpreter start-up, the frozen bootloader
    and every import count). Elsewhere: from the moment this module was imported.
    """
    try:
        stat = Path("/proc/self/stat").read_text()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        fields = stat[stat.rindex(")") + 2 :].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22 of /proc/pid/stat
        return max(0.0, uptime - started), "process start"
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED_AT, "self-test start"


# --- the checks ----------------------------------------------------------------------------------
def _application() -> Any:
    # lazy: each check imports what it checks, so a broken part fails only its check
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "smtpwizard"])
    return app


def _show_and_grab(widget: Any, before_hide: Callable[[], None] | None = None) -> tuple[int, int]:
    # lazy: each check imports what it checks, so a broken part fails only its check
    from PySide6.QtWidgets import QApplication

    widget.show()
    QApplication.processEvents()
    pixmap = widget.grab()
    size = (pixmap.width(), pixmap.height())
    if before_hide is not None:
        before_hide()
    widget.hide()
    widget.deleteLater()
    QApplication.processEvents()
    if pixmap.isNull() or size[0] <= 0 or size[1] <= 0:
        raise CheckFailed("the window was shown but could not be drawn (empty picture)")
    return size


def check_qt() -> str:
    """The Qt platform plugin loads and a plain QWizard can be shown and drawn."""
    try:
        # lazy: each check imports what it checks, so a broken part fails only its check
        from PySide6 import __version__ as pyside_version

        # lazy: each check imports what it checks, so a broken part fails only its check
        from PySide6.QtWidgets import QWizard, QWizardPage
    except ImportError as exc:
        raise CheckFailed(f"PySide6 cannot be imported: {exc}") from None
    app = _application()
    wizard = QWizard()
    page = QWizardPage()
    page.setTitle("smtpwizard self-test")
    wizard.addPage(page)
    width, height = _show_and_grab(wizard)
    return (
        f"PySide6 {pyside_version}, platform '{app.platformName()}', drew a {width}×{height} wizard"
    )


def check_wizard() -> str:
    """The real setup wizard opens on its first page; also the start-up time to that point."""
    # lazy: each check imports what it checks, so a broken part fails only its check
    from smtpwizard.gui.state import WizardState

    # lazy: each check imports what it checks, so a broken part fails only its check
    from smtpwizard.gui.wizard import SetupWizard

    _application()
    wizard = SetupWizard(WizardState(), defer=True)  # the way the program opens it
    shown: dict[str, Any] = {}

    def note() -> None:  # the first page exists only once the wizard is shown
        page = wizard.currentPage()
        shown["title"] = page.title() if page is not None else "?"
        shown["elapsed"] = seconds_since_process_start()

    width, height = _show_and_grab(wizard, note)
    elapsed, since = shown["elapsed"]
    wizard.complete()  # then the other pages, loaded after the first paint (all in the bundle?)
    pages = len(wizard.pageIds())
    if pages != 7:
        raise RuntimeError(f"the wizard has {pages} pages after loading the rest, not 7")
    return (
        f"first page '{shown['title']}' shown and drawn ({width}×{height}) "
        f"{elapsed:.2f} s after {since}; then all {pages} pages"
    )


def check_keyring() -> str:
    """Name the keyring backend; the ``fail`` backend is reported, not failed."""
    try:
        # lazy: each check imports what it checks, so a broken part fails only its check
        import keyring

        # lazy: each check imports what it checks, so a broken part fails only its check
        from keyring.backends import fail
    except Exception as exc:  # an import that breaks is a broken installation
        raise CheckFailed(f"keyring cannot be imported: {type(exc).__name__}: {exc}") from None
    try:
        backend = keyring.get_keyring()
    except Exception as exc:
        raise CheckFailed(
            f"no keyring backend could be chosen: {type(exc).__name__}: {exc}"
        ) from None
    cls = type(backend)
    name = f"{cls.__module__}.{cls.__qualname__}"
    if isinstance(backend, fail.Keyring):
        return (
            f"{name}: no keyring service found, so passwords cannot be saved here "
            "(fine for a server or CI; on a desktop, start the keyring service)"
        )
    return name


def check_trust_store() -> str:
    # lazy: each check imports what it checks, so a broken part fails only its check
    from smtpwizard.core.probe.tls_config import trust_summary

    try:
        what, count = trust_summary()  # exactly the context the probe verifies with
    except Exception as exc:
        raise CheckFailed(
            f"cannot use the system trust store: {type(exc).__name__}: {exc}"
        ) from None
    if count == 0:
        raise CheckFailed(
            f"the system trust store is empty ({what}); install the ca-certificates package"
        )
    shown = "" if count < 0 else f"{count} certificate authorities in "
    return f"{shown}{what}"


def check_providers() -> str:
    try:
        # lazy: each check imports what it checks, so a broken part fails only its check
        from smtpwizard.core.discovery import providers
    except ImportError as exc:
        raise CheckFailed(f"the provider module is not available: {exc}") from None
    try:
        data = providers.load_providers()
    except providers.ProviderDataError as exc:
        raise CheckFailed(str(exc).splitlines()[0]) from None
    domains = sum(len(p.domains) for p in data.providers)
    return (
        f"{len(data)} providers, {domains} domains from {providers.data_path().name} "
        "and Thunderbird's ISPDB"
    )


def _icon_folder() -> tuple[Path, str] | None:
    # lazy: each check imports what it checks, so a broken part fails only its check
    from importlib import resources

    packaged = resources.files("smtpwizard").joinpath("resources", "icons")
    if packaged.is_dir():
        return Path(str(packaged)), "package data"
    return None


def check_resources() -> str:
    """Data files and icons are where the program looks, and Qt can draw the SVG icons."""
    # lazy: each check imports what it checks, so a broken part fails only its check
    from importlib import resources

    package = resources.files("smtpwizard").joinpath("resources")
    missing = [
        n for n in ("providers.json", "providers.schema.json") if not package.joinpath(n).is_file()
    ]
    if missing:
        raise CheckFailed(f"missing package data: {', '.join(missing)}")
    found = _icon_folder()
    if found is None:
        raise CheckFailed("no icons folder (smtpwizard/resources/icons) was installed")
    folder, where = found
    svgs = sorted(p.name for p in folder.glob("*.svg"))
    for wanted in ("smtpwizard.svg", "app.svg"):
        if wanted not in svgs:
            raise CheckFailed(f"icon {wanted} is missing from {folder}")
    # lazy: each check imports what it checks, so a broken part fails only its check
    from PySide6.QtGui import QIcon

    _application()
    pixmap = QIcon(str(folder / "smtpwizard.svg")).pixmap(48, 48)
    if pixmap.isNull():
        raise CheckFailed("Qt cannot draw SVG icons (the svg icon engine plugin is missing)")
    return f"{len(svgs)} SVG icons ({where}), drawn at 48 px; provider data and schema present"


def check_translations() -> str:
    """The German catalogue and Qt's own German words are installed and answer."""
    # lazy: each check imports what it checks, so a broken part fails only its check
    from PySide6.QtCore import QTranslator

    # lazy: each check imports what it checks, so a broken part fails only its check
    from smtpwizard.core.models import Outcome

    # lazy: each check imports what it checks, so a broken part fails only its check
    from smtpwizard.core.wording import messages

    # lazy: each check imports what it checks, so a broken part fails only its check
    from smtpwizard.core.wording.translation import LANGUAGES, set_language

    # lazy: each check imports what it checks, so a broken part fails only its check
    from smtpwizard.gui.translation import load_qt_words

    set_language("de")
    try:
        shown = messages.outcome_label(Outcome.OK)
    finally:
        set_language("en")
    if shown != "funktioniert":
        raise CheckFailed(f"the German catalogue is missing: 'works' stayed {shown!r}")
    _application()
    qt_words = QTranslator()
    if not load_qt_words(qt_words, "de"):
        raise CheckFailed("Qt's own German words (qtbase_de.qm) are missing")
    cancel = "Cancel"  # Qt's own text (a variable, so the extractor leaves it to qtbase)
    if qt_words.translate("QWizard", cancel) != "Abbrechen":
        raise CheckFailed("Qt's German words do not translate QWizard's Cancel button")
    return f"languages {', '.join(LANGUAGES)}; 'works' in German: {shown}; Qt's buttons too"


def check_demo_probe() -> str:
    """A full probe of the built-in demo lab ends with a recommendation."""
    # lazy: each check imports what it checks, so a broken part fails only its check
    import asyncio

    try:
        # lazy: each check imports what it checks, so a broken part fails only its check
        from smtpwizard.core.probe.engine import probe_async

        # lazy: each check imports what it checks, so a broken part fails only its check
        from smtpwizard.core.probe.options import ProbeOptions
    except ImportError as exc:
        raise CheckFailed(f"the probe engine is not available: {exc}") from None
    try:
        # lazy: each check imports what it checks, so a broken part fails only its check
        from smtpwizard.lab import DemoLabThread
    except ImportError as exc:
        raise CheckFailed(f"the demo lab is not available: {exc}") from None
    started = time.perf_counter()
    with DemoLabThread() as lab:
        options = ProbeOptions(
            lab.host,
            username=lab.username,
            password=lab.password,
            ca_pem=lab.ca_pem,
            port_map=dict(lab.port_map),
        )

        async def run() -> Any:
            return await asyncio.wait_for(probe_async(options), PROBE_DEADLINE_S)

        try:
            report = asyncio.run(run())
        except TimeoutError:
            raise CheckFailed(f"the demo probe took longer than {PROBE_DEADLINE_S:.0f} s") from None
    ms = (time.perf_counter() - started) * 1000
    best = report.recommended
    if best is None:
        raise CheckFailed(f"the demo probe found no working settings: {report.summary}")
    return (
        f"recommended {best.host} port {best.port} {best.security.value} after "
        f"{len(report.attempts)} attempts in {ms:.0f} ms"
    )


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("wizard", check_wizard),  # first, so its start-up time is the program's own
    ("qt", check_qt),
    ("keyring", check_keyring),
    ("trust store", check_trust_store),
    ("providers", check_providers),
    ("resources", check_resources),
    ("translations", check_translations),
    ("demo probe", check_demo_probe),
)


def run_checks(
    checks: tuple[tuple[str, Callable[[], str]], ...] | None = None,
) -> Iterator[Check]:
    for name, func in CHECKS if checks is None else checks:
        try:
            yield Check(name, True, func())
        except CheckFailed as exc:
            yield Check(name, False, str(exc))
        except Exception as exc:  # a self-test reports every problem as a line, never a traceback
            yield Check(name, False, f"unexpected {type(exc).__name__}: {exc}")


def main(out: TextIO | None = None) -> int:
    """Run every check, print one line each, return 0 when all passed, else 1."""
    stream = out or sys.stdout
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:  # a Windows console code page must not crash on "×" or "…"
        reconfigure(errors="replace")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # lazy: each check imports what it checks, so a broken part fails only its check
    from smtpwizard import __version__

    frozen = " (frozen)" if getattr(sys, "frozen", False) else ""
    print(
        f"smtpwizard {__version__}{frozen} self-test, Python {sys.version.split()[0]}, "
        f"{sys.platform}",
        file=stream,
        flush=True,
    )
    failures = 0
    for check in run_checks():
        failures += not check.ok
        print(check.line(), file=stream, flush=True)
    print(
        "all checks passed" if not failures else f"{failures} check(s) failed",
        file=stream,
        flush=True,
    )
    return SelfTestExit.PASSED if not failures else SelfTestExit.FAILED
