"""The Result page's "Will your mail be trusted?" section, with the sender domain served by a
real DNS server (dnsmasq) on loopback, and the reproduce commands under Technical details."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from smtpwizard.core.probe.checks import ExtraChecks
from smtpwizard.gui.wizard import PageId
from tests.gui.conftest import demo_state
from tests.gui.helpers import click_next, to_testing, wait_verdict
from tests.integration.discovery.servers import dnsmasq

pytestmark = pytest.mark.gui

# the demo account is demo@smtpwizard.test; its domain lists other servers and only watches
RECORDS = [
    "--txt-record=smtpwizard.test,v=spf1 ip4:192.0.2.0/24 -all",
    "--txt-record=_dmarc.smtpwizard.test,v=DMARC1; p=none",
]


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    with dnsmasq(RECORDS) as port:
        yield port


def test_the_result_page_says_whether_mail_will_be_trusted(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any, dns_port: int
) -> None:
    checks = ExtraChecks(
        sender_domain=True, legacy_tls=True, nameservers=(f"127.0.0.1:{dns_port}",)
    )
    wizard = make_wizard(demo_state(demo, extra_checks=checks))
    to_testing(qtbot, wizard)
    wait_verdict(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.runner.running, timeout=10000)
    assert wizard.state.report is not None
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.RESULT
    trust = wizard.result_page.trust
    assert trust.isVisible() and trust.trust_box.isVisible()
    text = trust.trust.text()
    assert "The SPF record of smtpwizard.test does not allow this server" in text
    assert "The DMARC policy of smtpwizard.test only watches" in text
    assert "What to do:" in text
    assert "Encryption: TLSv1.3" in trust.more.text()
    screenshot(wizard, "result-trust")


def test_the_demo_asks_no_name_server(qtbot: Any, make_wizard: Any, demo: Any) -> None:
    """Without a preset or explicit checks the demo stays offline: no sender look-ups."""
    wizard = make_wizard(demo_state(demo))
    to_testing(qtbot, wizard)
    wait_verdict(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.runner.running, timeout=10000)
    report = wizard.state.report
    assert report is not None
    assert not [f for f in report.findings if f.code.family == "sender"]
    assert report.egress == ()
