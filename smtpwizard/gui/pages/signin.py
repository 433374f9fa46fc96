"""Page 3 — Sign in: user name (prefilled), "Sign in with Google/Microsoft" where the provider
supports it, password with show/hide, remember in the keyring."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from smtpwizard.core.wording.base import _
from smtpwizard.gui.pages.base import WizardPage
from smtpwizard.gui.pages.common import hint_label, lock_line_edit, locked_note
from smtpwizard.gui.runner import ProbeRunner
from smtpwizard.gui.state import WizardState
from smtpwizard.gui.widgets.oauth_box import OAuthBox
from smtpwizard.gui.widgets.refusal_note import RefusalNote

KEYRING_CHECK_TIMEOUT = 5.0


def service_password_label(state: WizardState) -> str:
    """ "API key:", "SMTP password:", … as the chosen sending service calls it."""
    name = state.service_secret_name
    if not name:
        return QCoreApplication.translate("SignInPage", "&Password or key:")
    return "&" + name[0].upper() + name[1:] + ":"


class SignInPage(WizardPage):
    def __init__(self, state: WizardState, runner: ProbeRunner) -> None:
        super().__init__(state, runner)
        self.setTitle(self.tr("Sign in"))
        self.setSubTitle(
            self.tr(
                "The password is only sent over an encrypted connection to a server that proved "
                "its identity."
            )
        )
        self._username_edited = False
        self._filled_for = ""

        self.username = QLineEdit()
        self.username.setAccessibleName(self.tr("User name"))
        self.username.setAccessibleDescription(
            self.tr("The name you sign in with; for most providers your full email address.")
        )
        self.username.textEdited.connect(self._on_username_edited)
        self.username.textChanged.connect(self._on_username_changed)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setAccessibleDescription(
            self.tr("Your email password, app password or API key. It is never written to a file.")
        )
        self.password.textChanged.connect(self._on_password_changed)
        self.reveal = QCheckBox(self.tr("Sh&ow password"))
        self.reveal.setAccessibleName(self.tr("Show password"))
        self.reveal.setAccessibleDescription(self.tr("Shows the password as you type it."))
        self.reveal.toggled.connect(self._on_show_password)

        self.provider_hint = hint_label()
        self.provider_hint.setAccessibleName(self.tr("Advice for your provider"))
        self.remember = QCheckBox(self.tr("&Remember in this computer's keyring"))
        self.remember.setChecked(state.remember)
        self.remember.toggled.connect(self._on_remember_toggled)
        self.remember.setAccessibleName(self.tr("Remember the password in this computer's keyring"))
        self.remember.setAccessibleDescription(
            self.tr("Saved only after the password was proven to work, and only when you finish.")
        )
        self.remember_hint = hint_label(
            self.tr("Saved only after it works, and only when you press Finish.")
        )

        self.user_label = QLabel(self.tr("&User name:"))
        self.user_label.setBuddy(self.username)
        self.password_label = QLabel(self.tr("&Password:"))
        self.password_label.setBuddy(self.password)
        self._align_labels()
        self.oauth = OAuthBox(state, runner)
        self.oauth.setVisible(False)
        self.oauth.changed.connect(self._on_oauth_changed)
        self.username.textChanged.connect(lambda text: self.oauth.user_changed(text.strip()))
        self.or_password = QLabel()
        self.or_password.setVisible(False)
        form = QFormLayout()
        form.addRow(self.user_label, self.username)
        password_form = QFormLayout()
        password_form.addRow(self.password_label, self.password)
        self.refusal = RefusalNote()  # Back after a refused password: why, beside the field
        self.password.textEdited.connect(self.refusal.hide_refusal)
        password_form.addRow("", self.refusal)
        password_form.addRow("", self.reveal)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.oauth)
        layout.addWidget(self.or_password)
        layout.addLayout(password_form)
        layout.addWidget(self.provider_hint)
        layout.addSpacing(8)
        layout.addWidget(self.remember)
        layout.addWidget(self.remember_hint)
        layout.addStretch(1)

        self.notice = hint_label()
        self.notice.setAccessibleName(self.tr("Note about your saved password"))
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setVisible(False)
        layout.insertWidget(0, self.notice)
        layout.insertSpacing(1, 6)
        preset = state.preset
        if preset is not None and preset.username is not None:
            self.username.setText(preset.username)
            self._username_edited = True  # given: never replaced by a guess
            if preset.is_locked("username"):
                lock_line_edit(self.username)
                form.insertRow(1, "", hint_label(locked_note()))

    def _align_labels(self) -> None:
        """User name and Password sit in two forms (the sign-in box is between them): labels
        of one width line the two fields up."""
        width = max(self.user_label.sizeHint().width(), self.password_label.sizeHint().width())
        for label in (self.user_label, self.password_label):
            label.setMinimumWidth(width)

    def _on_username_changed(self, text: str) -> None:
        self.state.username = text.strip()
        self.completeChanged.emit()

    def _on_password_changed(self, text: str) -> None:
        self.state.password = text
        self.completeChanged.emit()

    def _on_remember_toggled(self, on: bool) -> None:
        self.state.remember = on

    def _fill_key(self, email: str) -> str:
        """What the user-name guess depends on: the address, and a chosen sending service."""
        return f"{email}\n{self.state.provider or ''}"

    def _on_username_edited(self) -> None:
        self._username_edited = True

    def _on_oauth_changed(self) -> None:
        """Signed in, out, or waiting: the password is not needed while signed in."""
        signed_in = self.state.oauth_tokens is not None
        if signed_in:
            self.password.clear()
        self.password.setEnabled(not signed_in)
        self.reveal.setEnabled(not signed_in)
        self.password.setPlaceholderText(
            self.tr("Not needed: you are signed in with {name}").format(
                name=self.oauth.provider_name()
            )
            if signed_in
            else ""
        )
        self.completeChanged.emit()

    def _on_show_password(self, on: bool) -> None:
        self.password.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)

    def _use_saved_secret(self, secret: str | None, problem: str) -> None:
        """ "Test again" on a saved account: the password read from the keyring, or why not."""
        self.password.setText(secret or "")
        if secret:
            self.notice.setVisible(False)
            return
        self.notice.setText(
            problem
            or self.tr(
                "No saved password was found in this computer's keyring. Type it here to test "
                "again."
            )
        )
        self.notice.setVisible(True)
        self.password.setFocus()

    def cleanupPage(self) -> None:  # Back: forget what a "Test again" filled in
        super().cleanupPage()
        self.oauth.cancel()
        self.notice.setVisible(False)
        if self.state.retest is not None:
            self._username_edited = False
            self._filled_for = ""

    def _check_keyring(self) -> None:
        """Can this computer keep the password? Asked once, off the event loop, when the page
        opens: the box is never ticked on a promise the keyring cannot keep."""
        if self.state.keyring_checked:
            return
        self.state.keyring_checked = True
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.credentials.keyring_store import check_usable_async

        self.runner.call(
            check_usable_async(timeout=KEYRING_CHECK_TIMEOUT),
            lambda _usable: None,
            self._keyring_unusable,
        )

    def _keyring_unusable(self, error: BaseException) -> None:
        title = getattr(error, "title", "") or str(error)
        self.state.keyring_problem = title
        self.state.remember = False
        self.remember.setChecked(False)
        self.remember.setEnabled(False)
        self.remember.setAccessibleDescription(title)
        self.remember_hint.setText(
            self.tr(
                "{problem}: your password cannot be remembered on this computer. You can carry "
                "on and type it again next time, or ask whoever looks after this computer to set "
                "up a password keyring."
            ).format(problem=title)
        )

    def initializePage(self) -> None:
        self._check_keyring()
        self._fill_in()
        # the user name is usually filled in already: the password is what is left to type
        QTimer.singleShot(0, self._focus_first_empty)

    def _focus_first_empty(self) -> None:
        if not self.isVisible():
            return
        if self.username.text().strip() and self.password.isEnabled():
            self.password.setFocus()
        else:
            self.username.setFocus()

    def _fill_in(self) -> None:
        retest = self.state.retest
        if retest is not None:
            self.username.setText(retest.user)
            self.password.clear()
            self._username_edited = True
            self._filled_for = ""
            self.provider_hint.setVisible(False)
            self._offer_oauth(retest.host)
            # what the saved-accounts page read: taken once, so no secret lingers in the state
            secret, self.state.retest_secret = self.state.retest_secret, None
            if secret is not None and not isinstance(secret, str):  # a saved OAuth sign-in
                self.notice.setVisible(False)
                self.oauth.adopt(secret, self.username.text().strip())
            else:
                self._use_saved_secret(secret, self.state.retest_problem)
            return
        email = self.state.email
        service = self.state.service
        self.password_label.setText(
            service_password_label(self.state) if service else self.tr("&Password:")
        )
        self._align_labels()
        if self.state.demo is not None and not (self.username.text() and self.password.text()):
            if not self.username.text():
                self.username.setText(self.state.demo.username)
            if not self.password.text():
                self.password.setText(self.state.demo.password)
        elif self._fill_key(email) != self._filled_for and not self._username_edited:
            note = self.state.service_username_note if service else None
            self.username.setText(self.state.username_hint or ("" if note else email))
            self.username.setPlaceholderText(note or "")
        self._filled_for = self._fill_key(email)
        hints = [_(note) for note in self.state.provider_notes]  # provider data, translated
        if self.state.app_password_url:
            hints.append(
                self.tr('<a href="{url}">Create an app password</a>').format(
                    url=self.state.app_password_url
                )
            )
        self.provider_hint.setText("<br>".join(hints))
        self.provider_hint.setVisible(bool(hints))
        self._offer_oauth(self.state.host)

    def _offer_oauth(self, host: str) -> None:
        """The "Sign in with …" box when the provider supports it (hidden otherwise)."""
        offered = self.oauth.offer(self.state.provider, host, self.username.text().strip())
        if self.oauth.not_set_up_sentence:  # its one plain sentence replaces the provider's
            self.provider_hint.setVisible(False)  # advice, which speaks of signing in there
        self.or_password.setVisible(offered)
        if offered:
            self.or_password.setText(
                self.tr("Or type an app password:")
                if self.state.app_password_url
                else self.tr("Or type a password:")
            )
        self._on_oauth_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.refusal.show_for(self.state.report, self.username.text().strip()):
            QTimer.singleShot(0, self._focus_password)

    def _focus_password(self) -> None:
        if self.isVisible() and self.password.isEnabled():
            self.password.setFocus()
            self.password.selectAll()

    def validatePage(self) -> bool:
        self.oauth.cancel()  # Next is only possible when no sign-in is waiting; be sure
        return True

    def isComplete(self) -> bool:
        if not self.username.text().strip() or self.oauth.running:
            return False
        return bool(self.password.text()) or self.state.oauth_tokens is not None
