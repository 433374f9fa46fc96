"""Judge the sender's domain against the server that was tested: SPF, DMARC, DKIM → findings.

SPF: for a known sending service (Gmail, Microsoft 365, SendGrid, …) the question is whether the
domain's record includes the service's SPF record (its submission server is not the machine that
delivers the mail, so its address says little); otherwise whether the record allows the
addresses of the server that was tested (``check_host`` for each).
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Sequence

from smtpwizard.core.models import Finding, Severity
from smtpwizard.core.sender_domain import dmarc, spf
from smtpwizard.core.sender_domain.lookup import Dns, LookupFailed
from smtpwizard.core.sender_domain.services import SendingService, service_for
from smtpwizard.core.wording.codes import FindingCode as F


def sender_domain_of(sender: str | None, username: str | None) -> str | None:
    """The domain to check: the sender address's, else the user name's when it is an address."""
    for candidate in (sender, username):
        if candidate and "@" in candidate:
            domain = candidate.rsplit("@", 1)[1].strip().lower().rstrip(".")
            if domain and "." in domain:
                return domain
    return None


def _spf_term(address: str) -> str:
    ip = ipaddress.ip_address(address)
    return f"ip{ip.version}:{ip}"


def _suggestion(service: SendingService | None, addresses: Sequence[str]) -> str:
    if service is not None and service.spf_include:
        return f"include:{service.spf_include}"
    if addresses:
        return _spf_term(addresses[0])
    return "a mx"


class _Lookups:
    def __init__(self, dns: Dns, domain: str) -> None:
        self.dns = dns
        self.domain = domain

    def finding(self, code: F, severity: Severity, detail: str = "", **params: str) -> Finding:
        return Finding(code, severity, {"domain": self.domain, **params}, detail)


async def _spf_for_service(
    look: _Lookups, record: str, service: SendingService, include: str
) -> Finding:
    assert service.spf_include is not None
    found, result = await spf.reaches(look.dns, look.domain, service.spf_include)
    found = found or f"include:{service.spf_include}" in record.lower().split()
    detail = f"{record}\n(look-ups: {result.lookups})"
    if result.result == "permerror":
        return look.finding(
            F.SENDER_SPF_ERROR, Severity.PROBLEM, detail, reason=result.reason, record=record
        )
    if found:
        return look.finding(
            F.SENDER_SPF_OK,
            Severity.INFO,
            detail,
            result=f"includes {service.spf_include}",
            record=record,
        )
    return look.finding(
        F.SENDER_SPF_FAIL,
        Severity.PROBLEM,
        detail,
        include=include,
        service=service.name,
        record=record,
        addresses=service.name,
        result=f"{service.spf_include} is not included",
    )


async def _spf_for_addresses(
    look: _Lookups, record: str, addresses: Sequence[str], include: str
) -> Finding:
    results = {
        a: await spf.check_host(look.dns, ipaddress.ip_address(a), look.domain) for a in addresses
    }
    lines = [record] + [f"{a}: {r.result} {r.reason}".rstrip() for a, r in results.items()]
    lines += sorted({n for r in results.values() for n in r.notes})
    detail = "\n".join(lines)
    broken = next((r for r in results.values() if r.result == "permerror"), None)
    if broken is not None:
        return look.finding(
            F.SENDER_SPF_ERROR, Severity.PROBLEM, detail, reason=broken.reason, record=record
        )
    if any(r.result == "temperror" for r in results.values()):
        reason = next(r.reason for r in results.values() if r.result == "temperror")
        return look.finding(F.SENDER_LOOKUP_FAILED, Severity.WARNING, detail, reason=reason)
    failing = {a: r for a, r in results.items() if r.result != "pass"}
    if not results or not failing:
        return look.finding(F.SENDER_SPF_OK, Severity.INFO, detail, result="pass", record=record)
    worst = "fail" if any(r.result == "fail" for r in failing.values()) else "softfail"
    return look.finding(
        F.SENDER_SPF_FAIL,
        Severity.PROBLEM if worst == "fail" else Severity.WARNING,
        detail,
        include=" ".join(_spf_term(a) for a in failing) if len(failing) < 3 else include,
        addresses=", ".join(failing),
        result=", ".join(sorted({r.result for r in failing.values()})),
        record=record,
    )


async def _spf(look: _Lookups, addresses: Sequence[str], service: SendingService | None) -> Finding:
    include = _suggestion(service, addresses)
    try:
        record = await spf.find_record(look.dns, look.domain)
    except spf.PermError as exc:
        return look.finding(F.SENDER_SPF_ERROR, Severity.PROBLEM, str(exc), reason=str(exc))
    if record is None:
        return look.finding(
            F.SENDER_SPF_MISSING, Severity.PROBLEM, "no TXT record starting with v=spf1",
            include=include,
        )  # fmt: skip
    if service is not None and service.spf_include:
        return await _spf_for_service(look, record, service, include)
    return await _spf_for_addresses(look, record, addresses, include)


async def _dmarc(look: _Lookups) -> Finding:
    found = await dmarc.find_policy(look.dns, look.domain)
    if not found.policy:
        return look.finding(F.SENDER_DMARC_MISSING, Severity.WARNING)
    detail = f"{found.record_name}: {found.record}"
    params = {"record_name": found.record_name, "policy": found.policy, "record": found.record}
    if found.policy == "none":
        return look.finding(F.SENDER_DMARC_NONE, Severity.WARNING, detail, **params)
    return look.finding(F.SENDER_DMARC_OK, Severity.INFO, detail, **params)


async def _dkim(look: _Lookups, service: SendingService) -> Finding:
    names = [f"{s}._domainkey.{look.domain}" for s in service.dkim_selectors]
    answers = await asyncio.gather(*(look.dns.txt(n) for n in names))
    found = [
        n for n, records in zip(names, answers, strict=True) if any("p=" in r for r in records)
    ]
    params = {"service": service.name, "first_selector": service.dkim_selectors[0]}
    if found:
        return look.finding(
            F.SENDER_DKIM_OK, Severity.INFO, ", ".join(found), selectors=", ".join(found), **params
        )
    return look.finding(
        F.SENDER_DKIM_MISSING,
        Severity.WARNING,
        "no key at " + ", ".join(names),
        selectors=", ".join(service.dkim_selectors),
        **params,
    )


async def check_sender_domain(
    dns: Dns,
    domain: str,
    server_addresses: Sequence[str],
    *,
    provider: str | None = None,
    provider_domains: Sequence[str] = (),
) -> tuple[Finding, ...]:
    """Findings about ``domain`` (SPF, DMARC, DKIM) judged against the tested server.

    ``provider_domains`` are the provider's own mailbox domains (gmail.com …): their DKIM is the
    provider's business, so it is only checked for the customer's own domains.
    """
    look = _Lookups(dns, domain)
    service = service_for(provider)
    try:
        findings = [await _spf(look, server_addresses, service), await _dmarc(look)]
        if service is not None and service.dkim_selectors and domain not in provider_domains:
            findings.append(await _dkim(look, service))
    except (LookupFailed, spf.TempError) as exc:
        return (look.finding(F.SENDER_LOOKUP_FAILED, Severity.WARNING, str(exc), reason=str(exc)),)
    return tuple(findings)
