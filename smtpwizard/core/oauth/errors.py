"""The one exception of the OAuth sign-in: a failure code (words in messages.py) plus detail."""

from __future__ import annotations

from collections.abc import Mapping

from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.models import Failure
from smtpwizard.core.wording.codes import FailureCode


class OAuthError(SmtpWizardError):
    """The sign-in did not produce a usable token. ``failure`` is data; never holds a secret.

    ``str()`` is the technical detail; people get words from
    ``messages.describe(error.failure, provider)``.
    """

    def __init__(
        self, code: FailureCode, detail: str = "", params: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(detail or code.value)
        self.failure = Failure(code, detail=detail, params=dict(params or {}))

    @property
    def code(self) -> FailureCode:
        return self.failure.code

    def __repr__(self) -> str:
        return f"OAuthError({self.code.value!r}, {self.failure.detail!r})"
