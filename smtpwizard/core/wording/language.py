"""Which language to speak: from the environment (Linux rules), a list of UI languages, or a fix.

Linux and other Unix systems name the language in ``LANGUAGE`` (a colon-separated list of
preferences), ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``, in that order of precedence (the same as
GNU gettext: ``LANGUAGE`` counts unless the locale is exactly ``C`` or ``POSIX``; ``C.UTF-8``,
the default of many containers, does not block it). Windows and macOS give
the GUI a list of UI languages (Qt's ``QLocale.uiLanguages()``); the GUI passes that list to
:func:`from_preferences`. English is the fallback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from smtpwizard.core.wording.translation import LANGUAGES, SOURCE_LANGUAGE, set_language

_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def language_code(tag: str) -> str:
    """``"de"`` for ``de_DE.UTF-8``, ``de-AT``, ``de_CH@euro`` or ``DE``; ``""`` for ``C``."""
    base = tag.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return "" if base in ("c", "posix") else base


def from_preferences(tags: Iterable[str]) -> str:
    """The first supported language among ``tags`` (most wanted first); English otherwise.

    English in the list counts as a choice: ``["en-GB", "de-DE"]`` gives English.
    """
    for tag in tags:
        code = language_code(tag)
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def environment_preferences(environ: Mapping[str, str] | None = None) -> list[str]:
    """The language tags the environment asks for, most wanted first (may be empty)."""
    env = os.environ if environ is None else environ
    locale = next((env[name] for name in _LOCALE_VARIABLES if env.get(name)), "")
    if locale in ("C", "POSIX"):
        return []  # untranslated on purpose; GNU gettext ignores LANGUAGE then too
    wanted = [tag for tag in env.get("LANGUAGE", "").split(":") if tag.strip()]
    if locale:
        wanted.append(locale)
    return wanted


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for (Linux rules), English when none is supported."""
    return from_preferences(environment_preferences(environ))


def use_environment_language(environ: Mapping[str, str] | None = None) -> str:
    """Speak the environment's language from now on; the language chosen."""
    return set_language(from_environment(environ))


__all__ = [
    "environment_preferences",
    "from_environment",
    "from_preferences",
    "language_code",
    "use_environment_language",
]
