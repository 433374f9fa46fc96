"""A throwaway certificate authority and the server TLS contexts the lab's servers present.

The CA exists only in memory for the life of the process; only the probe it serves trusts it
(through ``ProbeOptions.ca_pem``). Every kind of broken certificate a real server can present is
one :class:`CertKind`, so tests name the failure they want instead of building certificates.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import ssl
import tempfile
import threading
import warnings
from enum import StrEnum

import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

# the names a valid lab certificate is issued for (what the probe dials)
LAB_NAMES: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
WRONG_NAME = "wrong.example"
OTHER_IDENTITY_NAME = "mailfilter.isp.example"
EXPIRING_DAYS = 5


class CertKind(StrEnum):
    """Which server TLS context to present."""

    VALID = "valid"  # issued by the lab CA for localhost / 127.0.0.1 / ::1
    SELF_SIGNED = "self_signed"  # a leaf signed by its own key, names correct
    EXPIRED = "expired"  # from the lab CA, not_after in the past
    NOT_YET_VALID = "not_yet_valid"  # from the lab CA, not_before in the future
    WRONG_NAME = "wrong_name"  # from the lab CA, only for "wrong.example"
    UNTRUSTED_CA = "untrusted_ca"  # names correct, signed by a CA nobody trusts
    MISSING_INTERMEDIATE = "missing_intermediate"  # leaf from an intermediate the server omits
    OLD_PROTOCOL = "old_protocol"  # valid certificate, but only TLS 1.0/1.1 (see old_tls_available)
    CLIENT_CERT_REQUIRED = "client_cert_required"  # valid certificate, demands a client certificate
    # valid certificate, but TLS 1.2 with only PSK cipher suites: no cipher in common with any
    # ordinary client, so the handshake ends in a "handshake failure" alert
    NO_SHARED_CIPHER = "no_shared_cipher"
    # valid, from the lab CA, but expires in EXPIRING_DAYS days
    EXPIRING_SOON = "expiring_soon"
    # valid certificate; besides TLS 1.2/1.3 also accepts TLS 1.0/1.1 (see old_tls_available)
    LEGACY_ALLOWED = "legacy_allowed"
    # valid for the lab names, but also naming another machine (an interceptor's certificate)
    OTHER_IDENTITY = "other_identity"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def _self_signed_pem(names: tuple[str, ...]) -> tuple[bytes, bytes]:
    """A self-signed leaf certificate (not a CA) for ``names``: (cert PEM, key PEM)."""

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "smtpwizard lab (self-signed)"),
            x509.NameAttribute(NameOID.COMMON_NAME, names[0]),
        ]
    )
    sans: list[x509.GeneralName] = []
    for name in names:
        try:
            sans.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            sans.append(x509.DNSName(name))
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def _load_pem_pair(ctx: ssl.SSLContext, cert_pem: bytes, key_pem: bytes) -> None:
    """``load_cert_chain`` wants files: write both to one temporary file and load it."""

    fd, path = tempfile.mkstemp(prefix="smtpwizard-lab-", suffix=".pem")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(key_pem + cert_pem)
        ctx.load_cert_chain(path)
    finally:
        os.unlink(path)


def _base_server_context() -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # aiosmtpd expects CERT_NONE/OPTIONAL and no hostname checks on a server context
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _limit_to_old_tls(ctx: ssl.SSLContext) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")


_old_tls_cache: bool | None = None


def old_tls_available() -> bool:
    """True if this OpenSSL can still speak TLS 1.0/1.1 as a server (checked once, in memory).

    Tests of ``tls.protocol_too_old`` skip when this is False.
    """
    global _old_tls_cache
    if _old_tls_cache is None:
        _old_tls_cache = _probe_old_tls()
    return _old_tls_cache


def _probe_old_tls() -> bool:
    try:
        ca = trustme.CA()
        leaf = ca.issue_cert("localhost")
        server = _base_server_context()
        leaf.configure_cert(server)
        _limit_to_old_tls(server)
        client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ca.configure_trust(client)
        _limit_to_old_tls(client)
        s_in, s_out, c_in, c_out = (ssl.MemoryBIO() for _ in range(4))
        s_obj = server.wrap_bio(s_in, s_out, server_side=True)
        c_obj = client.wrap_bio(c_in, c_out, server_hostname="localhost")
        done = {"c": False, "s": False}
        for _ in range(8):
            sides = (("c", c_obj, c_out, s_in), ("s", s_obj, s_out, c_in))
            for key, obj, out_bio, peer_in in sides:
                if not done[key]:
                    try:
                        obj.do_handshake()
                        done[key] = True
                    except ssl.SSLWantReadError:
                        pass
                data = out_bio.read()
                if data:
                    peer_in.write(data)
            if all(done.values()):
                break
        return all(done.values()) and c_obj.version() in {"TLSv1", "TLSv1.1"}
    except (ssl.SSLError, ValueError, OSError):
        return False


class LabCA:
    """A certificate authority made at start; the probe trusts it through :attr:`ca_pem`.

    Contexts are made lazily and cached; :meth:`shared` gives one instance per process
    (making a CA and its certificates costs tens of milliseconds).
    """

    _shared: LabCA | None = None
    _shared_lock = threading.Lock()

    def __init__(self) -> None:
        self._ca = trustme.CA(organization_name="smtpwizard lab CA")
        self.ca_pem: str = self._ca.cert_pem.bytes().decode("ascii")
        self._contexts: dict[CertKind, ssl.SSLContext] = {}
        self._lock = threading.Lock()
        self._client_cert: trustme.LeafCert | None = None

    @classmethod
    def shared(cls) -> LabCA:
        """The process-wide CA (made on first use)."""
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    # -- server side -----------------------------------------------------------------------------

    def server_context(self, kind: CertKind | str = CertKind.VALID) -> ssl.SSLContext:
        """The server SSL context presenting certificate ``kind`` (cached)."""
        kind = CertKind(kind)
        with self._lock:
            ctx = self._contexts.get(kind)
            if ctx is None:
                ctx = self._make_context(kind)
                self._contexts[kind] = ctx
            return ctx

    def _make_context(self, kind: CertKind) -> ssl.SSLContext:
        ctx = _base_server_context()
        now = _now()
        if kind is CertKind.SELF_SIGNED:
            _load_pem_pair(ctx, *_self_signed_pem(LAB_NAMES))
            return ctx
        if kind is CertKind.UNTRUSTED_CA:
            other = trustme.CA(organization_name="smtpwizard untrusted CA")
            other.issue_cert(*LAB_NAMES).configure_cert(ctx)
            return ctx
        if kind is CertKind.MISSING_INTERMEDIATE:
            intermediate = self._ca.create_child_ca()
            leaf = intermediate.issue_cert(*LAB_NAMES)
            # present only the leaf: the client cannot build the chain up to the lab CA
            _load_pem_pair(ctx, leaf.cert_chain_pems[0].bytes(), leaf.private_key_pem.bytes())
            return ctx
        if kind is CertKind.EXPIRED:
            leaf = self._ca.issue_cert(
                *LAB_NAMES,
                not_before=now - datetime.timedelta(days=60),
                not_after=now - datetime.timedelta(days=1),
            )
        elif kind is CertKind.NOT_YET_VALID:
            leaf = self._ca.issue_cert(
                *LAB_NAMES,
                not_before=now + datetime.timedelta(days=30),
                not_after=now + datetime.timedelta(days=60),
            )
        elif kind is CertKind.WRONG_NAME:
            leaf = self._ca.issue_cert(WRONG_NAME)
        elif kind is CertKind.EXPIRING_SOON:
            leaf = self._ca.issue_cert(
                *LAB_NAMES,
                not_before=now - datetime.timedelta(days=80),
                not_after=now + datetime.timedelta(days=EXPIRING_DAYS, hours=12),
            )
        elif kind is CertKind.OTHER_IDENTITY:
            leaf = self._ca.issue_cert(*LAB_NAMES, OTHER_IDENTITY_NAME)
        else:
            leaf = self._ca.issue_cert(*LAB_NAMES)
        leaf.configure_cert(ctx)
        if kind is CertKind.OLD_PROTOCOL:
            _limit_to_old_tls(ctx)
        elif kind is CertKind.LEGACY_ALLOWED:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        elif kind is CertKind.CLIENT_CERT_REQUIRED:
            ctx.verify_mode = ssl.CERT_REQUIRED
            self._ca.configure_trust(ctx)
        elif kind is CertKind.NO_SHARED_CIPHER:
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
            ctx.set_ciphers("PSK")
        return ctx

    # -- client side (for tests of the lab itself) -------------------------------------------

    def client_context(self, *, with_client_cert: bool = False) -> ssl.SSLContext:
        """A client context that trusts this CA (optionally presenting a client certificate)."""
        ctx = ssl.create_default_context(cadata=self.ca_pem)
        if with_client_cert:
            with self._lock:
                if self._client_cert is None:
                    self._client_cert = self._ca.issue_cert("client@smtpwizard.test")
                cert = self._client_cert
            cert.configure_cert(ctx)
        return ctx

    def server_pem(
        self, kind: CertKind | str = CertKind.VALID, *, extra_names: tuple[str, ...] = ()
    ) -> tuple[bytes, bytes]:
        """A server certificate chain and its key as PEM (for servers that read files, such as
        Dovecot): only ``valid`` (from this CA) and ``self_signed`` are offered."""
        kind = CertKind(kind)
        names = LAB_NAMES + extra_names
        if kind is CertKind.SELF_SIGNED:
            return _self_signed_pem(names)
        if kind is not CertKind.VALID:
            raise ValueError(f"no PEM files for certificate kind {kind.value!r}")
        leaf = self._ca.issue_cert(*names)
        chain = b"".join(blob.bytes() for blob in leaf.cert_chain_pems)
        return chain, leaf.private_key_pem.bytes()

    def write_ca_pem(self, path: str) -> str:
        """Write the CA certificate (PEM) to ``path``; returns ``path``."""
        with open(path, "w", encoding="ascii") as fh:
            fh.write(self.ca_pem)
        return path
