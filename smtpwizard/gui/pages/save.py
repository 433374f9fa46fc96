"""Page 6 — Save & export (the commit page): keep the password in the keyring, copy the settings.

Nothing is saved before the person presses Finish; Cancel and Back never save. The keyring call
runs off the UI loop (``run_blocking`` with a deadline) and its outcome is shown on the page.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFontDatabase, QGuiApplication, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWizard,
)

from smtpwizard.core.export.cards import CARDS, Choice
from smtpwizard.core.models import IncomingSettings, Settings
from smtpwizard.core.wording import mail_programs as words
from smtpwizard.core.wording.base import _
from smtpwizard.gui.pages.base import WizardPage
from smtpwizard.gui.pages.common import hint_label
from smtpwizard.gui.runner import ProbeRunner
from smtpwizard.gui.state import WizardState
from smtpwizard.gui.verdict import security_words

KEYRING_TIMEOUT = 10.0


class SavePage(WizardPage):
    def __init__(self, state: WizardState, runner: ProbeRunner) -> None:
        super().__init__(state, runner)
        self._saving = False
        self._formats: list[Choice | str | None] = [None]
        self.setTitle(self.tr("Save and use your settings"))
        self.setSubTitle(
            self.tr("Copy these settings into your mail program or app. Press Finish to save.")
        )
        self.setCommitPage(True)
        self.setFinalPage(True)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Finish"))

        self.keyring_status = hint_label()
        self.keyring_status.setAccessibleName(self.tr("Keyring status"))

        self.formats_label = QLabel(self.tr("&Copy your settings for:"))
        self.formats = QComboBox()
        self.formats.setAccessibleName(self.tr("Export formats"))
        self.formats.setAccessibleDescription(
            self.tr(
                "Pick the program you want to set up; a preview of its settings appears next to "
                "the list."
            )
        )
        self.formats_label.setBuddy(self.formats)
        self.formats.currentIndexChanged.connect(self._on_format_changed)
        self.description = hint_label()
        self.card = QPlainTextEdit()
        self.card.setReadOnly(True)
        self.card.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.card.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.card.setAccessibleName(self.tr("Preview of the exported settings"))
        self.card.setAccessibleDescription(
            self.tr("The settings in the chosen program's format; read-only. Copy or save them.")
        )
        self.copy_button = QPushButton(self.tr("Co&py"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.setAccessibleName(self.tr("Copy the settings to the clipboard"))
        self.copy_button.setAccessibleDescription(
            self.tr("Copies the preview, ready to paste into your program.")
        )
        self.copy_button.clicked.connect(self._copy)
        self.save_button = QPushButton(self.tr("&Save to file…"))
        self.save_button.setAutoDefault(False)
        self.save_button.setAccessibleName(self.tr("Save the settings to a file"))
        self.save_button.setAccessibleDescription(
            self.tr("Asks where to save the preview as a file.")
        )
        self.save_button.clicked.connect(self._save_file)
        self.copied = QLabel()
        self.copied.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.copied, 1)

        row = QHBoxLayout()
        row.addWidget(self.formats_label)
        row.addWidget(self.formats, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.description)
        layout.addWidget(self.card, 1)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(self.keyring_status)

    # --- what is shown ---------------------------------------------------------------------------
    def settings(self) -> Settings | None:
        report = self.state.report
        found = report.recommended if report is not None else None
        incoming = self.state.incoming_report
        if found is not None and incoming is not None and incoming.recommended is not None:
            # the mail-program exports carry the proven incoming server
            found = replace(found, incoming=incoming.recommended)
        return found

    def remember(self) -> bool:
        return self.state.remember

    def signed_in(self) -> bool:
        """An OAuth sign-in, not a password: its refresh token is what the keyring keeps."""
        return self.state.oauth_tokens is not None

    def initializePage(self) -> None:
        self.copied.clear()
        self._fill_formats()
        oauth = self.signed_in()
        if self.state.saved:
            self.keyring_status.setText(self._saved_words())
        elif self.remember():
            self.keyring_status.setText(
                self.tr(
                    "When you press Finish, your sign-in is saved in this computer's keyring, so "
                    "you do not need to sign in again."
                )
                if oauth
                else self.tr(
                    "When you press Finish, your password is saved in this computer's keyring."
                )
            )
        elif self.state.keyring_problem:
            self.keyring_status.setText(
                self.tr("Your password will not be saved: {problem}.").format(
                    problem=self.state.keyring_problem
                )
            )
        else:
            self.keyring_status.setText(
                self.tr("Your sign-in will not be saved (you chose not to remember it).")
                if oauth
                else self.tr("Your password will not be saved (you chose not to remember it).")
            )

    def _saved_words(self) -> str:
        where = self.state.saved_where
        return (
            self.tr("Your sign-in is saved in {where}.")
            if self.signed_in()
            else self.tr("Your password is saved in {where}.")
        ).format(where=where)

    def settings_text(self, settings: Settings) -> str:
        lines = [
            self.tr("Outgoing mail (SMTP) server: {host}").format(host=settings.host),
            self.tr("Port: {port}").format(port=settings.port),
            self.tr("Encryption: {security}").format(security=security_words(settings.security)),
        ]
        if settings.username:
            lines.append(self.tr("User name: {user}").format(user=settings.username))
            lines.append(self.tr("Password: the one you just tested (not shown here)"))
        lines.append(
            self.tr("Sign-in required: {answer}").format(
                answer=self.tr("yes") if settings.username else self.tr("no")
            )
        )
        incoming = settings.incoming
        if isinstance(incoming, IncomingSettings):  # proven by the incoming test
            lines += [
                "",
                self.tr("Incoming mail ({protocol}) server: {host}").format(
                    protocol=incoming.protocol.label, host=incoming.host
                ),
                self.tr("Port: {port}").format(port=incoming.port),
                self.tr("Encryption: {security}").format(
                    security=security_words(incoming.security)
                ),
            ]
            if incoming.username:
                lines.append(self.tr("User name: {user}").format(user=incoming.username))
                lines.append(self.tr("Password: the same one"))
            lines.append(self.tr("(tested: signed in and opened the inbox)"))
        return "\n".join(lines)

    # --- export ----------------------------------------------------------------------------------
    def _fill_formats(self) -> None:
        """The list, grouped: Mail programs (step-by-step cards and their files), then Websites
        and apps. Group names are headers that cannot be chosen."""
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.export.cards import grouped_choices

        current = self.formats.currentIndex()
        self.formats.blockSignals(True)
        self.formats.clear()
        self._formats = [None]  # None: the plain text card; a str: a group header
        self.formats.addItem(_(words.PLAIN_CARD))
        model = self.formats.model()
        assert isinstance(model, QStandardItemModel)
        for group, choices in grouped_choices():
            self._formats.append(group)
            self.formats.addItem(f"— {group} —")
            header = model.item(self.formats.count() - 1)
            header.setEnabled(False)  # a heading: it cannot be chosen
            header.setSelectable(False)
            font = self.formats.font()
            font.setBold(True)
            header.setFont(font)
            for choice in choices:
                self._formats.append(choice)
                self.formats.addItem(choice.title)
        self.formats.blockSignals(False)
        if current < 0 or isinstance(self._formats[current], str):
            current = 0
        self.formats.setCurrentIndex(current)
        self._on_format_changed(self.formats.currentIndex())

    def current_choice(self) -> Choice | None:
        row = self.formats.currentIndex()
        entry = self._formats[row] if 0 <= row < len(self._formats) else None
        return entry if isinstance(entry, Choice) else None

    def current_format(self) -> Any:
        choice = self.current_choice()
        return choice.format if choice is not None else None

    def _keyring_entry_exists(self) -> bool:
        """Whether this computer's keyring has (or gets on Finish) the password."""
        state = self.state
        return (
            state.saved or state.remember or (state.retest is not None and not state.retest_problem)
        )

    def _on_format_changed(self, _row: int) -> None:
        settings = self.settings()
        choice = self.current_choice()
        self.copied.clear()
        if settings is None:
            self.card.setPlainText("")
            return
        steps = choice is not None and choice.card is not None
        # steps are prose to read (wrapped); exports are files to copy (monospace, unwrapped)
        self.card.setLineWrapMode(
            QPlainTextEdit.LineWrapMode.WidgetWidth if steps else QPlainTextEdit.LineWrapMode.NoWrap
        )
        self.card.setFont(
            self.font() if steps else QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        )
        if choice is None or choice.format is None:
            # lazy: not needed for the first paint (the wizard draws before loading the rest)
            from smtpwizard.core.export.cards import card_text

            if choice is not None and choice.card is not None:
                self.description.setText(_(words.CARD_INTRO).format(program=_(CARDS[choice.card])))
                self.card.setPlainText(card_text(choice.card, settings))
            else:
                self.description.setText(
                    self.tr("Type these values into your mail program's outgoing server settings.")
                )
                self.card.setPlainText(self.settings_text(settings))
            self.save_button.setEnabled(False)
            return
        fmt = choice.format
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.export.cards import keyring_note

        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.export.registry import ExportError, export

        note = keyring_note(fmt, settings, entry_exists=self._keyring_entry_exists())
        self.description.setText("\n".join(part for part in (fmt.describe(settings), note) if part))
        self.save_button.setEnabled(True)
        try:
            self.card.setPlainText(export(settings, fmt.name))
        except ExportError as exc:
            self.card.setPlainText(str(exc))
            self.save_button.setEnabled(False)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.card.toPlainText())
        self.copied.setText(self.tr("Copied — paste it where you need it."))

    def _save_file(self) -> None:
        fmt = self.current_format()
        if fmt is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save settings"), str(Path.home() / fmt.default_filename)
        )
        if path:  # the dialog already asked before replacing a file
            self.save_to(path, replace=True)

    def save_to(self, path: str, *, replace: bool = False) -> bool:
        """Write the previewed export to ``path`` (atomically); report the outcome on the page."""
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.export.registry import write_export

        fmt = self.current_format()
        try:
            written = write_export(
                path,
                self.card.toPlainText(),
                force=replace,
                private=bool(fmt is not None and fmt.private_file),
            )
        except (OSError, ValueError) as exc:
            self.copied.setText(self.tr("Not saved: {problem}").format(problem=str(exc)))
            return False
        self.copied.setText(self.tr("Saved to {path}").format(path=str(written)))
        return True

    def nextId(self) -> int:
        return -1  # the last page (the saved-accounts page has a higher id but comes first)

    # --- saving on Finish ------------------------------------------------------------------------
    def validatePage(self) -> bool:
        if self._saving:
            return False
        if self.state.saved or not self.remember() or self.settings() is None:
            return True
        self._start_save()
        return False  # the wizard finishes when the keyring answered (see _saved)

    def _start_save(self) -> None:
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.gui.keyring_jobs import save_secret, save_sign_in

        settings = self.settings()
        assert settings is not None
        self._saving = True
        self.wizard_button(QWizard.WizardButton.FinishButton).setEnabled(False)
        tokens = self.state.oauth_tokens
        if tokens is not None:
            self.keyring_status.setText(self.tr("Saving your sign-in in the keyring…"))
            job = save_sign_in(settings, tokens, KEYRING_TIMEOUT)
        else:
            self.keyring_status.setText(self.tr("Saving your password in the keyring…"))
            job = save_secret(settings, self.state.password, KEYRING_TIMEOUT)
        self.runner.call(job, self._saved, self._save_failed)

    def _saved(self, where: Any) -> None:
        self._saving = False
        self.state.saved = True
        self.state.saved_where = str(where)
        self.keyring_status.setText(self._saved_words())
        self.wizard_button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.wizard().accept()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.state.remember = False
        self._on_format_changed(self.formats.currentIndex())  # a keyring-reading export says so
        self.keyring_status.setText(
            (
                self.tr(
                    "The sign-in could not be saved: {problem} Press Finish to continue without "
                    "saving it."
                )
                if self.signed_in()
                else self.tr(
                    "The password could not be saved: {problem} Press Finish to continue without "
                    "saving it."
                )
            ).format(problem=str(error))
        )
        self.wizard_button(QWizard.WizardButton.FinishButton).setEnabled(True)
