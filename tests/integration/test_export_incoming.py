"""The mail-program exports carry the incoming server the probe proved — and say so — read back
by their real consumers' parsers: Thunderbird's autoconfig XML by the discovery parser (the one
that reads providers' documents), the Apple profile by plistlib. An incoming server that was not
tested is still written (the programs need one) but marked NOT TESTED."""

from __future__ import annotations

import json
import plistlib
from dataclasses import replace
from typing import Any

import pytest

from smtpwizard.core.contract import probe_json
from smtpwizard.core.discovery.autoconfig import parse_autoconfig
from smtpwizard.core.export.registry import export, settings_from_document
from smtpwizard.core.incoming import incoming_options
from smtpwizard.core.incoming.account import probe_account_async
from smtpwizard.core.models import (
    IncomingPairing,
    IncomingProtocol,
    IncomingSettings,
    Pairing,
    Security,
    Settings,
)
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.dovecot import DovecotSpec
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import Mode, ServerSpec
from tests.fixtures.dovecot import DovecotFactory, incoming_port_map

USER = "exporter@example.test"
PASSWORD = "export me"


async def _proven_document(
    dovecot: DovecotFactory, pairings: tuple[IncomingPairing, ...] | None = None
) -> tuple[dict[str, Any], str]:
    mailbox = dovecot(DovecotSpec(accounts={USER: PASSWORD}))
    smtp = await LabServer(ServerSpec(mode=Mode.TLS, accounts={USER: PASSWORD})).start()
    try:
        outgoing = ProbeOptions(
            smtp.host,
            username=USER,
            password=PASSWORD,
            pairings=(Pairing.parse("465/tls"),),
            ca_pem=LabCA.shared().ca_pem,
            port_map={465: smtp.port},
            timeouts=Timeouts(connect=2.0, command=2.0, attempt=5.0),
        )
        incoming = incoming_options(outgoing, mailbox.host, port_map=incoming_port_map(mailbox))
        if pairings is not None:
            incoming = replace(incoming, pairings=pairings)
        result = await probe_account_async(outgoing, incoming)
    finally:
        await smtp.stop()
    assert result.incoming is not None
    return probe_json(result.outgoing, incoming=result.incoming), mailbox.host


@pytest.mark.asyncio
async def test_thunderbird_autoconfig_carries_the_proven_imap_server(
    dovecot: DovecotFactory,
) -> None:
    document, imap_host = await _proven_document(dovecot)
    text = export(document, "thunderbird")
    parsed = parse_autoconfig(text.encode(), USER)
    [incoming] = parsed.incoming
    assert incoming.protocol == "imap"
    assert (incoming.server.host, incoming.server.port) == (imap_host, 993)
    assert incoming.server.security is Security.TLS
    assert incoming.server.username == USER
    [outgoing] = parsed.servers
    assert (outgoing.port, outgoing.security) == (465, Security.TLS)
    assert "was tested by smtpwizard" in text and "NOT TESTED" not in text
    assert PASSWORD not in text


@pytest.mark.asyncio
async def test_apple_profile_carries_the_proven_server_and_says_so(
    dovecot: DovecotFactory,
) -> None:
    pop_only = (IncomingPairing(995, Security.TLS, IncomingProtocol.POP3),)
    document, host = await _proven_document(dovecot, pop_only)
    profile = plistlib.loads(export(document, "mobileconfig").encode())
    [payload] = profile["PayloadContent"]
    assert payload["EmailAccountType"] == "EmailTypePOP"
    assert payload["IncomingMailServerHostName"] == host
    assert payload["IncomingMailServerPortNumber"] == 995
    assert payload["IncomingMailServerUseSSL"] is True
    assert payload["IncomingMailServerUsername"] == USER
    assert "was tested by smtpwizard" in payload["PayloadDescription"]
    assert {"IncomingPassword", "OutgoingPassword"}.isdisjoint(payload)


@pytest.mark.parametrize("format_name", ["thunderbird", "mobileconfig"])
def test_an_untested_incoming_server_is_written_only_with_a_warning(format_name: str) -> None:
    settings = Settings("smtp.example.com", 465, Security.TLS, USER)
    text = export(settings, format_name)
    assert "NOT TESTED" in text
    if format_name == "thunderbird":
        [incoming] = parse_autoconfig(text.encode(), USER).incoming
        assert incoming.server.host == "imap.example.com"
    else:
        [payload] = plistlib.loads(text.encode())["PayloadContent"]
        assert payload["IncomingMailServerHostName"] == "imap.example.com"
        assert "NOT TESTED" in payload["PayloadDescription"]


def test_settings_json_round_trip_keeps_the_incoming_server() -> None:
    proven = IncomingSettings("imap.example.com", 993, Security.TLS, USER)
    settings = Settings("smtp.example.com", 465, Security.TLS, USER, incoming=proven)

    document = json.loads(export(settings, "json"))
    assert document["incoming"]["protocol"] == "imap"
    assert settings_from_document(document).incoming == proven


@pytest.mark.parametrize("card", ["thunderbird-card", "apple-mail-card", "outlook-card"])
def test_click_by_click_cards_name_only_a_proven_incoming_server(card: str) -> None:
    from smtpwizard.core.export.cards import card_text

    proven = IncomingSettings("imap.example.com", 993, Security.TLS, USER)
    with_incoming = Settings("smtp.example.com", 465, Security.TLS, USER, incoming=proven)
    text = card_text(card, with_incoming)
    assert "Incoming mail: IMAP server imap.example.com, port 993" in text
    guessed = IncomingSettings("imap.example.com", 993, Security.TLS, USER, verified=False)
    untested = Settings("smtp.example.com", 465, Security.TLS, USER, incoming=guessed)
    assert "Incoming mail" not in card_text(card, untested)
