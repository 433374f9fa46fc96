"""Regional incoming servers: a provider with one IMAP/POP3 pair per region (IONOS has seven)
gives a domain only its region's pair — chosen by the email domain, the MX host (dnsmasq on
loopback) or, for an own domain, the outgoing server it is used with."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from smtpwizard.cli import main
from smtpwizard.core.discovery.incoming import (
    bundled_incoming,
    discover_incoming_async,
    incoming_host_for,
)
from smtpwizard.core.discovery.pipeline import DiscoveryOptions
from smtpwizard.core.discovery.providers import bundled_providers
from tests.integration.discovery.servers import dnsmasq

RECORDS = [
    "--mx-host=hosted-de.test,mx00.ionos.de,10",
    "--mx-host=hosted-uk.test,mx00.ionos.co.uk,10",
]


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    try:
        with dnsmasq(RECORDS) as port:
            yield port
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


def _hosts(found: object) -> list[tuple[str, int]]:
    return [(c.host, c.port) for c in found]  # type: ignore[attr-defined]


def test_ionos_has_servers_for_many_regions() -> None:
    ionos = bundled_providers().get("ionos")
    assert ionos is not None and len(ionos.incoming) == 14  # the situation the fix is about


def test_an_own_domain_gets_the_region_of_its_outgoing_server() -> None:
    found = bundled_incoming("jane@example-shop.de", "smtp.ionos.de")
    assert _hosts(found) == [("imap.ionos.de", 993), ("pop.ionos.de", 995)]
    assert {c.username for c in found} == {"jane@example-shop.de"}
    assert _hosts(bundled_incoming(None, "smtp.ionos.co.uk")) == [
        ("imap.ionos.co.uk", 993),
        ("pop.ionos.co.uk", 995),
    ]
    assert incoming_host_for("jane@example-shop.fr", "smtp.ionos.fr") == "imap.ionos.fr"


def test_the_email_domain_wins_over_the_outgoing_server() -> None:
    found = bundled_incoming("jane@online.de", "smtp.ionos.com")
    assert _hosts(found) == [("imap.ionos.de", 993), ("pop.ionos.de", 995)]


@pytest.mark.asyncio
async def test_offline_incoming_discovery_lists_one_region() -> None:
    found = await discover_incoming_async(
        "jane@example-shop.es", smtp_host="smtp.ionos.es", options=DiscoveryOptions(offline=True)
    )
    assert _hosts(found) == [("imap.ionos.es", 993), ("pop.ionos.es", 995)]


@pytest.mark.parametrize("domain", bundled_providers().get("ionos").domains)  # type: ignore[union-attr]
def test_cli_offline_json_gives_every_ionos_domain_the_german_servers(
    domain: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["discover", f"jane@{domain}", "--offline", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["host"], c["port"]) for c in data["incoming"]] == [
        ("imap.ionos.de", 993),
        ("pop.ionos.de", 995),
    ]
    assert {c["host"] for c in data["candidates"]} == {"smtp.ionos.de"}


@pytest.mark.parametrize(
    ("domain", "region"), [("hosted-de.test", "ionos.de"), ("hosted-uk.test", "ionos.co.uk")]
)
def test_cli_json_picks_the_region_of_the_mx_host(
    domain: str, region: str, dns_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "discover",
            f"jane@{domain}",
            "--json",
            "--no-ispdb",
            "--nameserver",
            f"127.0.0.1:{dns_port}",
            "--timeout",
            "1",
            "--autoconfig-url",
            "http://127.0.0.1:9/{domain}",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["provider"]["id"] == "ionos"
    assert [(c["host"], c["port"], c["source"]) for c in data["incoming"]] == [
        (f"imap.{region}", 993, "mx"),
        (f"pop.{region}", 995, "mx"),
    ]
