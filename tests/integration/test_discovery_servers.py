"""Discovery against real servers on loopback: dnsmasq for DNS, an HTTPS server (certificate
from a throwaway CA) and a plain HTTP server for autoconfig documents."""

from __future__ import annotations

import asyncio
import json
import ssl
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import trustme

from smtpwizard.cli import main
from smtpwizard.core.discovery.pipeline import (
    DiscoveryOptions,
    DiscoveryResult,
    Source,
    StepStatus,
    discover,
    discover_async,
)
from smtpwizard.core.models import Security
from tests.integration.discovery import documents as docs
from tests.integration.discovery.servers import (
    Handler,
    WebSite,
    dnsmasq,
    silent_udp_server,
)

DNS_RECORDS = [
    # RFC 6186/8314 submission services for srv.test
    "--srv-host=_submissions._tcp.srv.test,mail.srv.test,465,0,10",
    "--srv-host=_submission._tcp.srv.test,submit.srv.test,587,0,10",
    "--srv-host=_submission._tcp.srv.test,backup.srv.test,2525,5,10",
    # "." target: the service is explicitly not offered
    "--srv-host=_submissions._tcp.nosubmit.test,.,0,0,0",
    # hosted domains, recognised by their MX hosts
    "--mx-host=hosted.test,aspmx.l.google.com,1",
    "--mx-host=hosted.test,alt1.aspmx.l.google.com,5",
    "--mx-host=m365.test,m365-test.mail.protection.outlook.com,0",
    "--mx-host=zoho-eu.test,mx.zoho.eu,10",
    "--mx-host=apple.test,mx01.mail.icloud.com,10",
    "--mx-host=selfhosted.test,mx.selfhosted.test,10",
    "--mx-host=tuta-hosted.test,mail.tutanota.de,10",
]


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    try:
        with dnsmasq(DNS_RECORDS) as port:
            yield port
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


# a query to the loopback dnsmasq answers in about a millisecond, but a busy machine (the whole
# suite at once) can stall it well past the 0.1 s of ``quiet``, whose DNS leads nowhere
LIVE_DNS_TIMEOUT = 3.0


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def _slow(handler: Handler) -> None:
    handler.server.site.release.wait(10)
    handler.reply(200, docs.VALID)


def _drip(handler: Handler) -> None:
    # answers at once, then sends one byte at a time: only an overall deadline helps
    def chunks() -> Iterator[bytes]:
        for byte in docs.VALID:
            if handler.server.site.release.wait(0.2):
                return
            yield bytes([byte])

    handler.chunked(chunks())


@pytest.fixture(scope="module")
def site(ca: trustme.CA) -> Iterator[WebSite]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    web = WebSite(context)
    r = web.routes
    r["/valid/"] = lambda h: h.reply(200, docs.VALID)
    r["/gmail-hosted/"] = lambda h: h.reply(200, docs.GMAIL_HOSTED)
    r["/malformed/"] = lambda h: h.reply(200, docs.MALFORMED)
    r["/laughs/"] = lambda h: h.reply(200, docs.BILLION_LAUGHS)
    r["/xxe/"] = lambda h: h.reply(200, docs.EXTERNAL_ENTITY)
    r["/huge/"] = lambda h: h.reply(200, docs.huge(400 * 1024))
    r["/huge-chunked/"] = lambda h: h.chunked(iter([b"<clientConfig>" + b" " * 65536] * 64))
    r["/slow/"] = _slow
    r["/drip/"] = _drip
    r["/to-https/"] = lambda h: h.redirect(web.https("/valid/config.xml"))
    r["/to-http/"] = lambda h: h.redirect(web.http("/valid/config.xml"))
    r["/loop/"] = lambda h: h.redirect(web.https("/loop/again"), 307)
    r["/to-file/"] = lambda h: h.redirect("file:///etc/passwd")
    r["/ispdb/"] = lambda h: h.reply(200, docs.VALID)
    yield web
    web.close()


@pytest.fixture()
def quiet(ca_file: str) -> DiscoveryOptions:
    """Options whose network sources lead nowhere unless a test points one somewhere."""
    return DiscoveryOptions(
        ca_file=ca_file,
        autoconfig_urls=(),
        plain_http_urls=(),
        use_ispdb=False,
        nameservers=("127.0.0.1",),
        dns_port=9,
        http_timeout=2.0,
        dns_timeout=0.1,
    )


def live_dns(quiet: DiscoveryOptions, dns_port: int) -> DiscoveryOptions:
    """``quiet``, with DNS pointed at the loopback dnsmasq."""
    return replace(quiet, dns_port=dns_port, dns_timeout=LIVE_DNS_TIMEOUT)


def _steps(result: DiscoveryResult) -> dict[Source, StepStatus]:
    return {s.source: s.status for s in result.steps}


def _detail(result: DiscoveryResult, source: Source) -> str:
    return next(s.detail for s in result.steps if s.source is source)


# ---- autoconfig over HTTPS ------------------------------------------------------------------


def test_autoconfig_over_verified_https(site: WebSite, quiet: DiscoveryOptions) -> None:
    opts = replace(quiet, autoconfig_urls=(site.https("/valid/{domain}/config-v1.1.xml"),))
    result = discover("jane@example.test", options=opts)
    auto = [c for c in result.candidates if c.source is Source.AUTOCONFIG]
    assert [(c.host, c.port, c.security, c.username) for c in auto] == [
        ("smtp.example.test", 465, Security.TLS, "jane"),
        ("submit.example.test", 587, Security.STARTTLS, "jane@example.test"),
    ]
    assert all(c.trusted for c in auto)
    assert result.best is auto[0]
    assert auto[0].origin_label == "Published by example.test"
    # a trusted answer means no guessing
    assert not any(c.source is Source.GUESS for c in result.candidates)
    assert _steps(result)[Source.GUESS] is StepStatus.SKIPPED


def test_the_address_is_sent_only_with_consent(site: WebSite, quiet: DiscoveryOptions) -> None:
    opts = replace(
        quiet,
        autoconfig_urls=(site.https("/valid/consent/{domain}"),),
        use_ispdb=True,
        ispdb_url=site.https("/ispdb/{domain}"),
    )
    discover("private.person@example.test", options=opts)
    asked = [p for p in site.requests if "/consent/" in p or "/ispdb/" in p]
    assert asked and not any("private.person" in p for p in asked)
    discover("private.person@example.test", options=opts, send_address=True)
    consent = [p for p in site.requests if "/consent/" in p and "emailaddress=" in p]
    assert consent == ["/valid/consent/example.test?emailaddress=private.person@example.test"]
    # the public ISPDB only ever gets the domain
    assert all(p.endswith("/ispdb/example.test") for p in site.requests if "/ispdb/" in p)


def test_ispdb_result_is_used(site: WebSite, quiet: DiscoveryOptions) -> None:
    opts = replace(quiet, use_ispdb=True, ispdb_url=site.https("/ispdb/{domain}"))
    result = discover("jane@example.test", options=opts)
    assert result.best is not None
    assert result.best.source is Source.ISPDB and result.best.trusted
    assert result.best.origin_label == "From Thunderbird's public list"


def test_document_naming_a_known_server_brings_the_provider(
    site: WebSite, quiet: DiscoveryOptions
) -> None:
    opts = replace(quiet, autoconfig_urls=(site.https("/gmail-hosted/{domain}"),))
    result = discover("boss@company.test", options=opts)
    assert result.provider is not None and result.provider.id == "gmail"
    assert result.best is not None and result.best.provider_id == "gmail"


def test_certificate_not_verified_means_no_answer(site: WebSite, quiet: DiscoveryOptions) -> None:
    # the system trust store does not know the test CA
    opts = replace(
        quiet, ca_file=None, use_guesses=False, autoconfig_urls=(site.https("/valid/{domain}"),)
    )
    result = discover("jane@example.test", options=opts)
    assert result.candidates == ()
    assert "certificate could not be verified" in _detail(result, Source.AUTOCONFIG)


def test_certificate_checked_against_the_name(
    site: WebSite, ca: trustme.CA, quiet: DiscoveryOptions
) -> None:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    opts = replace(
        quiet,
        ca_file=None,
        ssl_context=context,
        autoconfig_urls=(site.https_localhost("/valid/{domain}"),),
    )
    assert discover("jane@example.test", options=opts).best is not None


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("/malformed/", "not well-formed"),
        ("/laughs/", "refused unsafe XML"),
        ("/xxe/", "refused unsafe XML"),
        ("/huge/", "larger than 256 KiB"),
        ("/huge-chunked/", "larger than 256 KiB"),
        ("/nothing-here/", "HTTP 404"),
        ("/loop/", "more than 3 redirects"),
        ("/to-file/", "not a web address"),
    ],
)
def test_hostile_or_broken_servers_give_no_candidates(
    site: WebSite, quiet: DiscoveryOptions, route: str, reason: str
) -> None:
    opts = replace(quiet, autoconfig_urls=(site.https(route + "{domain}"),))
    result = discover("jane@example.test", options=opts)
    assert not any(c.source is Source.AUTOCONFIG for c in result.candidates)
    assert reason in _detail(result, Source.AUTOCONFIG)
    # nothing trusted was found: the guesses are offered, marked as such
    assert result.candidates and all(c.source is Source.GUESS for c in result.candidates)
    assert result.candidates[0].origin_label == "Guessed — will be tested"


def test_redirect_https_to_https_is_trusted(site: WebSite, quiet: DiscoveryOptions) -> None:
    opts = replace(quiet, autoconfig_urls=(site.https("/to-https/{domain}"),))
    result = discover("jane@example.test", options=opts)
    assert result.best is not None and result.best.source is Source.AUTOCONFIG
    assert result.best.trusted


def test_redirect_https_to_http_is_not_trusted(site: WebSite, quiet: DiscoveryOptions) -> None:
    opts = replace(quiet, autoconfig_urls=(site.https("/to-http/{domain}"),))
    result = discover("jane@example.test", options=opts)
    auto = [c for c in result.candidates if c.source is Source.AUTOCONFIG]
    assert auto and not any(c.trusted for c in auto)
    assert "without encryption" in auto[0].origin_label


def test_plain_http_is_only_an_untrusted_fallback(site: WebSite, quiet: DiscoveryOptions) -> None:
    opts = replace(
        quiet,
        autoconfig_urls=(site.https("/nothing-here/{domain}"),),
        plain_http_urls=(site.http("/valid/{domain}"),),
    )
    result = discover("jane@example.test", options=opts)
    auto = [c for c in result.candidates if c.source is Source.AUTOCONFIG]
    assert auto and not any(c.trusted for c in auto)
    assert "plain http" in _detail(result, Source.AUTOCONFIG)


def test_slow_server_is_cut_off_at_its_timeout(site: WebSite, quiet: DiscoveryOptions) -> None:
    opts = replace(quiet, http_timeout=0.4, autoconfig_urls=(site.https("/slow/{domain}"),))
    start = time.perf_counter()
    result = discover("jane@example.test", options=opts)
    assert time.perf_counter() - start < 0.9
    assert _steps(result)[Source.AUTOCONFIG] is StepStatus.TIMEOUT


def test_dripping_server_is_cut_off_at_its_timeout(site: WebSite, quiet: DiscoveryOptions) -> None:
    opts = replace(quiet, http_timeout=0.4, autoconfig_urls=(site.https("/drip/{domain}"),))
    start = time.perf_counter()
    result = discover("jane@example.test", options=opts)
    assert time.perf_counter() - start < 0.9
    assert _steps(result)[Source.AUTOCONFIG] is StepStatus.TIMEOUT


def test_a_hanging_preferred_url_does_not_lose_a_good_answer(
    site: WebSite, quiet: DiscoveryOptions
) -> None:
    opts = replace(
        quiet,
        http_timeout=0.4,
        autoconfig_urls=(site.https("/slow/{domain}"), site.https("/valid/{domain}")),
    )
    start = time.perf_counter()
    result = discover("jane@example.test", options=opts)
    assert time.perf_counter() - start < 0.9
    assert result.best is not None and result.best.host == "smtp.example.test"
    assert result.best.trusted


def test_the_preferred_url_wins_when_both_answer(site: WebSite, quiet: DiscoveryOptions) -> None:
    opts = replace(
        quiet, autoconfig_urls=(site.https("/gmail-hosted/{domain}"), site.https("/valid/{domain}"))
    )
    result = discover("jane@example.test", options=opts)
    assert result.best is not None and result.best.host == "smtp.gmail.com"


# ---- DNS: SRV and MX -------------------------------------------------------------------------


def test_srv_records_are_found_but_not_trusted(dns_port: int, quiet: DiscoveryOptions) -> None:
    opts = live_dns(quiet, dns_port)
    result = discover("jane@srv.test", options=opts)
    srv = [(c.host, c.port, c.security) for c in result.candidates if c.source is Source.SRV]
    assert srv == [
        ("mail.srv.test", 465, Security.TLS),
        ("submit.srv.test", 587, Security.STARTTLS),
        ("backup.srv.test", 2525, Security.STARTTLS),
    ]
    assert not any(c.trusted for c in result.candidates)
    assert result.candidates[0].source is Source.SRV  # before the guesses
    assert result.candidates[-1].source is Source.GUESS
    assert "DNS of srv.test" in result.candidates[0].origin_label


def test_srv_target_dot_means_not_offered(dns_port: int, quiet: DiscoveryOptions) -> None:
    result = discover("jane@nosubmit.test", options=live_dns(quiet, dns_port))
    assert not any(c.source is Source.SRV for c in result.candidates)
    assert "explicitly not offered" in _detail(result, Source.SRV)


@pytest.mark.parametrize(
    ("email", "provider", "host"),
    [
        ("it@hosted.test", "google-workspace", "smtp.gmail.com"),
        ("it@m365.test", "microsoft365", "smtp.office365.com"),
        ("it@zoho-eu.test", "zoho", "smtppro.zoho.eu"),
        ("it@apple.test", "icloud", "smtp.mail.me.com"),
    ],
)
def test_hosted_domain_recognised_by_mx(
    dns_port: int, quiet: DiscoveryOptions, email: str, provider: str, host: str
) -> None:
    result = discover(email, options=live_dns(quiet, dns_port))
    assert result.provider is not None and result.provider.id == provider
    assert result.best is not None
    assert (result.best.host, result.best.source, result.best.trusted) == (host, Source.MX, True)
    assert result.best.username == email
    assert not any(c.source is Source.GUESS for c in result.candidates)
    assert f"handled by {result.provider.name}" in result.best.origin_label


def test_mx_of_a_provider_without_smtp(dns_port: int, quiet: DiscoveryOptions) -> None:
    result = discover("me@tuta-hosted.test", options=live_dns(quiet, dns_port))
    assert result.provider is not None and result.provider.id == "tuta"
    assert "no SMTP access" in _detail(result, Source.MX)


def test_unknown_mx_leads_to_guesses(dns_port: int, quiet: DiscoveryOptions) -> None:
    result = discover("me@selfhosted.test", options=live_dns(quiet, dns_port))
    assert result.provider is None
    assert "not a known provider" in _detail(result, Source.MX)
    assert [c.host for c in result.candidates][:1] == ["smtp.selfhosted.test"]


def test_nxdomain(dns_port: int, quiet: DiscoveryOptions) -> None:
    result = discover("me@does-not-exist.test", options=live_dns(quiet, dns_port))
    assert _steps(result)[Source.MX] is StepStatus.FAILED
    assert _detail(result, Source.MX) == "the domain does not exist"
    assert _steps(result)[Source.SRV] is StepStatus.NOTHING


def test_servfail(dns_port: int, quiet: DiscoveryOptions) -> None:
    # dnsmasq has no upstream for other domains and refuses them: the resolver fails at once
    start = time.perf_counter()
    result = discover("me@elsewhere.example", options=live_dns(quiet, dns_port))
    assert time.perf_counter() - start < 0.25
    assert _steps(result)[Source.MX] is StepStatus.FAILED
    assert "failed to answer" in _detail(result, Source.MX)


def test_silent_resolver_times_out(quiet: DiscoveryOptions) -> None:
    with silent_udp_server() as port:
        start = time.perf_counter()
        result = discover("me@example.test", options=replace(quiet, dns_port=port, dns_timeout=0.3))
        took = time.perf_counter() - start
    assert took < 0.8
    assert _steps(result)[Source.MX] is StepStatus.TIMEOUT
    assert _steps(result)[Source.SRV] is StepStatus.TIMEOUT
    assert [c.source for c in result.candidates] == [Source.GUESS] * 4


def test_bundled_answer_does_not_wait_for_a_dead_network(quiet: DiscoveryOptions) -> None:
    discover("warm@yahoo.com", offline=True)
    with silent_udp_server() as port:
        start = time.perf_counter()
        result = discover("me@yahoo.com", options=replace(quiet, dns_port=port, dns_timeout=5))
        assert time.perf_counter() - start < 0.1
    assert result.best is not None and result.best.source is Source.BUNDLED


# ---- everything at once, and the command line -----------------------------------------------


def test_all_sources_together_in_priority_order(
    site: WebSite, dns_port: int, quiet: DiscoveryOptions
) -> None:
    opts = replace(
        quiet,
        dns_port=dns_port,
        dns_timeout=LIVE_DNS_TIMEOUT,
        use_ispdb=True,
        ispdb_url=site.https("/gmail-hosted/{domain}"),
        autoconfig_urls=(site.https("/valid/{domain}"),),
    )
    result = discover("jane@srv.test", options=opts)
    sources = [c.source for c in result.candidates]
    assert sources == [
        Source.AUTOCONFIG,
        Source.AUTOCONFIG,
        Source.ISPDB,
        Source.SRV,
        Source.SRV,
        Source.SRV,
    ]
    assert [c.trusted for c in result.candidates] == [True, True, True, False, False, False]
    assert {s.source for s in result.steps} == set(Source)


def test_cli_json_against_the_servers(
    site: WebSite, dns_port: int, ca_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "discover",
            "it@hosted.test",
            "--json",
            "--no-ispdb",
            "--ca-file",
            ca_file,
            "--nameserver",
            f"127.0.0.1:{dns_port}",
            "--timeout",
            "1",
            "--autoconfig-url",
            site.https("/nothing-here/{domain}"),
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["provider"]["id"] == "google-workspace"
    assert data["candidates"][0]["source"] == "mx" and data["candidates"][0]["trusted"] is True


def test_cli_human_table_shows_where_things_came_from(
    site: WebSite, ca_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "discover",
            "jane@example.test",
            "--no-ispdb",
            "--ca-file",
            ca_file,
            "--nameserver",
            "127.0.0.1:9",
            "--timeout",
            "0.3",
            "--autoconfig-url",
            site.https("/valid/{domain}"),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "Published by example.test" in out
    assert "Next: smtpwizard probe smtp.example.test --user jane" in out


def test_ca_file_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    result = discover(
        "jane@example.test",
        options=DiscoveryOptions(
            ca_file=str(tmp_path / "missing.pem"),
            autoconfig_urls=(),
            plain_http_urls=(),
            use_ispdb=False,
            nameservers=("127.0.0.1",),
            dns_port=9,
            dns_timeout=0.2,
        ),
    )
    assert result.candidates  # guesses still come back; nothing raised


def test_discovery_can_be_cancelled(site: WebSite, quiet: DiscoveryOptions) -> None:
    opts = replace(quiet, http_timeout=5.0, autoconfig_urls=(site.https("/slow/{domain}"),))

    async def cancel_soon() -> float:
        task = asyncio.ensure_future(discover_async("jane@example.test", options=opts))
        await asyncio.sleep(0.1)
        start = time.perf_counter()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return time.perf_counter() - start

    assert asyncio.run(cancel_soon()) < 0.2
