"""Mozilla autoconfig documents (``config-v1.1.xml``): fetch them safely and read the SMTP part.

Documents come from the network, so they are treated as hostile:

* the download is streamed and aborted past :data:`MAX_BYTES` (a declared ``Content-Length``
  that is too big is refused before reading anything);
* the XML is parsed by defusedxml with DTDs forbidden, so entity expansion ("billion laughs")
  and external entities never run;
* redirects are followed by hand, at most :data:`MAX_REDIRECTS` times; a document that arrives
  over plain http — or after a redirect to http — is marked untrusted;
* host names are checked, ports range-checked; ``outgoingServer type="smtp"`` is read, and
  ``incomingServer type="imap"|"pop3"`` (the incoming servers, IMAP first).

The placeholders ``%EMAILADDRESS%``, ``%EMAILLOCALPART%`` and ``%EMAILDOMAIN%`` are resolved.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.models import Security
from smtpwizard.core.servertext import safe_server_text
from smtpwizard.core.validation import InputError, normalize_host

MAX_BYTES = 256 * 1024
MAX_REDIRECTS = 3
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SOCKET_TYPES = {
    "ssl": Security.TLS,
    "tls": Security.TLS,
    "starttls": Security.STARTTLS,
    "plain": Security.NONE,
}
_PASSWORD_METHODS = frozenset(
    {"password-cleartext", "password-encrypted", "plain", "secure", "ntlm", "gsapi"}
)


class AutoconfigError(SmtpWizardError):
    """The document could not be fetched or used; the message says why (for the source list)."""


@dataclass(frozen=True)
class AutoconfigServer:
    host: str
    port: int
    security: Security
    username: str | None
    auth: tuple[str, ...]


@dataclass(frozen=True)
class AutoconfigIncoming:
    """An ``incomingServer`` entry (IMAP or POP3)."""

    protocol: str  # "imap" | "pop3"
    server: AutoconfigServer


@dataclass(frozen=True)
class AutoconfigDocument:
    provider_id: str
    display_name: str
    domains: tuple[str, ...]
    servers: tuple[AutoconfigServer, ...]
    incoming: tuple[AutoconfigIncoming, ...] = ()


@dataclass(frozen=True)
class FetchedDocument:
    document: AutoconfigDocument
    url: str  # where it finally came from
    trusted: bool  # every hop was verified https


def _placeholders(text: str, email: str) -> str:
    local, _, domain = email.rpartition("@")
    return (
        text.replace("%EMAILADDRESS%", email)
        .replace("%EMAILLOCALPART%", local)
        .replace("%EMAILDOMAIN%", domain)
    )


def _text(element: ET.Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _auth_kinds(methods: list[str]) -> tuple[str, ...]:
    kinds: list[str] = []
    lowered = [m.lower() for m in methods]
    for method in lowered:
        kind = "oauth2" if method == "oauth2" else "password" if method in _PASSWORD_METHODS else ""
        if kind and kind not in kinds:
            kinds.append(kind)
    if not kinds and not lowered:
        kinds.append("password")
    return tuple(kinds)


def _server(element: ET.Element, email: str) -> AutoconfigServer | None:
    host_text = _placeholders(_text(element, "hostname"), email)
    try:
        host = normalize_host(host_text)
        port = int(_text(element, "port"))
    except (InputError, ValueError):
        return None
    security = _SOCKET_TYPES.get(_text(element, "socketType").lower())
    if security is None or not 1 <= port <= 65535:
        return None
    username: str | None = _placeholders(_text(element, "username"), email) or None
    if username is not None and ("%" in username or any(ord(c) < 32 for c in username)):
        username = None  # an unknown placeholder (e.g. %REALNAME%) or garbage
    methods = [(a.text or "").strip() for a in element.findall("authentication")]
    return AutoconfigServer(host, port, security, username, _auth_kinds([m for m in methods if m]))


def parse_autoconfig(data: bytes, email: str) -> AutoconfigDocument:
    """Read the SMTP servers from a ``config-v1.1.xml`` document; raise AutoconfigError."""
    if len(data) > MAX_BYTES:
        raise AutoconfigError(f"document larger than {MAX_BYTES // 1024} KiB")
    try:
        root = defused_fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise AutoconfigError(f"refused unsafe XML ({type(exc).__name__})") from None
    except (ET.ParseError, ValueError) as exc:
        raise AutoconfigError(f"not well-formed XML: {exc}") from None
    if not isinstance(root, ET.Element) or root.tag != "clientConfig":
        raise AutoconfigError("not an autoconfig document (no clientConfig)")
    provider = root.find("emailProvider")
    if provider is None:
        raise AutoconfigError("the document has no emailProvider")
    servers: list[AutoconfigServer] = []
    for element in provider.findall("outgoingServer"):
        if element.get("type", "").lower() != "smtp":
            continue
        server = _server(element, email)
        if server is not None and server not in servers:
            servers.append(server)
    if not servers:
        raise AutoconfigError("the document lists no usable SMTP server")
    names = ((e.text or "").strip().lower() for e in provider.findall("domain"))
    domains = tuple(d for d in names if d)
    return AutoconfigDocument(
        provider_id=provider.get("id", ""),
        display_name=safe_server_text(_text(provider, "displayName"))[:200],  # remote text
        domains=domains,
        servers=tuple(servers),
        incoming=_incoming(provider, email),
    )


def _incoming(provider: ET.Element, email: str) -> tuple[AutoconfigIncoming, ...]:
    """The ``incomingServer`` entries of type imap/pop3, IMAP first (each in document order)."""
    found: list[AutoconfigIncoming] = []
    for element in provider.findall("incomingServer"):
        protocol = element.get("type", "").lower()
        if protocol not in ("imap", "pop3"):
            continue
        server = _server(element, email)
        entry = AutoconfigIncoming(protocol, server) if server is not None else None
        if entry is not None and entry not in found:
            found.append(entry)
    return tuple(sorted(found, key=lambda e: e.protocol != "imap"))


async def _download(client: httpx.AsyncClient, url: str) -> tuple[int, str | None, bytes]:
    """GET ``url`` without following redirects; returns (status, Location, body ≤ MAX_BYTES)."""
    async with client.stream("GET", url, follow_redirects=False) as response:
        if response.status_code in _REDIRECTS:
            return response.status_code, response.headers.get("location"), b""
        if response.status_code != 200:
            return response.status_code, None, b""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BYTES:
            raise AutoconfigError(f"document larger than {MAX_BYTES // 1024} KiB")
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > MAX_BYTES:
                raise AutoconfigError(f"document larger than {MAX_BYTES // 1024} KiB")
        return response.status_code, None, bytes(body)


async def fetch_autoconfig(
    client: httpx.AsyncClient, url: str, email: str, *, max_redirects: int = MAX_REDIRECTS
) -> FetchedDocument:
    """Fetch and parse one autoconfig URL; raise AutoconfigError (or an httpx error).

    The caller bounds the whole call with its own timeout.
    """
    trusted = urlsplit(url).scheme == "https"
    current = url
    for _hop in range(max_redirects + 1):
        status, location, body = await _download(client, current)
        if status in _REDIRECTS:
            if not location:
                raise AutoconfigError(f"HTTP {status} redirect without a Location")
            target = urljoin(current, location)
            if urlsplit(target).scheme not in ("http", "https"):
                raise AutoconfigError("redirect to something that is not a web address")
            if urlsplit(target).scheme != "https":
                trusted = False
            current = target
            continue
        if status != 200:
            raise AutoconfigError(f"HTTP {status}")
        return FetchedDocument(parse_autoconfig(body, email), current, trusted)
    raise AutoconfigError(f"more than {max_redirects} redirects")
