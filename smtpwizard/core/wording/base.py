"""The building blocks of all wording: ``_`` (mark for translation), :class:`Text`, :class:`Words`.

Imports nothing of smtpwizard, so every wording module (and the provider hints, which are data)
can use it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass


def _(text: str) -> str:
    """Mark ``text`` for translation (identity until a translation catalogue is installed)."""
    return text


@dataclass(frozen=True)
class Text:
    title: str
    explanation: str
    fix: str

    def paragraph(self) -> str:
        """Title, explanation and fix as one paragraph (for one line on a terminal)."""
        return f"{self.title}. {self.explanation} {self.fix}"


@dataclass(frozen=True)
class Words:
    """Templates for one code (``{host}``-style placeholders). ``None`` = keep the generic one."""

    title: str | None = None
    explanation: str | None = None
    fix: str | None = None


__all__ = ["Text", "Words", "_"]
