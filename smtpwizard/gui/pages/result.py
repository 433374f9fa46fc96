"""Page 5 — Result: one big clear answer first, then the other findings."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWizard,
)

from smtpwizard.core.models import Attempt, Outcome
from smtpwizard.core.probe.events import CellState
from smtpwizard.core.probe.trust import trust_offer
from smtpwizard.core.wording import certificate as trust_words
from smtpwizard.core.wording import formats, messages
from smtpwizard.core.wording.base import _
from smtpwizard.core.wording.cell_kind import CellKind, classify_cell
from smtpwizard.core.wording.summary import account_line
from smtpwizard.gui.icons import icon
from smtpwizard.gui.page_ids import PageId
from smtpwizard.gui.pages.base import WizardPage
from smtpwizard.gui.pages.common import hint_label
from smtpwizard.gui.runner import ProbeRunner
from smtpwizard.gui.state import WizardState
from smtpwizard.gui.verdict import (
    pairing_words,
    seconds_taken,
    sentence,
    test_message_words,
    verdict,
)
from smtpwizard.gui.widgets.matrix import final_state, not_tried_words
from smtpwizard.gui.widgets.report_buttons import ReportButtons
from smtpwizard.gui.widgets.trust import TrustSection

_ICON = {"ok": "ok", "failed": "failed", "not_tried": "not_tried", "unfinished": "unfinished"}


class ResultPage(WizardPage):
    """The answer. On a failed result the main button (where Next stands) is "Test again";
    "Close" (exit 3) stands left of Back, never in Next's place."""

    test_again_requested = Signal()

    def __init__(self, state: WizardState, runner: ProbeRunner) -> None:
        super().__init__(state, runner)
        self.may_close = False  # set by the wizard's "Close" on a failed result
        self._next_text: str | None = None
        self.setTitle(self.tr("Result"))
        self.icon = QLabel()
        self.icon.setFixedSize(48, 48)
        self.answer = QLabel()
        font = self.answer.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.answer.setFont(font)
        self.answer.setWordWrap(True)
        self.answer.setAccessibleName(self.tr("Answer"))
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.fix = QLabel()
        self.fix.setWordWrap(True)
        self.fix.setAccessibleName(self.tr("What to do"))
        # the whole account in one line: "Sending ✓   Receiving ✓   Delivery ✓ (1.3 s)"
        self.account = QLabel()
        self.account.setWordWrap(True)
        self.account.setAccessibleName(self.tr("Sending, receiving and delivery"))
        self.account.setVisible(False)
        self.findings_label = QLabel(self.tr("&Everything that was tried:"))
        self.findings = QListWidget()
        self.findings.setAccessibleName(self.tr("Everything that was tried"))
        self.findings.setAccessibleDescription(
            self.tr("One line per port and encryption kind, with what happened.")
        )
        self.findings.setWordWrap(True)
        self.findings_label.setBuddy(self.findings)
        self.next_hint = hint_label()
        # "Will your mail be trusted?" (sender domain) and other findings beyond one port
        self.trust = TrustSection()

        top = QVBoxLayout()
        top.addWidget(self.answer)
        top.addWidget(self.account)
        top.addWidget(self.explanation)
        top.addWidget(self.fix)
        head = QHBoxLayout()
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(top, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addSpacing(10)
        layout.addWidget(self.trust)
        layout.addWidget(self.findings_label)
        layout.addWidget(self.findings, 1)
        layout.addWidget(self.next_hint)
        self.report_buttons = ReportButtons(
            runner,
            lambda: self.state.report,
            state.secrets,
            incoming=lambda: (self.state.incoming_report, self.state.delivery),
        )
        layout.addWidget(self.report_buttons)

    def _failed(self) -> bool:
        return self.state.report is not None and not self.state.report.ok

    def _label_next(self) -> None:
        if self._next_text is None:
            self._next_text = self.wizard().buttonText(QWizard.WizardButton.NextButton)
        self.setButtonText(
            QWizard.WizardButton.NextButton,
            self.tr("Test &again") if self._failed() else self._next_text,
        )

    def initializePage(self) -> None:
        report = self.state.report
        self.may_close = False
        self._label_next()
        self.findings.clear()
        self.report_buttons.refresh()
        self.trust.show_findings(report.findings if report is not None else ())
        if report is None:
            self.answer.setText(self.tr("No result yet"))
            self.explanation.setText(self.tr("Go back and run the test."))
            self.fix.clear()
            return
        answer = verdict(report)
        incoming, delivery = self.state.incoming_report, self.state.delivery
        self.account.setText(account_line(report, incoming, delivery))
        self.account.setVisible(incoming is not None or delivery is not None)
        self.icon.setPixmap(icon("ok" if answer.ok else "failed").pixmap(48, 48))
        self.answer.setText(answer.headline)
        explanation = "\n".join(
            part
            for part in (answer.explanation, test_message_words(self.state.test_message))
            if part
        )
        self.explanation.setText(explanation)
        self.explanation.setVisible(bool(explanation))
        self.fix.setText(self.tr("What to do: {fix}").format(fix=answer.fix) if answer.fix else "")
        self.fix.setVisible(bool(answer.fix))
        self.setSubTitle(
            self.tr("Tested from this computer in {seconds} seconds.").format(
                seconds=formats.decimal(seconds_taken(report), 1)
            )
        )
        for attempt in sorted(report.attempts, key=_order):
            self.findings.addItem(self._finding(attempt, report.provider))
        if answer.ok:
            hint = self.tr("Press Next to save these settings and copy them into your program.")
        elif trust_offer(report, self.state.pins_for(report.host)) is not None:
            hint = _(trust_words.BACK_TO_TRUST)
        else:
            hint = self.tr(
                "Press Test again to try once more, or Back to change the settings. Close ends "
                "without working settings."
            )
        self.next_hint.setText(hint)

    def _finding(self, attempt: Attempt, provider: str | None) -> QListWidgetItem:
        where = sentence(pairing_words(attempt.port, attempt.security))
        if attempt.failure is not None:
            what = messages.describe(attempt.failure, provider).title
        elif attempt.outcome is Outcome.OK:
            what = messages.outcome_label(attempt.outcome)
        elif final_state(attempt) is CellState.NOT_TRIED:
            what = not_tried_words()
        else:
            what = messages.outcome_label(attempt.outcome)
        cell = classify_cell(
            attempt, report_ok=self.state.report is not None and self.state.report.ok
        )
        name = _ICON.get(final_state(attempt).value, "waiting")
        if cell.kind is CellKind.EXPECTED:
            name, what = "expected", f"{cell.words} ({what})"
        return QListWidgetItem(icon(name), f"{where}: {what}")

    def nextId(self) -> int:
        report = self.state.report
        if report is None:
            return -1
        if not report.ok:  # "Test again" stands where Next was (see validatePage)
            return int(PageId.TESTING)
        return super().nextId()

    def validatePage(self) -> bool:
        if not self._failed() or self.may_close:
            return True
        self.test_again_requested.emit()  # the wizard goes back and tests again
        return False

    def isComplete(self) -> bool:
        return self.state.report is not None


def _order(attempt: Attempt) -> tuple[int, int, int]:
    rank = {Outcome.OK: 0, Outcome.FAILED: 1, Outcome.UNFINISHED: 2, Outcome.SKIPPED: 3}
    return (
        rank[attempt.outcome],
        attempt.port,
        list(type(attempt.security)).index(attempt.security),
    )
