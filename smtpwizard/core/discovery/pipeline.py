"""From an email address to candidate outgoing-server settings, offline first.

Sources, in priority order (``DiscoveryResult.candidates`` keeps this order, trusted first):

1. ``bundled`` — the provider data shipped with smtpwizard, by email domain. Instant and offline;
   when it knows the domain, nothing is sent over the network at all.
2. ``autoconfig`` — the domain's own Mozilla autoconfig document over verified HTTPS
   (``autoconfig.<domain>`` and ``<domain>/.well-known/…``); over plain http (or after a
   redirect to http) it is kept, but untrusted.
3. ``ispdb`` — Thunderbird's public database, asked for the *domain only*.
4. ``mx`` — the domain's MX hosts recognised as a hosted provider in the bundled data (Google
   Workspace, Microsoft 365, Zoho …): an MX pattern, or — as Thunderbird does — the MX host one
   level up and its base domain looked up as an email domain of any bundled provider
   (``mx00.ionos.de`` → IONOS). That provider's bundled settings are used, so these are
   trusted: a forged MX can only steer us to a well-known provider's server, whose certificate
   the probe still verifies. With the user's consent (``ispdb_for_mx``) an MX host that is not
   in the bundled data is asked of Thunderbird's ISPDB by its base domain (only that domain is
   sent).
5. ``srv`` — RFC 6186/8314 SRV records ``_submissions._tcp`` (implicit TLS) and
   ``_submission._tcp`` (STARTTLS). Plain DNS is not authenticated here (no DNSSEC
   validation), so SRV answers are untrusted: the user confirms them, the probe tests them.
6. ``guess`` — ``smtp.<domain>`` and ``mail.<domain>``, only when nothing trusted was found.

Steps 2–5 run concurrently, each under its own short timeout, and are cancelled together; a
slow source never delays the answer past its own timeout. The email address leaves the machine
only to the domain's own autoconfig server and only when the caller sets ``send_address``.

A domain the bundled data does not know but that is one edit from a well-known provider's
(``gmial.com``) and has no MX of its own gets ``did_you_mean`` (offline: not checked). The
bundled data's incoming (IMAP/POP3) servers come with the answer as ``incoming``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlsplit

import dns.asyncresolver
import dns.exception
import dns.rdatatype
import dns.resolver
import httpx

from smtpwizard.core.discovery.autoconfig import AutoconfigError, FetchedDocument, fetch_autoconfig
from smtpwizard.core.discovery.provider_model import base_domain
from smtpwizard.core.discovery.providers import Provider, ProviderData, bundled_providers
from smtpwizard.core.discovery.typos import suggest_domain
from smtpwizard.core.models import Security, Settings
from smtpwizard.core.validation import InputError, normalize_host, validate_email
from smtpwizard.core.wording.base import _

DISCOVER_SCHEMA = "smtpwizard.discover/1"

AUTOCONFIG_URLS: tuple[str, ...] = (
    "https://autoconfig.{domain}/mail/config-v1.1.xml",
    "https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml",
)
PLAIN_HTTP_URLS: tuple[str, ...] = ("http://autoconfig.{domain}/mail/config-v1.1.xml",)
ISPDB_URL = "https://autoconfig.thunderbird.net/v1.1/{domain}"


class Source(StrEnum):
    BUNDLED = "bundled"
    AUTOCONFIG = "autoconfig"
    ISPDB = "ispdb"
    MX = "mx"
    SRV = "srv"
    GUESS = "guess"


# lower number = preferred, used to order candidates of equal trust
_PRIORITY = {
    Source.BUNDLED: 0,
    Source.AUTOCONFIG: 1,
    Source.ISPDB: 2,
    Source.MX: 3,
    Source.SRV: 4,
    Source.GUESS: 5,
}


class StepStatus(StrEnum):
    FOUND = "found"
    NOTHING = "nothing"  # the source answered, but had nothing for this domain
    FAILED = "failed"  # an error (HTTP status, bad document, DNS failure)
    TIMEOUT = "timeout"
    SKIPPED = "skipped"  # not asked (offline, or the built-in list already knew the domain)


@dataclass(frozen=True)
class Candidate:
    """One outgoing-server setting worth testing, with where it came from."""

    host: str
    port: int
    security: Security
    username: str | None
    auth: tuple[str, ...]
    source: Source
    trusted: bool
    origin: str = ""  # who published it: a domain, a URL host, or a provider name
    provider_id: str | None = None
    region: str | None = None

    @property
    def key(self) -> tuple[str, int, Security]:
        return (self.host, self.port, self.security)

    @property
    def origin_label(self) -> str:
        """Where this came from, in words a person understands."""
        if self.source is Source.BUNDLED:
            return _("Found in the built-in list")
        if self.source is Source.MX:
            return _("Found in the built-in list (your mail is handled by {origin})").format(
                origin=self.origin
            )
        if self.source is Source.AUTOCONFIG:
            if self.trusted:
                return _("Published by {origin}").format(origin=self.origin)
            return _("Published by {origin} without encryption — check before use").format(
                origin=self.origin
            )
        if self.source is Source.ISPDB:
            return _("From Thunderbird's public list")
        if self.source is Source.SRV:
            return _("Announced in the DNS of {origin} — will be tested").format(origin=self.origin)
        return _("Guessed — will be tested")

    def settings(self) -> Settings:
        return Settings(
            self.host, self.port, self.security, self.username, provider=self.provider_id
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "security": self.security.value,
            "username": self.username,
            "auth": list(self.auth),
            "source": self.source.value,
            "trusted": self.trusted,
        }


@dataclass(frozen=True)
class IncomingCandidate:
    """One incoming-mail (IMAP/POP3) server setting, with where it came from."""

    protocol: str  # "imap" | "pop3"
    host: str
    port: int
    security: Security
    username: str | None
    source: Source
    trusted: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol,
            "host": self.host,
            "port": self.port,
            "security": self.security.value,
            "username": self.username,
            "source": self.source.value,
            "trusted": self.trusted,
        }


# RFC 6186 services of incoming mail, IMAP first
INCOMING_SRV: tuple[tuple[str, str, Security], ...] = (
    ("_imaps._tcp", "imap", Security.TLS),
    ("_imap._tcp", "imap", Security.STARTTLS),
    ("_pop3s._tcp", "pop3", Security.TLS),
    ("_pop3._tcp", "pop3", Security.STARTTLS),
)


def _document_incoming(fetched: FetchedDocument, source: Source) -> list[IncomingCandidate]:
    """The ``incomingServer`` entries of an autoconfig document (IMAP first)."""
    return [
        IncomingCandidate(
            e.protocol,
            e.server.host,
            e.server.port,
            e.server.security,
            e.server.username,
            source,
            fetched.trusted,
        )
        for e in fetched.document.incoming
    ]


def _merge_incoming(groups: Sequence[list[IncomingCandidate]]) -> tuple[IncomingCandidate, ...]:
    """Deduplicate; trusted first, then by source, IMAP before POP3."""
    flat = sorted(
        (c for group in groups for c in group),
        key=lambda c: (not c.trusted, _PRIORITY[c.source], c.protocol != "imap"),
    )
    seen: dict[tuple[str, str, int, Security], IncomingCandidate] = {}
    for c in flat:
        seen.setdefault((c.protocol, c.host, c.port, c.security), c)
    return tuple(seen.values())


def _incoming(
    provider: Provider | None, email: str, source: Source, key: str
) -> tuple[IncomingCandidate, ...]:
    if provider is None:
        return ()
    user = provider.username_for(email)
    return tuple(
        IncomingCandidate(s.protocol, s.host, s.port, s.security, user, source, True)
        for s in provider.incoming_for(key)
    )


@dataclass(frozen=True)
class StepReport:
    """What one source did: for the GUI's "where we looked" list and for support reports."""

    source: Source
    status: StepStatus
    ms: float
    detail: str = ""


@dataclass(frozen=True)
class DiscoveryResult:
    email: str
    domain: str
    provider: Provider | None
    candidates: tuple[Candidate, ...]
    steps: tuple[StepReport, ...] = ()
    duration_ms: float = 0.0
    did_you_mean: str | None = None  # a well-known domain one edit away (``gmial.com``)
    incoming: tuple[IncomingCandidate, ...] = ()

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def trusted(self) -> tuple[Candidate, ...]:
        return tuple(c for c in self.candidates if c.trusted)

    def to_dict(self) -> dict[str, Any]:
        """The ``smtpwizard.discover/1`` JSON contract (docs/contracts.md), nothing more."""
        return {
            "schema": DISCOVER_SCHEMA,
            "email": self.email,
            "domain": self.domain,
            "provider": self.provider.to_dict() if self.provider else None,
            "candidates": [c.to_dict() for c in self.candidates],
            "incoming": [c.to_dict() for c in self.incoming],
            "did_you_mean": self.did_you_mean,
        }


@dataclass(frozen=True)
class DiscoveryOptions:
    """How discovery reaches the network; the defaults suit real use, tests override them."""

    offline: bool = False
    send_address: bool = False  # add ?emailaddress= to the domain's own autoconfig request
    use_ispdb: bool = True
    ispdb_for_mx: bool = False  # the user agreed to ask the ISPDB for an unknown MX's domain
    use_plain_http: bool = True
    use_guesses: bool = True
    http_timeout: float = 4.0
    dns_timeout: float = 3.0
    autoconfig_urls: tuple[str, ...] = AUTOCONFIG_URLS
    plain_http_urls: tuple[str, ...] = PLAIN_HTTP_URLS
    ispdb_url: str = ISPDB_URL
    ssl_context: ssl.SSLContext | None = None
    ca_file: str | None = None  # trust this CA bundle instead of the system's (tests, proxies)
    use_system_proxy: bool = True  # honour HTTPS_PROXY / NO_PROXY from the environment
    nameservers: tuple[str, ...] | None = None  # None: the system's resolver configuration
    dns_port: int = 53
    providers: ProviderData | None = field(default=None, compare=False)


def _ssl_context(options: DiscoveryOptions) -> ssl.SSLContext:
    if options.ssl_context is not None:
        return options.ssl_context
    if options.ca_file:
        return ssl.create_default_context(cafile=options.ca_file)
    # lazy: used on Windows and macOS only
    import truststore

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _resolver(options: DiscoveryOptions) -> dns.asyncresolver.Resolver:
    """A resolver for the options; raises a DNSException when the system has none configured."""
    if options.nameservers is None:
        resolver = dns.asyncresolver.Resolver()
    else:
        resolver = dns.asyncresolver.Resolver(configure=False)
        resolver.nameservers = list(options.nameservers)
        resolver.port = options.dns_port
    resolver.lifetime = options.dns_timeout
    resolver.timeout = min(options.dns_timeout, 2.0)
    return resolver


def _provider_candidates(
    provider: Provider, email: str, key: str, source: Source, origin: str
) -> list[Candidate]:
    auth = tuple(s.value for s in provider.secrets)
    return [
        Candidate(
            s.host,
            s.port,
            s.security,
            provider.username_for(email),
            auth,
            source,
            True,
            origin,
            provider.id,
            s.region,
        )
        for s in provider.servers_for(key)
    ]


class _Step:
    """Runs one source under its own timeout and records how it went."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.candidates: list[Candidate] = []
        self.incoming: list[IncomingCandidate] = []  # IMAP/POP3 servers the source named
        self.provider: Provider | None = None
        self.found_at = ""
        self.report = StepReport(source, StepStatus.SKIPPED, 0.0)

    async def run(self, timeout: float, work: Callable[[_Step], Awaitable[str]]) -> None:
        start = time.perf_counter()
        status, detail = StepStatus.NOTHING, ""
        try:
            async with asyncio.timeout(timeout):
                detail = await work(self)
            status = StepStatus.FOUND if self.candidates else StepStatus.NOTHING
        except TimeoutError:
            if self.candidates:  # a usable answer arrived; only a less preferred URL hung
                status, detail = StepStatus.FOUND, f"{self.found_at} (others: no answer)"
            else:
                status, detail = StepStatus.TIMEOUT, f"no answer within {timeout:g} s"
        except Exception as exc:  # a source's trouble is reported, never raised
            self.candidates = []
            status, detail = StepStatus.FAILED, _describe_error(exc)
        self.report = StepReport(self.source, status, (time.perf_counter() - start) * 1000, detail)


def _describe_error(exc: BaseException) -> str:
    if isinstance(exc, dns.resolver.NXDOMAIN):
        return "the domain does not exist"
    if isinstance(exc, dns.resolver.NoNameservers):
        return "the name server failed to answer (SERVFAIL)"
    if isinstance(exc, dns.exception.Timeout):
        return "the name server did not answer in time"
    if isinstance(exc, httpx.ConnectError):
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY" in str(exc):
            return "the web server's certificate could not be verified"
        return f"could not connect ({exc})"
    return str(exc) or type(exc).__name__


_FETCH_ERRORS = (AutoconfigError, httpx.HTTPError, ssl.SSLError, OSError)


async def _fetch_best(
    client: httpx.AsyncClient,
    urls: Sequence[str],
    email: str,
    on_found: Callable[[FetchedDocument], None],
) -> tuple[FetchedDocument | None, list[str]]:
    """Fetch ``urls`` concurrently; the earliest URL in the list that yields a document wins.

    Returns as soon as the winner is certain (every earlier URL has failed), without waiting
    for later ones. ``on_found`` sees each new best document at once, so a caller's timeout
    still keeps an answer that arrived while a more preferred URL hangs.
    """
    tasks = [asyncio.ensure_future(fetch_autoconfig(client, url, email)) for url in urls]
    docs: dict[int, FetchedDocument] = {}
    failed: set[int] = set()
    problems: list[str] = []
    try:
        pending: set[asyncio.Future[FetchedDocument]] = set(tasks)
        while pending:
            _done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for index, task in enumerate(tasks):
                if not task.done() or index in docs or index in failed:
                    continue
                error = task.exception()
                if error is None:
                    if not docs or index < min(docs):
                        on_found(task.result())
                    docs[index] = task.result()
                elif isinstance(error, _FETCH_ERRORS):
                    failed.add(index)
                    problems.append(f"{urlsplit(urls[index]).netloc}: {_describe_error(error)}")
                else:
                    raise error
            for index in range(len(tasks)):
                if index in docs:
                    return docs[index], problems
                if index not in failed:
                    break
        return None, problems
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _document_candidates(
    fetched: FetchedDocument,
    source: Source,
    origin: str,
    providers: ProviderData,
    trusted_override: bool | None = None,
) -> list[Candidate]:
    trusted = fetched.trusted if trusted_override is None else trusted_override
    out = []
    for s in fetched.document.servers:
        known = providers.for_smtp_host(s.host)
        out.append(
            Candidate(
                s.host,
                s.port,
                s.security,
                s.username,
                s.auth,
                source,
                trusted,
                origin,
                known.id if known else None,
            )
        )
    return out


class _Discovery:
    def __init__(
        self, email: str, domain: str, options: DiscoveryOptions, providers: ProviderData
    ) -> None:
        self.email = email
        self.domain = domain
        self.options = options
        self.providers = providers
        self.has_mx: bool | None = None  # None: not asked, or no clear answer
        self.mx_host = domain  # the MX host that named the provider (regional servers)

    def _urls(self, templates: Sequence[str]) -> list[str]:
        urls = [t.format(domain=self.domain) for t in templates]
        if self.options.send_address:
            query = "emailaddress=" + quote(self.email, safe="@")
            urls = [f"{u}{'&' if '?' in u else '?'}{query}" for u in urls]
        return urls

    async def autoconfig(self, client: httpx.AsyncClient, step: _Step) -> str:
        def keep(fetched: FetchedDocument) -> None:
            step.candidates = _document_candidates(
                fetched, Source.AUTOCONFIG, self.domain, self.providers
            )
            step.incoming = _document_incoming(fetched, Source.AUTOCONFIG)
            where = "verified https" if fetched.trusted else "unverified (plain http)"
            step.found_at = f"{fetched.url} ({where})"

        fetched, problems = await _fetch_best(
            client, self._urls(self.options.autoconfig_urls), self.email, keep
        )
        if fetched is None and self.options.use_plain_http and self.options.plain_http_urls:
            fetched, more = await _fetch_best(
                client, self._urls(self.options.plain_http_urls), self.email, keep
            )
            problems += more
        return step.found_at if fetched is not None else "; ".join(problems)

    async def ispdb(self, client: httpx.AsyncClient, step: _Step) -> str:
        url = self.options.ispdb_url.format(domain=self.domain)
        fetched = await fetch_autoconfig(client, url, self.email)
        step.candidates = _document_candidates(
            fetched, Source.ISPDB, "Thunderbird ISPDB", self.providers
        )
        step.incoming = _document_incoming(fetched, Source.ISPDB)
        return fetched.url

    async def mx(
        self,
        resolver: dns.asyncresolver.Resolver,
        step: _Step,
        client: httpx.AsyncClient | None = None,
    ) -> str:
        try:
            answer = await resolver.resolve(self.domain, dns.rdatatype.MX)
        except dns.resolver.NoAnswer:
            self.has_mx = False
            return "no MX records"
        except dns.resolver.NXDOMAIN:
            self.has_mx = False
            raise
        self.has_mx = True
        hosts = [
            host
            for _pref, host in sorted(
                ((r.preference, r.exchange.to_text(omit_final_dot=True).lower()) for r in answer),
                key=lambda pair: pair[0],
            )
        ]
        for host in hosts:
            match = self.providers.for_mx_host(host)
            if match is None:
                continue
            provider, _via = match
            step.provider = provider
            self.mx_host = host
            if not provider.smtp:
                return f"MX {host} → {provider.name} (no SMTP access)"
            step.candidates = _provider_candidates(
                provider, self.email, host, Source.MX, provider.name
            )
            return f"MX {host} → {provider.name}"
        unknown = "MX " + ", ".join(hosts) + " (not a known provider)"
        if client is not None and self.options.ispdb_for_mx and hosts:
            return unknown + "; " + await self._ispdb_for_mx(client, hosts[0], step)
        return unknown

    async def _ispdb_for_mx(self, client: httpx.AsyncClient, host: str, step: _Step) -> str:
        """Ask the ISPDB for the MX host's base domain (the user agreed; only that is sent)."""
        domain = base_domain(host)
        url = self.options.ispdb_url.format(domain=domain)
        try:
            async with asyncio.timeout(self.options.http_timeout):
                fetched = await fetch_autoconfig(client, url, self.email)
        except (TimeoutError, *_FETCH_ERRORS) as exc:
            what = "no answer" if isinstance(exc, TimeoutError) else _describe_error(exc)
            return f"ISPDB for {domain}: {what}"
        step.candidates = _document_candidates(
            fetched, Source.ISPDB, f"Thunderbird ISPDB ({domain})", self.providers
        )
        return f"ISPDB for {domain}: found"

    async def srv(self, resolver: dns.asyncresolver.Resolver, step: _Step) -> str:
        found: list[Candidate] = []
        notes: list[str] = []
        for service, security in (
            ("_submissions._tcp", Security.TLS),
            ("_submission._tcp", Security.STARTTLS),
        ):
            name = f"{service}.{self.domain}"
            try:
                answer = await resolver.resolve(name, dns.rdatatype.SRV)
            except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
                notes.append(f"{service}: none")
                continue
            records = sorted(answer, key=lambda r: (r.priority, -r.weight))
            for record in records:
                target = record.target.to_text(omit_final_dot=True)
                if target in ("", ".") or record.port == 0:
                    notes.append(f"{service}: explicitly not offered")
                    continue
                try:
                    host = normalize_host(target)
                except InputError:
                    continue
                found.append(
                    Candidate(
                        host,
                        int(record.port),
                        security,
                        self.email,
                        ("password",),
                        Source.SRV,
                        False,
                        self.domain,
                    )
                )
                notes.append(f"{service}: {host}:{record.port}")
        step.candidates = found
        step.incoming = await self._srv_incoming(resolver, notes)
        return "; ".join(notes)

    async def _srv_incoming(
        self, resolver: dns.asyncresolver.Resolver, notes: list[str]
    ) -> list[IncomingCandidate]:
        """``_imaps``/``_imap``/``_pop3s``/``_pop3`` (RFC 6186), asked at once; untrusted."""

        async def one(service: str) -> Any:
            try:
                return await resolver.resolve(f"{service}.{self.domain}", dns.rdatatype.SRV)
            except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
                return None

        answers = await asyncio.gather(*(one(service) for service, _p, _s in INCOMING_SRV))
        found: list[IncomingCandidate] = []
        for (service, protocol, security), answer in zip(INCOMING_SRV, answers, strict=True):
            for record in sorted(answer or (), key=lambda r: (r.priority, -r.weight)):
                target = record.target.to_text(omit_final_dot=True)
                if target in ("", ".") or record.port == 0:
                    continue  # explicitly not offered
                try:
                    host = normalize_host(target)
                except InputError:
                    continue
                found.append(
                    IncomingCandidate(
                        protocol, host, int(record.port), security, self.email, Source.SRV, False
                    )
                )
                notes.append(f"{service}: {host}:{record.port}")
        return found

    def incoming_guesses(self) -> list[IncomingCandidate]:
        return [
            IncomingCandidate(
                "imap", f"{prefix}.{self.domain}", port, security, self.email, Source.GUESS, False
            )
            for prefix in ("imap", "mail")
            for port, security in ((993, Security.TLS), (143, Security.STARTTLS))
        ]

    def guesses(self) -> list[Candidate]:
        return [
            Candidate(
                f"{prefix}.{self.domain}",
                port,
                security,
                self.email,
                ("password",),
                Source.GUESS,
                False,
                self.domain,
            )
            for prefix in ("smtp", "mail")
            for port, security in ((465, Security.TLS), (587, Security.STARTTLS))
        ]


def _merge(groups: Sequence[list[Candidate]]) -> tuple[Candidate, ...]:
    """Deduplicate by host/port/security (keeping the best source) and order trusted first."""
    flat = [c for group in groups for c in group]
    flat.sort(key=lambda c: (not c.trusted, _PRIORITY[c.source]))
    seen: dict[tuple[str, int, Security], Candidate] = {}
    for c in flat:
        if c.key not in seen:
            seen[c.key] = c
    return tuple(seen.values())


async def discover_async(
    email: str,
    *,
    offline: bool = False,
    send_address: bool = False,
    options: DiscoveryOptions | None = None,
) -> DiscoveryResult:
    """Find candidate SMTP settings for ``email``; raises InputError for a bad address.

    Never raises for network trouble: each source's outcome is in ``result.steps``.
    ``offline`` uses the bundled data only; ``send_address`` lets the domain's own autoconfig
    server see the address; ``options`` sets everything else (timeouts, name servers, …).
    """
    start = time.perf_counter()
    address = validate_email(email)
    domain = address.rpartition("@")[2]
    opts = options or DiscoveryOptions()
    if offline:
        opts = replace(opts, offline=True)
    if send_address:
        opts = replace(opts, send_address=True)
    providers = opts.providers or bundled_providers()

    def elapsed() -> float:
        return (time.perf_counter() - start) * 1000

    provider = providers.for_domain(domain)
    bundled = _Step(Source.BUNDLED)
    if provider is not None:
        bundled.candidates = _provider_candidates(
            provider, address, domain, Source.BUNDLED, provider.name
        )
        bundled.report = StepReport(Source.BUNDLED, StepStatus.FOUND, elapsed(), provider.name)
    else:
        bundled.report = StepReport(
            Source.BUNDLED, StepStatus.NOTHING, elapsed(), "not in the built-in list"
        )
    network = (Source.AUTOCONFIG, Source.ISPDB, Source.MX, Source.SRV, Source.GUESS)
    typo = None if provider is not None else suggest_domain(domain, providers.typo_targets())
    if provider is not None or opts.offline:
        why = "offline" if opts.offline else "already known"
        skipped = [StepReport(s, StepStatus.SKIPPED, 0.0, why) for s in network]
        return DiscoveryResult(
            address,
            domain,
            provider,
            _merge([bundled.candidates]),
            (bundled.report, *skipped),
            elapsed(),
            did_you_mean=typo,
            incoming=_incoming(provider, address, Source.BUNDLED, domain),
        )

    job = _Discovery(address, domain, opts, providers)
    steps = {s: _Step(s) for s in network}
    work: list[Awaitable[None]] = []
    try:
        resolver: dns.asyncresolver.Resolver | None = _resolver(opts)
    except dns.exception.DNSException as exc:
        resolver = None
        for s in (Source.MX, Source.SRV):
            steps[s].report = StepReport(
                s, StepStatus.FAILED, 0.0, f"no name server configured ({exc})"
            )
    try:
        context: ssl.SSLContext | None = _ssl_context(opts)
    except (OSError, ssl.SSLError) as exc:
        context = None
        for s in (Source.AUTOCONFIG, Source.ISPDB):
            steps[s].report = StepReport(
                s, StepStatus.FAILED, 0.0, f"cannot use the certificate authority file ({exc})"
            )
    async with contextlib.AsyncExitStack() as stack:
        client: httpx.AsyncClient | None = None
        if context is not None:
            client = await stack.enter_async_context(
                httpx.AsyncClient(
                    verify=context,
                    timeout=httpx.Timeout(opts.http_timeout),
                    trust_env=opts.use_system_proxy,
                    headers={"User-Agent": "smtpwizard"},
                )
            )
            work.append(
                steps[Source.AUTOCONFIG].run(
                    opts.http_timeout, lambda st: job.autoconfig(client, st)
                )
            )
            if opts.use_ispdb:
                work.append(
                    steps[Source.ISPDB].run(opts.http_timeout, lambda st: job.ispdb(client, st))
                )
            else:
                steps[Source.ISPDB].report = StepReport(
                    Source.ISPDB, StepStatus.SKIPPED, 0.0, "turned off"
                )
        if resolver is not None:
            dns_resolver = resolver
            mx_client = client if opts.ispdb_for_mx else None
            mx_timeout = opts.dns_timeout + (opts.http_timeout if mx_client else 0.0)
            work.append(
                steps[Source.MX].run(mx_timeout, lambda st: job.mx(dns_resolver, st, mx_client))
            )
            work.append(
                steps[Source.SRV].run(opts.dns_timeout, lambda st: job.srv(dns_resolver, st))
            )
        await asyncio.gather(*work)

    groups = [steps[s].candidates for s in (Source.AUTOCONFIG, Source.ISPDB, Source.MX, Source.SRV)]
    if opts.use_guesses and not any(c.trusted for g in groups for c in g):
        steps[Source.GUESS].candidates = job.guesses()
        steps[Source.GUESS].report = StepReport(
            Source.GUESS, StepStatus.FOUND, 0.0, "smtp./mail. + domain"
        )
    else:
        steps[Source.GUESS].report = StepReport(
            Source.GUESS, StepStatus.SKIPPED, 0.0, "a trusted answer was found"
        )
    groups.append(steps[Source.GUESS].candidates)

    candidates = _merge(groups)
    found_provider = steps[Source.MX].provider
    if found_provider is None:
        for c in candidates:
            if c.provider_id and c.trusted:
                found_provider = providers.get(c.provider_id)
                break
    reports = (bundled.report, *(steps[s].report for s in network))
    via_mx = steps[Source.MX].provider is not None
    incoming_source = Source.MX if via_mx else Source.BUNDLED
    region = (job.mx_host if via_mx else None, domain, *(c.host for c in candidates if c.trusted))
    key = found_provider.region_key(*region) if found_provider is not None else None
    incoming = _incoming(found_provider, address, incoming_source, key or domain)
    if not incoming:  # what the domain's own sources named; guesses only without a trusted one
        found = [steps[s].incoming for s in (Source.AUTOCONFIG, Source.ISPDB, Source.SRV)]
        if opts.use_guesses and not any(c.trusted for group in found for c in group):
            found.append(job.incoming_guesses())
        incoming = _merge_incoming(found)
    return DiscoveryResult(
        address,
        domain,
        found_provider,
        candidates,
        reports,
        elapsed(),
        did_you_mean=typo if job.has_mx is False else None,
        incoming=incoming,
    )


def discover(
    email: str,
    *,
    offline: bool = False,
    send_address: bool = False,
    options: DiscoveryOptions | None = None,
) -> DiscoveryResult:
    """Blocking wrapper around :func:`discover_async` (for the CLI and scripts)."""
    return asyncio.run(
        discover_async(email, offline=offline, send_address=send_address, options=options)
    )
