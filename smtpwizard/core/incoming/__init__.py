"""Incoming mail (IMAP and POP3): the same staged, concurrent, safe probe as for SMTP.

Public API::

    probe_incoming_async(options_or_host, on_event=None, *, user=, password=, pairings=, …,
                         auth_gate=None) -> ProbeReport   also smtpwizard.probe_incoming_async
    probe_incoming(options_or_host, on_event=None, *, …) -> ProbeReport   blocking, exported too
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
