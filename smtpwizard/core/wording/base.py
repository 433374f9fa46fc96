"""The building blocks of all wording: ``_``/``N_``/``ngettext``, :class:`Text`, :class:`Words`.

``_(text)`` translates now, into the language chosen by
:func:`smtpwizard.core.wording.translation.set_language`: use it inside functions. Text defined
at import time (module-level tables) is marked with ``N_(text)``, which only marks it for the
extractor, and is translated where it is looked up (``messages.words`` does that for every
template). Imports only the translation state, so every wording module (and the provider hints,
which are data) can use it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

from smtpwizard.core.wording.translation import gettext, ngettext


def _(text: str) -> str:
    """``text`` in the current language (English when it has no translation)."""
    return gettext(text)


_JOIN = "\x1f"  # separates the sentences of a joined text until it is translated


def joined(*parts: str) -> str:
    """Marked texts kept apart until :func:`translated` looks each up and joins them with a space
    (a table built at import cannot join translations it does not have yet)."""
    return _JOIN.join(part.strip() for part in parts)


def translated(text: str) -> str:
    """``text`` (marked with ``N_``, possibly :func:`joined`) in the current language."""
    return " ".join(gettext(part) for part in text.split(_JOIN))


def N_(text: str) -> str:
    """Mark ``text`` for translation without translating it (for tables built at import)."""
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


__all__ = ["N_", "Text", "Words", "_", "joined", "ngettext", "translated"]
