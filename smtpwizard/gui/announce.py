"""Tell a screen reader about a change it would otherwise miss (an accessible live region).

Qt's ``QAccessibleAnnouncementEvent`` asks the platform's screen reader (AT-SPI on Linux,
UI Automation on Windows, VoiceOver on macOS) to speak a message without moving the focus;
the ``DescriptionChanged`` event lets it re-read the widget when the person goes there.
Nothing happens while no assistive technology is active.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, message: str) -> None:
    """Have ``message`` spoken now, and describe ``widget`` with it from now on."""
    widget.setAccessibleDescription(message)
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged))
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, message))
