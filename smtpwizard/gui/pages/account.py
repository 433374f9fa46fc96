"""Page 1 — Your account: the email address (checked as typed), a name, and the kind of sender."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from smtpwizard.core.validation import validate_email
from smtpwizard.gui.pages.base import WizardPage
from smtpwizard.gui.pages.common import hint_label, lock_line_edit, locked_fields_note
from smtpwizard.gui.state import WizardState
from smtpwizard.gui.widgets.address_check import AddressCheck


class AccountPage(WizardPage):
    def __init__(self, state: WizardState) -> None:
        super().__init__(state)
        self.setTitle(self.tr("Your email account"))
        self.setSubTitle(
            self.tr("Which address do you want to send email from? Nothing is sent anywhere yet.")
        )

        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("name@example.com"))
        self.email.setAccessibleName(self.tr("Email address"))
        self.email.setAccessibleDescription(self.tr("The address your email will come from."))
        self.email.setClearButtonEnabled(True)
        self.email_check = AddressCheck(self.email)  # problems while typing, typo offers

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("optional, for example Alex Smith"))
        self.name.setAccessibleName(self.tr("Your name"))
        self.name.setAccessibleDescription(
            self.tr("Optional: the name people see next to your address.")
        )

        self.service = QCheckBox(
            self.tr("I send through a &service (SendGrid, Mailgun, Amazon SES…)")
        )
        self.service.setAccessibleName(self.tr("I send through a sending service"))
        self.service.setAccessibleDescription(
            self.tr(
                "Tick this when a program or website sends the email through a sending service "
                "instead of your mailbox provider."
            )
        )

        form = QFormLayout()
        email_label = QLabel(self.tr("&Email address:"))
        email_label.setBuddy(self.email)
        name_label = QLabel(self.tr("Your &name:"))
        name_label.setBuddy(self.name)
        form.addRow(email_label, self.email)
        form.addRow("", self.email_check)
        form.addRow(name_label, self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.service)
        layout.addStretch(1)

        self.email.textChanged.connect(self._on_email_changed)
        self.name.textChanged.connect(self._on_name_changed)
        self.service.toggled.connect(self._on_service_toggled)
        if state.demo is not None:
            self.email.setText(state.demo.email)
        self.locked_hint = hint_label(locked_fields_note())
        self.locked_hint.setVisible(False)
        layout.insertSpacing(1, 4)
        layout.insertWidget(2, self.locked_hint)
        self._apply_preset()

    def _apply_preset(self) -> None:
        preset = self.state.preset
        if preset is None:
            return
        for name, edit, value in (
            ("email", self.email, preset.email),
            ("display_name", self.name, preset.display_name),
        ):
            if value is None:
                continue
            edit.setText(value)
            if preset.is_locked(name):
                lock_line_edit(edit)
                self.locked_hint.setVisible(True)

    def _on_name_changed(self, text: str) -> None:
        self.state.display_name = text.strip()

    def _on_service_toggled(self, on: bool) -> None:
        self.state.service = on

    def _on_email_changed(self, text: str) -> None:
        # the check under the field (AddressCheck) shows problems and typo offers itself
        self.state.email = text.strip()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.email_check.problem()

    def email_address(self) -> str:
        return validate_email(self.email.text())

    def domain(self) -> str:
        return self.email_address().rpartition("@")[2]
