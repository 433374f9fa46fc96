"""SPF (RFC 7208): find the record, and does it allow an address? Within the 10-look-up limit.

Implements ``check_host()`` for the mechanisms ``all``, ``include``, ``a``, ``mx``, ``ptr``
(counted, never matches: it is deprecated and slow), ``ip4``, ``ip6``, ``exists`` and the
``redirect`` modifier, with qualifiers ``+ - ~ ?``, CIDR lengths, the limit of 10 DNS-querying
terms (RFC 7208 §4.6.4), at most 10 MX names per ``mx`` and at most 2 void look-ups. Macros
(``%{i}`` …) are not expanded: a term that uses one never matches, and the result says so.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.sender_domain.lookup import Dns, IPAddress, LookupFailed

MAX_LOOKUPS = 10
MAX_VOID = 2
MAX_MX = 10

QUALIFIERS = {"+": "pass", "-": "fail", "~": "softfail", "?": "neutral"}
DNS_TERMS = {"include", "a", "mx", "ptr", "exists", "redirect"}


class PermError(SmtpWizardError):
    """The record is broken (syntax, two records, too many look-ups): SPF ``permerror``."""


class TempError(SmtpWizardError):
    """The name server did not answer: SPF ``temperror``."""


def is_spf(text: str) -> bool:
    return text.lower() == "v=spf1" or text.lower().startswith("v=spf1 ")


async def find_record(dns: Dns, domain: str) -> str | None:
    """The one SPF record of ``domain``; ``None`` if there is none. Two records: permerror."""
    try:
        records = [t for t in await dns.txt(domain) if is_spf(t)]
    except LookupFailed as exc:
        raise TempError(str(exc)) from exc
    if len(records) > 1:
        raise PermError(f"{domain} publishes {len(records)} SPF records (only one is allowed)")
    return records[0] if records else None


@dataclass
class _State:
    dns: Dns
    lookups: int = 0
    void: int = 0
    notes: list[str] = field(default_factory=list)
    # every domain reached through include/redirect (to tell whether a service's include is in)
    reached: set[str] = field(default_factory=set)

    def count(self, term: str) -> None:
        self.lookups += 1
        if self.lookups > MAX_LOOKUPS:
            raise PermError(
                f"more than {MAX_LOOKUPS} DNS look-ups are needed (at {term!r}); receivers stop "
                "at 10 and treat the record as broken"
            )

    def voided(self, found: int) -> None:
        if found == 0:
            self.void += 1
            if self.void > MAX_VOID:
                raise PermError(f"more than {MAX_VOID} look-ups found nothing (void look-ups)")


@dataclass(frozen=True)
class SpfResult:
    """``result`` is pass, fail, softfail, neutral, none, permerror or temperror."""

    result: str
    record: str | None = None
    reason: str = ""
    lookups: int = 0
    reached: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()


def _split_cidr(value: str, default4: int, default6: int) -> tuple[str, int, int]:
    """``domain/24//64`` → (domain, 24, 64)."""
    v4, v6 = default4, default6
    if "//" in value:
        value, _, six = value.partition("//")
        v6 = int(six)
    if "/" in value:
        value, _, four = value.partition("/")
        v4 = int(four)
    if not (0 <= v4 <= 32 and 0 <= v6 <= 128):
        raise PermError(f"bad prefix length in {value!r}")
    return value, v4, v6


def _in_network(ip: IPAddress, address: IPAddress, v4: int, v6: int) -> bool:
    if ip.version != address.version:
        return False
    prefix = v4 if ip.version == 4 else v6
    return ip in ipaddress.ip_network(f"{address}/{prefix}", strict=False)


async def _match_a(state: _State, ip: IPAddress, name: str, v4: int, v6: int) -> bool:
    try:
        found = await state.dns.address_records(name, ip.version == 6)
    except LookupFailed as exc:
        raise TempError(str(exc)) from exc
    state.voided(len(found))
    return any(_in_network(ip, a, v4, v6) for a in found)


async def _match_mx(state: _State, ip: IPAddress, name: str, v4: int, v6: int) -> bool:
    try:
        hosts = await state.dns.mx(name)
    except LookupFailed as exc:
        raise TempError(str(exc)) from exc
    state.voided(len(hosts))
    if len(hosts) > MAX_MX:
        raise PermError(f"{name} has more than {MAX_MX} MX hosts")
    for host in hosts:
        if await _match_a(state, ip, host, v4, v6):
            return True
    return False


def _ip_term(kind: str, value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise PermError(f"{kind}:{value} is not an address") from None
    if (kind == "ip4") != (network.version == 4):
        raise PermError(f"{kind}:{value} has the wrong address family")
    return network


async def _mechanism(
    state: _State, ip: IPAddress, domain: str, name: str, value: str | None
) -> bool:
    if value is not None and "%" in value:
        state.notes.append(f"{name}:{value} uses a macro, which is not evaluated here")
        if name in DNS_TERMS:
            state.count(f"{name}:{value}")
        return False
    if name == "all":
        return True
    if name in ("ip4", "ip6"):
        if value is None:
            raise PermError(f"{name} without an address")
        network = _ip_term(name, value)
        return ip.version == network.version and ip in network
    state.count(name if value is None else f"{name}:{value}")
    if name == "include":
        if not value:
            raise PermError("include without a domain")
        target = value.lower().rstrip(".")
        state.reached.add(target)
        inner = await _check(state, ip, target)
        if inner in ("temperror",):
            raise TempError(f"include:{target} could not be looked up")
        if inner in ("permerror", "none"):
            raise PermError(f"include:{target} has no usable SPF record")
        return inner == "pass"
    if name in ("a", "mx"):
        target, v4, v6 = _split_cidr(value or domain, 32, 128)
        target = target or domain
        if name == "a":
            return await _match_a(state, ip, target, v4, v6)
        return await _match_mx(state, ip, target, v4, v6)
    if name == "ptr":
        state.notes.append("ptr is deprecated and not evaluated (it never matches here)")
        return False
    if name == "exists":
        if not value:
            raise PermError("exists without a domain")
        try:
            found = await state.dns.address_records(value, False)
        except LookupFailed as exc:
            raise TempError(str(exc)) from exc
        state.voided(len(found))
        return bool(found)
    raise PermError(f"unknown mechanism {name!r}")


def _terms(record: str) -> list[str]:
    return record.split()[1:]


async def _evaluate(state: _State, ip: IPAddress, domain: str, record: str) -> str:
    redirect: str | None = None
    for term in _terms(record):
        lowered = term.lower()
        if "=" in lowered and ":" not in lowered.split("=", 1)[0]:
            key, _, value = term.partition("=")
            if key.lower() == "redirect":
                if redirect is not None:
                    raise PermError("two redirect= modifiers")
                redirect = value.lower().rstrip(".")
            continue  # exp= and unknown modifiers are ignored (RFC 7208 §6)
        qualifier = "+"
        if term[0] in QUALIFIERS:
            qualifier, term = term[0], term[1:]
        name, sep, value = term.partition(":")
        if not sep and "/" in name:
            name, _, cidr = name.partition("/")
            value, sep = "/" + cidr, "/"
        name = name.lower()
        if name in ("ip4", "ip6") and not sep:
            raise PermError(f"{name} without an address")
        if await _mechanism(state, ip, domain, name, value if sep else None):
            return QUALIFIERS[qualifier]
    if redirect is not None:
        state.count(f"redirect={redirect}")
        state.reached.add(redirect)
        result = await _check(state, ip, redirect)
        if result == "none":
            raise PermError(f"redirect={redirect} has no SPF record")
        return result
    return "neutral"


async def _check(state: _State, ip: IPAddress, domain: str) -> str:
    try:
        record = await find_record(state.dns, domain)
    except TempError:
        return "temperror"
    except PermError:
        return "permerror"
    if record is None:
        return "none"
    return await _evaluate(state, ip, domain, record)


async def check_host(dns: Dns, ip: IPAddress, domain: str) -> SpfResult:
    """SPF's verdict for mail from ``domain`` sent by ``ip``."""
    state = _State(dns)
    record: str | None = None
    try:
        record = await find_record(dns, domain)
        if record is None:
            return SpfResult("none")
        result = await _evaluate(state, ip, domain, record)
        reason = ""
    except PermError as exc:
        result, reason = "permerror", str(exc)
    except TempError as exc:
        result, reason = "temperror", str(exc)
    return SpfResult(
        result,
        record=record,
        reason=reason,
        lookups=state.lookups,
        reached=frozenset(state.reached),
        notes=tuple(state.notes),
    )


async def reaches(dns: Dns, domain: str, target: str) -> tuple[bool, SpfResult]:
    """Does the SPF record of ``domain`` include ``target`` (directly or through includes and
    redirects)? Evaluated for an address no record lists, so every branch is walked."""
    probe_ip = ipaddress.ip_address("192.0.2.1")  # TEST-NET-1: never a real sender
    result = await check_host(dns, probe_ip, domain)
    return target.lower() in result.reached, result
