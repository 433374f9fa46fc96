"""The words of incoming-mail failures: the imap.* codes, and the provider refinements that
apply only when the failure came from IMAP/POP3 (its ``protocol`` parameter)."""

from __future__ import annotations

from smtpwizard.core.models import Failure
from smtpwizard.core.wording.codes import FailureCode as C
from smtpwizard.core.wording.messages import describe

IMAP = {"protocol": "IMAP", "host": "imap.example.com", "port": "993"}


def test_imap_codes_name_the_protocol_and_the_server() -> None:
    text = describe(Failure(C.IMAP_LOGIN_DISABLED, params=IMAP))
    assert "IMAP server imap.example.com" in text.explanation
    assert "port 993" in text.explanation
    assert describe(Failure(C.IMAP_NO_INBOX, params=IMAP)).title.startswith("Signed in")


def test_gmx_and_web_de_say_to_allow_imap_in_the_web_settings() -> None:
    for provider in ("gmx", "web-de"):
        incoming = describe(Failure(C.AUTH_REJECTED, params=IMAP), provider)
        assert "Allow access via POP3 and IMAP" in incoming.fix
        # an SMTP sign-in failure of the same provider keeps its own words
        outgoing = describe(Failure(C.AUTH_REJECTED, params={"host": "mail.gmx.net"}), provider)
        assert "POP3 and IMAP" not in outgoing.fix


def test_outlook_gmail_and_icloud_refinements() -> None:
    assert "OAuth" in describe(Failure(C.AUTH_REJECTED, params=IMAP), "outlook").fix
    assert "app password" in describe(Failure(C.AUTH_REJECTED, params=IMAP), "gmail").fix
    icloud = describe(Failure(C.IMAP_LOGIN_DISABLED, params=IMAP), "icloud").fix
    assert "app-specific password" in icloud
