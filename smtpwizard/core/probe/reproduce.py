"""The commands that repeat an attempt by hand: ``openssl s_client`` and ``swaks``.

Support staff paste them into a terminal to check what the probe saw. They dial what the probe
dialled (the host as typed, the port actually used), name the server for SNI and certificate
checks (``-servername``, ``-verify_hostname``), and trust the same extra authority
(``--ca-file``). They never contain a password: ``swaks --auth-user`` without
``--auth-password`` asks for it.
"""

from __future__ import annotations

import ipaddress

from smtpwizard.core.models import Attempt, Reproduce, Security
from smtpwizard.core.probe.options import ProbeOptions


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def host_port(host: str, port: int) -> str:
    """``host:port``, with an IPv6 address in brackets (``[::1]:465``)."""
    if ":" in host:
        return f"[{host}]:{port}"
    return f"{host}:{port}"


def openssl_argv(options: ProbeOptions, port: int, security: Security) -> tuple[str, ...]:
    """``openssl s_client`` for a TLS pairing (empty for plaintext: there is no TLS)."""
    if security is Security.NONE:
        return ()
    host = options.host
    argv = ["openssl", "s_client", "-connect", host_port(host, options.dial_port(port))]
    argv += ["-servername", host]
    if security is Security.STARTTLS:
        argv += ["-starttls", "smtp"]
    argv += ["-verify_ip", host] if _is_ip(host) else ["-verify_hostname", host]
    argv += ["-verify_return_error", "-crlf"]
    if options.ca_file:
        argv += ["-CAfile", options.ca_file]
    return tuple(argv)


def swaks_argv(
    options: ProbeOptions, port: int, security: Security, *, mechanism: str | None
) -> tuple[str, ...]:
    """A ``swaks`` line that goes as far as the probe did, without the password."""
    argv = ["swaks", "--server", host_port(options.host, options.dial_port(port))]
    if security is Security.TLS:
        argv.append("--tls-on-connect")
    elif security is Security.STARTTLS:
        argv.append("--tls")
    if security is not Security.NONE:
        argv += ["--tls-verify", "--tls-sni", options.host]
        if options.ca_file:
            argv += ["--tls-ca-path", options.ca_file]
    argv += ["--ehlo", options.local_hostname]
    sender = options.sender or (
        options.username if options.username and "@" in options.username else None
    )
    signs_in = mechanism is not None and options.username is not None
    if signs_in:
        # one named mechanism: swaks would otherwise try every one offered (lockout risk)
        argv += ["--auth", str(mechanism), "--auth-user", str(options.username)]
    if sender and options.send_test_to:
        argv += ["--from", sender, "--to", options.send_test_to]
    elif sender:  # MAIL FROM checks the sender; swaks stops before any recipient is needed
        argv += ["--from", sender, "--quit-after", "MAIL"]
    else:
        argv += ["--quit-after", "AUTH" if signs_in else "EHLO"]
    return tuple(argv)


_MECHANISMS = ("PLAIN", "LOGIN", "CRAM-MD5")


def _mechanism(attempt: Attempt, options: ProbeOptions) -> str | None:
    """The password mechanism to name (none without a password, e.g. an OAuth sign-in)."""
    if options.password is None or options.username is None:
        return None
    offered = {m.upper() for m in attempt.auth_mechanisms}
    return next((m for m in _MECHANISMS if m in offered), "PLAIN")


def reproduce(attempt: Attempt, options: ProbeOptions) -> Reproduce:
    """The commands for ``attempt`` (made with ``options``)."""
    mechanism = _mechanism(attempt, options)
    if attempt.security is Security.NONE and not options.allow_plaintext_auth:
        mechanism = None  # the probe never sent the password in the clear: neither does swaks
    return Reproduce(
        openssl=openssl_argv(options, attempt.port, attempt.security),
        swaks=swaks_argv(options, attempt.port, attempt.security, mechanism=mechanism),
    )
