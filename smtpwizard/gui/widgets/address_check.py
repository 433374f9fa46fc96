"""The check under an email field: a problem shown while typing, in a warning style, and a
one-click fix for a domain one typing mistake away from a well-known provider's.

* The problem appears once the person pauses typing (:data:`PAUSE_MS`) or leaves the field —
  not on the first keystroke, when every address is still "wrong".
* "Did you mean gmail.com?" comes from the bundled provider data (the same rule as
  ``discover``'s ``did_you_mean``, without the DNS check: nothing is sent while typing). The
  button replaces the domain; the person can ignore it and go on.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from smtpwizard.core.validation import InputError, validate_email

PAUSE_MS = 600
WARNING_COLOUR = QColor("#b3261e")  # a red dark enough on light themes, light enough on dark


def suggested_domain(domain: str) -> str | None:
    """A well-known domain one edit from ``domain`` (from the bundled data), else None."""
    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    from smtpwizard.core.discovery.providers import bundled_providers

    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    from smtpwizard.core.discovery.typos import suggest_domain

    data = bundled_providers()
    if data.for_domain(domain) is not None:
        return None
    return suggest_domain(domain, data.typo_targets())


class AddressCheck(QWidget):
    """Watches ``edit``; shows "✓ Looks good.", a warning, or a typo offer below it."""

    def __init__(self, edit: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = edit
        # a warning sign drawn as text, and no Qt namespace or QStyle here: their Python enums
        # are built on first use (~40 ms) and this widget is on the page drawn first
        self.icon = QLabel("⚠")
        self.icon.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Email address check"))
        self.offer = QLabel()
        self.offer.setAccessibleName(self.tr("Possible typing mistake"))
        self.use = QPushButton()
        self.use.setAutoDefault(False)
        self.use.clicked.connect(self._take_offer)
        self._suggestion: str | None = None
        self._set_offer(None)

        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.icon)
        line.addWidget(self.message, 1)
        offer = QHBoxLayout()
        offer.setContentsMargins(0, 0, 0, 0)
        offer.addWidget(self.offer)
        offer.addWidget(self.use)
        offer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(line)
        layout.addLayout(offer)

        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(PAUSE_MS)
        self.pause.timeout.connect(self.show_problem)
        edit.textChanged.connect(self._on_changed)
        edit.editingFinished.connect(self.show_problem)

    # --- what the person sees ----------------------------------------------------------------
    def problem(self) -> str:
        try:
            validate_email(self.edit.text())
        except InputError as exc:
            return str(exc)
        return ""

    def is_warning(self) -> bool:
        return self.icon.isVisible()

    def suggestion(self) -> str | None:
        return self._suggestion

    def _show(self, text: str, warning: bool) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text) or self._suggestion is None)  # no gap above an offer
        self.icon.setVisible(warning)
        colour = WARNING_COLOUR if warning else self.palette().color(QPalette.ColorRole.WindowText)
        for label in (self.message, self.icon):
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            label.setPalette(palette)
            font = label.font()
            font.setBold(warning)
            label.setFont(font)

    def _set_offer(self, domain: str | None) -> None:
        self._suggestion = domain
        if domain is not None:
            self.offer.setText(self.tr("Did you mean {domain}?").format(domain=domain))
            self.use.setText(self.tr("&Use {domain}").format(domain=domain))
            self.use.setAccessibleName(self.tr("Use {domain} instead").format(domain=domain))
        self.offer.setVisible(domain is not None)
        self.use.setVisible(domain is not None)

    def _on_changed(self) -> None:
        problem = self.problem()
        if not problem:
            self.pause.stop()
            domain = self.edit.text().strip().rpartition("@")[2]
            self._set_offer(suggested_domain(domain.lower()))
            self._show("" if self._suggestion else self.tr("✓ Looks good."), warning=False)
            return
        self._set_offer(None)
        if self.is_warning() and self.message.text():
            self._show(problem, warning=True)  # keep a problem already shown up to date
        else:
            self._show("", warning=False)
        if self.edit.text().strip():
            self.pause.start()
        else:
            self.pause.stop()

    def show_problem(self) -> None:
        """Show the problem now (after a pause in typing, or on leaving the field)."""
        self.pause.stop()
        if not self.edit.text().strip():
            return
        problem = self.problem()
        if problem:
            self._show(problem, warning=True)

    def _take_offer(self) -> None:
        if self._suggestion is None:
            return
        local = self.edit.text().strip().rpartition("@")[0]
        fixed = f"{local}@{self._suggestion}"
        self.edit.setText(fixed)
        self.edit.setFocus()
