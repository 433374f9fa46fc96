"""Where the incoming server (IMAP/POP3) of an account probably is, without the network.

The network-backed sources (autoconfig ``incomingServer`` entries, SRV ``_imaps._tcp`` …) are
part of :mod:`smtpwizard.core.discovery.pipeline`; this module gives the quick answer the
command line needs for ``--incoming`` without a host: the bundled provider data, then names
guessed from the outgoing server and the email domain.
"""

from __future__ import annotations

import ipaddress

from smtpwizard.core.discovery.providers import bundled_providers


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host == "localhost"
    return True


def bundled_incoming_hosts(domain: str | None, smtp_host: str | None) -> list[str]:
    """Incoming hosts the bundled data names for the provider of ``domain`` or ``smtp_host``."""
    data = bundled_providers()
    provider = (data.for_domain(domain) if domain else None) or (
        data.for_smtp_host(smtp_host) if smtp_host else None
    )
    servers = getattr(provider, "incoming", ()) if provider is not None else ()
    return [server.host for server in servers]


def guessed_incoming_hosts(domain: str | None, smtp_host: str | None) -> list[str]:
    """``imap.<…>`` and ``mail.<…>`` names next to the outgoing server and under the domain."""
    hosts: list[str] = []
    if smtp_host and _is_address(smtp_host):
        hosts.append(smtp_host)
    elif smtp_host:
        first, _, rest = smtp_host.partition(".")
        if rest and first.lower() in ("smtp", "mail", "submission", "smtp-mail", "send"):
            hosts += [f"imap.{rest}", f"mail.{rest}"]
        if first.lower() == "mail":
            hosts.append(smtp_host)
    if domain:
        hosts += [f"imap.{domain}", f"mail.{domain}"]
    if smtp_host and not hosts:
        hosts.append(smtp_host)
    return list(dict.fromkeys(h.lower() for h in hosts))


def incoming_host_for(email: str | None, smtp_host: str | None) -> str | None:
    """The single best incoming host to try when the person named none."""
    domain = email.rpartition("@")[2].lower() if email and "@" in email else None
    for host in bundled_incoming_hosts(domain, smtp_host) + guessed_incoming_hosts(
        domain, smtp_host
    ):
        return host
    return None
