"""Incoming-server discovery against real servers on loopback: SRV records from dnsmasq
(``_imaps``, ``_imap``, ``_pop3s``, ``_pop3``) and the domain's own autoconfig document over
HTTPS (its ``incomingServer`` entries), guesses only when nothing trusted was found."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from smtpwizard.core.discovery.incoming import (
    discover_incoming_async,
    guessed_incoming,
    incoming_host_for,
)
from smtpwizard.core.discovery.pipeline import DiscoveryOptions
from smtpwizard.core.models import Security
from tests.integration.discovery import documents as docs
from tests.integration.discovery.servers import WebSite, dnsmasq

RECORDS = [
    "--srv-host=_imaps._tcp.srv.test,imap.srv.test,993,0,10",
    "--srv-host=_imap._tcp.srv.test,imap.srv.test,143,0,10",
    "--srv-host=_pop3s._tcp.srv.test,pop.srv.test,995,0,10",
    "--srv-host=_pop3._tcp.srv.test,.,0,0,0",  # explicitly not offered
]


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    try:
        with dnsmasq(RECORDS) as port:
            yield port
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def site(ca: trustme.CA) -> Iterator[WebSite]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    web = WebSite(context)
    web.routes["/valid/"] = lambda h: h.reply(200, docs.VALID)
    yield web
    web.close()


def _options(ca: trustme.CA, tmp_path: Path, **changes: object) -> DiscoveryOptions:
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    base: dict[str, object] = {
        "ca_file": str(ca_file),
        "autoconfig_urls": (),
        "plain_http_urls": (),
        "use_ispdb": False,
        "nameservers": ("127.0.0.1",),
        "dns_port": 9,
        "http_timeout": 3.0,
        "dns_timeout": 0.2,
    }
    return DiscoveryOptions(**{**base, **changes})  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_srv_records_give_untrusted_imap_and_pop3(
    dns_port: int, ca: trustme.CA, tmp_path: Path
) -> None:
    opts = _options(ca, tmp_path, dns_port=dns_port, dns_timeout=3.0, use_guesses=False)
    found = await discover_incoming_async("jane@srv.test", options=opts)
    assert [(f.protocol, f.host, f.port, f.security, f.source.value) for f in found] == [
        ("imap", "imap.srv.test", 993, Security.TLS, "srv"),
        ("imap", "imap.srv.test", 143, Security.STARTTLS, "srv"),
        ("pop3", "pop.srv.test", 995, Security.TLS, "srv"),
    ]
    assert not any(f.trusted for f in found)


@pytest.mark.asyncio
async def test_the_domains_autoconfig_gives_a_trusted_incoming_server(
    site: WebSite, ca: trustme.CA, tmp_path: Path
) -> None:
    opts = _options(ca, tmp_path, autoconfig_urls=(site.https("/valid/config.xml"),))
    found = await discover_incoming_async("jane@example.test", options=opts)
    first = found[0]
    assert (first.protocol, first.host, first.port, first.security) == (
        "imap",
        "imap.example.test",
        993,
        Security.TLS,
    )
    assert first.trusted and first.source.value == "autoconfig"
    assert first.username == "jane@example.test"
    # a trusted answer: no guesses
    assert all(f.source.value != "guess" for f in found)


@pytest.mark.asyncio
async def test_guesses_only_when_nothing_answers(ca: trustme.CA, tmp_path: Path) -> None:
    found = await discover_incoming_async(
        "jane@nowhere.test", smtp_host="smtp.nowhere.test", options=_options(ca, tmp_path)
    )
    assert [(f.host, f.port) for f in found][:2] == [
        ("imap.nowhere.test", 993),
        ("imap.nowhere.test", 143),
    ]
    assert {f.source.value for f in found} == {"guess"}


def test_offline_guesses_follow_the_outgoing_server_and_the_domain() -> None:
    hosts = [f.host for f in guessed_incoming("a@example.org", "smtp.mailhost.example")]
    assert list(dict.fromkeys(hosts)) == [
        "imap.mailhost.example",
        "mail.mailhost.example",
        "imap.example.org",
        "mail.example.org",
    ]
    assert incoming_host_for(None, "127.0.0.2") == "127.0.0.2"
