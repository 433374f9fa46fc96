"""TLS client contexts: the operating system's trust store (truststore) plus an optional CA."""

from __future__ import annotations

import ssl
from functools import lru_cache

import truststore

from smtpwizard.core.options import ProbeOptions


@lru_cache(maxsize=16)
def _verifying_context(ca_file: str | None, ca_pem: str | None) -> ssl.SSLContext:
    context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
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
