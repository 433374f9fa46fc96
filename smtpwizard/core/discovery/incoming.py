"""Where the incoming server (IMAP/POP3) of an account is, for the incoming probe.

The discovery pipeline (:mod:`smtpwizard.core.discovery.pipeline`) finds incoming servers with
the outgoing ones — the bundled data, the domain's autoconfig document (``incomingServer``),
the ISPDB, SRV records ``_imaps._tcp``/``_imap._tcp``/``_pop3s._tcp``/``_pop3._tcp`` and, only
when nothing trusted answered, ``imap.``/``mail.`` guesses under the domain. This module adds
what the command line needs around it: guesses next to a given outgoing server, and a quick
offline answer. Whatever comes from here is tested by the incoming probe before anything is
recommended or exported as proven.
"""

from __future__ import annotations

import ipaddress

from smtpwizard.core.discovery.pipeline import (
    DiscoveryOptions,
    IncomingCandidate,
    Source,
    discover_async,
)
from smtpwizard.core.discovery.providers import bundled_providers
from smtpwizard.core.models import Security
from smtpwizard.core.validation import InputError


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host == "localhost"
    return True


def _domain_of(email: str | None) -> str | None:
    return email.rpartition("@")[2].lower() if email and "@" in email else None


def bundled_incoming(email: str | None, smtp_host: str | None) -> list[IncomingCandidate]:
    """The bundled data's incoming servers for the provider of the domain or outgoing server."""
    data = bundled_providers()
    domain = _domain_of(email)
    provider = (data.for_domain(domain) if domain else None) or (
        data.for_smtp_host(smtp_host) if smtp_host else None
    )
    if provider is None:
        return []
    user = provider.username_for(email) if email else None
    key = provider.region_key(domain, smtp_host)  # an own domain: the outgoing server's region
    return [
        IncomingCandidate(s.protocol, s.host, s.port, s.security, user, Source.BUNDLED, True)
        for s in provider.incoming_for(key)
    ]


def guessed_incoming(email: str | None, smtp_host: str | None) -> list[IncomingCandidate]:
    """``imap.<…>`` and ``mail.<…>`` next to the outgoing server and under the email domain."""
    hosts: list[str] = []
    domain = _domain_of(email)
    if smtp_host and _is_address(smtp_host):
        hosts.append(smtp_host)
    elif smtp_host:
        first, _, rest = smtp_host.partition(".")
        if rest and first.lower() in ("smtp", "mail", "submission", "smtp-mail", "send"):
            hosts += [f"imap.{rest}", f"mail.{rest}"]
    if domain:
        hosts += [f"imap.{domain}", f"mail.{domain}"]
    if smtp_host and not hosts:
        hosts.append(smtp_host)
    return [
        IncomingCandidate("imap", host, port, security, email, Source.GUESS, False)
        for host in dict.fromkeys(h.lower() for h in hosts)
        for port, security in ((993, Security.TLS), (143, Security.STARTTLS))
    ]


async def discover_incoming_async(
    email: str | None,
    *,
    smtp_host: str | None = None,
    options: DiscoveryOptions | None = None,
) -> tuple[IncomingCandidate, ...]:
    """Incoming-server candidates in preference order (trusted first, IMAP before POP3).

    Never raises for network trouble (a source that fails adds nothing); a user name that is
    not an email address gets the bundled data of the outgoing server and guesses only.
    """
    opts = options or DiscoveryOptions()
    bundled = bundled_incoming(email, smtp_host)
    if bundled:
        return tuple(bundled)
    found: list[IncomingCandidate] = []
    if email is not None and "@" in email and not opts.offline:
        try:
            result = await discover_async(email, options=opts)
        except InputError:
            result = None
        if result is not None:
            found = [c for c in result.incoming if c.source is not Source.GUESS]
    if opts.use_guesses and not any(c.trusted for c in found):
        found += guessed_incoming(email, smtp_host)
    seen: dict[tuple[str, str, int, Security], IncomingCandidate] = {}
    for c in found:
        seen.setdefault((c.protocol, c.host, c.port, c.security), c)
    return tuple(seen.values())


def incoming_host_for(email: str | None, smtp_host: str | None) -> str | None:
    """The single best incoming host to try without the network (bundled data, then a guess)."""
    for found in bundled_incoming(email, smtp_host) + guessed_incoming(email, smtp_host):
        return found.host
    return None
