"""A whole mail account in one run: outgoing (SMTP) and incoming (IMAP/POP3) probed together,
with one sign-in gate when both use the same credentials, then the delivery proof."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace

from smtpwizard.core.incoming.delivery import find_delivery, make_message_id
from smtpwizard.core.incoming.engine import probe_incoming_async
from smtpwizard.core.models import (
    DeliveryProof,
    IncomingSettings,
    ProbeReport,
    StageName,
)
from smtpwizard.core.probe.auth_gate import AuthGate
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.events import EventSink, ProbeEvent, StageFinished
from smtpwizard.core.probe.options import ProbeOptions


@dataclass(frozen=True)
class AccountReport:
    outgoing: ProbeReport
    incoming: ProbeReport | None = None
    delivery: DeliveryProof | None = None


def same_credentials(outgoing: ProbeOptions, incoming: ProbeOptions) -> bool:
    return (
        outgoing.username == incoming.username
        and outgoing.password == incoming.password
        and outgoing.oauth_token == incoming.oauth_token
    )


def wants_delivery_proof(outgoing: ProbeOptions, incoming: ProbeOptions | None) -> bool:
    """A test message to the user's own address, and an incoming sign-in to look for it."""
    if incoming is None or outgoing.send_test_to is None or incoming.password is None:
        return False
    own = {a.lower() for a in (incoming.username, outgoing.sender, outgoing.username) if a}
    return outgoing.send_test_to.lower() in own


async def probe_account_async(
    outgoing: ProbeOptions,
    incoming: ProbeOptions | None,
    *,
    on_event: EventSink | None = None,
    delivery_wait: float = 60.0,
) -> AccountReport:
    """Probe both sides at once; then, when asked for, prove the delivery of the test message.

    At most one failed sign-in overall when both sides use the same credentials (an account
    lock-out does not care which protocol failed).
    """
    sent_at: list[float] = []

    def watch(event: ProbeEvent) -> None:
        if isinstance(event, StageFinished) and event.stage.name is StageName.SEND:
            sent_at.extend([time.monotonic()] if event.stage.ok else [])
        if on_event is not None:
            on_event(event)

    proof_wanted = wants_delivery_proof(outgoing, incoming)
    if proof_wanted and outgoing.test_message_id is None:
        outgoing = replace(outgoing, test_message_id=make_message_id(outgoing.local_hostname))
    if incoming is None:
        return AccountReport(await probe_async(outgoing, watch))
    gate = AuthGate((), rank=lambda _key: 0) if same_credentials(outgoing, incoming) else None
    try:
        smtp_report, incoming_report = await asyncio.gather(
            probe_async(outgoing, watch, auth_gate=gate),
            probe_incoming_async(incoming, auth_gate=gate),
        )
    finally:
        if gate is not None:
            gate.close()
    delivery: DeliveryProof | None = None
    settings = incoming_report.recommended
    if (
        proof_wanted
        and sent_at
        and isinstance(settings, IncomingSettings)
        and outgoing.test_message_id is not None
    ):
        delivery = await find_delivery(
            incoming, settings, outgoing.test_message_id, sent_at=sent_at[0], wait=delivery_wait
        )
    return AccountReport(smtp_report, incoming_report, delivery)
