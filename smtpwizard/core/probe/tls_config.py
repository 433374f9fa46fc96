"""TLS client contexts that trust what the operating system trusts, plus an optional CA.

On Windows and macOS, ``truststore`` verifies certificates with the system's own API (the
Keychain, the Windows certificate store), so corporate and user-installed authorities work.
On Linux and other Unix systems the system trust store *is* OpenSSL's default CA bundle; there
we load it once into a plain context, because truststore reloads that bundle on every
connection (~50 ms of CPU each, on the event loop — measured as a visible stall in the GUI).
Contexts are built once per CA configuration and can be prepared off the event loop with
:func:`prepare_contexts`.
"""

from __future__ import annotations

import asyncio
import ssl
import sys
from functools import lru_cache

from smtpwizard.core.probe.options import ProbeOptions

_NATIVE_TRUST = sys.platform in ("win32", "darwin")


def _system_context() -> ssl.SSLContext:
    if _NATIVE_TRUST:
        # lazy: used on Windows and macOS only
        import truststore

        context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    else:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_default_certs(ssl.Purpose.SERVER_AUTH)
    return context


@lru_cache(maxsize=16)
def _verifying_context(ca_file: str | None, ca_pem: str | None) -> ssl.SSLContext:
    context = _system_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    if ca_pem:
        context.load_verify_locations(cadata=ca_pem)
    return context


@lru_cache(maxsize=1)
def _inspecting_context() -> ssl.SSLContext:
    # Used only to read a certificate that failed verification (to show it and to let the
    # user pin it). Credentials are never sent over it unless the fingerprint was pinned.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def make_context(options: ProbeOptions, *, verify: bool = True) -> ssl.SSLContext:
    if not verify:
        return _inspecting_context()
    return _verifying_context(options.ca_file, options.ca_pem)


async def prepare_contexts(options: ProbeOptions) -> None:
    """Build (and cache) the contexts in a worker thread: loading CA bundles takes a while."""
    await asyncio.to_thread(make_context, options)
    await asyncio.to_thread(make_context, options, verify=False)


def trust_summary() -> tuple[str, int]:
    """Which trust store the probe uses, and how many authorities it holds (-1: not known)."""
    context = _verifying_context(None, None)
    if _NATIVE_TRUST:
        return "the operating system's own certificate verifier (truststore)", -1
    return "the system certificate bundle", context.cert_store_stats()["x509_ca"]
