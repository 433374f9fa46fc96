"""The Result page's "Will your mail be trusted?" section: the probe's findings, in words.

Sender-domain findings (SPF, DKIM, DMARC) answer the question in the title; the others
(certificate, identity, blocked ports, this computer's firewall) follow under "More about this
connection". Problems first, then warnings, then good news; each with what to do.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from smtpwizard.core.models import Finding, Severity
from smtpwizard.core.wording.messages import describe_finding

_ORDER = {Severity.PROBLEM: 0, Severity.WARNING: 1, Severity.INFO: 2}
_MARK = {Severity.PROBLEM: "✗", Severity.WARNING: "⚠", Severity.INFO: "✓"}


def findings_html(findings: Sequence[Finding], fix_label: str) -> str:
    """Rich text for a list of findings (escaped: server replies and records are data)."""
    parts: list[str] = []
    for finding in sorted(findings, key=lambda f: _ORDER[f.severity]):
        text = describe_finding(finding)
        part = f"<p>{_MARK[finding.severity]} <b>{html.escape(text.title)}</b>"
        if text.explanation and finding.severity is not Severity.INFO:
            part += f"<br>{html.escape(text.explanation)}"
        if text.fix:
            part += f"<br><i>{html.escape(fix_label)}</i> {html.escape(text.fix)}"
        parts.append(part + "</p>")
    return "".join(parts)


class TrustSection(QWidget):
    """Shows a report's findings; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.trust_box = QGroupBox(self.tr("Will your mail be trusted?"))
        self.trust = self._label(self.trust_box, self.tr("Will your mail be trusted?"))
        self.more_box = QGroupBox(self.tr("More about this connection"))
        self.more = self._label(self.more_box, self.tr("More about this connection"))
        layout.addWidget(self.trust_box)
        layout.addWidget(self.more_box)
        self.show_findings(())

    @staticmethod
    def _label(box: QGroupBox, name: str) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        label.setAccessibleName(name)
        inner = QVBoxLayout(box)
        inner.addWidget(label)
        return label

    def show_findings(self, findings: Sequence[Finding]) -> None:
        sender = [f for f in findings if f.code.family == "sender"]
        other = [f for f in findings if f.code.family != "sender"]
        fix_label = self.tr("What to do:")
        self.trust.setText(findings_html(sender, fix_label))
        self.more.setText(findings_html(other, fix_label))
        self.trust_box.setVisible(bool(sender))
        self.more_box.setVisible(bool(other))
        self.setVisible(bool(findings))
