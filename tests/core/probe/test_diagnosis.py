"""Replies and exceptions → stable failure codes, including providers' real replies."""

from __future__ import annotations

import socket
import ssl

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smtpwizard.core.models import StageName
from smtpwizard.core.probe import diagnosis
from smtpwizard.core.wording.codes import FailureCode as C


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        (
            534,
            "5.7.9 Application-specific password required. Learn more at "
            "https://support.google.com/mail/?p=InvalidSecondFactor",
            C.AUTH_APP_PASSWORD_REQUIRED,
        ),
        (
            534,
            "5.7.14 <https://accounts.google.com/signin/continue?sarp=1> Please log in via "
            "your web browser and then try again.",
            C.AUTH_WEB_LOGIN_REQUIRED,
        ),
        (
            535,
            "5.7.8 Username and Password not accepted. For more information, go to "
            "https://support.google.com/mail/?p=BadCredentials",
            C.AUTH_REJECTED,
        ),
        (
            535,
            "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for "
            "the Tenant. Visit https://aka.ms/smtp_auth_disabled",
            C.AUTH_BASIC_AUTH_DISABLED,
        ),
        (
            535,
            "5.7.139 Authentication unsuccessful, basic authentication is disabled.",
            C.AUTH_BASIC_AUTH_DISABLED,
        ),
        (
            550,
            "5.7.30 Basic authentication is not supported for Client Submission.",
            C.AUTH_BASIC_AUTH_DISABLED,
        ),
        (535, "5.7.3 Authentication unsuccessful", C.AUTH_REJECTED),
        (535, "5.7.0 (#AUTH005) Too many bad auth attempts.", C.AUTH_RATE_LIMITED),
        (454, "4.7.0 Too many login attempts, please try again later.", C.AUTH_RATE_LIMITED),
        # 421 at any stage: the service is not available for now, not a judgement of the password
        (421, "4.7.0 Temporary System Problem. Try again later.", C.SMTP_TEMPORARY),
        (530, "5.7.0 Must issue a STARTTLS command first.", C.AUTH_ENCRYPTION_REQUIRED),
        (
            538,
            "5.7.11 Encryption required for requested authentication mechanism",
            C.AUTH_ENCRYPTION_REQUIRED,
        ),
        (504, "5.5.4 Unrecognized authentication type", C.AUTH_NO_COMMON_MECHANISM),
        (535, "Authentication credentials invalid", C.AUTH_REJECTED),  # Amazon SES
        (535, "Authentication failed: Bad username / password", C.AUTH_REJECTED),  # SendGrid
    ],
)
def test_auth_replies(code: int, text: str, expected: C) -> None:
    failure = diagnosis.classify_auth_reply(code, text)
    assert failure.code is expected
    assert failure.reply_code == code
    assert str(code) in failure.detail


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        (530, "5.7.57 Client not authenticated to send mail.", C.SEND_UNAUTHENTICATED),
        (530, "5.7.0 Authentication required", C.SEND_UNAUTHENTICATED),
        (
            553,
            "5.7.1 Sender address rejected: not owned by user x@example.com",
            C.SEND_SENDER_REJECTED,
        ),
        (
            550,
            "5.7.60 SMTP; Client does not have permissions to send as this sender",
            C.SEND_SENDER_REJECTED,
        ),
        (550, "5.4.5 Daily user sending quota exceeded.", C.SEND_QUOTA_EXCEEDED),
        (451, "4.7.1 Greylisted, please try again later", C.SEND_TEMPORARY),
        (452, "4.3.1 Insufficient system storage", C.SEND_TEMPORARY),
    ],
)
def test_mail_replies(code: int, text: str, expected: C) -> None:
    assert diagnosis.classify_mail_reply(code, text).code is expected


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        (554, "5.7.1 <x@elsewhere.example>: Relay access denied", C.SEND_RELAY_DENIED),
        (550, "5.7.1 Unable to relay", C.SEND_RELAY_DENIED),
        (
            550,
            "5.1.1 <nobody@example.com>: Recipient address rejected: User unknown",
            C.SEND_RECIPIENT_REJECTED,
        ),
        (450, "4.2.0 Greylisted", C.SEND_TEMPORARY),
    ],
)
def test_rcpt_replies(code: int, text: str, expected: C) -> None:
    assert diagnosis.classify_rcpt_reply(code, text).code is expected


def test_greeting_and_starttls_replies() -> None:
    assert diagnosis.classify_greeting(421, "Service not available").code is C.SMTP_TEMPORARY
    assert (
        diagnosis.classify_greeting(554, "5.7.1 blocked using zen.spamhaus.org").code
        is C.SMTP_GREETING_REJECTED
    )
    assert (
        diagnosis.classify_command_reply(StageName.STARTTLS, 454, "TLS not available").code
        is C.TLS_STARTTLS_REFUSED
    )
    assert diagnosis.classify_command_reply(StageName.EHLO, 421, "busy").code is C.SMTP_TEMPORARY
    assert diagnosis.classify_command_reply(StageName.STARTTLS, 421, "bye").code is C.SMTP_TEMPORARY
    assert diagnosis.classify_mail_reply(421, "4.7.0 quota exceeded").code is C.SMTP_TEMPORARY


def _cert_error(verify_code: int) -> ssl.SSLCertVerificationError:
    exc = ssl.SSLCertVerificationError(1, "certificate verify failed")
    exc.verify_code = verify_code
    exc.verify_message = "x"
    return exc


@pytest.mark.parametrize(
    ("verify_code", "expected"),
    [
        (10, C.TLS_CERT_EXPIRED),
        (9, C.TLS_CERT_EXPIRED),
        (18, C.TLS_CERT_SELF_SIGNED),
        (19, C.TLS_CERT_UNTRUSTED),
        (20, C.TLS_CERT_UNTRUSTED),
        (62, C.TLS_CERT_HOSTNAME_MISMATCH),
        (64, C.TLS_CERT_HOSTNAME_MISMATCH),
        (66, C.TLS_CERT_UNTRUSTED),
    ],
)
def test_verify_codes(verify_code: int, expected: C) -> None:
    failure = diagnosis.classify_tls_error(_cert_error(verify_code), "smtp.example.com")
    assert failure.code is expected
    assert failure.params["host"] == "smtp.example.com"


def test_cause_chain_is_followed() -> None:
    inner = ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number")
    outer = ConnectionError("Error connecting")
    outer.__cause__ = inner
    assert diagnosis.classify_exception(outer, StageName.TLS, "h", 465).code is C.TLS_WRONG_MODE


def test_os_errors() -> None:
    assert (
        diagnosis.classify_os_error(
            ConnectionRefusedError(111, "refused"), StageName.CONNECT, "h", 25
        ).code
        is C.NET_REFUSED
    )
    assert (
        diagnosis.classify_os_error(
            OSError(101, "Network is unreachable"), StageName.CONNECT, "h", 25
        ).code
        is C.NET_UNREACHABLE
    )
    assert (
        diagnosis.classify_os_error(
            socket.gaierror(socket.EAI_NONAME, "unknown"), StageName.RESOLVE, "h", 25
        ).code
        is C.DNS_NOT_FOUND
    )
    assert (
        diagnosis.classify_os_error(
            socket.gaierror(socket.EAI_AGAIN, "again"), StageName.RESOLVE, "h", 25
        ).code
        is C.DNS_FAILED
    )
    assert diagnosis.classify_timeout(StageName.CONNECT, "h", 25, 5).code is C.NET_TIMEOUT
    assert diagnosis.classify_timeout(StageName.GREETING, "h", 25, 5).code is C.NET_NO_GREETING


@given(code=st.integers(min_value=200, max_value=599), text=st.text(max_size=300))
def test_any_reply_classifies_to_a_known_code(code: int, text: str) -> None:
    for classify in (
        diagnosis.classify_auth_reply,
        diagnosis.classify_mail_reply,
        diagnosis.classify_rcpt_reply,
        diagnosis.classify_data_reply,
        diagnosis.classify_greeting,
    ):
        failure = classify(code, text)
        assert isinstance(failure.code, C)
        assert "\n" not in failure.detail and "\r" not in failure.detail


@given(text=st.text(max_size=200))
def test_enhanced_status_is_well_formed(text: str) -> None:
    esc = diagnosis.enhanced_status(text)
    assert esc is None or (esc[0] in "245" and esc.count(".") == 2)
