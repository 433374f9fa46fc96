"""The hardened autoconfig parser, on good and hostile documents (no network)."""

from __future__ import annotations

import pytest

from smtpwizard.core.discovery.autoconfig import MAX_BYTES, AutoconfigError, parse_autoconfig
from smtpwizard.core.models import Security
from tests.integration.discovery import documents as docs

EMAIL = "jane.doe@example.test"


def test_valid_document_resolves_placeholders_and_keeps_only_smtp() -> None:
    doc = parse_autoconfig(docs.VALID, EMAIL)
    assert doc.provider_id == "example.test"
    assert doc.display_name == "Example Mail"
    assert doc.domains == ("example.test",)
    assert [(s.host, s.port, s.security) for s in doc.servers] == [
        ("smtp.example.test", 465, Security.TLS),
        ("submit.example.test", 587, Security.STARTTLS),
    ]
    assert doc.servers[0].username == "jane.doe"
    assert doc.servers[1].username == EMAIL
    assert doc.servers[0].auth == ("password",)
    assert doc.servers[1].auth == ("oauth2", "password")


def test_bad_values_are_skipped_not_trusted() -> None:
    doc = parse_autoconfig(docs.BAD_VALUES, EMAIL)
    assert [(s.host, s.port) for s in doc.servers] == [("ok.example.test", 587)]
    assert doc.servers[0].username is None  # %REALNAME% is not something we can fill in


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (docs.MALFORMED, "not well-formed"),
        (docs.NOT_AUTOCONFIG, "not an autoconfig document"),
        (docs.NO_SMTP, "no usable SMTP server"),
        (docs.BILLION_LAUGHS, "refused unsafe XML"),
        (docs.EXTERNAL_ENTITY, "refused unsafe XML"),
        (b"", "not well-formed"),
        (docs.huge(MAX_BYTES + 1), "larger than 256 KiB"),
    ],
)
def test_hostile_documents_are_refused(document: bytes, reason: str) -> None:
    with pytest.raises(AutoconfigError, match=reason):
        parse_autoconfig(document, EMAIL)


def test_a_document_just_under_the_cap_is_read() -> None:
    doc = parse_autoconfig(docs.huge(MAX_BYTES - 2000), EMAIL)
    assert doc.servers[0].host == "smtp.example.test"
