"""``smtpwizard probe HOST --incoming [IMAPHOST]``: outgoing and incoming mail in one run."""

from __future__ import annotations

import argparse
import asyncio
import textwrap

from smtpwizard.cli import UsageError
from smtpwizard.core.discovery.incoming import discover_incoming_async, incoming_host_for
from smtpwizard.core.incoming import incoming_options
from smtpwizard.core.incoming.account import probe_account_async
from smtpwizard.core.models import DeliveryProof, ProbeReport
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.validation import InputError, normalize_host
from smtpwizard.core.wording.messages import describe_attempt, outcome_symbol
from smtpwizard.core.wording.summary import account_line, delivery_sentence


def incoming_host(args: argparse.Namespace, options: ProbeOptions) -> str:
    if args.incoming:
        try:
            return normalize_host(args.incoming)
        except InputError as exc:
            raise UsageError(f"--incoming: {exc}") from None
    # the bundled data, the domain's autoconfig and SRV records, then a guess
    candidates = asyncio.run(discover_incoming_async(options.username, smtp_host=options.host))
    found = candidates[0].host if candidates else incoming_host_for(options.username, options.host)
    if found is None:
        raise UsageError(
            "--incoming: no incoming server known; name it: --incoming imap.example.com"
        )
    return found


def probe_account(
    args: argparse.Namespace, options: ProbeOptions
) -> tuple[ProbeReport, ProbeReport, DeliveryProof | None]:
    incoming = incoming_options(options, incoming_host(args, options))
    if not 1 <= args.delivery_wait <= 600:
        raise UsageError("--delivery-wait must be between 1 and 600 seconds")
    try:
        result = asyncio.run(
            probe_account_async(options, incoming, delivery_wait=args.delivery_wait)
        )
    except InputError as exc:
        raise UsageError(str(exc)) from None
    assert result.incoming is not None
    return result.outgoing, result.incoming, result.delivery


def delivery_line(proof: DeliveryProof) -> str:
    return "Delivery: " + delivery_sentence(proof)


def render_incoming(report: ProbeReport, delivery: DeliveryProof | None) -> str:
    lines = textwrap.wrap(report.summary, 78) or ["(no summary)"]
    lines.append("")
    rec = report.recommended
    if rec is not None:
        protocol = getattr(rec, "protocol", None)
        name = protocol.label if protocol is not None else "IMAP"
        user = f", user {rec.username}" if rec.username else ""
        lines += [f"Incoming: {name} {rec.host}, port {rec.port}, {rec.security.label}{user}", ""]
    lines.append(f"{report.host}: {len(report.attempts)} incoming combinations tested")
    for attempt in report.attempts:
        text = describe_attempt(attempt, report.provider)
        if attempt.outcome.value == "ok":
            status = "works: signed in, inbox opened" if attempt.auth.value == "ok" else "works"
        elif attempt.outcome.value == "skipped":
            status = attempt.auth_note or "not tried"
        else:
            status = text.title if text is not None else "no result"
        lines.append(f" {outcome_symbol(attempt.outcome)} {attempt.pairing!s:<18} {status}")
    if delivery is not None:
        lines += ["", delivery_line(delivery)]
    return "\n".join(lines)


def render_account(
    outgoing: ProbeReport, incoming: ProbeReport, delivery: DeliveryProof | None
) -> str:
    return account_line(outgoing, incoming, delivery)
