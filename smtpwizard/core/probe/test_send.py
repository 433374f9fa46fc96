"""'Send test email': one message over the recommended pairing only — not a whole new probe.

:func:`send_test_options` narrows a probe to the recommended pairing with a recipient;
:func:`sent_message` reads the answer ("sent at 14:02", or the refusal) from its report.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from smtpwizard.core.models import Failure, Outcome, Pairing, ProbeReport, StageName
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.validation import InputError
from smtpwizard.core.wording import notes
from smtpwizard.core.wording.codes import FailureCode


@dataclass(frozen=True)
class SentMessage:
    """What became of one test message."""

    recipient: str
    pairing: Pairing
    at: datetime  # when the server answered (local time of this computer)
    failure: Failure | None = None  # None: the server accepted the message

    @property
    def sent(self) -> bool:
        return self.failure is None


def send_test_options(options: ProbeOptions, report: ProbeReport, recipient: str) -> ProbeOptions:
    """``options`` narrowed to ``report``'s recommended pairing, sending to ``recipient``."""
    rec = report.recommended
    if rec is None:
        raise InputError("There is no working setting to send a test message through yet.")
    return dataclasses.replace(
        options,
        host=rec.host,
        pairings=(Pairing(rec.port, rec.security),),
        preferred=(),
        send_test_to=recipient,
        wait_all=True,
    )


def sent_message(report: ProbeReport, recipient: str, at: datetime) -> SentMessage:
    """The outcome of the one-pairing report :func:`send_test_options` asked for."""
    attempt = report.attempts[0]
    send = attempt.stage(StageName.SEND)
    if attempt.outcome is Outcome.OK and send is not None and send.ok:
        return SentMessage(recipient, attempt.pairing, at)
    failure = attempt.failure or Failure(FailureCode.SEND_TEMPORARY, detail=notes.NOT_CONFIRMED)
    return SentMessage(recipient, attempt.pairing, at, failure)


__all__ = ["SentMessage", "send_test_options", "sent_message"]
