"""The "Sign in with Google/Microsoft" box of the sign-in page.

Shown only when the provider supports OAuth. It explains the choice in one sentence, runs the
browser sign-in through :class:`~smtpwizard.gui.oauth_jobs.OAuthSignIn`, shows what is
happening (waiting, the address to open when no browser could be opened, signed in, or what
went wrong in plain words), and keeps the tokens in :attr:`WizardState.oauth_tokens`.
When no client ID is set up, nothing that cannot work is shown: the box is hidden where a
password still works, and says one plain sentence where passwords are retired.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smtpwizard.core.models import Failure
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.base import _
from smtpwizard.gui.oauth_jobs import OAuthSetup, OAuthSignIn, oauth_setup
from smtpwizard.gui.pages.common import hint_label, rich_text
from smtpwizard.gui.runner import ProbeRunner
from smtpwizard.gui.state import WizardState

if TYPE_CHECKING:
    from smtpwizard.core.oauth import OAuthTokens


def failure_html(failure: Failure, provider: str | None) -> str:
    """A failure in plain words, as rich text: the title in bold, then what to do."""
    text = messages.describe(failure, provider)
    return f"<b>{html.escape(text.title)}</b><br>{rich_text(text.explanation + ' ' + text.fix)}"


class OAuthBox(QFrame):
    """``offer()`` when the page shows; ``changed`` whenever signed in, out, or waiting."""

    changed = Signal()

    def __init__(
        self, state: WizardState, runner: ProbeRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setup: OAuthSetup | None = None
        self._provider: str | None = None
        self._signed_in_as = ""  # the user name the sign-in was made for
        self._user = ""  # the user name on the page
        self.job = OAuthSignIn(runner, self)
        self.job.address.connect(self._on_address)
        self.job.succeeded.connect(self._on_signed_in)
        self.job.failed.connect(self._on_failed)
        self.job.running_changed.connect(self._on_running_changed)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.button = QPushButton()
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel sign-in"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setAccessibleName(self.tr("Cancel the sign-in in the browser"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.sign_out_button = QPushButton(self.tr("Sign &out"))
        self.sign_out_button.setAutoDefault(False)
        self.sign_out_button.setAccessibleName(self.tr("Sign out and use a password instead"))
        self.sign_out_button.clicked.connect(self.sign_out)
        buttons = QHBoxLayout()
        buttons.addWidget(self.button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)

        self.status = hint_label()
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAccessibleName(self.tr("Sign-in status"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.address = QLineEdit()
        self.address.setReadOnly(True)
        self.address.setAccessibleName(self.tr("Address to open in a browser"))
        self.copy_button = QPushButton(self.tr("Copy address"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self._copy_address)
        address_row = QHBoxLayout()
        address_row.addWidget(self.address, 1)
        address_row.addWidget(self.copy_button)
        self.address_box = QWidget()
        self.address_box.setLayout(address_row)
        address_row.setContentsMargins(0, 0, 0, 0)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.address_box)
        self._show_idle()

    # --- what the page asks ------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.job.running

    @property
    def signed_in(self) -> bool:
        return self.state.oauth_tokens is not None

    @property
    def not_set_up_sentence(self) -> bool:
        """Showing only the plain "not set up for … sign-in" sentence (passwords retired)."""
        setup = self.setup
        return setup is not None and not setup.ready and setup.passwords_retired

    def provider_name(self) -> str:
        return self.setup.name if self.setup is not None else ""

    def offer(self, provider: str | None, host: str, user: str) -> bool:
        """Show the box when ``provider``/``host`` signs in with OAuth; True when shown."""
        setup = oauth_setup(
            provider,
            host,
            client_ids=self.state.oauth_client_ids,
            app_password_url=self.state.app_password_url,
        )
        if setup is None or (
            self.setup is not None and setup.oauth_provider != self.setup.oauth_provider
        ):
            self.sign_out(quiet=True)  # tokens of another provider are no use here
        self.setup, self._provider, self._user = setup, provider, user
        self.setVisible(setup is not None)
        if setup is None:
            return False
        if not setup.ready:  # nothing that cannot work is shown, and no developer words
            self._show_not_set_up(setup)
            return False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        name = setup.name
        self.button.setText(self.tr("Sign in with {name}…").format(name=name))
        self.button.setAccessibleName(
            self.tr("Sign in with {name} in your browser").format(name=name)
        )
        self.button.setAccessibleDescription(
            self.tr(
                "Opens your browser. After you allow access, come back here; no password is typed "
                "into smtpwizard."
            )
        )
        if setup.passwords_retired:
            intro = self.tr(
                "{name} no longer accepts passwords for sending from mail programs: sign in "
                "with {name} in your browser instead."
            )
        else:
            intro = self.tr(
                "Sign in with {name} in your browser instead of typing a password. smtpwizard "
                "never sees your {name} password."
            )
        self.intro.setText(intro.format(name=name))
        if self.signed_in and self._signed_in_as != user:
            self.sign_out(quiet=True)
        if not self.running:
            self._show_idle()
        return True

    def _show_not_set_up(self, setup: OAuthSetup) -> None:
        """No client ID: hidden where a password still works (the provider notes give the app
        password link once); one plain sentence where passwords are retired."""
        self.setVisible(setup.passwords_retired)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.intro.setText(_(messages.OAUTH_NOT_CONFIGURED_PAGE).format(oauth_provider=setup.name))
        self.intro.setAccessibleName(self.intro.text())
        for widget in (self.button, self.cancel_button, self.sign_out_button, self.address_box):
            widget.setVisible(False)
        self._say("")

    def user_changed(self, user: str) -> None:
        """The user name was edited: a sign-in made for another user no longer applies."""
        self._user = user
        if self.signed_in and user != self._signed_in_as:
            self.sign_out(quiet=True)
            self._say(
                html.escape(
                    self.tr(
                        "You were signed out because the user name changed. "
                        "Sign in again as {user}."
                    ).format(user=user)
                )
            )

    def start(self) -> None:
        setup = self.setup
        if setup is None or not setup.ready or self.running:
            return
        self.sign_out(quiet=True)
        self._signed_in_as = self._user
        self.address_box.setVisible(False)
        self._say(
            html.escape(
                self.tr(
                    "Opening your browser… Sign in there as {user} "
                    "and allow smtpwizard to send email. "
                    "This window waits for you."
                ).format(user=self._signed_in_as)
            )
        )
        self.job.start(
            setup,
            self._signed_in_as or None,
            open_url=self.state.oauth_open_url,
            timeout=self.state.oauth_timeout,
        )

    def adopt(self, tokens: OAuthTokens, user: str) -> None:
        """Use a sign-in saved in the keyring ("Test again"), made for ``user``."""
        self.cancel()
        self._signed_in_as = self._user = user
        self._use(
            tokens, self.tr("✓ Signed in with {name}, with the sign-in saved on this computer.")
        )

    def cancel(self) -> None:
        """Stop waiting for the browser (Back, Next, closing): nothing is kept."""
        if self.running:
            self.job.cancel()
            self._show_idle()

    def sign_out(self, quiet: bool = False) -> None:
        """Forget the tokens (they were never saved: that happens only on Finish)."""
        was_signed_in = self.signed_in
        self.state.oauth_tokens = None
        if was_signed_in and not quiet:
            self._show_idle()
        if was_signed_in:
            self.changed.emit()
        self._update_buttons()

    # --- the sign-in's signals ---------------------------------------------------------------
    def _on_address(self, url: str, opened: bool) -> None:
        if opened:
            return
        self.address.setText(url)
        self.address.setCursorPosition(0)
        self.address_box.setVisible(True)
        self._say(
            html.escape(
                self.tr(
                    "No browser could be opened. "
                    "Open this address in a browser on this computer and "
                    "sign in there; this window waits for you."
                )
            )
        )

    def _on_signed_in(self, tokens: OAuthTokens) -> None:
        self._use(
            tokens,
            self.tr(
                "✓ Signed in with {name}. The test will use this sign-in; it is saved in the "
                "keyring only once it works and you press Finish."
            ),
        )

    def _use(self, tokens: OAuthTokens, words: str) -> None:
        """Signed in: keep ``tokens`` and say so (``words`` with ``{name}``)."""
        self.state.oauth_tokens = tokens
        self.address_box.setVisible(False)
        self._say(html.escape(words.format(name=self.provider_name())))
        self._update_buttons()
        self.changed.emit()

    def _on_failed(self, failure: Failure) -> None:
        self.address_box.setVisible(False)
        self._say(failure_html(failure, self._provider))
        self._update_buttons()
        self.changed.emit()

    def _on_running_changed(self, _running: bool) -> None:
        self._update_buttons()
        self.changed.emit()

    def _on_cancel_clicked(self) -> None:
        self.cancel()
        self._say(
            html.escape(self.tr("Sign-in cancelled. Sign in again, or type a password below."))
        )

    def _copy_address(self) -> None:
        QGuiApplication.clipboard().setText(self.address.text())

    # --- helpers -----------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _show_idle(self) -> None:
        """The resting text: ready to sign in, or why it cannot."""
        self.address_box.setVisible(False)
        setup = self.setup
        if setup is not None and not setup.ready and setup.failure is not None:
            self._say(failure_html(setup.failure, self._provider))
        elif not self.signed_in:
            self._say("")
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.running
        ready = self.setup is not None and self.setup.ready
        self.button.setEnabled(ready and not running)
        self.button.setVisible(ready and not self.signed_in)
        self.cancel_button.setVisible(running)
        self.sign_out_button.setVisible(self.signed_in and not running)
