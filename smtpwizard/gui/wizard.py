"""The wizard window: pages in order, shared state, the one runner, and the remembered size.

Start-up: with ``defer=True`` (how :mod:`smtpwizard.gui.app` opens it) the window is built with
its first page only, so it can be drawn at once; :meth:`SetupWizard.complete` then builds the
other pages and the runner (and with them asyncio and the engine's modules) while the person
reads the first page. Without ``defer`` everything is built in the constructor.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QShowEvent
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QPushButton, QWidget, QWizard

from smtpwizard.core.probe.checks import ExtraChecks, default_checks, with_egress
from smtpwizard.exit_codes import GuiExit
from smtpwizard.gui.icons import icon
from smtpwizard.gui.page_ids import SKIPPABLE_PAGES, PageId
from smtpwizard.gui.pages.account import AccountPage
from smtpwizard.gui.settings import settings
from smtpwizard.gui.state import WizardState

if TYPE_CHECKING:
    from smtpwizard.core.credentials.accounts import AccountList
    from smtpwizard.core.installer.preset import Preset
    from smtpwizard.gui.pages.result import ResultPage
    from smtpwizard.gui.pages.save import SavePage
    from smtpwizard.gui.pages.saved import SavedAccountsPage
    from smtpwizard.gui.pages.server import ServerPage
    from smtpwizard.gui.pages.signin import SignInPage
    from smtpwizard.gui.pages.testing import TestingPage
    from smtpwizard.gui.runner import ProbeFunction, ProbeRunner

DEFAULT_SIZE = QSize(820, 720)
# what a window manager adds around the window (title bar, borders), kept free on the screen
WINDOW_FRAME = QSize(16, 48)
LOGO_SIZE = QSize(64, 64)


class SetupWizard(QWizard):
    runner: ProbeRunner
    server_page: ServerPage
    signin_page: SignInPage
    testing_page: TestingPage
    result_page: ResultPage
    save_page: SavePage
    saved_page: SavedAccountsPage

    def __init__(
        self,
        state: WizardState | None = None,
        parent: QWidget | None = None,
        probe: ProbeFunction | None = None,
        *,
        defer: bool = False,
    ) -> None:
        super().__init__(parent)
        self.state = state or WizardState()
        self._probe = probe
        self._complete = False
        self._warmed_up = False
        self.setWindowTitle(self.tr("Set up outgoing mail"))
        self.setWindowIcon(icon("app"))
        self.setAccessibleName(self.tr("Outgoing mail setup"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, False)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self._set_up_buttons()
        self.leave_question: QMessageBox | None = None
        self._leave_confirmed = False
        self.account_page = AccountPage(self.state)
        self.account_page.scroll_contents()
        self.setPage(PageId.ACCOUNT, self.account_page)
        self.delivery_problems: list[str] = []
        self._delivered = False
        self._closed_with: int | None = None
        self.finished.connect(self._on_finished)  # really closed (not kept open by validation)
        self.skipped: set[int] = set()
        self._listing: AccountList | None = None  # the index, when start-up already read it
        self._apply_preset()
        if defer and self._starts_on_the_account_page():
            self.setStartId(PageId.ACCOUNT)  # complete() adds the rest once it is drawn
        else:
            self.complete()
        self._restore_size()

    def _starts_on_the_account_page(self) -> bool:
        """No preset and no saved accounts (not even a damaged list to explain)."""
        if self.state.preset is not None:
            return False
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.paths import index_path

        if not index_path().exists():  # the common first start: no need to load the index
            return True
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.credentials.accounts import AccountIndex

        self._listing = AccountIndex().load()  # handed to the saved-accounts page: read once
        return not self._listing.accounts and not self._listing.notice

    @property
    def completed(self) -> bool:
        return self._complete

    def complete(self) -> None:
        """Build the runner and the pages after the first (once; at once without ``defer``)."""
        if self._complete:
            return
        self._complete = True
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.gui.pages.result import ResultPage

        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.gui.pages.save import SavePage

        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.gui.pages.saved import SavedAccountsPage

        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.gui.pages.server import ServerPage

        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.gui.pages.signin import SignInPage

        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.gui.pages.testing import TestingPage

        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.gui.runner import ProbeRunner

        shown = self.isVisible()
        self.runner = ProbeRunner(self, probe=self._probe)
        self.server_page = ServerPage(self.state, self.runner)
        self.signin_page = SignInPage(self.state, self.runner)
        self.testing_page = TestingPage(self.state, self.runner)
        self.result_page = ResultPage(self.state, self.runner)
        self.save_page = SavePage(self.state, self.runner)
        self.saved_page = SavedAccountsPage(self.state, self.runner)
        self.setPage(PageId.SERVER, self.server_page)
        self.setPage(PageId.SIGNIN, self.signin_page)
        self.setPage(PageId.TESTING, self.testing_page)
        self.setPage(PageId.RESULT, self.result_page)
        self.setPage(PageId.SAVE, self.save_page)
        self.setPage(PageId.SAVED, self.saved_page)
        # the pages without a scrolling view of their own scroll as a whole in a small window
        for page in (self.server_page, self.signin_page, self.testing_page):
            page.scroll_contents()
        self.result_page.test_again_requested.connect(self._test_again)
        self.currentIdChanged.connect(self._on_page_changed)
        self.saved_page.reload(self._listing)
        self._listing = None
        if self.state.preset is not None or not self.saved_page.has_something_to_show():
            self.skipped.add(PageId.SAVED)  # nothing saved yet, or an installer's own flow
        if not shown:
            start = next(
                p
                for p in (PageId.SAVED, PageId.ACCOUNT, PageId.SERVER, PageId.SIGNIN)
                if p not in self.skipped
            )
            self.setStartId(start)
        else:
            self._warm_up()

    # --- installers: the preset ----------------------------------------------------------------
    def _apply_preset(self) -> None:
        preset = self.state.preset
        if preset is None:
            return
        if preset.window_title:
            self.setWindowTitle(preset.window_title)
        if preset.logo is not None:
            pixmap = QIcon(str(preset.logo)).pixmap(LOGO_SIZE)
            if not pixmap.isNull():
                self.setPixmap(QWizard.WizardPixmap.LogoPixmap, pixmap)
        if preset.provider is not None:
            # lazy: not needed for the first paint (the wizard draws before loading the rest)
            from smtpwizard.gui.pages.server import preset_provider

            provider = preset_provider(preset.provider)
            self.state.provider = preset.provider
            if provider is not None:
                self.state.provider_notes = list(provider.notes)
                self.state.app_password_url = provider.app_password_url
                self.state.username_hint = provider.username_for(preset.email)
        self.state.oauth_client_ids = dict(preset.oauth_client_ids)
        self.state.extra_checks = preset_checks(preset, demo=self.state.demo is not None)
        for name in preset.skip_pages:
            self.skipped.add(SKIPPABLE_PAGES[name])

    def nextId(self) -> int:
        """The next page, stepping over the pages a preset skips."""
        if not self._complete:  # the rest is being built: the first page still shows "Next"
            return int(PageId.SERVER)
        following = super().nextId()
        while following in self.skipped:
            following = self.page(following).nextId()
        return following

    # --- size ------------------------------------------------------------------------------------
    def _restore_size(self) -> None:
        value = settings().value("window/size")
        size = value if isinstance(value, QSize) and value.isValid() else DEFAULT_SIZE
        screen = self.screen()
        if screen is not None:  # large text (150 %) or a small screen: never larger than it
            room = screen.availableGeometry().size() - WINDOW_FRAME  # title bar and borders
            size = size.boundedTo(room)
        self.resize(size.expandedTo(QSize(560, 460)))

    def _remember_size(self) -> None:
        store = settings()
        store.setValue("window/size", self.size())
        store.sync()

    # --- leaving -------------------------------------------------------------------------------
    # --- buttons ---------------------------------------------------------------------------------
    def _set_up_buttons(self) -> None:
        """Enter never presses Cancel (wherever the focus is); "Close" (a failed result's way out)
        stands left of Back, so Next's place always keeps meaning "go on"."""
        for which in (QWizard.WizardButton.CancelButton, QWizard.WizardButton.CustomButton1):
            button = self.button(which)
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("&Close"))
        close = self.button(QWizard.WizardButton.CustomButton1)
        close.setAccessibleName(self.tr("Close without working settings"))
        close.setAccessibleDescription(
            self.tr("Ends the wizard; the settings that were tested do not work.")
        )
        self.button(QWizard.WizardButton.CancelButton).setAccessibleDescription(
            self.tr("Closes the wizard without saving anything.")
        )
        self._lay_out_buttons(with_close=False)
        self.customButtonClicked.connect(self._on_custom_button)

    def _lay_out_buttons(self, *, with_close: bool) -> None:
        close = [QWizard.WizardButton.CustomButton1] if with_close else []
        self.setButtonLayout(
            [
                QWizard.WizardButton.Stretch,
                *close,  # left of Back: Next and Cancel never move
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.NextButton,
                QWizard.WizardButton.CommitButton,
                QWizard.WizardButton.FinishButton,
                QWizard.WizardButton.CancelButton,
            ]
        )

    def _on_page_changed(self, page_id: int) -> None:
        report = self.state.report
        failed = page_id == PageId.RESULT and report is not None and not report.ok
        self.setOption(QWizard.WizardOption.HaveCustomButton1, failed)
        self._lay_out_buttons(with_close=failed)

    def _on_custom_button(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:  # "Close" on a failed result
            self.result_page.may_close = True
            self.done(QWizard.DialogCode.Accepted)  # exit 3: finished, not working

    def _test_again(self) -> None:
        """ "Test again" on a failed result: back to the Testing page, and test at once."""

        def again() -> None:
            if self.currentId() == PageId.RESULT:
                self.back()
            self.testing_page.start()

        QTimer.singleShot(0, again)  # not inside QWizard's own next()

    # --- leaving -------------------------------------------------------------------------------
    def reject(self) -> None:
        """Cancel, Escape, closing the window: after a verified result, ask first."""
        if self._leave_confirmed or not self._holds_unsaved_verified_result():
            super().reject()
            return
        self._ask_before_leaving()

    def _holds_unsaved_verified_result(self) -> bool:
        report = self.state.report
        return report is not None and report.ok and self.isVisible()

    def _ask_before_leaving(self) -> None:
        if self.leave_question is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Leave without your working settings?"),
            self.tr(
                "These settings were tested and work. If you leave now, nothing is saved and "
                "you will need to set them up again."
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        leave = box.addButton(
            self.tr("&Leave without saving"), QMessageBox.ButtonRole.DestructiveRole
        )
        stay = box.addButton(self.tr("&Stay"), QMessageBox.ButtonRole.RejectRole)
        leave.setAccessibleDescription(self.tr("Closes the wizard; nothing is saved."))
        stay.setAccessibleDescription(self.tr("Keeps the wizard open with your result."))
        for button in (leave, stay):
            button.setAutoDefault(False)
        box.setDefaultButton(stay)  # Enter and Escape both keep the wizard open
        box.setEscapeButton(stay)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def answered(button: QAbstractButton) -> None:
            self.leave_question = None
            if button is leave:
                self._leave_confirmed = True
                self.reject()

        box.buttonClicked.connect(answered)
        self.leave_question = box
        box.open()  # window-modal, no nested event loop

    def done(self, result: int) -> None:
        """Finish, Cancel, Escape or closing the window: stop everything first."""
        if self._complete:
            self.runner.cancel_all()
        self._remember_size()
        super().done(result)  # QWizard validates the page here and may stay open

    def _on_finished(self, result: int) -> None:
        self._closed_with = result
        self._deliver()

    def _deliver(self) -> None:
        """For an installer: the result file and the secret on its descriptor (once)."""
        if self._delivered:
            return
        self._delivered = True
        configured = self._dialog_exit_code() == GuiExit.CONFIGURED
        settings = self.state.report.recommended if self.state.report is not None else None
        if configured and settings is not None and self.state.result_file is not None:
            # lazy: not needed for the first paint (the wizard draws before loading the rest)
            from smtpwizard.core.installer.preset import result_document, write_result_file

            document = result_document(
                settings,
                verified_at=self.state.verified_at or datetime.now(UTC),
                saved_in_keyring=self.state.saved,
                email=self.state.email or None,
                display_name=self.state.display_name or None,
            )
            try:
                write_result_file(self.state.result_file, document)
            except OSError as exc:
                self.delivery_problems.append(
                    self.tr("the result file {path} could not be written ({problem})").format(
                        path=str(self.state.result_file), problem=exc.strerror or str(exc)
                    )
                )
        if self.state.secret_fd is not None:
            # lazy: not needed for the first paint (the wizard draws before loading the rest)
            from smtpwizard.core.installer.preset import write_secret_to_fd

            secret = self.state.password if configured else None
            try:
                write_secret_to_fd(self.state.secret_fd, secret)
            except OSError as exc:
                self.delivery_problems.append(
                    self.tr(
                        "the password could not be handed over on file descriptor {fd} ({problem})"
                    ).format(fd=self.state.secret_fd, problem=exc.strerror or str(exc))
                )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._complete:  # else complete() does it, once the rest is built
            self._warm_up()

    def _warm_up(self) -> None:
        """The first page is on screen: load the engine meanwhile (once)."""
        if not self._warmed_up:
            self._warmed_up = True
            # lazy: not needed for the first paint (the wizard draws before loading the rest)
            from smtpwizard.gui.runner import warm_up_engine

            warm_up_engine()

    @property
    def exit_code(self) -> int:
        """0 configured, 1 cancelled (or the result could not be handed over), 3 not working."""
        code = self._dialog_exit_code()
        if code == GuiExit.CONFIGURED and self.delivery_problems:
            return GuiExit.CANCELLED
        return code

    def _dialog_exit_code(self) -> int:
        result = self._closed_with if self._closed_with is not None else self.result()
        if result != QWizard.DialogCode.Accepted:
            return GuiExit.CANCELLED
        report = self.state.report
        return GuiExit.CONFIGURED if report is not None and report.ok else GuiExit.NOT_WORKING


def preset_checks(preset: Preset, *, demo: bool) -> ExtraChecks:
    """The checks beyond the server with the preset's egress choice (the demo stays offline)."""
    if demo:
        return default_checks(demo=True)
    return with_egress(default_checks(), preset.egress_check, preset.egress_references)
