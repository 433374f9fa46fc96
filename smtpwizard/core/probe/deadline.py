"""One attempt under its overall deadline, with a second look at a refused certificate.

Shared by the SMTP probe and the incoming-mail probe: whatever each step takes, an attempt ends
by ``timeouts.attempt`` (a server that answers slowly but just in time cannot stretch it), and a
certificate failure is followed by one unverified reconnect that only reads the certificate (so
it can be shown, and a certificate the user pinned counts as verified). No secret is sent on
the second look: the session does not sign in without a verified certificate.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace

from smtpwizard.core.models import Attempt, Outcome, StageName
from smtpwizard.core.probe import diagnosis
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.probe.recorder import AttemptRecorder
from smtpwizard.core.probe.session import Shared
from smtpwizard.core.wording.codes import CERTIFICATE_CODES

#: ``session(shared, recorder)`` runs one staged session; ``verify=False`` only reads the
#: certificate (SMTP: ``run_session``; incoming mail: ``run_incoming_session``).
Session = Callable[..., Awaitable[Attempt]]


async def attempt_within_deadline(
    session: Session,
    shared: Shared,
    rec: AttemptRecorder,
    options: ProbeOptions,
    on_second_look: Callable[[Attempt], None] | None = None,
) -> Attempt:
    """Run ``session`` for ``rec``'s pairing; ``on_second_look`` hears a re-read attempt."""
    timeouts = options.timeouts
    try:
        async with asyncio.timeout(timeouts.attempt):
            attempt = await session(shared, rec)
            failure = attempt.failure
            if failure is not None and failure.code in CERTIFICATE_CODES:
                attempt = await _second_look(session, shared, options.host, attempt)
                if on_second_look is not None:
                    on_second_look(attempt)
            return attempt
    except TimeoutError:
        stage = rec.current or StageName.CONNECT
        return rec.finish(
            Outcome.FAILED,
            diagnosis.classify_timeout(stage, options.host, rec.pairing.port, timeouts.attempt),
        )


async def _second_look(session: Session, shared: Shared, host: str, failed: Attempt) -> Attempt:
    """Reconnect without verification to read the certificate (and honour a pin)."""
    rec = AttemptRecorder(host, failed.pairing, None)
    inspected = await session(shared, rec, verify=False)
    if inspected.tls is not None and inspected.tls.verified:
        return inspected  # the user pinned exactly this certificate: this session is the real one
    # keep the original failure; add what the certificate says, so it can be shown
    return replace(failed, tls=inspected.tls or failed.tls)
