"""Every word a person reads about a failure, in one place, keyed by failure code.

(Placeholder wording; the full text with provider refinements is being written.)
"""

from __future__ import annotations

from dataclasses import dataclass

from smtpwizard.core.codes import FailureCode
from smtpwizard.core.models import Failure


@dataclass(frozen=True)
class Text:
    title: str
    explanation: str
    fix: str


def describe(failure: Failure, provider: str | None = None) -> Text:
    """The words for ``failure``, refined for ``provider`` (a provider id) when known."""
    code = failure.code
    return Text(title=code.value, explanation=failure.detail, fix="")


def title(code: FailureCode) -> str:
    return code.value
