"""The sending-service picker on the server page ("I send through a service"): a list of
services (SendGrid, Mailgun, Amazon SES, …) and "Other"; a region where the service has several;
what to type as user name and password, and where to create the secret."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from smtpwizard.core.discovery.providers import Provider
from smtpwizard.core.discovery.services import ServiceSetup, regions, sending_services, setup_for
from smtpwizard.core.wording import services as words
from smtpwizard.core.wording.base import _
from smtpwizard.core.wording.certificate import no_mnemonic

OTHER = "other"


class ServicePicker(QWidget):
    """Emits ``chosen(ServiceSetup)`` for a service, ``chosen(None)`` for Other."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services: dict[str, Provider] = {p.id: p for p in sending_services()}
        self.services = QComboBox()
        self.services.setAccessibleName(no_mnemonic(_(words.PICKER_LABEL)).rstrip(":"))
        self.services.addItem(_(words.CHOOSE), None)
        for provider in self._services.values():
            self.services.addItem(provider.name, provider.id)
        self.services.addItem(_(words.OTHER), OTHER)
        self.services.currentIndexChanged.connect(self._on_service)
        self.region = QComboBox()
        self.region.setAccessibleName(no_mnemonic(_(words.REGION_LABEL)).rstrip(":"))
        self.region.currentIndexChanged.connect(self._emit)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setOpenExternalLinks(True)
        self.info.setAccessibleName(no_mnemonic(_(words.PICKER_LABEL)).rstrip(":"))
        self.info.setVisible(False)
        service_label = QLabel(_(words.PICKER_LABEL))
        service_label.setBuddy(self.services)
        self.region_label = QLabel(_(words.REGION_LABEL))
        self.region_label.setBuddy(self.region)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(service_label, self.services)
        form.addRow(self.region_label, self.region)
        form.addRow("", self.info)
        self._show_region(False)
        self.setup: ServiceSetup | None = None

    def choose(self, provider_id: str, region: str | None = None) -> None:
        """Select a service (and region) as a person would (used by presets and tests)."""
        index = self.services.findData(provider_id)
        if index >= 0:
            self.services.setCurrentIndex(index)
        if region is not None:
            found = self.region.findText(region)
            if found >= 0:
                self.region.setCurrentIndex(found)

    def _show_region(self, on: bool) -> None:
        self.region.setVisible(on)
        self.region_label.setVisible(on)

    def _on_service(self) -> None:
        provider = self._provider()
        self.region.blockSignals(True)
        self.region.clear()
        for name in regions(provider) if provider is not None else ():
            self.region.addItem(name)
        self.region.blockSignals(False)
        self._show_region(self.region.count() > 1)
        self._emit()

    def _provider(self) -> Provider | None:
        data = self.services.currentData()
        return self._services.get(data) if isinstance(data, str) else None

    def _emit(self) -> None:
        provider = self._provider()
        if provider is None:
            self.setup = None
            self.info.setVisible(False)
            if self.services.currentData() == OTHER:
                self.chosen.emit(None)
            return
        region = self.region.currentText() or None
        self.setup = setup_for(provider, region)
        self.info.setText(info_html(self.setup))
        self.info.setAccessibleDescription(self.info.text())
        self.info.setVisible(True)
        self.chosen.emit(self.setup)


def info_html(setup: ServiceSetup) -> str:
    """What to type as user name and password, with the link to create the secret."""
    if setup.username is not None:
        user = _(words.USERNAME_LITERAL).format(literal=f"<b>{html.escape(setup.username)}</b>")
    elif setup.username_note:
        user = _(words.USERNAME_OTHER).format(note=html.escape(setup.username_note))
    else:
        user = _(words.USERNAME_EMAIL).format(service=html.escape(setup.provider.name))
    secret = html.escape(setup.secret_name)
    if setup.secret_url:
        password = _(words.SECRET_WITH_URL).format(
            secret=secret, url=html.escape(setup.secret_url, quote=True)
        )
    else:
        password = _(words.SECRET).format(secret=secret)
    hints = [html.escape(h) for h in setup.provider.hints]
    return "<br>".join([user, password, *hints])
