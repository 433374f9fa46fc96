"""The probe's use of aiosmtplib internals is checked, and a different aiosmtplib fails loudly."""

from __future__ import annotations

from typing import Any

import aiosmtplib
import pytest
from aiosmtplib.protocol import SMTPProtocol

from smtpwizard import SmtpWizardError
from smtpwizard.core.probe import aiosmtplib_compat
from smtpwizard.core.probe.aiosmtplib_compat import AiosmtplibIncompatible, problems


def test_the_installed_aiosmtplib_is_what_the_probe_was_written_against() -> None:
    assert problems() == []
    aiosmtplib_compat.check_compatible()  # does not raise


class _Renamed(aiosmtplib.SMTP):
    """As if a release renamed the connection step (aiosmtplib's main branch did move it)."""

    _create_connection = None  # type: ignore[assignment]


class _NewSignature(aiosmtplib.SMTP):
    async def _create_connection(self, timeout: float | None, *, happy_eyeballs: bool) -> Any:  # type: ignore[override]
        raise AssertionError("never called")


class _SyncContext(aiosmtplib.SMTP):
    def _get_tls_context(self) -> Any:  # type: ignore[override]
        raise AssertionError("never called")


class _OtherProtocol(SMTPProtocol):
    def __init__(self, loop: Any = None) -> None:  # no connection_lost_callback any more
        super().__init__(loop=loop)


@pytest.mark.parametrize(
    ("smtp_class", "protocol_class", "expected"),
    [
        (_Renamed, SMTPProtocol, "SMTP._create_connection is missing"),
        (
            _NewSignature,
            SMTPProtocol,
            "SMTP._create_connection('self', 'timeout', 'happy_eyeballs')",
        ),
        (_SyncContext, SMTPProtocol, "SMTP._get_tls_context is not a coroutine function"),
        (aiosmtplib.SMTP, _OtherProtocol, "SMTPProtocol() takes no 'connection_lost_callback'"),
    ],
)
def test_a_changed_internal_is_named(
    smtp_class: type[Any], protocol_class: type[Any], expected: str
) -> None:
    found = problems(smtp_class, protocol_class)
    assert any(expected in line for line in found), found


def test_an_incompatible_aiosmtplib_stops_the_probe_with_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    aiosmtplib_compat.check_compatible.cache_clear()
    monkeypatch.setattr(
        aiosmtplib_compat, "problems", lambda: ["SMTP._create_connection is missing"]
    )
    try:
        with pytest.raises(AiosmtplibIncompatible, match="is not supported by this smtpwizard"):
            aiosmtplib_compat.check_compatible()
        assert issubclass(AiosmtplibIncompatible, SmtpWizardError)
    finally:
        aiosmtplib_compat.check_compatible.cache_clear()
