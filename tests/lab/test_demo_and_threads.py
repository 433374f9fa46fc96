"""The demo provider, the thread-backed variants, the blackhole and ``smtpwizard lab``."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import time
from collections.abc import Callable

import aiosmtplib
import pytest

from smtpwizard.cli import main
from smtpwizard.lab import (
    DEMO_PASSWORD,
    DEMO_USER,
    Blackhole,
    DemoLab,
    DemoLabThread,
    LabCA,
    Mode,
    ServerSpec,
    ThreadedLabServer,
)

MESSAGE = "Subject: demo\r\n\r\nhello from the selftest\r\n"


def _smtp(port: int, ca: LabCA, *, tls: bool = False, timeout: float = 3) -> aiosmtplib.SMTP:
    return aiosmtplib.SMTP(
        hostname="localhost",
        port=port,
        use_tls=tls,
        start_tls=False,
        timeout=timeout,
        tls_context=ca.client_context(),
        local_hostname="selftest.localdomain",
    )


@pytest.mark.asyncio
async def test_demo_lab_answers_on_every_mapped_port(demo_lab: DemoLab, lab_ca: LabCA) -> None:
    assert demo_lab.host == "localhost"
    assert set(demo_lab.port_map) == {25, 465, 587, 2525}
    assert demo_lab.ca_pem == lab_ca.ca_pem
    ports = demo_lab.port_map

    smtp = _smtp(ports[465], lab_ca, tls=True)
    await smtp.connect()
    await smtp.ehlo()
    await smtp.auth_plain(demo_lab.username, demo_lab.password)
    await smtp.sendmail(demo_lab.sender, ["friend@example.test"], MESSAGE)
    with pytest.raises(aiosmtplib.SMTPSenderRefused):
        await smtp.mail("someone-else@example.test")
    await smtp.quit()

    smtp = _smtp(ports[587], lab_ca)
    await smtp.connect()
    await smtp.ehlo()
    assert not smtp.supports_extension("auth")
    await smtp.starttls()
    await smtp.ehlo()
    await smtp.auth_login(DEMO_USER, DEMO_PASSWORD)
    await smtp.quit()

    smtp = _smtp(ports[25], lab_ca)
    await smtp.connect()
    await smtp.ehlo()
    assert smtp.supports_extension("starttls")
    assert not smtp.supports_extension("auth")
    await smtp.starttls()
    await smtp.ehlo()
    assert not smtp.supports_extension("auth")
    await smtp.quit()

    smtp = _smtp(ports[2525], lab_ca, timeout=0.2)
    with pytest.raises(aiosmtplib.SMTPConnectTimeoutError):
        await smtp.connect()

    [message] = demo_lab.received
    assert message.mail_from == DEMO_USER and message.auth_user == DEMO_USER and message.tls


def _refused(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) != 0


def test_demo_lab_thread_starts_and_stops_cleanly_twice(lab_ca: LabCA) -> None:
    threads_before = set(threading.enumerate())
    for _ in range(2):
        lab = DemoLabThread(ca=lab_ca).start()
        ports = lab.port_map
        assert lab.running
        with socket.create_connection(("127.0.0.1", ports[25]), timeout=1) as s:
            assert s.recv(100).startswith(b"220 ")
        lab.stop()
        lab.stop()  # idempotent
        assert not lab.running
        assert all(_refused(port) for port in ports.values())
    assert set(threading.enumerate()) <= threads_before


def test_threaded_lab_server_records_from_sync_code(lab_ca: LabCA) -> None:
    accounts = {"bob@example.test": "pw-123"}
    with ThreadedLabServer(ServerSpec(mode=Mode.TLS, accounts=accounts), ca=lab_ca) as server:

        async def login() -> None:
            smtp = _smtp(server.port, lab_ca, tls=True)
            await smtp.connect()
            await smtp.ehlo()
            with pytest.raises(aiosmtplib.SMTPAuthenticationError):
                await smtp.auth_plain("bob@example.test", "nope")
            await smtp.quit()

        asyncio.run(login())
        assert server.server.failed_logins == 1
    assert _refused(server.port)


def test_blackhole_connect_times_out_then_cleans_up() -> None:
    with Blackhole() as hole:
        for _ in range(2):
            with socket.socket() as s:
                s.settimeout(0.15)
                started = time.monotonic()
                with pytest.raises(TimeoutError):
                    s.connect((hole.host, hole.port))
                assert time.monotonic() - started >= 0.1
    assert not hole.running
    assert _refused(hole.port)


@pytest.mark.asyncio
async def test_blackhole_times_out_for_asyncio_clients(blackhole: Blackhole) -> None:
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(asyncio.open_connection(blackhole.host, blackhole.port), 0.15)


def test_lab_command_prints_a_usable_description(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lab", "--json", "--duration", "0"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["host"] == "localhost"
    assert set(info["port_map"]) == {"25", "465", "587", "2525"}
    assert info["username"] == DEMO_USER
    assert "--port-map 25=" in info["probe_command"]
    assert not os.path.exists(info["ca_file"])  # the temporary CA file is removed on exit


def test_lab_command_human_output_and_ca_file(
    capsys: pytest.CaptureFixture[str], tmp_path: os.PathLike[str]
) -> None:
    ca_path = os.path.join(tmp_path, "demo-ca.pem")
    assert main(["lab", "--duration", "0", "--ca-file", ca_path]) == 0
    out = capsys.readouterr().out
    assert "Demo account: demo@smtpwizard.test" in out
    assert ca_path in out
    with open(ca_path, encoding="ascii") as fh:
        assert fh.read() == LabCA.shared().ca_pem


def test_lab_command_bad_ca_path_is_a_clear_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["lab", "--duration", "0", "--ca-file", "/nonexistent/dir/ca.pem"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smtpwizard: --ca-file: cannot write")
    assert "Traceback" not in err


def test_sync_fixtures_give_running_servers(
    threaded_smtp_server: Callable[..., ThreadedLabServer], demo_lab_thread: DemoLabThread
) -> None:
    server = threaded_smtp_server(greeting="554 5.7.1 go away")
    with socket.create_connection(("127.0.0.1", server.port), timeout=1) as s:
        assert s.recv(100) == b"554 5.7.1 go away\r\n"
        assert s.recv(100) == b""  # closed after the refusal
    with socket.create_connection(("127.0.0.1", demo_lab_thread.port_map[587]), timeout=1) as s:
        assert s.recv(100).startswith(b"220 smtp.demo.smtpwizard.test")
