"""Each failure behaviour of the lab, as a real client sees it."""

from __future__ import annotations

import asyncio
import ssl

import aiosmtplib
import pytest

from smtpwizard.lab import (
    AuthOffer,
    Behaviour,
    CertKind,
    LabCA,
    Mode,
    old_tls_available,
)
from smtpwizard.lab import spec as replies
from tests.fixtures.servers import ServerFactory
from tests.lab.clients import cause_chain, client

ACCOUNTS = {"alice@example.test": "s3cret-pw"}
pytestmark = pytest.mark.asyncio


async def test_silent_server_accepts_but_never_greets(
    smtp_server: ServerFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(behaviour=Behaviour.SILENT)
    smtp = client(server, lab_ca, timeout=0.3)
    with pytest.raises(aiosmtplib.SMTPTimeoutError, match="ready message"):
        await smtp.connect()
    assert server.connections == 1


async def test_plaintext_client_on_implicit_tls_port_sees_no_greeting(
    smtp_server: ServerFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(mode=Mode.TLS)
    smtp = client(server, lab_ca, timeout=0.3)
    with pytest.raises(aiosmtplib.SMTPTimeoutError):
        await smtp.connect()


async def test_tls_client_on_plaintext_port_fails_the_handshake(
    smtp_server: ServerFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(mode=Mode.STARTTLS)
    smtp = client(server, lab_ca, tls=True, timeout=1)
    with pytest.raises(aiosmtplib.SMTPConnectError) as info:
        await smtp.connect()
    assert "WRONG_VERSION_NUMBER" in cause_chain(info.value).upper()


@pytest.mark.parametrize("banner", [replies.HTTP_BANNER, replies.SSH_BANNER])
async def test_garbage_banner_is_not_smtp(
    smtp_server: ServerFactory, lab_ca: LabCA, banner: bytes
) -> None:
    server = await smtp_server(behaviour=Behaviour.GARBAGE, banner=banner)
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    assert await asyncio.wait_for(reader.read(len(banner)), 1) == banner
    writer.close()
    await writer.wait_closed()
    smtp = client(server, lab_ca, timeout=0.5)
    with pytest.raises(aiosmtplib.SMTPException):
        await smtp.connect()


async def test_close_right_after_connect(smtp_server: ServerFactory, lab_ca: LabCA) -> None:
    server = await smtp_server(behaviour=Behaviour.CLOSE)
    smtp = client(server, lab_ca, timeout=1)
    with pytest.raises(aiosmtplib.SMTPConnectError) as info:
        await smtp.connect()
    assert isinstance(info.value.__cause__, aiosmtplib.SMTPServerDisconnected)


@pytest.mark.parametrize(
    ("greeting", "code"), [(replies.GREETING_BUSY, 421), (replies.GREETING_BLOCKED, 554)]
)
async def test_greeting_rejected(
    smtp_server: ServerFactory, lab_ca: LabCA, greeting: str, code: int
) -> None:
    server = await smtp_server(greeting=greeting)
    smtp = client(server, lab_ca)
    with pytest.raises(aiosmtplib.SMTPConnectResponseError) as info:
        await smtp.connect()
    assert info.value.code == code


async def test_custom_220_greeting_keeps_session(smtp_server: ServerFactory, lab_ca: LabCA) -> None:
    server = await smtp_server(greeting="220 mx.example.test ESMTP Postfix")
    smtp = client(server, lab_ca)
    response = await smtp.connect()
    assert response.message == "mx.example.test ESMTP Postfix"
    await smtp.ehlo()
    await smtp.quit()


async def test_starttls_advertised_but_refused(smtp_server: ServerFactory, lab_ca: LabCA) -> None:
    server = await smtp_server(mode=Mode.STARTTLS, starttls_reply=replies.STARTTLS_REFUSED)
    smtp = client(server, lab_ca)
    await smtp.connect()
    await smtp.ehlo()
    assert smtp.supports_extension("starttls")
    with pytest.raises(aiosmtplib.SMTPResponseException) as info:
        await smtp.starttls()
    assert info.value.code == 454
    await smtp.quit()


@pytest.mark.parametrize(
    ("reply", "code", "text"),
    [
        (replies.GMAIL_APP_PASSWORD, 534, "5.7.9 Application-specific password required"),
        (replies.GMAIL_WEB_LOGIN, 534, "5.7.14"),
        (replies.GMAIL_BAD_CREDENTIALS, 535, "5.7.8 Username and Password not accepted"),
        (replies.MICROSOFT_BASIC_AUTH_DISABLED, 535, "SmtpClientAuthentication is disabled"),
        (replies.AUTH_RATE_LIMITED, 454, "4.7.0"),
        (replies.ENCRYPTION_REQUIRED, 530, "5.7.0 Must issue a STARTTLS command first"),
    ],
)
async def test_auth_failure_replies(
    smtp_server: ServerFactory, lab_ca: LabCA, reply: str, code: int, text: str
) -> None:
    server = await smtp_server(mode=Mode.TLS, accounts=ACCOUNTS, auth_reply=reply)
    smtp = client(server, lab_ca, tls=True)
    await smtp.connect()
    await smtp.ehlo()
    with pytest.raises(aiosmtplib.SMTPAuthenticationError) as info:
        await smtp.auth_plain("alice@example.test", "s3cret-pw")
    assert info.value.code == code
    assert text in info.value.message
    await smtp.quit()
    [attempt] = server.auth_attempts
    assert not attempt.success and attempt.username == "alice@example.test"
    assert server.failed_logins == 1


async def test_auth_reply_immediately_skips_credentials(
    smtp_server: ServerFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(
        mode=Mode.TLS,
        accounts=ACCOUNTS,
        auth_reply=replies.ENCRYPTION_REQUIRED,
        auth_reply_immediately=True,
    )
    smtp = client(server, lab_ca, tls=True)
    await smtp.connect()
    await smtp.ehlo()
    with pytest.raises(aiosmtplib.SMTPAuthenticationError) as info:
        await smtp.auth_login("alice@example.test", "s3cret-pw")
    assert info.value.code == 530
    await smtp.quit()
    assert server.auth_attempts[0].username == ""


async def test_only_xoauth2_offered(smtp_server: ServerFactory, lab_ca: LabCA) -> None:
    server = await smtp_server(mode=Mode.TLS, accounts=ACCOUNTS, mechanisms=("XOAUTH2",))
    smtp = client(server, lab_ca, tls=True)
    await smtp.connect()
    await smtp.ehlo()
    assert smtp.server_auth_methods == ["xoauth2"]
    with pytest.raises(aiosmtplib.SMTPAuthenticationError) as info:
        await smtp.auth_plain("alice@example.test", "s3cret-pw")
    assert info.value.code == 504
    # the "token" is checked like a password
    assert (await smtp.auth_xoauth2("alice@example.test", "s3cret-pw")).code == 235
    await smtp.quit()


async def test_no_auth_at_all(smtp_server: ServerFactory, lab_ca: LabCA) -> None:
    server = await smtp_server(mode=Mode.TLS, auth=AuthOffer.NONE, accounts=ACCOUNTS)
    smtp = client(server, lab_ca, tls=True)
    await smtp.connect()
    await smtp.ehlo()
    assert not smtp.supports_extension("auth")
    with pytest.raises(aiosmtplib.SMTPAuthenticationError) as info:
        await smtp.auth_plain("alice@example.test", "s3cret-pw")
    assert info.value.code == 503
    await smtp.quit()


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        (replies.SENDER_REJECTED, 553),
        (replies.MAIL_TEMPORARY, 451),
        (replies.MAIL_UNAUTHENTICATED, 530),
        (replies.QUOTA_TEMPORARY, 452),
        (replies.QUOTA_PERMANENT, 554),
    ],
)
async def test_mail_from_replies(
    smtp_server: ServerFactory, lab_ca: LabCA, reply: str, code: int
) -> None:
    server = await smtp_server(mail_reply=reply)
    smtp = client(server, lab_ca)
    await smtp.connect()
    await smtp.ehlo()
    with pytest.raises(aiosmtplib.SMTPSenderRefused) as info:
        await smtp.mail("alice@example.test")
    assert info.value.code == code
    assert "{sender}" not in info.value.message
    await smtp.quit()
    assert server.mail_commands[0].sender == "alice@example.test"


@pytest.mark.parametrize(
    ("reply", "code"), [(replies.RELAY_DENIED, 550), (replies.UNKNOWN_USER, 550)]
)
async def test_rcpt_to_replies(
    smtp_server: ServerFactory, lab_ca: LabCA, reply: str, code: int
) -> None:
    server = await smtp_server(rcpt_reply=reply)
    smtp = client(server, lab_ca)
    await smtp.connect()
    await smtp.ehlo()
    await smtp.mail("alice@example.test")
    with pytest.raises(aiosmtplib.SMTPRecipientRefused) as info:
        await smtp.rcpt("nobody@example.com")
    assert info.value.code == code
    await smtp.quit()


async def test_auth_required_and_allowed_senders(smtp_server: ServerFactory, lab_ca: LabCA) -> None:
    server = await smtp_server(
        mode=Mode.TLS,
        accounts=ACCOUNTS,
        auth_required=True,
        allowed_senders=frozenset({"alice@example.test"}),
    )
    smtp = client(server, lab_ca, tls=True)
    await smtp.connect()
    await smtp.ehlo()
    with pytest.raises(aiosmtplib.SMTPSenderRefused) as info:
        await smtp.mail("alice@example.test")
    assert info.value.code == 530
    await smtp.auth_plain("alice@example.test", "s3cret-pw")
    with pytest.raises(aiosmtplib.SMTPSenderRefused) as refused:
        await smtp.mail("mallory@example.test")
    assert refused.value.code == 553
    assert (await smtp.mail("Alice@example.test")).code == 250
    await smtp.rset()
    await smtp.quit()


@pytest.mark.parametrize(
    ("kind", "verify_code"),
    [
        (CertKind.SELF_SIGNED, 18),
        (CertKind.EXPIRED, 10),
        (CertKind.NOT_YET_VALID, 9),
        (CertKind.WRONG_NAME, 62),
        (CertKind.UNTRUSTED_CA, 20),
        (CertKind.MISSING_INTERMEDIATE, 20),
    ],
)
@pytest.mark.parametrize("mode", [Mode.TLS, Mode.STARTTLS])
async def test_certificate_failures(
    smtp_server: ServerFactory, lab_ca: LabCA, kind: CertKind, verify_code: int, mode: Mode
) -> None:
    server = await smtp_server(mode=mode, cert=kind)
    smtp = client(server, lab_ca, tls=mode is Mode.TLS)
    with pytest.raises((aiosmtplib.SMTPConnectError, ssl.SSLCertVerificationError)) as info:
        await smtp.connect()
        await smtp.starttls()
    error = info.value
    if not isinstance(error, ssl.SSLCertVerificationError):
        error = error.__cause__
    assert isinstance(error, ssl.SSLCertVerificationError)
    assert error.verify_code == verify_code
    smtp.close()


async def test_valid_certificate_names_include_ip_addresses(
    smtp_server: ServerFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(mode=Mode.TLS)
    smtp = client(server, lab_ca, tls=True, hostname="127.0.0.1")
    await smtp.connect()
    await smtp.quit()


@pytest.mark.skipif(not old_tls_available(), reason="this OpenSSL cannot speak TLS 1.0/1.1")
async def test_old_protocol_only(smtp_server: ServerFactory, lab_ca: LabCA) -> None:
    server = await smtp_server(mode=Mode.TLS, cert=CertKind.OLD_PROTOCOL)
    smtp = client(server, lab_ca, tls=True)
    with pytest.raises(aiosmtplib.SMTPConnectError) as info:
        await smtp.connect()
    assert "PROTOCOL_VERSION" in cause_chain(info.value).upper()


async def test_client_certificate_required(smtp_server: ServerFactory, lab_ca: LabCA) -> None:
    server = await smtp_server(mode=Mode.TLS, cert=CertKind.CLIENT_CERT_REQUIRED)
    smtp = client(server, lab_ca, tls=True)
    with pytest.raises(aiosmtplib.SMTPConnectError) as info:
        await smtp.connect()
    assert "CERTIFICATE_REQUIRED" in cause_chain(info.value).upper()
    with_cert = aiosmtplib.SMTP(
        hostname="localhost",
        port=server.port,
        use_tls=True,
        timeout=3,
        tls_context=lab_ca.client_context(with_client_cert=True),
        local_hostname="selftest.localdomain",
    )
    await with_cert.connect()
    await with_cert.quit()
