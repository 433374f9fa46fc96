"""Page 2 — Outgoing server: the host (found or guessed), provider notes, which pairings to test."""

from __future__ import annotations

import importlib.util
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from smtpwizard.core.models import DEFAULT_PAIRINGS, Pairing, Security
from smtpwizard.core.validation import InputError, normalize_host
from smtpwizard.gui.pages.common import hint_label, wizard_of
from smtpwizard.gui.state import WizardState
from smtpwizard.gui.widgets.matrix import COLUMNS, STANDARD_PORTS, column_words


def discovery_available() -> bool:
    return importlib.util.find_spec("smtpwizard.core.discovery") is not None


class ServerPage(QWizardPage):
    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Outgoing mail server"))
        self.setSubTitle(self.tr(
            "This is the server your email is handed to. Usually you do not need to change it."))
        self._host_edited = False
        self._filled_for = ""
        self._discovery: Any = None
        self._extra: list[Pairing] = []

        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("for example smtp.example.com"))
        self.host.setAccessibleName(self.tr("Outgoing server name"))
        self.host.setAccessibleDescription(self.tr(
            "The name of the outgoing (SMTP) server, for example smtp.example.com."))
        self.host.textEdited.connect(self._on_host_edited)
        self.host.textChanged.connect(self._on_host_changed)
        host_label = QLabel(self.tr("&Server:"))
        host_label.setBuddy(self.host)
        self.source = hint_label()
        self.source.setAccessibleName(self.tr("Where this server name comes from"))
        self.notes = hint_label()
        self.notes.setAccessibleName(self.tr("Notes about your provider"))
        self.notes.setTextFormat(Qt.TextFormat.RichText)

        form = QFormLayout()
        form.addRow(host_label, self.host)
        form.addRow("", self.source)

        self.advanced_toggle = QToolButton()
        self.advanced_toggle.setText(self.tr("&Advanced: choose which ports to test"))
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setAutoRaise(True)
        self.advanced_toggle.setAccessibleName(self.tr("Advanced: choose which ports to test"))
        self.advanced_toggle.toggled.connect(self._on_advanced)
        self.advanced = self._build_advanced()
        self.advanced.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.notes)
        layout.addSpacing(6)
        layout.addWidget(self.advanced_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.advanced)
        layout.addStretch(1)
        self.registerField("server.host", self.host)

    # --- advanced: the pairings ------------------------------------------------------------------
    def _build_advanced(self) -> QWidget:
        box = QWidget()
        outer = QVBoxLayout(box)
        outer.setContentsMargins(18, 0, 0, 0)
        outer.addWidget(hint_label(self.tr(
            "All sensible combinations are tested at once. Untick the ones you do not want.")))
        self.grid = QGridLayout()
        for col, security in enumerate(COLUMNS, start=1):
            self.grid.addWidget(QLabel(column_words(security)), 0, col)
        self.checks: dict[Pairing, QCheckBox] = {}
        for row, port in enumerate(STANDARD_PORTS, start=1):
            self._add_port_row(row, port)
        outer.addLayout(self.grid)
        custom = QHBoxLayout()
        custom_label = QLabel(self.tr("Add &port:"))
        self.custom_port = QSpinBox()
        self.custom_port.setRange(1, 65535)
        self.custom_port.setValue(8025)
        self.custom_port.setAccessibleName(self.tr("Custom port number"))
        custom_label.setBuddy(self.custom_port)
        self.custom_security = QComboBox()
        self.custom_security.setAccessibleName(self.tr("Encryption for the custom port"))
        for security in COLUMNS:
            self.custom_security.addItem(column_words(security), security.value)
        self.custom_security.setCurrentIndex(1)
        add = QPushButton(self.tr("A&dd"))
        add.setAccessibleName(self.tr("Add this port to the test"))
        add.setAutoDefault(False)
        add.clicked.connect(self._add_custom)
        custom.addWidget(custom_label)
        custom.addWidget(self.custom_port)
        custom.addWidget(self.custom_security)
        custom.addWidget(add)
        custom.addStretch(1)
        outer.addLayout(custom)
        return box

    def _add_port_row(self, row: int, port: int) -> None:
        self.grid.addWidget(QLabel(self.tr("Port {port}").format(port=port)), row, 0)
        for col, security in enumerate(COLUMNS, start=1):
            pairing = Pairing(port, security)
            check = QCheckBox()
            check.setAccessibleName(self.tr("Test port {port} with {kind}").format(
                port=port, kind=column_words(security)))
            check.setChecked(pairing in DEFAULT_PAIRINGS)
            check.toggled.connect(self.completeChanged)
            self.checks[pairing] = check
            self.grid.addWidget(check, row, col)

    def _add_custom(self) -> None:
        port = self.custom_port.value()
        security = Security(self.custom_security.currentData())
        pairing = Pairing(port, security)
        if pairing not in self.checks and not any(p.port == port for p in self.checks):
            self._add_port_row(self.grid.rowCount(), port)
            for sec in COLUMNS:
                self.checks[Pairing(port, sec)].setChecked(False)
        self.checks[pairing].setChecked(True)

    def _on_advanced(self, on: bool) -> None:
        self.advanced_toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.advanced.setVisible(on)

    def pairings(self) -> tuple[Pairing, ...]:
        chosen = [p for p, c in self.checks.items() if c.isChecked()]
        order = {p: i for i, p in enumerate(DEFAULT_PAIRINGS)}
        return tuple(sorted(chosen, key=lambda p: (order.get(p, len(order)), p)))

    # --- host ------------------------------------------------------------------------------------
    def _on_host_edited(self) -> None:
        self._host_edited = True
        self.source.setText(self.tr("Typed by you — it will be tested."))

    def _on_host_changed(self) -> None:
        self.completeChanged.emit()

    def host_name(self) -> str:
        return normalize_host(self.host.text())

    def isComplete(self) -> bool:
        try:
            self.host_name()
        except InputError:
            return False
        return bool(self.pairings())

    def initializePage(self) -> None:
        wizard = wizard_of(self)
        email = str(self.field("account.email") or "").strip()
        if email == self._filled_for and self.host.text():
            return
        self._filled_for = email
        if self.state.demo is not None:
            self._fill(self.state.demo.host, self.tr("The built-in demo server on this computer."))
            return
        if bool(self.field("account.service")):
            if not self._host_edited:
                self.host.clear()
                self.source.setText(self.tr(
                    "Enter the SMTP server your sending service tells you to use."))
        else:
            domain = email.rpartition("@")[2]
            if domain and not self._host_edited:
                self._fill(f"smtp.{domain}", self.tr(
                    "Guessed from your address — it will be tested."))
        if discovery_available():
            self._start_discovery(wizard, email)

    def _fill(self, host: str, source: str) -> None:
        if not self._host_edited:
            self.host.setText(host)
            self.source.setText(source)

    def _start_discovery(self, wizard: Any, email: str) -> None:
        """Ask the discovery engine (when installed) for the provider's settings."""
        return

    def cleanupPage(self) -> None:
        # Back to the account page: a new address gets a fresh guess unless the user typed one.
        self._filled_for = ""

    def validatePage(self) -> bool:
        self.state.pairings = self.pairings()
        return True
