"""Small helpers the pages share."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QLineEdit


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


_URL = re.compile(r"https://[^\s<>\"]+[^\s<>\".,;:)]")


def rich_text(text: str) -> str:
    """Plain ``text`` as rich text for a label, its https:// addresses as links."""
    escaped = html.escape(text, quote=False)
    return _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)


def locked_note() -> str:
    return QCoreApplication.translate(
        "pages", "Set by the program that opened this window; it cannot be changed here."
    )


def lock_line_edit(edit: QLineEdit) -> None:
    """Make a pre-set field read-only (no typing, pasting or clearing) and look it."""
    edit.setReadOnly(True)
    edit.setClearButtonEnabled(False)
    palette = edit.palette()
    palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
    edit.setPalette(palette)
    edit.setToolTip(locked_note())
    edit.setAccessibleDescription(locked_note())


def locked_fields_note() -> str:
    return QCoreApplication.translate(
        "pages",
        "The grey fields were filled in for you by the program that opened this "
        "window; they cannot be changed here.",
    )
