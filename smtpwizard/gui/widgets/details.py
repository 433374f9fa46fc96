"""Plain explanation of one pairing, then (expandable) stage timings, certificate and transcript."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smtpwizard.core.models import Attempt, Outcome, Pairing, Reproduce, Stage, TlsInfo
from smtpwizard.core.probe.events import CellState
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.notes import local_note
from smtpwizard.gui.verdict import pairing_words, sentence
from smtpwizard.gui.widgets.matrix import final_state, not_tried_words, state_words


def tr(text: str) -> str:
    return QCoreApplication.translate("details", text)


class AttemptDetails(QWidget):
    """What one cell means: a headline, an explanation, what to do, then technical details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.headline = QLabel()
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.explanation = QLabel()
        self.fix = QLabel()
        for label in (self.headline, self.explanation, self.fix):
            # the words carry server-chosen names (certificate, mechanisms): never markup
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            layout.addWidget(label)
        self.toggle = QToolButton()
        self.toggle.setText(self.tr("&Technical details"))
        self.toggle.setCheckable(True)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.setAccessibleName(self.tr("Show technical details"))
        self.toggle.setAccessibleDescription(
            self.tr(
                "Shows how long each step took, the server's certificate and the conversation "
                "with the server (passwords removed)."
            )
        )
        self.toggle.toggled.connect(self._on_toggled)
        layout.addWidget(self.toggle)
        self.technical = QPlainTextEdit()
        self.technical.setReadOnly(True)
        self.technical.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.technical.setAccessibleName(self.tr("Technical details"))
        self.technical.setAccessibleDescription(
            self.tr("Timings, the certificate and the conversation with the server.")
        )
        # as tall as its text, never a scroll area of its own: the page scrolls (no scroll area
        # inside another)
        self.technical.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.technical.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.technical.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.technical.document().documentLayout().documentSizeChanged.connect(self._fit_technical)
        self.technical.setVisible(False)
        layout.addWidget(self.technical, 1)
        self.copy_commands = QPushButton(self.tr("&Copy the commands to check by hand"))
        self.copy_commands.setAccessibleDescription(
            self.tr(
                "Copies the openssl and swaks commands that repeat this test, without the "
                "password, so support staff can check it in a terminal."
            )
        )
        self.copy_commands.clicked.connect(self._copy_commands)
        self.copy_commands.setVisible(False)
        layout.addWidget(self.copy_commands, 0, Qt.AlignmentFlag.AlignLeft)
        self._commands = ""
        self.filler = QWidget()  # keeps the text at the top while the details are folded
        layout.addWidget(self.filler, 1)
        self.clear()

    def _fit_technical(self) -> None:
        lines = max(3, int(self.technical.document().documentLayout().documentSize().height()))
        margins = self.technical.contentsMargins()
        self.technical.setFixedHeight(
            lines * self.technical.fontMetrics().lineSpacing()
            + int(2 * self.technical.document().documentMargin())
            + margins.top()
            + margins.bottom()
            + 4
        )

    def _on_toggled(self, on: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.technical.setVisible(on)
        self.copy_commands.setVisible(on and bool(self._commands))
        self.filler.setVisible(not on)

    def _copy_commands(self) -> None:
        QGuiApplication.clipboard().setText(self._commands)
        self.copy_commands.setText(self.tr("Copied"))

    def clear(self) -> None:
        self.headline.setText(self.tr("Pick a cell in the table to see what it means."))
        self.explanation.clear()
        self.fix.clear()
        self.explanation.setVisible(False)
        self.fix.setVisible(False)
        self.toggle.setVisible(False)
        self.technical.clear()
        self._set_commands(None)

    def _set_commands(self, reproduce: Reproduce | None) -> None:
        self._commands = reproduce_text(reproduce) if reproduce else ""
        self.copy_commands.setText(self.tr("&Copy the commands to check by hand"))
        self.copy_commands.setVisible(self.toggle.isChecked() and bool(self._commands))

    def show_progress(self, pairing: Pairing, state: CellState, stages: Sequence[Stage]) -> None:
        """A pairing that is still running (or waiting)."""
        self.headline.setText(
            self.tr("{where}: {state}").format(
                where=sentence(pairing_words(pairing.port, pairing.security)),
                state=state_words(state),
            )
        )
        self._set_text(
            self.explanation,
            self.tr("This test was stopped before it finished.")
            if state is CellState.UNFINISHED
            else self.tr("This test is still running."),
        )
        self._set_text(self.fix, "")
        self.toggle.setVisible(bool(stages))
        self._set_commands(None)
        self.technical.setPlainText(technical_text(stages, None, ()))

    def show_attempt(self, attempt: Attempt, provider: str | None = None) -> None:
        where = sentence(pairing_words(attempt.port, attempt.security))
        if attempt.failure is not None:
            text = messages.describe(attempt.failure, provider)
            self.headline.setText(f"{where}: {text.title}")
            self._set_text(self.explanation, text.explanation)
            self._set_text(self.fix, self.tr("What to do: {fix}").format(fix=text.fix))
        elif attempt.outcome is Outcome.OK:
            self.headline.setText(self.tr("{where}: works").format(where=where))
            self._set_text(
                self.explanation,
                self.tr("The connection is encrypted and the server proved its identity.")
                if attempt.secure
                else "",
            )
            self._set_text(self.fix, "")
        elif final_state(attempt) is CellState.NOT_TRIED:
            self.headline.setText(self.tr("{where}: not tried").format(where=where))
            self._set_text(self.explanation, not_tried_words())
            self._set_text(self.fix, "")
        else:
            self.headline.setText(f"{where}: {messages.outcome_label(attempt.outcome)}")
            self._set_text(self.explanation, attempt.auth_note)
            self._set_text(self.fix, "")
        self.toggle.setVisible(True)
        detail = attempt.failure.detail if attempt.failure else ""
        self._set_commands(attempt.reproduce)
        technical = technical_text(attempt.stages, attempt.tls, attempt.transcript, detail)
        if self._commands:
            technical += "\n\n" + tr("Check it yourself (swaks asks for the password):") + "\n"
            technical += "\n".join(f"  {line}" for line in self._commands.splitlines())
        self.technical.setPlainText(technical)

    @staticmethod
    def _set_text(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))


def technical_text(
    stages: Sequence[Stage], tls: TlsInfo | None, transcript: Sequence[str], detail: str = ""
) -> str:
    lines: list[str] = []
    if detail:
        lines += [tr("Server reply / error:"), f"  {local_note(detail)}", ""]
    if stages:
        lines.append(tr("Steps:"))
        for stage in stages:
            mark = tr("ok") if stage.ok else tr("FAILED")
            extra = f"  ({local_note(stage.detail)})" if stage.detail else ""
            lines.append(
                f"  {messages.stage_label(stage.name):<40} {stage.ms:8.1f} ms  {mark}{extra}"
            )
        lines.append("")
    if tls is not None:
        lines.append(tr("Encryption and certificate:"))
        lines.append(f"  {tls.version}, {tls.cipher}")
        for label, value in (
            (tr("Issued to"), tls.subject),
            (tr("Issued by"), tls.issuer),
            (tr("Names"), ", ".join(tls.names)),
            (tr("Valid from"), tls.not_before),
            (tr("Valid until"), tls.not_after),
            ("SHA-256", tls.sha256),
            (tr("Verified"), tr("yes") if tls.verified else tr("no")),
        ):
            if value:
                lines.append(f"  {label + ':':<12} {value}")
        lines.append("")
    if transcript:
        lines.append(tr("Conversation with the server (passwords removed):"))
        lines += [f"  {line}" for line in transcript]
    return "\n".join(lines).rstrip()


def reproduce_text(reproduce: Reproduce) -> str:
    """The commands as lines a person pastes into a terminal."""
    data = reproduce.to_dict()
    return "\n".join(line for line in (data["openssl"], data["swaks"]) if line)
