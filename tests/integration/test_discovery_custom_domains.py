"""Custom domains recognised by their MX hosts, typing mistakes checked against DNS, and the
ISPDB asked about an MX host's domain only with consent — all against a real dnsmasq and a real
HTTPS server on loopback."""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator

import pytest
import trustme

from smtpwizard.cli import main
from smtpwizard.core.discovery.pipeline import DiscoveryOptions, Source, StepStatus, discover
from tests.integration.discovery import documents as docs
from tests.integration.discovery.servers import WebSite, dnsmasq

RECORDS = [
    # a company's own domain at IONOS (the MX host one level up: ionos.de)
    "--mx-host=acme-bakery.test,mx00.ionos.de,10",
    "--mx-host=acme-bakery.test,mx01.ionos.de,10",
    # Microsoft 365 by its MX pattern, not Outlook.com by the base domain outlook.com
    "--mx-host=bakery365.test,acme-bakery-test.mail.protection.outlook.com,0",
    # hosted by providers only the ISPDB knows: by base domain and by the host one level up
    "--mx-host=shop.test,mx1.one.com,10",
    "--mx-host=uni.test,mx.studenti.univr.it,10",
    # a domain at a host nobody knows (the ISPDB is asked about example-hoster.net with consent)
    "--mx-host=own.test,mx3.example-hoster.net,10",
    # typing mistakes: gmial.com has no MX of its own, hotmial.com has one
    "--local=/gmial.com/",
    "--address=/gmial.com/192.0.2.1",
    "--mx-host=hotmial.com,mx.hotmial.com,10",
    "--local=/yaho.com/",
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
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture(scope="module")
def site(ca: trustme.CA) -> Iterator[WebSite]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    web = WebSite(context)
    web.routes["/ispdb/"] = lambda h: h.reply(200, docs.VALID)
    yield web
    web.close()


@pytest.fixture()
def options(dns_port: int, ca_file: str, site: WebSite) -> DiscoveryOptions:
    return DiscoveryOptions(
        ca_file=ca_file,
        autoconfig_urls=(),
        plain_http_urls=(),
        use_ispdb=False,
        ispdb_url=site.https("/ispdb/{domain}"),
        nameservers=("127.0.0.1",),
        dns_port=dns_port,
        dns_timeout=3.0,
        http_timeout=3.0,
    )


@pytest.mark.parametrize(
    ("email", "provider", "host"),
    [
        ("jane@acme-bakery.test", "ionos", "smtp.ionos.de"),
        ("jane@bakery365.test", "microsoft365", "smtp.office365.com"),
        ("jane@shop.test", "ispdb-one-com", "send.one.com"),
        ("jane@uni.test", "ispdb-studenti-univr-it", "univr.smtpauth.cineca.it"),
    ],
)
def test_custom_domain_found_by_its_mx_host(
    options: DiscoveryOptions, email: str, provider: str, host: str
) -> None:
    result = discover(email, options=options)
    assert result.provider is not None and result.provider.id == provider
    assert result.best is not None
    assert (result.best.host, result.best.source, result.best.trusted) == (host, Source.MX, True)
    assert not any(c.source is Source.GUESS for c in result.candidates)
    assert result.did_you_mean is None


def test_custom_domain_brings_incoming_servers(options: DiscoveryOptions) -> None:
    result = discover("jane@shop.test", options=options)
    assert [(c.protocol, c.source) for c in result.incoming][:1] == [("imap", Source.MX)]
    assert all(c.username == "jane@shop.test" for c in result.incoming)


def test_unknown_mx_asks_the_ispdb_only_with_consent(
    options: DiscoveryOptions, site: WebSite
) -> None:
    site.requests.clear()
    without = discover("jane@own.test", options=options)
    assert not [p for p in site.requests if p.startswith("/ispdb/")]
    assert [c.source for c in without.candidates] == [Source.GUESS] * 4

    from dataclasses import replace

    result = discover("jane@own.test", options=replace(options, ispdb_for_mx=True))
    assert [p for p in site.requests if p.startswith("/ispdb/")] == ["/ispdb/example-hoster.net"]
    ispdb = [c for c in result.candidates if c.source is Source.ISPDB]
    assert [(c.host, c.port) for c in ispdb] == [
        ("smtp.own.test", 465),
        ("submit.example.test", 587),
    ]
    assert all(c.trusted for c in ispdb)  # verified HTTPS
    mx = next(s for s in result.steps if s.source is Source.MX)
    assert mx.status is StepStatus.FOUND and "ISPDB for example-hoster.net: found" in mx.detail


@pytest.mark.parametrize(
    ("email", "meant"), [("jo@gmial.com", "gmail.com"), ("jo@yaho.com", "yahoo.com")]
)
def test_typo_without_mx_gets_did_you_mean(
    options: DiscoveryOptions, email: str, meant: str
) -> None:
    assert discover(email, options=options).did_you_mean == meant


def test_typo_like_domain_with_its_own_mx_is_left_alone(options: DiscoveryOptions) -> None:
    assert discover("jo@hotmial.com", options=options).did_you_mean is None


def test_cli_flag_gives_consent_and_json_says_did_you_mean(
    dns_port: int, ca_file: str, site: WebSite, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["--nameserver", f"127.0.0.1:{dns_port}", "--ca-file", ca_file, "--no-ispdb"]
    common += ["--autoconfig-url", site.https("/nothing/{domain}"), "--timeout", "3"]
    common += ["--ispdb-url", site.https("/ispdb/{domain}")]
    site.requests.clear()
    assert main(["discover", "jane@own.test", "--ask-ispdb-for-mx", "--json", *common]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "/ispdb/example-hoster.net" in site.requests
    assert any(c["source"] == "ispdb" for c in data["candidates"])
    assert main(["discover", "jo@gmial.com", "--json", *common]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["did_you_mean"] == "gmail.com"


def test_regional_incoming_server_follows_the_mx_host(options: DiscoveryOptions) -> None:
    result = discover("jane@acme-bakery.test", options=options)
    assert [(c.protocol, c.host, c.port) for c in result.incoming] == [
        ("imap", "imap.ionos.de", 993),
        ("pop3", "pop.ionos.de", 995),
    ]
