"""DMARC (RFC 7489): the policy at ``_dmarc.<domain>``, else at the organisational domain.

The organisational domain is found the simple way, documented here rather than hidden: the
last two labels of the name (``mail.example.com`` → ``example.com``), or the last three when
the last two are a public suffix from the small bundled list below (``shop.example.co.uk`` →
``example.co.uk``). A full Public Suffix List would be more exact; for the sender addresses
people type into a mail program this list covers the common cases, and a miss only means the
fallback asks one level too high or too low.
"""

from __future__ import annotations

from dataclasses import dataclass

from smtpwizard.core.sender_domain.lookup import Dns

# second-level public suffixes (registries that sell names one level below them)
PUBLIC_SECOND_LEVEL: frozenset[str] = frozenset(
    {
        "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "ac.uk", "gov.uk", "nhs.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au",
        "co.nz", "net.nz", "org.nz", "co.za", "org.za", "co.jp", "ne.jp", "or.jp", "ac.jp",
        "go.jp", "gr.jp", "co.kr", "or.kr", "com.br", "net.br", "org.br", "com.cn", "net.cn",
        "org.cn", "com.tw", "com.hk", "com.sg", "com.my", "co.in", "net.in", "org.in",
        "co.id", "co.il", "co.th", "com.mx", "com.ar", "com.co", "com.tr", "com.ua", "com.pl",
        "com.es", "com.pt", "co.at", "or.at", "gv.at", "com.ru", "com.vn", "com.ph", "com.pk",
        "com.eg", "com.sa", "co.ke", "co.ug", "co.tz", "com.ng", "gen.nz",
    }
)  # fmt: skip


def organisational_domain(domain: str) -> str:
    labels = domain.lower().rstrip(".").split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in PUBLIC_SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


@dataclass(frozen=True)
class DmarcResult:
    """``policy`` is none/quarantine/reject, or ``""`` when no record was found."""

    policy: str
    record: str = ""
    record_name: str = ""
    inherited: bool = False  # found at the organisational domain, not the sender's own


def _tags(record: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for part in record.split(";"):
        key, sep, value = part.strip().partition("=")
        if sep:
            tags[key.strip().lower()] = value.strip()
    return tags


async def _record(dns: Dns, name: str) -> str | None:
    found = [t for t in await dns.txt(name) if t.replace(" ", "").upper().startswith("V=DMARC1")]
    return found[0] if len(found) == 1 else None


async def find_policy(dns: Dns, domain: str) -> DmarcResult:
    """Raises :class:`~smtpwizard.core.sender_domain.lookup.LookupFailed` if DNS does not answer."""
    name = f"_dmarc.{domain}"
    record = await _record(dns, name)
    if record is not None:
        return DmarcResult(_tags(record).get("p", "none").lower(), record, name)
    org = organisational_domain(domain)
    if org == domain:
        return DmarcResult("")
    name = f"_dmarc.{org}"
    record = await _record(dns, name)
    if record is None:
        return DmarcResult("")
    tags = _tags(record)
    policy = tags.get("sp", tags.get("p", "none")).lower()
    return DmarcResult(policy, record, name, inherited=True)
