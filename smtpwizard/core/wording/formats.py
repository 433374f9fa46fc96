"""Dates, times, durations and decimal numbers the way the current language writes them.

A small table instead of a locale library (the core has no runtime dependency for this): the
four languages smtpwizard speaks, in the forms their mail programs and date pickers show.
Times are always UTC and say so.
"""

from __future__ import annotations

from datetime import datetime

from smtpwizard.core.wording.translation import current_language

# (date and time, date and time with seconds, decimal separator) per language
_FORMS: dict[str, tuple[str, str, str]] = {
    "en": ("%Y-%m-%d %H:%M UTC", "%Y-%m-%d %H:%M:%S UTC", "."),
    "de": ("%d.%m.%Y, %H:%M UTC", "%d.%m.%Y, %H:%M:%S UTC", ","),
    "fr": ("%d/%m/%Y %H:%M UTC", "%d/%m/%Y %H:%M:%S UTC", ","),
    "es": ("%d/%m/%Y, %H:%M UTC", "%d/%m/%Y, %H:%M:%S UTC", ","),
}


def _forms() -> tuple[str, str, str]:
    return _FORMS.get(current_language(), _FORMS["en"])


def date_time(moment: datetime, *, seconds: bool = False) -> str:
    """``06.12.2026, 14:05 UTC`` in German, ``2026-12-06 14:05 UTC`` in English."""
    minutes_form, seconds_form, _sep = _forms()
    return moment.strftime(seconds_form if seconds else minutes_form)


def decimal(value: float, places: int) -> str:
    """``value`` with ``places`` decimals and the language's decimal separator (``3,5``)."""
    text = f"{value:.{places}f}"
    return text.replace(".", _forms()[2])


def duration_ms(value: float) -> str:
    """A duration in milliseconds: ``12 ms``, ``3.5 ms`` (``3,5 ms`` in German)."""
    return f"{decimal(value, 0)} ms" if value >= 10 else f"{decimal(value, 1)} ms"


def seconds(value: float) -> str:
    """A number of seconds without a needless fraction: ``15``, ``2.5`` (``2,5``)."""
    text = f"{value:g}"
    return text.replace(".", _forms()[2])


__all__ = ["date_time", "decimal", "duration_ms", "seconds"]
