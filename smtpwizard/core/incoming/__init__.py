"""Incoming mail (IMAP and POP3): the same staged, concurrent, safe probe as for SMTP.

Public API::

    probe_incoming_async(options, on_event=None, auth_gate=None) -> ProbeReport
    probe_incoming(options) -> ProbeReport
    incoming_options(smtp_options, host) -> ProbeOptions   the incoming probe's options
    probe_account_async(smtp_options, incoming) -> AccountReport   both, one sign-in gate
    find_delivery(options, settings, message_id, deadline) -> DeliveryProof
"""

from smtpwizard.core.incoming.engine import (
    incoming_options,
    probe_incoming,
    probe_incoming_async,
    rank_incoming,
    recommend_incoming,
)

__all__ = [
    "incoming_options",
    "probe_incoming",
    "probe_incoming_async",
    "rank_incoming",
    "recommend_incoming",
]
