"""The recording proxy sees cleartext AUTH and only ciphertext under TLS."""

from __future__ import annotations

import aiosmtplib
import pytest

from smtpwizard.lab import AuthOffer, LabCA, Mode
from tests.fixtures import secret_forms
from tests.fixtures.servers import ProxyFactory, ServerFactory

USER, PASSWORD = "carol@example.test", "correct horse battery"


def test_secret_forms_cover_plain_login_and_raw() -> None:
    forms = secret_forms("u", "p")
    assert b"p" in forms
    assert b"AHUAcA==" in forms  # base64("\0u\0p"): AUTH PLAIN
    assert b"cA==" in forms  # base64("p"): AUTH LOGIN
    assert len(forms) == len(set(forms))


@pytest.mark.asyncio
async def test_proxy_catches_a_cleartext_login(
    smtp_server: ServerFactory, recording_proxy: ProxyFactory, lab_ca: LabCA
) -> None:
    server = await smtp_server(auth=AuthOffer.ALWAYS, accounts={USER: PASSWORD})
    proxy = await recording_proxy(server.port)
    for login in ("plain", "login"):
        smtp = aiosmtplib.SMTP(
            hostname="127.0.0.1", port=proxy.port, timeout=3, local_hostname="selftest.localdomain"
        )
        await smtp.connect()
        await smtp.ehlo()
        await getattr(smtp, f"auth_{login}")(USER, PASSWORD)
        await smtp.quit()
    assert proxy.connections == 2
    assert b"AUTH PLAIN" in proxy.upstream
    assert proxy.leaks(secret_forms(USER, PASSWORD))


@pytest.mark.asyncio
@pytest.mark.parametrize("mode", [Mode.TLS, Mode.STARTTLS_REQUIRED])
async def test_proxy_sees_no_secret_when_auth_is_encrypted(
    smtp_server: ServerFactory, recording_proxy: ProxyFactory, lab_ca: LabCA, mode: Mode
) -> None:
    server = await smtp_server(mode=mode, accounts={USER: PASSWORD})
    proxy = await recording_proxy(server.port)
    smtp = aiosmtplib.SMTP(
        hostname="localhost",
        port=proxy.port,
        timeout=3,
        use_tls=mode is Mode.TLS,
        start_tls=mode is not Mode.TLS,
        tls_context=lab_ca.client_context(),
        local_hostname="selftest.localdomain",
    )
    await smtp.connect()
    await smtp.ehlo()
    await smtp.auth_plain(USER, PASSWORD)
    await smtp.quit()
    assert server.auth_attempts[0].success
    assert len(proxy.upstream) > 100 and len(proxy.downstream) > 100
    assert proxy.leaks(secret_forms(USER, PASSWORD)) == []
