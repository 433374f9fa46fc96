"""Advice never offers the port that just failed as the way out."""

from __future__ import annotations

import pytest

from smtpwizard.core.models import Failure
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.codes import FailureCode as C


@pytest.mark.parametrize(
    ("code", "port", "offered", "not_offered"),
    [
        (C.NET_TIMEOUT, "587", "(465)", "465 or 587"),
        (C.NET_TIMEOUT, "465", "(587)", "465 or 587"),
        (C.NET_NO_GREETING, "587", "port 465 with SSL/TLS", "port 587 with STARTTLS"),
        (C.TLS_STARTTLS_UNAVAILABLE, "587", "port 465 with SSL/TLS", "port 587 with STARTTLS"),
        (C.TLS_HANDSHAKE_FAILED, "465", "port 587 with STARTTLS", "port 465 with SSL/TLS"),
    ],
)
def test_the_failed_port_is_not_the_advice(
    code: C, port: str, offered: str, not_offered: str
) -> None:
    fix = messages.describe(Failure(code, params={"host": "smtp.example.com", "port": port})).fix
    assert offered in fix and not_offered not in fix


def test_other_ports_keep_both_choices() -> None:
    fix = messages.describe(Failure(C.NET_TIMEOUT, params={"port": "2525"})).fix
    assert "(465 or 587)" in fix
    fix = messages.describe(Failure(C.NET_TIMEOUT)).fix
    assert "(465 or 587)" in fix and "{" not in fix
