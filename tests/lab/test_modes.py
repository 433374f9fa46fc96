"""The lab's basic modes, proven with aiosmtplib as the client."""

from __future__ import annotations

import asyncio
import socket

import aiosmtplib
import pytest

from smtpwizard.lab import AuthOffer, LabCA, LabServer, Mode, ServerSpec, closed_port
from tests.fixtures.servers import ServerFactory
from tests.lab.clients import client

ACCOUNTS = {"alice@example.test": "s3cret-pw"}
MESSAGE = "From: alice@example.test\r\nTo: bob@example.test\r\nSubject: t\r\n\r\nhello\r\n"


@pytest.mark.asyncio
async def test_plain_server_accepts_and_records_a_message(
    smtp_server: ServerFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(ServerSpec())
    smtp = client(server, lab_ca, hostname="127.0.0.1")
    await smtp.connect()
    await smtp.ehlo()
    assert not smtp.supports_extension("starttls")
    assert not smtp.supports_extension("auth")
    await smtp.sendmail("alice@example.test", ["bob@example.test"], MESSAGE)
    await smtp.quit()
    [msg] = server.received
    assert msg.mail_from == "alice@example.test"
    assert msg.rcpt_tos == ("bob@example.test",)
    assert b"hello" in msg.data
    assert not msg.tls
    assert server.connections == 1


@pytest.mark.asyncio
async def test_implicit_tls_verifies_against_lab_ca_and_authenticates(
    smtp_server: ServerFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(mode=Mode.TLS, accounts=ACCOUNTS)
    smtp = client(server, lab_ca, tls=True)
    await smtp.connect()
    ssl_object = smtp.get_transport_info("ssl_object")
    assert ssl_object.version() in {"TLSv1.2", "TLSv1.3"}
    await smtp.ehlo()
    assert smtp.server_auth_methods == ["plain", "login"]
    response = await smtp.auth_plain("alice@example.test", "s3cret-pw")
    assert response.code == 235
    await smtp.sendmail("alice@example.test", ["bob@example.test"], MESSAGE)
    await smtp.quit()
    [attempt] = server.auth_attempts
    assert attempt.success and attempt.tls and attempt.username == "alice@example.test"
    assert server.received[0].auth_user == "alice@example.test"
    assert server.received[0].tls


@pytest.mark.asyncio
async def test_starttls_required_refuses_mail_and_auth_until_upgraded(
    smtp_server: ServerFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(mode=Mode.STARTTLS_REQUIRED, accounts=ACCOUNTS)
    smtp = client(server, lab_ca)
    await smtp.connect()
    await smtp.ehlo()
    assert smtp.supports_extension("starttls")
    assert not smtp.supports_extension("auth")
    with pytest.raises(aiosmtplib.SMTPSenderRefused) as info:
        await smtp.mail("alice@example.test")
    assert info.value.code == 530
    with pytest.raises(aiosmtplib.SMTPAuthenticationError) as auth_info:
        await smtp.auth_plain("alice@example.test", "s3cret-pw")
    assert auth_info.value.code == 530
    await smtp.starttls()
    await smtp.ehlo()
    assert smtp.server_auth_methods == ["plain", "login"]
    assert (await smtp.auth_login("alice@example.test", "s3cret-pw")).code == 235
    await smtp.quit()


@pytest.mark.asyncio
async def test_starttls_optional_allows_plain_mail(
    smtp_server: ServerFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(mode=Mode.STARTTLS, auth=AuthOffer.NONE)
    smtp = client(server, lab_ca)
    await smtp.connect()
    await smtp.ehlo()
    assert smtp.supports_extension("starttls")
    assert (await smtp.mail("someone@example.test")).code == 250
    await smtp.quit()


@pytest.mark.asyncio
async def test_auth_after_tls_is_refused_in_cleartext_with_538(
    smtp_server: ServerFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(mode=Mode.STARTTLS, accounts=ACCOUNTS)
    smtp = client(server, lab_ca)
    await smtp.connect()
    await smtp.ehlo()
    assert not smtp.supports_extension("auth")
    with pytest.raises(aiosmtplib.SMTPAuthenticationError) as info:
        await smtp.auth_plain("alice@example.test", "s3cret-pw")
    assert info.value.code == 538
    await smtp.quit()
    assert server.failed_logins == 1
    assert server.auth_attempts[0].username == ""  # refused before reading credentials


@pytest.mark.asyncio
async def test_auth_always_is_offered_over_plaintext(
    smtp_server: ServerFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(mode=Mode.PLAIN, auth=AuthOffer.ALWAYS, accounts=ACCOUNTS)
    smtp = client(server, lab_ca)
    await smtp.connect()
    await smtp.ehlo()
    assert smtp.server_auth_methods == ["plain", "login"]
    assert (await smtp.auth_plain("alice@example.test", "s3cret-pw")).code == 235
    await smtp.quit()
    assert not server.auth_attempts[0].tls


@pytest.mark.asyncio
async def test_wrong_password_gets_535_and_is_counted_once(
    smtp_server: ServerFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(mode=Mode.TLS, accounts=ACCOUNTS)
    smtp = client(server, lab_ca, tls=True)
    await smtp.connect()
    await smtp.ehlo()
    with pytest.raises(aiosmtplib.SMTPAuthenticationError) as info:
        await smtp.auth_login("alice@example.test", "wrong")
    assert info.value.code == 535
    await smtp.quit()
    assert server.failed_logins == 1
    assert len(server.auth_attempts) == 1


@pytest.mark.asyncio
async def test_stop_drops_open_sessions_and_leaves_no_tasks(lab_ca: LabCA) -> None:
    server = await LabServer(ServerSpec(mode=Mode.TLS, accounts=ACCOUNTS), ca=lab_ca).start()
    smtp = client(server, lab_ca, tls=True)
    await smtp.connect()
    await smtp.ehlo()
    await server.stop()
    assert not server.running
    assert asyncio.all_tasks() == {asyncio.current_task()}
    with pytest.raises(aiosmtplib.SMTPServerDisconnected):
        await smtp.noop()
    smtp.close()


@pytest.mark.asyncio
async def test_closed_port_refuses(lab_ca: LabCA) -> None:
    with pytest.raises(OSError):
        await asyncio.open_connection("127.0.0.1", closed_port())


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback")
@pytest.mark.asyncio
async def test_server_can_listen_on_both_loopbacks_with_one_port(lab_ca: LabCA) -> None:
    async with LabServer(ServerSpec(), hosts=("127.0.0.1", "::1")) as server:
        for host in ("127.0.0.1", "::1"):
            smtp = client(server, lab_ca, hostname=host)
            await smtp.connect()
            await smtp.quit()
        assert server.connections == 2
