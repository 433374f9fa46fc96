"""The lab's basic modes, proven with aiosmtplib as the client."""

from __future__ import annotations

import aiosmtplib
import pytest

from smtpwizard.lab import AuthOffer, LabCA, Mode, ServerSpec
from tests.lab.fixtures import ServerFactory
from tests.lab_selftest.clients import client

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
