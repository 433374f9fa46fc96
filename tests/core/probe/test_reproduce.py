"""The "reproduce it yourself" commands, run for real: openssl s_client and swaks from the argv
the probe wrote, against lab servers on loopback (IPv4 and IPv6)."""

from __future__ import annotations

import asyncio
import shutil
import socket
from pathlib import Path

import pytest

from smtpwizard.core.contract import probe_json
from smtpwizard.core.models import Pairing, ProbeReport, Security
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import submission_starttls, submission_tls

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.skipif(
        not (shutil.which("openssl") and shutil.which("swaks")), reason="needs openssl and swaks"
    ),
]

USER = "someone@example.com"
PASSWORD = "correct horse battery"
FAST = Timeouts(connect=2.0, command=2.0, attempt=5.0)


def _ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


async def _run(argv: list[str], stdin: bytes = b"") -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(stdin), 30)
    return int(proc.returncode or 0), out.decode(errors="replace")


async def _probe(
    host: str, servers: dict[int, LabServer], ca_file: str, pairings: str
) -> ProbeReport:
    return await probe_async(
        ProbeOptions(
            host,
            username=USER,
            password=PASSWORD,
            pairings=tuple(Pairing.parse(p) for p in pairings.split(",")),
            timeouts=FAST,
            ca_file=ca_file,
            port_map={port: server.port for port, server in servers.items()},
        )
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
async def test_openssl_and_swaks_repeat_what_the_probe_did(host: str, tmp_path: Path) -> None:
    if host == "::1" and not _ipv6():
        pytest.skip("no IPv6 on loopback")
    ca_file = LabCA.shared().write_ca_pem(str(tmp_path / "ca.pem"))
    bind = ("::1",) if host == "::1" else ("127.0.0.1",)
    accounts = {USER: PASSWORD}
    servers = {
        465: await LabServer(submission_tls(accounts), hosts=bind).start(),
        587: await LabServer(submission_starttls(accounts), hosts=bind).start(),
    }
    try:
        report = await _probe(host, servers, ca_file, "465/tls,587/starttls")
        data = probe_json(report)
        for attempt, item in zip(report.attempts, data["attempts"], strict=True):
            assert item["outcome"] == "ok", item
            port = servers[attempt.port].port
            repro = item["reproduce"]
            assert PASSWORD not in repr(repro)
            openssl = repro["openssl_argv"]
            where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            assert openssl[:4] == ["openssl", "s_client", "-connect", where]
            assert openssl[openssl.index("-servername") + 1] == host
            assert ("-starttls" in openssl) is (attempt.security is Security.STARTTLS)
            assert repro["openssl"].startswith("openssl s_client -connect ")

            rc, out = await _run(openssl, b"QUIT\n")
            assert rc == 0, out
            assert "Verify return code: 0 (ok)" in out

            servers[attempt.port].clear_records()
            rc, out = await _run([*repro["swaks_argv"], "--auth-password", PASSWORD])
            assert rc == 0, out
            assert [a.success for a in servers[attempt.port].auth_attempts] == [True]
            assert [m.sender for m in servers[attempt.port].mail_commands] == [USER]
            assert servers[attempt.port].received == []  # it stops after MAIL FROM
    finally:
        for server in servers.values():
            await server.stop()


async def test_openssl_fails_where_the_probe_failed(tmp_path: Path) -> None:
    """Without the lab authority the same command refuses the certificate, like the probe."""
    ca_file = LabCA.shared().write_ca_pem(str(tmp_path / "ca.pem"))
    server = await LabServer(submission_tls({USER: PASSWORD})).start()
    try:
        report = await _probe("localhost", {465: server}, ca_file, "465/tls")
        argv = list(probe_json(report)["attempts"][0]["reproduce"]["openssl_argv"])
        without_ca = argv[: argv.index("-CAfile")]
        rc, out = await _run(without_ca, b"QUIT\n")
        assert rc != 0
        assert "verify error" in out.lower()
    finally:
        await server.stop()


async def test_no_password_and_no_plaintext_sign_in(tmp_path: Path) -> None:
    server = await LabServer(submission_tls({USER: PASSWORD})).start()
    try:
        report = await probe_async(
            ProbeOptions(
                "localhost",
                username=USER,
                password=PASSWORD,
                pairings=(Pairing.parse("465/none"),),
                timeouts=FAST,
                port_map={465: server.port},
            )
        )
        repro = probe_json(report)["attempts"][0]["reproduce"]
        assert repro["openssl"] is None  # no TLS on a plaintext pairing
        assert "--auth-user" not in repro["swaks_argv"]  # never signs in over plaintext
        assert PASSWORD not in repro["swaks"]
    finally:
        await server.stop()
