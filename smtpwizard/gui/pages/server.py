"""Page 2 — Outgoing server: the host (found or guessed), provider notes, which pairings to test."""

from __future__ import annotations

import html
from dataclasses import replace
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
)

from smtpwizard.core.discovery.services import ServiceSetup
from smtpwizard.core.models import DEFAULT_PAIRINGS, Pairing, Security
from smtpwizard.core.validation import InputError, normalize_host
from smtpwizard.core.wording import services as service_words
from smtpwizard.core.wording.base import _
from smtpwizard.gui.pages.base import WizardPage
from smtpwizard.gui.pages.common import hint_label, lock_line_edit, locked_note
from smtpwizard.gui.runner import ProbeRunner
from smtpwizard.gui.state import WizardState
from smtpwizard.gui.widgets.matrix import COLUMNS, STANDARD_PORTS, column_words
from smtpwizard.gui.widgets.service_picker import ServicePicker


def preset_provider(provider_id: str) -> Any:
    """The bundled provider record for an id a preset gave (checked when the preset loaded)."""
    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    from smtpwizard.core.discovery.providers import bundled_providers

    return bundled_providers().get(provider_id)


def provider_notes_html(provider: Any, tr: Any) -> str:
    """The provider's notes from the bundled data: before login (with the app-password link),
    general notes, after login, the sending limit and when the settings were last checked."""

    def section(heading: str, lines: tuple[str, ...]) -> list[str]:
        if not lines:
            return []
        return [f"<i>{heading}</i> " + "<br>".join(f"• {html.escape(_(x))}" for x in lines)]

    parts = [tr("<b>{name}</b>").format(name=html.escape(provider.name))]
    parts += section(tr("Before you sign in:"), provider.before_login)
    if provider.app_password_url:
        parts.append(
            tr('<a href="{url}">Create an app password here</a>').format(
                url=html.escape(provider.app_password_url, quote=True)
            )
        )
    parts += [html.escape(_(hint)) for hint in provider.hints]  # provider data, translated
    parts += section(tr("Once it works:"), provider.after_login)
    if provider.sending_limit:
        label = tr("Sending limit:")
        parts.append(f"<i>{label}</i> {html.escape(_(provider.sending_limit))}")
    if provider.last_checked:
        label = tr("Settings last checked:")
        parts.append(f"<small>{label} {html.escape(provider.last_checked)}</small>")
    return "<br>".join(parts)


class ServerPage(WizardPage):
    def __init__(self, state: WizardState, runner: ProbeRunner) -> None:
        super().__init__(state, runner)
        self.setTitle(self.tr("Outgoing mail server"))
        self.setSubTitle(
            self.tr(
                "This is the server your email is handed to. Usually you do not need to change it."
            )
        )
        self._host_edited = False
        self._filled_for = ""
        self._discovery: Any = None
        self._extra: list[Pairing] = []

        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("for example smtp.example.com"))
        self.host.setAccessibleName(self.tr("Outgoing server name"))
        self.host.setAccessibleDescription(
            self.tr("The name of the outgoing (SMTP) server, for example smtp.example.com.")
        )
        self.host.textEdited.connect(self._on_host_edited)
        self.host.textChanged.connect(self._on_host_changed)
        host_label = QLabel(self.tr("&Server:"))
        host_label.setBuddy(self.host)
        self.source = hint_label()
        self.source.setAccessibleName(self.tr("Where this server name comes from"))
        self.notes = hint_label()
        self.notes.setAccessibleName(self.tr("Notes about your provider"))
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setVisible(False)

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
        self.advanced_toggle.setAccessibleDescription(
            self.tr("Shows the ports and kinds of encryption that will be tried.")
        )
        self.advanced_toggle.toggled.connect(self._on_advanced)
        self.advanced = self._build_advanced()
        self.advanced.setVisible(False)

        self.service_picker = ServicePicker()  # "I send through a service" only
        self.service_picker.setVisible(False)
        self.service_picker.chosen.connect(self._on_service_chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.service_picker)
        layout.addLayout(form)
        layout.addWidget(self.notes)
        layout.addSpacing(6)
        layout.addWidget(self.advanced_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.advanced)
        layout.addStretch(1)
        self._pairings_given = False
        self._apply_preset()

    def _apply_preset(self) -> None:
        preset = self.state.preset
        if preset is None:
            return
        if preset.host is not None:
            self.host.setText(preset.host)
            self._host_edited = True  # given: never replaced by a guess or a discovery
            if preset.is_locked("host"):
                lock_line_edit(self.host)
                self.source.setText(locked_note())
            else:
                self.source.setText(
                    self.tr("Suggested by the program that opened this window — it will be tested.")
                )
        if preset.pairings is not None:
            self._pairings_given = True
            for pairing in preset.pairings:
                self._ensure_pairing(pairing)
            for pairing, check in self.checks.items():
                check.setChecked(pairing in preset.pairings)
            self.state.pairings = self.pairings()
            if preset.is_locked("pairings"):
                for check in self.checks.values():
                    check.setEnabled(False)
                self.custom_box.setEnabled(False)
                self.advanced_note.setText(
                    self.tr("The ports to test were set by the program that opened this window.")
                )

    # --- advanced: the pairings ------------------------------------------------------------------
    def _build_advanced(self) -> QWidget:
        box = QWidget()
        outer = QVBoxLayout(box)
        outer.setContentsMargins(18, 0, 0, 0)
        self.advanced_note = hint_label(
            self.tr(
                "All sensible combinations are tested at once. Untick the ones you do not want."
            )
        )
        outer.addWidget(self.advanced_note)
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
        port_words = self.tr("A port your provider told you about, to test as well.")
        self.custom_port.setAccessibleName(self.tr("Custom port number"))
        self.custom_port.setAccessibleDescription(port_words)
        for edit in self.custom_port.findChildren(QLineEdit):  # what a screen reader lands on
            edit.setAccessibleName(self.tr("Custom port number"))
            edit.setAccessibleDescription(port_words)
        custom_label.setBuddy(self.custom_port)
        self.custom_security = QComboBox()
        self.custom_security.setAccessibleName(self.tr("Encryption for the custom port"))
        self.custom_security.setAccessibleDescription(
            self.tr("How the custom port is encrypted: plain, STARTTLS or SSL/TLS.")
        )
        for security in COLUMNS:
            self.custom_security.addItem(column_words(security), security.value)
        self.custom_security.setCurrentIndex(1)
        add = QPushButton(self.tr("A&dd"))
        add.setAccessibleName(self.tr("Add this port to the test"))
        add.setAccessibleDescription(self.tr("Adds the port with the chosen encryption."))
        add.setAutoDefault(False)
        add.clicked.connect(self._add_custom)
        custom.addWidget(custom_label)
        custom.addWidget(self.custom_port)
        custom.addWidget(self.custom_security)
        custom.addWidget(add)
        custom.addStretch(1)
        self.custom_box = QWidget()
        self.custom_box.setLayout(custom)
        custom.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.custom_box)
        self.ispdb_for_mx = QCheckBox(
            self.tr(
                "Also ask Thunderbird's public list about the server that receives my mail "
                "(sends only that server's domain)"
            )
        )
        self.ispdb_for_mx.setAccessibleDescription(
            self.tr(
                "For an address at your own domain: only the domain of that server is sent, "
                "never your address."
            )
        )
        self.ispdb_for_mx.toggled.connect(self._on_ispdb_for_mx)
        outer.addWidget(self.ispdb_for_mx)
        return box

    def _add_port_row(self, row: int, port: int) -> None:
        self.grid.addWidget(QLabel(self.tr("Port {port}").format(port=port)), row, 0)
        for col, security in enumerate(COLUMNS, start=1):
            pairing = Pairing(port, security)
            check = QCheckBox()
            check.setAccessibleName(
                self.tr("Test port {port} with {kind}").format(
                    port=port, kind=column_words(security)
                )
            )
            check.setAccessibleDescription(
                self.tr("Ticked: this way to reach the server is tried.")
            )
            check.setChecked(pairing in DEFAULT_PAIRINGS)
            check.toggled.connect(self.completeChanged)
            if self._pairings_locked():
                check.setEnabled(False)
            self.checks[pairing] = check
            self.grid.addWidget(check, row, col)

    def _pairings_locked(self) -> bool:
        preset = self.state.preset
        return preset is not None and preset.is_locked("pairings")

    def _add_custom(self) -> None:
        port = self.custom_port.value()
        security = Security(self.custom_security.currentData())
        pairing = Pairing(port, security)
        self._ensure_pairing(pairing)

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

    def _on_host_changed(self, text: str) -> None:
        self.state.host = text.strip()
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
        email = self.state.email
        service = self.state.service and self.state.demo is None
        self.service_picker.setVisible(service)
        if email == self._filled_for and self.host.text():
            return
        self._filled_for = email
        if self.state.demo is not None:
            self._fill(self.state.demo.host, self.tr("The built-in demo server on this computer."))
            if self.state.demo.provider is not None:
                self._use_demo_provider(self.state.demo.provider)
            return
        if service:  # the service is picked from the list: no look-up of the address
            self.notes.setVisible(False)
            if self.service_picker.setup is not None:
                self._on_service_chosen(self.service_picker.setup)
            elif not self._host_edited:
                self.host.clear()
                self.source.setText(_(service_words.CHOOSE_HINT))
            return
        domain = email.rpartition("@")[2]
        if domain and not self._host_edited:
            self._fill(f"smtp.{domain}", self.tr("Guessed from your address — it will be tested."))
        self._start_discovery(email)

    def _on_service_chosen(self, setup: ServiceSetup | None) -> None:
        """A service from the list fills host, ports, user name and the secret's name."""
        self.state.service_secret_name = setup.secret_name if setup else None
        self.state.service_username_note = setup.username_note if setup else None
        if setup is None:  # Other: free entry
            self._host_edited = False
            self.host.clear()
            self.source.setText(_(service_words.OTHER_HINT))
            self.state.provider = None
            self.state.provider_notes = []
            self.state.app_password_url = None
            self.state.username_hint = None
            self.host.setFocus()
            return
        provider = setup.provider
        self._host_edited = False
        self._fill(setup.host, _(service_words.FILLED).format(service=provider.name))
        if not self._pairings_given:
            for pairing in setup.pairings:
                self._ensure_pairing(pairing)
            for pairing, check in self.checks.items():
                check.setChecked(pairing in setup.pairings)
        self.state.provider = provider.id
        # the sign-in page links to where the secret is made (the hints are shown here)
        self.state.provider_notes = (
            [
                _(service_words.CREATE_SECRET).format(
                    url=html.escape(setup.secret_url, quote=True),
                    secret=html.escape(setup.secret_name),
                )
            ]
            if setup.secret_url
            else []
        )
        self.state.app_password_url = None
        self.state.username_hint = setup.username

    def _use_demo_provider(self, provider_id: str) -> None:
        """A demo lab that plays a provider: that provider's advice and sign-in."""
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.discovery.providers import bundled_providers

        record = bundled_providers().get(provider_id)
        self.state.provider = provider_id
        self.state.app_password_url = record.app_password_url if record else None
        self.state.provider_notes = list(record.notes) if record else []
        self._show_notes(record)

    def _fill(self, host: str, source: str) -> None:
        if not self._host_edited:
            self.host.setText(host)
            self.source.setText(source)

    def _start_discovery(self, email: str) -> None:
        """Ask the discovery engine for the provider's settings (off the UI; answers later)."""
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.discovery.pipeline import DiscoveryOptions, discover_async

        if self._discovery is not None:
            self._discovery.cancel()
        if not self._host_edited:
            self.source.setText(self.tr("Looking up your provider's settings…"))
        options = DiscoveryOptions(**self.state.discovery_overrides)
        if self.ispdb_for_mx.isChecked():  # the person agreed (Advanced)
            options = replace(options, ispdb_for_mx=True)
        self._discovery = self.runner.call(
            discover_async(email, options=options),
            lambda result: self._on_discovered(email, result),
            lambda error: self._on_discovery_failed(email, error),
        )

    def _on_ispdb_for_mx(self, on: bool) -> None:
        """Consent given: look again, unless the server is already known or typed by hand."""
        if on and self._filled_for and self.state.provider is None and not self._host_edited:
            self._start_discovery(self._filled_for)

    def _on_discovered(self, email: str, result: Any) -> None:
        self._discovery = None
        if email != self._filled_for:
            return  # the address changed meanwhile
        provider = result.provider
        service = self.state.service
        preset = self.state.preset
        if preset is not None and preset.provider is not None:
            provider = preset_provider(preset.provider)  # the installer's word wins
        self.state.provider = provider.id if provider is not None else None
        self.state.provider_notes = list(provider.notes) if provider is not None else []
        self.state.app_password_url = provider.app_password_url if provider else None
        incoming = getattr(result, "incoming", ())
        self.state.discovered_incoming = incoming[0].host if incoming else None
        best = result.best
        if provider is not None:
            self.state.username_hint = provider.username_for(email)
        elif best is not None:
            self.state.username_hint = best.username
        if best is not None and not service:
            self._fill(best.host, best.origin_label)
            for candidate in result.candidates:
                if candidate.host == best.host and not self._pairings_given:
                    self._ensure_pairing(Pairing(candidate.port, candidate.security))
        elif not self._host_edited and not service:
            self.source.setText(self.tr("Guessed from your address — it will be tested."))
        self._show_notes(provider)

    def _on_discovery_failed(self, email: str, error: BaseException) -> None:
        self._discovery = None
        if email == self._filled_for and not self._host_edited and self.host.text():
            self.source.setText(self.tr("Guessed from your address — it will be tested."))

    def _ensure_pairing(self, pairing: Pairing) -> None:
        if pairing in self.checks:
            return
        if not any(p.port == pairing.port for p in self.checks):
            self._add_port_row(self.grid.rowCount(), pairing.port)
            for sec in COLUMNS:
                self.checks[Pairing(pairing.port, sec)].setChecked(False)
        self.checks[pairing].setChecked(True)

    def _show_notes(self, provider: Any) -> None:
        if provider is None:
            self.notes.clear()
            self.notes.setVisible(False)
            return
        self.notes.setText(provider_notes_html(provider, self.tr))
        self.notes.setVisible(True)

    def cleanupPage(self) -> None:
        # Back to the account page: a new address gets a fresh guess unless the user typed one.
        self._filled_for = ""
        if self._discovery is not None:
            self._discovery.cancel()
            self._discovery = None

    def validatePage(self) -> bool:
        if self._discovery is not None:  # keep what is shown; a late answer changes nothing
            self._discovery.cancel()
            self._discovery = None
        self.state.pairings = self.pairings()
        return True
