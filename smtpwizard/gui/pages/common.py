"""Small helpers the pages share."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QLabel, QWizardPage

if TYPE_CHECKING:
    from smtpwizard.gui.wizard import SetupWizard


def hint_label(text: str = "") -> QLabel:
    """A wrapped, secondary line of text under a field."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setOpenExternalLinks(True)
    label.setEnabled(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    return label


def wizard_of(page: QWizardPage) -> SetupWizard:
    return cast("SetupWizard", page.wizard())
