""" "Copy report" and "Save report…": the redacted diagnostic report a support person asks for.

The report is rendered off the UI loop (it collects facts about this computer) and never
contains the password: the engine redacts it, and the password is passed as a secret to mask.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from smtpwizard.core.models import DeliveryProof, ProbeReport
from smtpwizard.gui.runner import ProbeRunner, run_blocking

RENDER_TIMEOUT = 15.0


class ReportButtons(QWidget):
    def __init__(
        self,
        runner: ProbeRunner,
        report: Callable[[], ProbeReport | None],
        secrets: Callable[[], list[str]],
        parent: QWidget | None = None,
        *,
        incoming: Callable[[], tuple[ProbeReport | None, DeliveryProof | None]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._report = report
        self._secrets = secrets
        # the incoming-mail probe and the delivery proof, when the testing page had them
        self._incoming = incoming or (lambda: (None, None))
        self.copy_button = QPushButton(self.tr("Copy &report"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.setAccessibleName(self.tr("Copy the diagnostic report"))
        self.copy_button.setAccessibleDescription(
            self.tr("Copies a report for your support contact. It never contains your password.")
        )
        self.copy_button.clicked.connect(self.copy_report)
        self.save_button = QPushButton(self.tr("Save report…"))
        self.save_button.setAutoDefault(False)
        self.save_button.setAccessibleName(self.tr("Save the diagnostic report to a file"))
        self.save_button.setAccessibleDescription(
            self.tr("Saves a report for your support contact. It never contains your password.")
        )
        self.save_button.clicked.connect(self._ask_path)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.copy_button)
        layout.addWidget(self.save_button)
        layout.addWidget(self.status, 1)
        self.refresh()

    def refresh(self) -> None:
        ready = self._report() is not None
        self.copy_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        if not ready:
            self.status.clear()

    def copy_report(self) -> None:
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.report.render import render_text

        report, secrets = self._report(), self._secrets()
        if report is None:
            return
        incoming, delivery = self._incoming()
        self.status.setText(self.tr("Preparing the report…"))
        self.runner.call(
            run_blocking(
                lambda: render_text(report, secrets=secrets, incoming=incoming, delivery=delivery),
                RENDER_TIMEOUT,
            ),
            self._copied,
            self._failed,
        )

    def _copied(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.status.setText(self.tr("Report copied (without your password)."))

    def _ask_path(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save report"),
            str(Path.home() / "smtpwizard-report.html"),
            self.tr("Web page (*.html);;Plain text (*.txt)"),
        )
        if path:
            self.save_report(path)

    def save_report(self, path: str) -> None:
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core.report.render import write_report

        report, secrets = self._report(), self._secrets()
        if report is None:
            return
        incoming, delivery = self._incoming()
        self.status.setText(self.tr("Saving the report…"))
        self.runner.call(
            run_blocking(
                lambda: write_report(
                    path, report, secrets=secrets, incoming=incoming, delivery=delivery
                ),
                RENDER_TIMEOUT,
            ),
            lambda written: self.status.setText(
                self.tr("Report saved to {path}").format(path=str(written))
            ),
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self.status.setText(
            self.tr("The report could not be made: {problem}").format(
                problem=str(error) or type(error).__name__
            )
        )
