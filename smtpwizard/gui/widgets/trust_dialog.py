"""The "Trust this certificate…" dialog: who the certificate says it is, who issued it, its
validity and its SHA-256 fingerprint in groups to read out on the phone; an explicit
confirmation, and a second, stronger one for an expired, wrong-name or changed certificate.

The words come from :mod:`smtpwizard.core.wording.certificate`; the decision what to offer from
:func:`smtpwizard.core.probe.trust.trust_offer`.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smtpwizard.core.models import ProbeReport
from smtpwizard.core.probe.trust import TrustOffer, trust_offer
from smtpwizard.core.wording import certificate as words
from smtpwizard.core.wording.base import _


def _when(iso: str) -> str:
    if not iso:
        return "?"
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y")
    except ValueError:
        return iso


def offer_warnings(offer: TrustOffer) -> list[str]:
    """The stronger warnings this offer needs (empty: an ordinary self-signed/private one)."""
    cert = offer.certificate
    found: list[str] = []
    if offer.changed_from is not None:
        found.append(
            _(words.CHANGED_WARNING).format(
                host=offer.host,
                old=" ".join(words.fingerprint_groups(offer.changed_from)),
                new=" ".join(words.fingerprint_groups(offer.sha256)),
            )
        )
    if offer.expired:
        found.append(_(words.EXPIRED_WARNING).format(until=_when(cert.not_after)))
    if offer.wrong_name:
        found.append(
            _(words.WRONG_NAME_WARNING).format(names=", ".join(cert.names) or "?", host=offer.host)
        )
    return found


class TrustDialog(QDialog):
    """Accepted only after the confirmation box(es) were ticked; ``offer.sha256`` is the pin."""

    def __init__(self, offer: TrustOffer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offer = offer
        cert = offer.certificate
        self.setWindowTitle(_(words.DIALOG_TITLE))
        self.setAccessibleName(_(words.DIALOG_TITLE))
        intro = QLabel(
            (_(words.INTRO_RISKY) if offer.risky else _(words.INTRO)).format(host=offer.host)
        )
        intro.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.subject = self._value(", ".join(cert.names) or cert.subject, _(words.MADE_OUT_FOR))
        self.issuer = self._value(cert.issuer, _(words.ISSUED_BY))
        self.validity = self._value(
            _(words.VALID_RANGE).format(start=_when(cert.not_before), end=_when(cert.not_after)),
            _(words.VALID),
        )
        self.fingerprint = self._value("\n".join(words.fingerprint_lines(offer.sha256)), "")
        self.fingerprint.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.fingerprint.setAccessibleName(_(words.FINGERPRINT))
        # a screen reader reads it out group by group
        self.fingerprint.setAccessibleDescription(
            ", ".join(" ".join(group) for group in words.fingerprint_groups(offer.sha256))
        )
        form.addRow(_(words.MADE_OUT_FOR) + ":", self.subject)
        form.addRow(_(words.ISSUED_BY) + ":", self.issuer)
        form.addRow(_(words.VALID) + ":", self.validity)
        form.addRow(_(words.FINGERPRINT) + ":", self.fingerprint)

        self.confirm = QCheckBox(_(words.CONFIRM))
        self.confirm.setAccessibleName(words.no_mnemonic(_(words.CONFIRM)))
        self.confirm.toggled.connect(self._update)

        self.warnings = offer_warnings(offer)
        self.warning_box = QFrame()
        self.warning_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.warning_box.setStyleSheet(
            "QFrame { border: 2px solid #b00020; border-radius: 4px; }"
            " QLabel, QCheckBox { border: none; color: #8a0018; }"
        )
        self.warning_text = QLabel("\n\n".join(self.warnings))
        self.warning_text.setWordWrap(True)
        self.warning_text.setAccessibleName(words.no_mnemonic(_(words.DIALOG_TITLE)))
        self.risk_confirm = QCheckBox(_(words.RISK_CONFIRM).format(host=offer.host))
        self.risk_confirm.setAccessibleName(
            words.no_mnemonic(_(words.RISK_CONFIRM).format(host=offer.host))
        )
        self.risk_confirm.toggled.connect(self._update)
        box = QVBoxLayout(self.warning_box)
        box.addWidget(self.warning_text)
        box.addWidget(self.risk_confirm)
        self.warning_box.setVisible(bool(self.warnings))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.trust_button = QPushButton(_(words.TRUST_BUTTON))
        self.trust_button.setAccessibleName(words.no_mnemonic(_(words.TRUST_BUTTON)))
        self.buttons.addButton(self.trust_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # Enter never trusts by accident
        self.trust_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.warning_box)
        layout.addWidget(self.confirm)
        hint = QLabel(_(words.OFFER_HINT))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._update()

    @staticmethod
    def _value(text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # the certificate's names are the server's
        label.setWordWrap(True)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        if name:
            label.setAccessibleName(name)
        return label

    def _update(self) -> None:
        ready = self.confirm.isChecked() and (not self.warnings or self.risk_confirm.isChecked())
        self.trust_button.setEnabled(ready)

    def accept(self) -> None:
        if not self.trust_button.isEnabled():  # no way round the confirmations
            return
        super().accept()


class TrustButton(QPushButton):
    """ "Trust this certificate…": shown only when a report offers a certificate to trust;
    emits ``trusted(host, sha256)`` once the person confirmed it in the dialog."""

    trusted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(words.OFFER_BUTTON, parent)
        self.setAutoDefault(False)
        self.setAccessibleName(words.no_mnemonic(_(words.OFFER_BUTTON)))
        self.setAccessibleDescription(_(words.OFFER_HINT))
        self.offer: TrustOffer | None = None
        self.dialog: TrustDialog | None = None
        self.clicked.connect(self.ask)
        self.setVisible(False)

    def show_for(self, report: ProbeReport | None, pinned: frozenset[str]) -> TrustOffer | None:
        self.offer = trust_offer(report, pinned) if report is not None else None
        self.setVisible(self.offer is not None)
        return self.offer

    def ask(self) -> None:
        if self.offer is None:
            return
        self.dialog = TrustDialog(self.offer, self.window())
        self.dialog.setModal(True)
        self.dialog.accepted.connect(self._accepted)
        self.dialog.open()

    def _accepted(self) -> None:
        if self.offer is not None:
            self.trusted.emit(self.offer.host, self.offer.sha256)
