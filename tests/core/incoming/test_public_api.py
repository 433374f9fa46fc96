"""``smtpwizard.probe_incoming`` / ``probe_incoming_async``: the incoming probe from Python, with
keyword-only arguments like ``smtpwizard.probe``, against a real Dovecot on loopback."""

from __future__ import annotations

import asyncio
import inspect

import pytest

import smtpwizard
from smtpwizard.core.models import DEFAULT_INCOMING_PAIRINGS, IncomingProtocol
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.dovecot import DovecotServer, DovecotSpec
from tests.fixtures.dovecot import DovecotFactory, incoming_port_map

USER = "api-reader@example.test"
PASSWORD = "correct horse api staple"
FAST = Timeouts(connect=2.0, command=2.0, attempt=5.0)


@pytest.fixture
def mailbox(dovecot: DovecotFactory) -> DovecotServer:
    return dovecot(DovecotSpec(accounts={USER: PASSWORD}))


def _base(server: DovecotServer) -> ProbeOptions:
    """What the keyword arguments do not cover (the lab's ports and CA) on ProbeOptions."""
    return ProbeOptions(
        server.host,
        pairings=DEFAULT_INCOMING_PAIRINGS,
        ca_pem=LabCA.shared().ca_pem,
        port_map=incoming_port_map(server),
    )


def test_exported_lazily_with_keyword_only_arguments() -> None:
    assert {"probe_incoming", "probe_incoming_async"} <= set(smtpwizard.__all__)
    for name in ("probe_incoming", "probe_incoming_async"):
        function = getattr(smtpwizard, name)
        assert function.__module__ == "smtpwizard.core.incoming.engine"
        params = inspect.signature(function).parameters
        assert [p for p, v in params.items() if v.kind is not v.KEYWORD_ONLY] == [
            "target",
            "on_event",
        ]
        for keyword in ("user", "username", "password", "pairings", "timeouts", "ca_file"):
            assert params[keyword].kind is inspect.Parameter.KEYWORD_ONLY
    assert inspect.iscoroutinefunction(smtpwizard.probe_incoming_async)
    assert smtpwizard.IncomingPairing.parse("pop3/110/starttls") == smtpwizard.IncomingPairing(
        110, smtpwizard.Security.STARTTLS, IncomingProtocol.POP3
    )
    assert str(smtpwizard.IncomingPairing.parse("IMAP 993/tls")) == "IMAP 993/tls"  # as printed


def test_blocking_probe_signs_in_and_recommends_imap(mailbox: DovecotServer) -> None:
    report = smtpwizard.probe_incoming(
        _base(mailbox), user=USER, password=PASSWORD, timeouts=FAST, wait_all=True
    )
    assert [(str(a.pairing), a.outcome.value, a.auth.value) for a in report.attempts] == [
        ("IMAP 993/tls", "ok", "ok"),
        ("IMAP 143/starttls", "ok", "ok"),
        ("POP3 995/tls", "ok", "ok"),
        ("POP3 110/starttls", "ok", "ok"),
    ]
    rec = report.recommended
    assert isinstance(rec, smtpwizard.IncomingSettings)
    assert (rec.protocol.value, rec.port, rec.username) == ("imap", 993, USER)
    assert PASSWORD not in repr(smtpwizard.probe_json(report))


def test_async_probe_with_pairing_strings(mailbox: DovecotServer) -> None:
    events: list[object] = []
    before = mailbox.login_failures
    report = asyncio.run(
        smtpwizard.probe_incoming_async(
            _base(mailbox),
            events.append,
            username=USER,
            password="not the password",
            pairings=["pop3/995/tls", "imap/143/starttls"],
            timeouts=FAST,
        )
    )
    assert {str(a.pairing) for a in report.attempts} == {"POP3 995/tls", "IMAP 143/starttls"}
    assert report.recommended is None
    assert mailbox.login_failures - before == 1  # the wrong password was tried once, not twice
    assert events  # progress events arrived while it ran


def test_a_host_name_gets_the_four_incoming_pairings() -> None:
    # nothing listens on the standard ports of 127.0.0.3: refused at once, never raised
    report = smtpwizard.probe_incoming(
        "127.0.0.3", timeouts=Timeouts(connect=1.0, command=1.0, attempt=2.0)
    )
    assert [str(a.pairing) for a in report.attempts] == [
        "IMAP 993/tls",
        "IMAP 143/starttls",
        "POP3 995/tls",
        "POP3 110/starttls",
    ]
    assert report.recommended is None
    assert {a.outcome.value for a in report.attempts} == {"failed"}


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"pairings": ["smtp/25/none"]}, "PROTOCOL/PORT/SECURITY"),
        ({"pairings": ["imap/99999/tls"]}, "outside 1–65535"),
        ({"user": "a@example.test", "username": "b@example.test"}, "user name once"),
    ],
)
def test_bad_input_is_an_input_error(kwargs: dict[str, object], words: str) -> None:
    with pytest.raises(smtpwizard.InputError, match=words):
        smtpwizard.probe_incoming("imap.example.test", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(smtpwizard.InputError):
        smtpwizard.probe_incoming("bad host name!")
