"""The DNS zone the sender-domain tests serve with dnsmasq on loopback: one domain per case."""

from __future__ import annotations


def _txt(name: str, text: str) -> str:
    return f"--txt-record={name},{text}"


def _chain(prefix: str, length: int) -> list[str]:
    """``prefix1.test`` includes ``prefix2.test`` … (each include is one DNS look-up)."""
    records = []
    for i in range(1, length + 1):
        nxt = f" include:{prefix}{i + 1}.test" if i < length else ""
        records.append(_txt(f"{prefix}{i}.test", f"v=spf1{nxt} ip4:192.0.2.{i} -all"))
    return records


RECORDS: list[str] = [
    # SPF allows the tested server (loopback), DMARC rejects
    _txt("good.test", "v=spf1 ip4:127.0.0.1 ip6:::1 -all"),
    _txt("_dmarc.good.test", "v=DMARC1; p=reject; rua=mailto:d@good.test"),
    # SPF by redirect and by MX; DMARC quarantine
    _txt("redirect.test", "v=spf1 redirect=good.test"),
    _txt("_dmarc.redirect.test", "v=DMARC1; p=quarantine"),
    _txt("viamx.test", "v=spf1 mx -all"),
    "--mx-host=viamx.test,mail.viamx.test,10",
    "--host-record=mail.viamx.test,127.0.0.1,::1",
    # nothing published at all
    "--host-record=bare.test,192.0.2.80",
    # SPF does not list the server; DMARC only watches
    _txt("other.test", "v=spf1 ip4:192.0.2.0/24 -all"),
    _txt("_dmarc.other.test", "v=DMARC1; p=none"),
    _txt("soft.test", "v=spf1 ip4:192.0.2.0/24 ~all"),
    # broken SPF: two records; a syntax error; too many look-ups (11 nested includes)
    _txt("two.test", "v=spf1 ip4:127.0.0.1 -all"),
    _txt("two.test", "v=spf1 a -all"),
    _txt("syntax.test", "v=spf1 ip4:not-an-address -all"),
    _txt("deep.test", "v=spf1 include:chain1.test -all"),
    *_chain("chain", 11),
    # three look-ups that find nothing (void look-ups; the limit is two); a macro (not expanded)
    _txt("void.test", "v=spf1 a:nx1.void.test a:nx2.void.test a:nx3.void.test -all"),
    _txt("macro.test", "v=spf1 exists:%{i}.allow.macro.test ip4:127.0.0.1 ip6:::1 -all"),
    # DMARC only at the organisational domain (sp= applies to subdomains)
    _txt("sub.org.test", "v=spf1 ip4:127.0.0.1 -all"),
    _txt("_dmarc.org.test", "v=DMARC1; p=quarantine; sp=reject"),
    # a SendGrid customer: without and with SendGrid's include, with and without its DKIM key
    _txt("nosg.test", "v=spf1 mx ~all"),
    _txt("_dmarc.nosg.test", "v=DMARC1; p=reject"),
    _txt("withsg.test", "v=spf1 include:sendgrid.net -all"),
    _txt("_dmarc.withsg.test", "v=DMARC1; p=reject"),
    _txt("s1._domainkey.withsg.test", "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC1"),
    _txt("sendgrid.net", "v=spf1 ip4:167.89.0.0/17 ip4:208.117.48.0/20 ~all"),
]  # fmt: skip

LOCAL_DOMAINS = ("test", "sendgrid.net")
