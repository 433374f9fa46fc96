"""Everything typed in gets a clear message when it cannot be used."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smtpwizard.core.models import Pairing, Security
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.validation import (
    InputError,
    normalize_host,
    validate_email,
    validate_password,
    validate_port,
    validate_username,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("smtp.example.com", "smtp.example.com"),
        ("  SMTP.Example.COM. ", "smtp.example.com"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
    ],
)
def test_hosts_are_normalized(raw: str, expected: str) -> None:
    assert normalize_host(raw) == expected


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("smtp example.com", "space"),
        ("smtp.example.com\r\nRCPT TO:<x>", "line break"),
        ("smtp.\x07example.com", "control character"),
        ("", "Enter the server name"),
        ("me@example.com", "email address"),
        ("https://smtp.example.com/", "without http"),
        ("smtp.example.com:587", "without http"),
        ("-bad-.example", "not a valid server name"),
        ("a" * 64 + ".example", "not a valid server name"),
    ],
)
def test_bad_hosts_say_why(raw: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        normalize_host(raw)


def test_ports() -> None:
    assert validate_port("587") == 587
    for bad in ("0", "65536", "abc", "-1"):
        with pytest.raises(InputError):
            validate_port(bad)


def test_credentials_refuse_line_breaks() -> None:
    with pytest.raises(InputError, match="line break"):
        validate_username("me@example.com\r\nMAIL FROM:<x>")
    with pytest.raises(InputError, match="line break"):
        validate_password("secret\n")
    with pytest.raises(InputError, match="Enter your password"):
        validate_password("")
    assert validate_password(" spaces are fine ") == " spaces are fine "


def test_emails() -> None:
    assert validate_email("Me@Bücher.example") == "Me@xn--bcher-kva.example"
    for bad in ("me", "me@", "@example.com", "me@localhost", "me@exa mple.com", "a..b@x.com"):
        with pytest.raises(InputError):
            validate_email(bad)


def test_pairing_parse() -> None:
    assert Pairing.parse("465/ssl") == Pairing(465, Security.TLS)
    assert Pairing.parse(" 25/plain ") == Pairing(25, Security.NONE)
    for bad in ("587", "587/foo", "x/tls", "70000/tls"):
        with pytest.raises(ValueError):
            Pairing.parse(bad)


def test_probe_options_validate_everything() -> None:
    with pytest.raises(InputError):
        ProbeOptions("smtp.example.com", password="x")  # password without user
    with pytest.raises(InputError):
        ProbeOptions("smtp.example.com", pairings=())
    with pytest.raises(InputError):
        ProbeOptions("smtp.example.com", sender="not an address")
    options = ProbeOptions("SMTP.example.com", username="me", password="hunter2-secret")
    assert options.host == "smtp.example.com"
    assert "hunter2" not in repr(options)


@given(st.text(max_size=80))
def test_host_validation_never_crashes(text: str) -> None:
    try:
        host = normalize_host(text)
    except InputError as exc:
        assert str(exc)
    else:
        assert host.isascii() and " " not in host and "\n" not in host


@given(st.text(max_size=80))
def test_email_validation_never_crashes(text: str) -> None:
    try:
        address = validate_email(text)
    except InputError as exc:
        assert str(exc)
    else:
        assert "@" in address and "\r" not in address and "\n" not in address
