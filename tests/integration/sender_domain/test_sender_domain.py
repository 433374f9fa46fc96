"""SPF, DMARC and DKIM of the sender's domain, against a real DNS server (dnsmasq) on loopback.

Each case is one domain in ``records.RECORDS``; the tested server is 127.0.0.1 / ::1.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from smtpwizard.core.contract import finding_json
from smtpwizard.core.models import Finding, Severity
from smtpwizard.core.sender_domain.check import check_sender_domain, sender_domain_of
from smtpwizard.core.sender_domain.dmarc import organisational_domain
from smtpwizard.core.sender_domain.lookup import Dns
from smtpwizard.core.wording.codes import FindingCode as F
from tests.integration.discovery.servers import dnsmasq, silent_udp_server
from tests.integration.sender_domain.records import LOCAL_DOMAINS, RECORDS

SERVER = ("127.0.0.1", "::1")


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    with dnsmasq(RECORDS, LOCAL_DOMAINS) as port:
        yield port


def check(port: int, domain: str, provider: str | None = None) -> dict[F, Finding]:
    dns = Dns((f"127.0.0.1:{port}",), timeout=2.0)
    found = asyncio.run(check_sender_domain(dns, domain, SERVER, provider=provider))
    return {f.code: f for f in found}


def test_a_domain_that_allows_the_server(dns_port: int) -> None:
    found = check(dns_port, "good.test")
    assert set(found) == {F.SENDER_SPF_OK, F.SENDER_DMARC_OK}
    assert found[F.SENDER_DMARC_OK].params["policy"] == "reject"
    assert all(f.severity is Severity.INFO for f in found.values())


@pytest.mark.parametrize("domain", ["redirect.test", "viamx.test"])
def test_redirect_and_mx_are_followed(dns_port: int, domain: str) -> None:
    assert F.SENDER_SPF_OK in check(dns_port, domain)


def test_nothing_published(dns_port: int) -> None:
    found = check(dns_port, "bare.test")
    assert set(found) == {F.SENDER_SPF_MISSING, F.SENDER_DMARC_MISSING}
    words = finding_json(found[F.SENDER_SPF_MISSING])
    assert words["severity"] == "problem"
    assert '"v=spf1 ip4:127.0.0.1 ~all"' in words["fix"]


def test_spf_that_does_not_list_the_server_and_a_watching_dmarc(dns_port: int) -> None:
    found = check(dns_port, "other.test")
    fail = found[F.SENDER_SPF_FAIL]
    assert fail.severity is Severity.PROBLEM
    assert fail.params["result"] == "fail"
    assert "ip4:127.0.0.1" in finding_json(fail)["fix"]
    assert found[F.SENDER_DMARC_NONE].severity is Severity.WARNING
    assert "p=quarantine" in finding_json(found[F.SENDER_DMARC_NONE])["fix"]


def test_softfail_is_a_warning(dns_port: int) -> None:
    fail = check(dns_port, "soft.test")[F.SENDER_SPF_FAIL]
    assert (fail.severity, fail.params["result"]) == (Severity.WARNING, "softfail")


@pytest.mark.parametrize(
    ("domain", "reason"),
    [
        ("two.test", "2 SPF records"),
        ("syntax.test", "not an address"),
        ("deep.test", "more than 10 DNS look-ups"),
        ("void.test", "void look-ups"),
    ],
)
def test_broken_spf(dns_port: int, domain: str, reason: str) -> None:
    error = check(dns_port, domain)[F.SENDER_SPF_ERROR]
    assert reason in error.params["reason"]
    assert reason in finding_json(error)["explanation"]


def test_dmarc_falls_back_to_the_organisational_domain(dns_port: int) -> None:
    found = check(dns_port, "sub.org.test")
    ok = found[F.SENDER_DMARC_OK]
    assert (ok.params["policy"], ok.params["record_name"]) == ("reject", "_dmarc.org.test")


def test_a_sending_service_names_the_include_to_add(dns_port: int) -> None:
    found = check(dns_port, "nosg.test", provider="sendgrid")
    words = finding_json(found[F.SENDER_SPF_FAIL])
    assert "Add include:sendgrid.net to the SPF record of nosg.test" in words["fix"]
    dkim = finding_json(found[F.SENDER_DKIM_MISSING])
    assert "s1._domainkey.nosg.test" in dkim["fix"]
    assert dkim["code"] == "sender.dkim_missing"


def test_a_sending_service_set_up_right(dns_port: int) -> None:
    found = check(dns_port, "withsg.test", provider="sendgrid")
    assert set(found) == {F.SENDER_SPF_OK, F.SENDER_DMARC_OK, F.SENDER_DKIM_OK}
    assert "s1._domainkey.withsg.test" in found[F.SENDER_DKIM_OK].detail


def test_a_silent_name_server_says_the_check_failed() -> None:
    with silent_udp_server() as port:
        dns = Dns((f"127.0.0.1:{port}",), timeout=0.5)
        found = asyncio.run(check_sender_domain(dns, "good.test", SERVER))
    assert [f.code for f in found] == [F.SENDER_LOOKUP_FAILED]


def test_which_domain_and_organisational_domain() -> None:
    assert sender_domain_of(None, "me@Example.COM") == "example.com"
    assert sender_domain_of("shop@mail.example.org", "me@example.com") == "mail.example.org"
    assert sender_domain_of(None, "apikey") is None
    assert organisational_domain("mail.example.com") == "example.com"
    assert organisational_domain("shop.example.co.uk") == "example.co.uk"
    assert organisational_domain("example.com") == "example.com"


def test_a_macro_is_not_expanded_and_says_so(dns_port: int) -> None:
    ok = check(dns_port, "macro.test")[F.SENDER_SPF_OK]
    assert "uses a macro, which is not evaluated here" in ok.detail
