"""Where the incoming server (IMAP/POP3) of an account is: the same sources as for SMTP.

In order: the bundled provider data (by email domain, or the provider of the outgoing server),
the domain's own autoconfig document (``incomingServer`` entries, over verified HTTPS), RFC 6186
SRV records (``_imaps._tcp``, ``_imap._tcp``, ``_pop3s._tcp``, ``_pop3._tcp``; plain DNS, so
untrusted), and — only when nothing trusted was found — guesses: ``imap.<…>``/``mail.<…>`` next
to the outgoing server and under the email domain. Whatever comes from here is tested by the
incoming probe before anything is recommended or exported as proven.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
from dataclasses import dataclass
from typing import Any

import dns.asyncresolver
import dns.exception
import dns.rdatatype
import dns.resolver
import httpx

from smtpwizard.core.discovery.autoconfig import (
    AutoconfigDocument,
    AutoconfigError,
    fetch_autoconfig,
)
from smtpwizard.core.discovery.pipeline import DiscoveryOptions, _resolver, _ssl_context
from smtpwizard.core.discovery.providers import bundled_providers
from smtpwizard.core.models import Security
from smtpwizard.core.validation import InputError, normalize_host

SRV_SERVICES: tuple[tuple[str, str, Security], ...] = (
    ("_imaps._tcp", "imap", Security.TLS),
    ("_imap._tcp", "imap", Security.STARTTLS),
    ("_pop3s._tcp", "pop3", Security.TLS),
    ("_pop3._tcp", "pop3", Security.STARTTLS),
)


@dataclass(frozen=True)
class IncomingFound:
    """One incoming-server setting worth testing, with where it came from."""

    protocol: str  # "imap" | "pop3"
    host: str
    port: int
    security: Security
    username: str | None
    source: str  # "bundled" | "autoconfig" | "srv" | "guess"
    trusted: bool

    @property
    def key(self) -> tuple[str, str, int, Security]:
        return (self.protocol, self.host, self.port, self.security)

    def to_dict(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol,
            "host": self.host,
            "port": self.port,
            "security": self.security.value,
            "username": self.username,
            "source": self.source,
            "trusted": self.trusted,
        }


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host == "localhost"
    return True


def _domain_of(email: str | None) -> str | None:
    return email.rpartition("@")[2].lower() if email and "@" in email else None


def bundled_incoming(email: str | None, smtp_host: str | None) -> list[IncomingFound]:
    """The bundled data's incoming servers for the provider of the domain or outgoing server."""
    data = bundled_providers()
    domain = _domain_of(email)
    provider = (data.for_domain(domain) if domain else None) or (
        data.for_smtp_host(smtp_host) if smtp_host else None
    )
    if provider is None:
        return []
    user = provider.username_for(email) if email else None
    servers = getattr(provider, "incoming", ())
    return [
        IncomingFound(s.protocol, s.host, s.port, s.security, user, "bundled", True)
        for s in sorted(servers, key=lambda s: s.protocol != "imap")
    ]


def document_incoming(
    document: AutoconfigDocument, source: str, trusted: bool
) -> list[IncomingFound]:
    """The ``incomingServer`` entries of an autoconfig document (IMAP first)."""
    return [
        IncomingFound(
            entry.protocol,
            entry.server.host,
            entry.server.port,
            entry.server.security,
            entry.server.username,
            source,
            trusted,
        )
        for entry in document.incoming
    ]


def guessed_incoming(email: str | None, smtp_host: str | None) -> list[IncomingFound]:
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
        IncomingFound("imap", host, port, security, email, "guess", False)
        for host in dict.fromkeys(h.lower() for h in hosts)
        for port, security in ((993, Security.TLS), (143, Security.STARTTLS))
    ]


async def srv_incoming(
    resolver: dns.asyncresolver.Resolver, domain: str, email: str | None
) -> list[IncomingFound]:
    """RFC 6186 SRV records for IMAP and POP3 (a "." target means: explicitly not offered)."""

    async def one(service: str, protocol: str, security: Security) -> list[IncomingFound]:
        try:
            answer = await resolver.resolve(f"{service}.{domain}", dns.rdatatype.SRV)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return []
        found: list[IncomingFound] = []
        for record in sorted(answer, key=lambda r: (r.priority, -r.weight)):
            target = record.target.to_text(omit_final_dot=True)
            if target in ("", ".") or record.port == 0:
                continue
            try:
                host = normalize_host(target)
            except InputError:
                continue
            found.append(
                IncomingFound(protocol, host, int(record.port), security, email, "srv", False)
            )
        return found

    groups = await asyncio.gather(*(one(*service) for service in SRV_SERVICES))
    return [item for group in groups for item in group]


async def _autoconfig_incoming(
    client: httpx.AsyncClient, options: DiscoveryOptions, domain: str, email: str
) -> list[IncomingFound]:
    for template in options.autoconfig_urls:
        url = template.format(domain=domain)
        try:
            fetched = await fetch_autoconfig(client, url, email)
        except (AutoconfigError, httpx.HTTPError, OSError):
            continue
        found = document_incoming(fetched.document, "autoconfig", fetched.trusted)
        if found:
            return found
    return []


def _merge(groups: list[list[IncomingFound]]) -> tuple[IncomingFound, ...]:
    seen: dict[tuple[str, str, int, Security], IncomingFound] = {}
    for item in sorted(
        (i for g in groups for i in g), key=lambda i: (not i.trusted, i.protocol != "imap")
    ):
        seen.setdefault(item.key, item)
    return tuple(seen.values())


async def discover_incoming_async(
    email: str | None,
    *,
    smtp_host: str | None = None,
    options: DiscoveryOptions | None = None,
) -> tuple[IncomingFound, ...]:
    """Incoming-server candidates in preference order (trusted first, IMAP before POP3).

    Never raises for network trouble: a source that fails or times out adds nothing.
    """
    opts = options or DiscoveryOptions()
    bundled = bundled_incoming(email, smtp_host)
    domain = _domain_of(email)
    if bundled or opts.offline or domain is None or email is None:
        guesses = [] if bundled or not opts.use_guesses else guessed_incoming(email, smtp_host)
        return _merge([bundled, guesses])
    groups: list[list[IncomingFound]] = []

    async def srv() -> None:
        with contextlib.suppress(dns.exception.DNSException, TimeoutError):
            async with asyncio.timeout(opts.dns_timeout):
                groups.append(await srv_incoming(_resolver(opts), domain, email))

    async def autoconfig() -> None:
        with contextlib.suppress(OSError, TimeoutError, httpx.HTTPError):
            async with (
                asyncio.timeout(opts.http_timeout),
                httpx.AsyncClient(
                    verify=_ssl_context(opts),
                    timeout=httpx.Timeout(opts.http_timeout),
                    trust_env=opts.use_system_proxy,
                    headers={"User-Agent": "smtpwizard"},
                ) as client,
            ):
                groups.append(await _autoconfig_incoming(client, opts, domain, email))

    await asyncio.gather(srv(), autoconfig())
    if opts.use_guesses and not any(item.trusted for group in groups for item in group):
        groups.append(guessed_incoming(email, smtp_host))
    return _merge(groups)


def incoming_host_for(email: str | None, smtp_host: str | None) -> str | None:
    """The single best incoming host to try without the network (bundled data, then a guess)."""
    for found in bundled_incoming(email, smtp_host) + guessed_incoming(email, smtp_host):
        return found.host
    return None
