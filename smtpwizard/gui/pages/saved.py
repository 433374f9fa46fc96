"""Page 0 — Saved accounts: what this computer remembers; test one again, or forget it.

Shown first when the saved-accounts index (:mod:`smtpwizard.core.credentials.accounts`) lists
anything.
"Test again" reads the password from the keyring (off the UI loop, with a deadline), or else the
saved OAuth sign-in (renewed at the provider), and runs the test with the saved server, port and
encryption; "Forget…" asks first, then removes the keyring
entry and the row. A keyring that is missing, locked or slow gets a plain message, never a dead
end: the person can type the password instead, or remove the row from the list only.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWizard,
)

from smtpwizard.core.credentials.accounts import AccountIndex, AccountList, SavedAccount
from smtpwizard.core.models import Failure, Pairing
from smtpwizard.gui.page_ids import PageId
from smtpwizard.gui.pages.base import WizardPage
from smtpwizard.gui.pages.common import hint_label
from smtpwizard.gui.runner import ProbeRunner
from smtpwizard.gui.state import WizardState
from smtpwizard.gui.verdict import pairing_words, sentence
from smtpwizard.gui.widgets.oauth_box import failure_html

if TYPE_CHECKING:
    from smtpwizard.core.oauth import OAuthTokens

KEYRING_TIMEOUT = 10.0


def _app_password_url(provider: str | None) -> str | None:
    """Where the saved account's provider lets people make an app password (if it does)."""
    if provider is None:
        return None
    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    from smtpwizard.core.discovery.providers import bundled_providers

    record = bundled_providers().get(provider)
    return record.app_password_url if record is not None else None


def when_words(iso: str) -> str:
    """``2026-11-22T10:30:00Z`` → the local date and time in the person's own format."""
    moment = QDateTime.fromString(iso.replace("Z", "+00:00"), Qt.DateFormat.ISODate)
    if not moment.isValid():
        return iso
    return QLocale().toString(moment.toLocalTime(), "d MMM yyyy, HH:mm")


class SavedAccountsPage(WizardPage):
    def __init__(self, state: WizardState, runner: ProbeRunner) -> None:
        super().__init__(state, runner)
        self._listing = AccountList(())
        self._notice: str | None = None
        self._retesting = False
        self._busy = False
        self.confirm: QMessageBox | None = None
        self.setTitle(self.tr("Your saved accounts"))
        self.setSubTitle(
            self.tr(
                "This computer remembers these accounts. Test one again, forget it, or set up "
                "another account."
            )
        )
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Set up &another account >"))

        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHeaderLabels(
            [
                self.tr("Server"),
                self.tr("User name"),
                self.tr("Connection"),
                self.tr("Last checked"),
            ]
        )
        self.table.setAccessibleName(self.tr("Saved accounts"))
        self.table.setAccessibleDescription(
            self.tr("One row per saved account: server, user name, connection, last checked.")
        )
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda *_: self.test_again())

        self.test_button = QPushButton(self.tr("&Test again"))
        self.test_button.setAutoDefault(False)
        self.test_button.setAccessibleName(self.tr("Test the selected account again"))
        self.test_button.setAccessibleDescription(
            self.tr("Reads the saved password from the keyring and tests the saved settings.")
        )
        self.test_button.clicked.connect(self.test_again)
        self.forget_button = QPushButton(self.tr("&Forget…"))
        self.forget_button.setAutoDefault(False)
        self.forget_button.setAccessibleName(self.tr("Forget the selected account"))
        self.forget_button.setAccessibleDescription(
            self.tr("Removes the saved password from this computer's keyring. Asks first.")
        )
        self.forget_button.clicked.connect(self.ask_forget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)

        self.status = hint_label()
        self.status.setAccessibleName(self.tr("Saved accounts status"))
        self.privacy = hint_label(
            self.tr("Passwords stay in this computer's keyring; this list holds no password.")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.privacy)
        layout.addSpacing(8)
        layout.addWidget(self.status)
        layout.addStretch(1)

    # --- the list --------------------------------------------------------------------------------
    def reload(self, listing: AccountList | None = None) -> AccountList:
        """Show the saved accounts: ``listing`` when the caller has just read it, else the
        index read now (reading a damaged index sets it aside: read it once, show that)."""
        self._listing = listing if listing is not None else AccountIndex().load()
        self.table.clear()
        for account in self._listing.accounts:
            item = QTreeWidgetItem(
                [
                    account.host,
                    account.user,
                    sentence(pairing_words(account.port, account.security)),
                    when_words(account.last_verified),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, account)
            self.table.addTopLevelItem(item)
        for column in range(self.table.columnCount()):
            self.table.resizeColumnToContents(column)
            # room for the selection frame and the sort arrow: the fit is otherwise too tight
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 16)
        first = self.table.topLevelItem(0)
        if first is not None:
            self.table.setCurrentItem(first)
        # the first look may have set a damaged list aside: keep saying so for this session
        self._notice = self._listing.notice or self._notice
        if self._notice:
            self.status.setText(self._notice)
        some = bool(self._listing.accounts)
        for widget in (self.table, self.test_button, self.forget_button, self.privacy):
            widget.setVisible(some)
        self.setSubTitle(
            self.tr(
                "This computer remembers these accounts. Test one again, forget it, or set up "
                "another account."
            )
            if some
            else self.tr("No accounts are saved on this computer. Press Next to set one up.")
        )
        self.setButtonText(
            QWizard.WizardButton.NextButton,
            self.tr("Set up &another account >") if some else self.tr("Set up an &account >"),
        )
        self._update_buttons()
        return self._listing

    def has_something_to_show(self) -> bool:
        return bool(self._listing.accounts) or bool(self._notice)

    def accounts(self) -> tuple[SavedAccount, ...]:
        return self._listing.accounts

    def selected(self) -> SavedAccount | None:
        item = self.table.currentItem()
        if item is None or not item.isSelected():
            return None
        account = item.data(0, Qt.ItemDataRole.UserRole)
        return account if isinstance(account, SavedAccount) else None

    def select(self, account: SavedAccount) -> None:
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == account:
                self.table.setCurrentItem(item)

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None and not self._busy
        self.test_button.setEnabled(chosen)
        self.forget_button.setEnabled(chosen)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        if text:
            self.status.setText(text)
        self._update_buttons()

    # --- wizard hooks ----------------------------------------------------------------------------
    def initializePage(self) -> None:
        self.state.retest = None
        self.status.clear()
        self.reload()

    def validatePage(self) -> bool:
        if not self._retesting:  # "Set up another account": a fresh start
            self.state.retest = None
        return not self._busy or self._retesting

    def nextId(self) -> int:
        return int(PageId.SIGNIN if self._retesting else PageId.ACCOUNT)

    # --- Test again ------------------------------------------------------------------------------
    def test_again(self) -> None:
        account = self.selected()
        if account is None or self._busy:
            return
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.gui.keyring_jobs import load_saved_sign_in

        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.gui.oauth_jobs import oauth_setup

        setup = oauth_setup(account.provider, account.host, client_ids=self.state.oauth_client_ids)
        self._set_busy(True, self.tr("Reading the saved password from the keyring…"))
        self.runner.call(
            load_saved_sign_in(account, setup, KEYRING_TIMEOUT),
            lambda secret: self._start_retest(account, secret, ""),
            lambda error: self._start_retest(account, None, self._problem(error, account.provider)),
        )

    def _problem(self, error: BaseException, provider: str | None = None) -> str:
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.credentials.keyring_store import KeyringProblem

        if isinstance(error, KeyringProblem):  # already plain words, with a way on
            return f"<b>{html.escape(error.title)}</b><br>{html.escape(error.explanation)}"
        failure = getattr(error, "failure", None)
        if isinstance(failure, Failure):  # the saved sign-in was refused: sign in again
            return failure_html(failure, provider)
        return html.escape(
            self.tr(
                "The saved password could not be read: {problem} Type it below to test again."
            ).format(problem=str(error))
        )

    def _start_retest(
        self, account: SavedAccount, secret: str | OAuthTokens | None, problem: str
    ) -> None:
        self._set_busy(False, "")
        self.status.clear()
        wizard = self.wizard()
        self.state.retest = account
        # the sign-in page takes these when it opens (pages never call each other)
        self.state.retest_secret = secret
        self.state.retest_problem = problem
        self.state.provider = account.provider
        self.state.app_password_url = _app_password_url(account.provider)
        self.state.pairings = (Pairing(account.port, account.security),)
        self._retesting = True
        try:
            wizard.next()  # to the sign-in page, filled in for this account
        finally:
            self._retesting = False
        if secret:
            wizard.next()  # and straight on to the test

    # --- Forget ----------------------------------------------------------------------------------
    def ask_forget(self) -> None:
        account = self.selected()
        if account is None or self._busy:
            return
        self._ask(
            self.tr("Forget this account?"),
            self.tr(
                "Forget {user} on {host}?\n\nThe saved password is removed from this "
                "computer's keyring. Your email account itself does not change."
            ).format(user=account.user, host=account.host),
            self.tr("&Forget"),
            lambda: self._forget(account, index_only=False),
        )

    def _ask(self, title: str, text: str, yes_text: str, on_yes: Any) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(yes_text)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setAccessibleDescription(text.split("\n")[0])
        box.button(QMessageBox.StandardButton.Cancel).setAccessibleDescription(
            self.tr("Keeps everything as it is.")
        )

        def answered(button: Any) -> None:
            self.confirm = None
            if button is yes:
                on_yes()

        box.buttonClicked.connect(answered)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.confirm = box
        box.open()  # window-modal, no nested event loop

    def _forget(self, account: SavedAccount, *, index_only: bool) -> None:
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.credentials.keyring_store import forget_async

        self._set_busy(
            True,
            self.tr("Forgetting {user} on {host}…").format(user=account.user, host=account.host),
        )
        self.runner.call(
            forget_async(
                account.host, account.user, index_only=index_only, timeout=KEYRING_TIMEOUT
            ),
            lambda _result: self._forgotten(account),
            lambda error: self._forget_failed(account, error, index_only),
        )

    def _forgotten(self, account: SavedAccount) -> None:
        self._set_busy(False)
        self.reload()
        self.status.setText(
            self.tr("{user} on {host} was forgotten.").format(user=account.user, host=account.host)
        )

    def _forget_failed(self, account: SavedAccount, error: BaseException, index_only: bool) -> None:
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.credentials.keyring_store import KeyringProblem

        self._set_busy(False)
        if isinstance(error, KeyringProblem) and not index_only:
            self.status.setText(str(error))
            self._ask(
                self.tr("Remove it from this list anyway?"),
                self.tr(
                    "{problem}\n\nRemove {user} on {host} from this list anyway? A password "
                    "saved in the keyring, if any, stays there."
                ).format(problem=str(error), user=account.user, host=account.host),
                self.tr("&Remove from list"),
                lambda: self._forget(account, index_only=True),
            )
            return
        self.status.setText(
            self.tr("{user} on {host} could not be forgotten: {problem}").format(
                user=account.user, host=account.host, problem=str(error)
            )
        )
