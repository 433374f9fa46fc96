"""The one translation catalogue (gettext, stdlib only) every word of the program comes from.

The catalogues live in ``smtpwizard/resources/locale/<lang>/LC_MESSAGES/smtpwizard.mo`` (made
from the ``.po`` files next to them by ``bash packaging/dev.sh i18n``). English is the source
language: no catalogue, the marked text is shown as written.

The chosen language is process-wide state, bound when a word is looked up — never at import
time — so :func:`set_language` switches every later lookup (the CLI sets it once at start, the
GUI before it builds its window, tests switch back and forth). Imports nothing of smtpwizard.
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache
from pathlib import Path

DOMAIN = "smtpwizard"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "resources" / "locale"
SOURCE_LANGUAGE = "en"
# The languages with a complete catalogue, in the order they were added.
LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es")

_current: list[str] = [SOURCE_LANGUAGE]


@cache
def catalogue(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``language`` (an empty one for English or a missing file)."""
    if language == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)


def set_language(language: str) -> str:
    """Use ``language`` (one of :data:`LANGUAGES`, else English) from now on; the one used."""
    chosen = language if language in LANGUAGES else SOURCE_LANGUAGE
    _current[0] = chosen
    return chosen


def current_language() -> str:
    """The language words are looked up in now (``"en"``, ``"de"``, …)."""
    return _current[0]


def gettext(message: str) -> str:
    """``message`` in the current language (unchanged when it has no translation)."""
    return catalogue(_current[0]).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for the number ``n`` in the current language."""
    return catalogue(_current[0]).ngettext(singular, plural, n)


__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "SOURCE_LANGUAGE",
    "catalogue",
    "current_language",
    "gettext",
    "ngettext",
    "set_language",
]
