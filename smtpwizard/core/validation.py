"""Checks for everything a person or a program types in, with messages a person understands.

Every check raises :class:`InputError` (a ``ValueError``) whose message can be shown as-is.
"""

from __future__ import annotations

import ipaddress
import re

from smtpwizard.core.errors import SmtpWizardError

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_LOCAL_PART = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$")


class InputError(SmtpWizardError, ValueError):
    """Input that cannot be used; the message says why in plain words."""


def _no_control(value: str, what: str) -> None:
    if "\r" in value or "\n" in value:
        raise InputError(f"The {what} contains a line break. Remove it and try again.")
    if _CONTROL.search(value):
        raise InputError(f"The {what} contains an invisible control character. Retype it.")


def normalize_host(value: str) -> str:
    """Return the ASCII (IDNA) form of a host name or a plain IP address.

    Accepts international names (``bücher.example`` → ``xn--bcher-kva.example``).
    """
    host = value.strip()
    _no_control(host, "server name")
    if not host:
        raise InputError("Enter the server name, for example smtp.example.com.")
    if any(c.isspace() for c in host):
        raise InputError("The server name contains a space. Server names have no spaces.")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if "@" in host:
        raise InputError(
            "That looks like an email address. Enter the server name, for example smtp.example.com."
        )
    if "/" in host or ":" in host:
        raise InputError(
            "Enter only the server name, without http://, a path or a port (for example "
            "smtp.example.com)."
        )
    host = host.rstrip(".").lower()
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise InputError(f"{value.strip()!r} is not a valid server name.") from None
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in ascii_host.split(".")):
        raise InputError(f"{value.strip()!r} is not a valid server name.")
    return ascii_host


def validate_port(value: int | str) -> int:
    try:
        port = int(str(value).strip())
    except ValueError:
        raise InputError(f"{value!r} is not a port number. Ports are numbers like 587.") from None
    if not 1 <= port <= 65535:
        raise InputError(f"Port {port} does not exist: ports go from 1 to 65535.")
    return port


def validate_username(value: str) -> str:
    _no_control(value, "user name")
    name = value.strip()
    if not name:
        raise InputError("Enter your user name (often your full email address).")
    return name


def validate_password(value: str) -> str:
    if value == "":
        raise InputError("Enter your password.")
    if "\r" in value or "\n" in value or "\x00" in value:
        raise InputError(
            "The password contains a line break. This often happens when it is pasted: "
            "paste it again without the end of the line."
        )
    return value


def validate_email(value: str) -> str:
    """Return the address with an IDNA-encoded domain; raise InputError when it is not one."""
    _no_control(value, "email address")
    address = value.strip()
    if not address:
        raise InputError("Enter your email address.")
    local, sep, domain = address.rpartition("@")
    if not sep or not local or not domain:
        raise InputError(
            f"{address!r} is not an email address. It should look like name@example.com."
        )
    if len(local) > 64 or not _LOCAL_PART.match(local) or ".." in local:
        raise InputError(f"The part before the @ in {address!r} is not valid.")
    try:
        domain_ascii = normalize_host(domain)
    except InputError:
        raise InputError(f"The part after the @ in {address!r} is not a valid domain.") from None
    if "." not in domain_ascii:
        raise InputError(f"The part after the @ in {address!r} needs a dot, as in example.com.")
    return f"{local}@{domain_ascii}"


def looks_like_email(value: str | None) -> bool:
    if not value:
        return False
    try:
        validate_email(value)
    except InputError:
        return False
    return True
