"""The incoming-mail side of the Testing page: IMAP/POP3 pairings next to the SMTP matrix."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from smtpwizard.core.models import Attempt, DeliveryProof, Outcome, Pairing, ProbeReport
from smtpwizard.core.wording.messages import describe_attempt, outcome_symbol
from smtpwizard.core.wording.summary import delivery_sentence


class IncomingPanel(QGroupBox):
    """One line per incoming pairing (``✓ IMAP 993/tls  works``), a summary and the delivery."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Receiving (IMAP/POP3)"))
        self.setAccessibleName(self.tr("Receiving mail"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Receiving: result"))
        self.rows_box = QVBoxLayout()
        self.delivery = QLabel()
        self.delivery.setWordWrap(True)
        self.delivery.setAccessibleName(self.tr("Delivery of the test message"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(self.rows_box)
        layout.addWidget(self.delivery)
        layout.addStretch(1)
        self.rows: dict[Pairing, QLabel] = {}
        self.clear(self.tr("Waiting for the outgoing test…"))

    def clear(self, text: str) -> None:
        for label in self.rows.values():
            label.deleteLater()
        self.rows.clear()
        self.summary.setText(text)
        self.delivery.clear()
        self.delivery.setVisible(False)

    def start(self, host: str, pairings: tuple[Pairing, ...]) -> None:
        self.clear(self.tr("Testing {host}…").format(host=host))
        for pairing in pairings:
            label = QLabel(f"…  {pairing}")
            label.setAccessibleName(str(pairing))
            self.rows[pairing] = label
            self.rows_box.addWidget(label)

    def set_attempt(self, attempt: Attempt, provider: str | None) -> None:
        label = self.rows.get(attempt.pairing)
        if label is None:
            return
        if attempt.outcome is Outcome.OK:
            words = self.tr("works")
        elif attempt.outcome is Outcome.SKIPPED:
            words = attempt.auth_note or self.tr("not tested")
        else:
            text = describe_attempt(attempt, provider)
            words = text.title if text is not None else self.tr("failed")
        label.setText(f"{outcome_symbol(attempt.outcome)}  {attempt.pairing}: {words}")

    def show_report(self, report: ProbeReport, provider: str | None) -> None:
        for attempt in report.attempts:
            self.set_attempt(attempt, provider)
        self.summary.setText(report.summary)

    def show_waiting_for_delivery(self) -> None:
        self.delivery.setText(self.tr("Looking for the test message in your inbox…"))
        self.delivery.setVisible(True)

    def show_delivery(self, delivery: DeliveryProof) -> None:
        self.delivery.setText(delivery_sentence(delivery))
        self.delivery.setVisible(True)
