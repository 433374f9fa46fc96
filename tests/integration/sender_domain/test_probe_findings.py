"""The sender-domain findings inside a real probe (engine and command line), DNS from dnsmasq."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smtpwizard.core.contract import probe_json
from smtpwizard.core.models import Pairing
from smtpwizard.core.probe.checks import ExtraChecks
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import submission_tls
from smtpwizard.lab.threads import ThreadedLabServer
from tests.integration.discovery.servers import dnsmasq
from tests.integration.sender_domain.records import LOCAL_DOMAINS, RECORDS

PASSWORD = "pw-for-the-lab"


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    with dnsmasq(RECORDS, LOCAL_DOMAINS) as port:
        yield port


async def _probe(user: str, dns_port: int) -> dict[str, object]:
    server = await LabServer(submission_tls({user: PASSWORD})).start()
    try:
        report = await probe_async(
            ProbeOptions(
                "localhost",  # (127.0.0.1 is Proton Mail Bridge's address in the provider data)
                username=user,
                password=PASSWORD,
                pairings=(Pairing.parse("465/tls"),),
                timeouts=Timeouts(connect=2.0, command=2.0, attempt=5.0),
                ca_pem=LabCA.shared().ca_pem,
                port_map={465: server.port},
                checks=ExtraChecks(sender_domain=True, nameservers=(f"127.0.0.1:{dns_port}",)),
            )
        )
    finally:
        await server.stop()
    return probe_json(report)


def test_the_probe_reports_the_sender_domain(dns_port: int) -> None:
    data = asyncio.run(_probe("me@good.test", dns_port))
    codes = {f["code"]: f for f in data["findings"]}  # type: ignore[union-attr]
    assert codes["sender.spf_ok"]["severity"] == "info"
    assert codes["sender.dmarc_ok"]["title"] == "good.test has a DMARC policy (reject)"
    bad = asyncio.run(_probe("me@other.test", dns_port))
    bad_codes = {f["code"]: f for f in bad["findings"]}  # type: ignore[union-attr]
    assert "ip4:127.0.0.1" in bad_codes["sender.spf_fail"]["fix"]
    assert bad_codes["sender.dmarc_none"]["severity"] == "warning"


def test_the_command_line_with_a_sender_address(dns_port: int, tmp_path: Path) -> None:
    user = "someone@example.com"
    ca_file = LabCA.shared().write_ca_pem(str(tmp_path / "ca.pem"))
    with ThreadedLabServer(submission_tls({user: PASSWORD})) as server:
        done = subprocess.run(
            [
                sys.executable, "-m", "smtpwizard", "probe", "localhost",
                "--pairings", "465/tls", "--port-map", f"465={server.port}",
                "--ca-file", ca_file, "--user", user, "--password-stdin",
                "--sender", "billing@bare.test", "--dns-server", f"127.0.0.1:{dns_port}",
                "--json",
            ],
            input=PASSWORD + "\n", capture_output=True, text=True, timeout=60,
            env={**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    codes = {f["code"] for f in data["findings"]}
    assert {"sender.spf_missing", "sender.dmarc_missing"} <= codes
    assert data["egress"] == []
