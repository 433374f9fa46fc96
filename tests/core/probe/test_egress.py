"""Is it this network or the server? The egress check with reference servers on loopback only.

A silent port is a :class:`Blackhole` (connect() hangs, like a DROP rule). The references listen
on the *same port* on other loopback addresses (127.0.0.2, 127.0.0.3): a blackhole there means
"the references are silent too" (blocked here), a listener means "they answer" (the server is
the silent one). No default reference is ever contacted: every probe names its references.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator

import pytest

from smtpwizard.core.contract import probe_json
from smtpwizard.core.models import Outcome, Pairing
from smtpwizard.core.probe.checks import ExtraChecks, default_checks
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.lab.blackhole import Blackhole
from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import submission_tls

TIMEOUTS = Timeouts(connect=2.0, command=2.0, attempt=4.0)
REFERENCES = ("127.0.0.2", "127.0.0.3")


@contextlib.contextmanager
def listener(host: str, port: int) -> Iterator[socket.socket]:
    """A reference server that answers (accepts connections; says nothing: connect only)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(16)
    try:
        yield sock
    finally:
        sock.close()


@contextlib.contextmanager
def silent_port_answered_on(
    answering: str, silent: tuple[str, ...] = ("127.0.0.1",)
) -> Iterator[tuple[Blackhole, socket.socket]]:
    """One port: silent on ``silent`` addresses, answered on ``answering``. Another process
    (a test Dovecot listens on 127.0.0.2) may hold the port there: then try another port."""
    for _ in range(20):
        with Blackhole(hosts=silent) as server:
            try:
                ref = listener(answering, server.port)
                sock = ref.__enter__()
            except OSError:
                continue
            try:
                yield server, sock
            finally:
                ref.__exit__(None, None, None)
            return
    raise RuntimeError(f"no port free on {silent} and {answering}")


def checks(*, egress: bool = True) -> ExtraChecks:
    return ExtraChecks(egress=egress, egress_references=REFERENCES)


async def probe_silent_port(port: int, extra: ExtraChecks) -> dict[str, object]:
    report = await probe_async(
        ProbeOptions(
            "127.0.0.1",
            pairings=(Pairing.parse("587/starttls"),),
            timeouts=TIMEOUTS,
            port_map={587: port},
            checks=extra,
        )
    )
    return probe_json(report)


@pytest.mark.asyncio
async def test_references_silent_too_means_blocked_here() -> None:
    with Blackhole(hosts=("127.0.0.1", *REFERENCES)) as server:
        data = await probe_silent_port(server.port, checks())
    attempt = data["attempts"][0]  # type: ignore[index]
    failure = attempt["failure"]
    assert failure["code"] == "net.blocked_locally"
    assert failure["title"] == "Your network blocks outgoing port 587 — not the server"
    assert "127.0.0.2, 127.0.0.3" in failure["explanation"]
    (egress,) = data["egress"]  # type: ignore[misc]
    assert egress["verdict"] == "blocked_locally"
    assert [r["host"] for r in egress["references"]] == list(REFERENCES)
    assert {r["result"] for r in egress["references"]} == {"timeout"}
    codes = [f["code"] for f in data["findings"]]  # type: ignore[union-attr]
    assert "net.egress_blocked" in codes


@pytest.mark.asyncio
async def test_references_answer_means_the_server_is_silent() -> None:
    with silent_port_answered_on("127.0.0.2", silent=("127.0.0.1", "127.0.0.3")) as (server, _):
        data = await probe_silent_port(server.port, checks())
    failure = data["attempts"][0]["failure"]  # type: ignore[index]
    assert failure["code"] == "net.timeout"
    assert "the server or its network does not answer on that port" in failure["explanation"]
    assert "127.0.0.2: answered" in failure["detail"]
    assert data["egress"][0]["verdict"] == "server_silent"  # type: ignore[index]


@pytest.mark.asyncio
async def test_port_25_blocked_here_names_the_providers_policy() -> None:
    with Blackhole(hosts=("127.0.0.1", *REFERENCES)) as server:
        report = await probe_async(
            ProbeOptions(
                "127.0.0.1",
                pairings=(Pairing.parse("25/none"),),
                timeouts=TIMEOUTS,
                port_map={25: server.port},
                checks=checks(),
            )
        )
    failure = probe_json(report)["attempts"][0]["failure"]
    assert failure["code"] == "net.blocked_locally"
    assert "internet provider most likely blocks port 25" in failure["fix"]


@pytest.mark.asyncio
async def test_without_the_check_a_silent_port_stays_a_plain_timeout() -> None:
    with silent_port_answered_on("127.0.0.2") as (server, ref):
        ref.settimeout(0)
        data = await probe_silent_port(server.port, checks(egress=False))
        with pytest.raises(BlockingIOError):
            ref.accept()  # the reference was never contacted
    assert data["attempts"][0]["failure"]["code"] == "net.timeout"  # type: ignore[index]
    assert data["egress"] == []


@pytest.mark.asyncio
async def test_the_egress_check_never_holds_the_answer_back() -> None:
    """465 works at once: the probe answers without waiting for the references (which would
    take the whole connect timeout); the silent 587 is reported unfinished."""
    accounts = {"me@example.com": "pw"}
    server = await LabServer(submission_tls(accounts)).start()
    try:
        with Blackhole(hosts=("127.0.0.1", *REFERENCES)) as silent:
            report = await asyncio.wait_for(
                probe_async(
                    ProbeOptions(
                        "localhost",
                        username="me@example.com",
                        password="pw",
                        pairings=(Pairing.parse("465/tls"), Pairing.parse("587/starttls")),
                        timeouts=Timeouts(connect=30.0, command=5.0, attempt=30.0),
                        ca_pem=LabCA.shared().ca_pem,
                        port_map={465: server.port, 587: silent.port},
                        checks=checks(),
                    )
                ),
                timeout=20,  # far below the 30 s the references would take
            )
    finally:
        await server.stop()
    assert report.ok
    blocked = report.attempt(Pairing.parse("587/starttls"))
    assert blocked is not None and blocked.outcome is Outcome.UNFINISHED
    assert all(e.verdict == "pending" for e in report.egress)


def test_no_default_reference_unless_asked() -> None:
    assert ProbeOptions("smtp.example.com").checks.egress is False
    assert default_checks({"SMTPWIZARD_EXTRA_CHECKS": "off"}).egress is False
    assert default_checks({}, demo=True).egress is False
    assert default_checks({}, demo=True) == ExtraChecks()  # the demo asks nothing beyond itself
    assert default_checks({}).egress_references == (
        "smtp.gmail.com",
        "smtp.office365.com",
        "smtp.mail.yahoo.com",
    )
