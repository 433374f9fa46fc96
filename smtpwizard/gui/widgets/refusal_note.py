"""The refusal shown beside the password field after Back from a refused sign-in."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from smtpwizard.core.models import ProbeReport
from smtpwizard.core.probe.refusal import refused_sign_in
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.base import N_, _

REFUSED = N_("The server refused this password: {title}. {fix}")


class RefusalNote(QLabel):
    """Hidden until :meth:`show_for` finds a refused sign-in in the report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setOpenExternalLinks(True)
        self.setStyleSheet("QLabel { color: #9c1c1c; font-weight: 600; }")
        self.setAccessibleName(_("Why the password was refused"))
        self.setVisible(False)
        self._shown_for: ProbeReport | None = None

    def show_for(self, report: ProbeReport | None, username: str) -> bool:
        if report is not None and report is self._shown_for:
            return False  # already said (and perhaps answered by typing a new password)
        self._shown_for = report
        attempt = refused_sign_in(report, username)
        if attempt is None or attempt.failure is None or report is None:
            self.hide_refusal()
            return False
        text = messages.describe(attempt.failure, report.provider)
        self.setText(_(REFUSED).format(title=text.title, fix=text.fix))
        self.setAccessibleDescription(self.text())
        self.setVisible(True)
        return True

    def hide_refusal(self) -> None:
        self.clear()
        self.setVisible(False)
