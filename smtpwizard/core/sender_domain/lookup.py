"""The few DNS questions the sender-domain checks ask (TXT, A/AAAA, MX), with short timeouts.

An empty answer (the name or the record type does not exist) is an empty list: SPF counts those
as "void" look-ups. A name server that does not answer raises :class:`LookupFailed`.
"""

from __future__ import annotations

import ipaddress

import dns.asyncresolver
import dns.exception
import dns.nameserver
import dns.rdatatype
import dns.resolver

from smtpwizard.core.errors import SmtpWizardError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class LookupFailed(SmtpWizardError):
    """The name server did not answer (timeout, SERVFAIL, no network)."""


def parse_nameserver(text: str) -> tuple[str, int]:
    """``"127.0.0.1"``, ``"127.0.0.1:5353"``, ``"[::1]:5353"`` or ``"::1"`` → (address, port)."""
    text = text.strip()
    if text.startswith("["):
        address, _, rest = text[1:].partition("]")
        port = int(rest[1:]) if rest.startswith(":") else 53
    elif text.count(":") == 1:
        address, _, port_text = text.partition(":")
        port = int(port_text)
    else:
        address, port = text, 53
    ipaddress.ip_address(address)  # raises ValueError for anything else
    if not 1 <= port <= 65535:
        raise ValueError(f"port {port} is outside 1–65535")
    return address, port


class Dns:
    """Asks the system's resolver, or explicit name servers (tests, installers)."""

    def __init__(self, nameservers: tuple[str, ...] | None = None, timeout: float = 3.0) -> None:
        self._resolver = dns.asyncresolver.Resolver(configure=nameservers is None)
        if nameservers is not None:
            self._resolver.nameservers = [
                dns.nameserver.Do53Nameserver(*parse_nameserver(n)) for n in nameservers
            ]
        self._resolver.lifetime = timeout
        self._resolver.timeout = min(timeout, 2.0)
        self.queries = 0

    async def _ask(self, name: str, rdtype: str) -> list[dns.rdata.Rdata]:
        self.queries += 1
        try:
            answer = await self._resolver.resolve(name, rdtype, search=False)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return []
        except dns.resolver.NoNameservers as exc:
            raise LookupFailed(f"no name server answered for {name} ({rdtype})") from exc
        except (dns.exception.Timeout, dns.resolver.LifetimeTimeout) as exc:
            raise LookupFailed(f"no answer for {name} ({rdtype}) in time") from exc
        except dns.exception.DNSException as exc:
            raise LookupFailed(f"{name} ({rdtype}): {exc}") from exc
        return list(answer)

    async def txt(self, name: str) -> list[str]:
        """Each TXT record as one string (its character-strings joined, as SPF/DMARC/DKIM do)."""
        records = await self._ask(name, "TXT")
        return [
            b"".join(r.strings).decode("utf-8", "replace")  # type: ignore[attr-defined]
            for r in records
        ]

    async def addresses(self, name: str) -> list[IPAddress]:
        found: list[IPAddress] = []
        for rdtype in ("A", "AAAA"):
            found += [ipaddress.ip_address(r.to_text()) for r in await self._ask(name, rdtype)]
        return found

    async def address_records(self, name: str, ipv6: bool) -> list[IPAddress]:
        records = await self._ask(name, "AAAA" if ipv6 else "A")
        return [ipaddress.ip_address(r.to_text()) for r in records]

    async def mx(self, name: str) -> list[str]:
        records = await self._ask(name, "MX")
        return [r.exchange.to_text(omit_final_dot=True) for r in records]  # type: ignore[attr-defined]
