"""The wizard window: pages in order, shared state, the one runner, and the remembered size."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QSize
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget, QWizard

from smtpwizard.gui.icons import icon
from smtpwizard.gui.pages.account import AccountPage
from smtpwizard.gui.pages.result import ResultPage
from smtpwizard.gui.pages.save import SavePage
from smtpwizard.gui.pages.server import ServerPage
from smtpwizard.gui.pages.signin import SignInPage
from smtpwizard.gui.pages.testing import TestingPage
from smtpwizard.gui.runner import ProbeFunction, ProbeRunner
from smtpwizard.gui.settings import settings
from smtpwizard.gui.state import WizardState

EXIT_CONFIGURED = 0
EXIT_CANCELLED = 1
EXIT_NOT_WORKING = 3
DEFAULT_SIZE = QSize(820, 720)


class PageId(IntEnum):
    ACCOUNT = 0
    SERVER = 1
    SIGNIN = 2
    TESTING = 3
    RESULT = 4
    SAVE = 5


class SetupWizard(QWizard):
    def __init__(self, state: WizardState | None = None, parent: QWidget | None = None,
                 probe: ProbeFunction | None = None) -> None:
        super().__init__(parent)
        self.state = state or WizardState()
        self.runner = ProbeRunner(self, probe=probe)
        self.setWindowTitle(self.tr("Set up outgoing mail"))
        self.setWindowIcon(icon("app"))
        self.setAccessibleName(self.tr("Outgoing mail setup"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, False)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.account_page = AccountPage(self.state)
        self.server_page = ServerPage(self.state)
        self.signin_page = SignInPage(self.state)
        self.testing_page = TestingPage(self.state, self.runner)
        self.result_page = ResultPage(self.state, self.runner)
        self.save_page = SavePage(self.state, self.runner)
        self.setPage(PageId.ACCOUNT, self.account_page)
        self.setPage(PageId.SERVER, self.server_page)
        self.setPage(PageId.SIGNIN, self.signin_page)
        self.setPage(PageId.TESTING, self.testing_page)
        self.setPage(PageId.RESULT, self.result_page)
        self.setPage(PageId.SAVE, self.save_page)
        self.setStartId(PageId.ACCOUNT)
        self._restore_size()

    # --- size ------------------------------------------------------------------------------------
    def _restore_size(self) -> None:
        value = settings().value("window/size")
        size = value if isinstance(value, QSize) and value.isValid() else DEFAULT_SIZE
        self.resize(size.expandedTo(QSize(560, 460)))

    def _remember_size(self) -> None:
        store = settings()
        store.setValue("window/size", self.size())
        store.sync()

    # --- leaving -------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Finish, Cancel, Escape or closing the window: stop everything first."""
        self.runner.cancel_all()
        self._remember_size()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.runner.cancel_all()
        super().closeEvent(event)

    @property
    def exit_code(self) -> int:
        if self.result() != QWizard.DialogCode.Accepted:
            return EXIT_CANCELLED
        report = self.state.report
        return EXIT_CONFIGURED if report is not None and report.ok else EXIT_NOT_WORKING
