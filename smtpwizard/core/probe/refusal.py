"""Whether a probe ended because the server refused the sign-in (the password, key or token),
so the wizard can send the person back to the password field with the refusal beside it."""

from __future__ import annotations

from smtpwizard.core.models import Attempt, AuthState, ProbeReport
from smtpwizard.core.wording.codes import FailureCode

#: Refusals the person fixes by typing another secret (or creating an app password / key).
SECRET_REFUSALS: frozenset[FailureCode] = frozenset(
    {
        FailureCode.AUTH_REJECTED,
        FailureCode.AUTH_APP_PASSWORD_REQUIRED,
        FailureCode.AUTH_WEB_LOGIN_REQUIRED,
        FailureCode.AUTH_BASIC_AUTH_DISABLED,
        FailureCode.AUTH_RATE_LIMITED,
    }
)


def refused_sign_in(report: ProbeReport | None, username: str | None = None) -> Attempt | None:
    """The attempt whose sign-in was refused, when the report did not work because of it.

    ``username``: only a refusal of this user name counts (the one now in the field).
    """
    if report is None or report.ok or not report.credentials_given:
        return None
    if username is not None and (report.username or "") != username:
        return None
    for attempt in report.attempts:
        failure = attempt.failure
        if (
            failure is not None
            and failure.code in SECRET_REFUSALS
            and attempt.auth is AuthState.FAILED
        ):
            return attempt
    return None


__all__ = ["SECRET_REFUSALS", "refused_sign_in"]
