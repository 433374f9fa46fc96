"""The server page's consent to ask Thunderbird's public list about the MX host's domain:
nothing is asked before the box is ticked; ticking it looks again (real dnsmasq and HTTPS on
loopback)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from smtpwizard.gui.state import WizardState
from smtpwizard.gui.wizard import PageId
from tests.gui.helpers import click_next
from tests.integration.discovery import documents as docs
from tests.integration.discovery.servers import WebSite, dnsmasq

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    try:
        with dnsmasq(["--mx-host=own.test,mx3.example-hoster.net,10"]) as port:
            yield port
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def site(ca: trustme.CA) -> Iterator[WebSite]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    web = WebSite(context)
    web.routes["/ispdb/"] = lambda h: h.reply(200, docs.VALID)
    yield web
    web.close()


def test_ticking_the_consent_asks_the_ispdb_about_the_mx_domain(
    qtbot: Any,
    make_wizard: Any,
    dns_port: int,
    site: WebSite,
    ca: trustme.CA,
    tmp_path: Path,
) -> None:
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    state = WizardState()
    state.discovery_overrides = {
        "nameservers": ("127.0.0.1",),
        "dns_port": dns_port,
        "ca_file": str(ca_file),
        "autoconfig_urls": (),
        "plain_http_urls": (),
        "use_ispdb": False,
        "ispdb_url": site.https("/ispdb/{domain}"),
        "dns_timeout": 3.0,
        "http_timeout": 3.0,
    }
    site.requests.clear()
    wizard = make_wizard(state)
    wizard.account_page.email.setText("jane@own.test")
    click_next(qtbot, wizard)
    page = wizard.server_page
    assert wizard.currentId() == PageId.SERVER
    qtbot.waitUntil(lambda: page._discovery is None, timeout=10000)
    assert page.source.text() == "Guessed — will be tested"
    assert not [p for p in site.requests if p.startswith("/ispdb/")]
    page.advanced_toggle.click()
    page.ispdb_for_mx.setChecked(True)
    qtbot.waitUntil(lambda: page.source.text() == "From Thunderbird's public list", timeout=10000)
    assert [p for p in site.requests if p.startswith("/ispdb/")] == ["/ispdb/example-hoster.net"]
    assert page.host.text() == "smtp.own.test"
