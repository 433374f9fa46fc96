"""Checks for everything a person or a program types in, with messages a person understands.

Every check raises :class:`InputError` (a ``ValueError``) whose message can be shown as-is, in
the current language: the English template is kept and translated when the message is shown.
"""

from __future__ import annotations

import ipaddress
import re

from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.wording.translation import gettext


def N_(text: str) -> str:
    return text


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_LOCAL_PART = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$")


class InputError(SmtpWizardError, ValueError):
    """Input that cannot be used; the message says why in plain words.

    ``InputError(N_("Port {port} does not exist …"), port=70000)``: ``str()`` gives the template
    in the current language, filled in (``args`` keep the English, for logs).
    """

    def __init__(self, message: str, **params: object) -> None:
        self.template = message
        self.params = params
        super().__init__(message.format(**params) if params else message)

    def __str__(self) -> str:
        text = gettext(self.template)
        return text.format(**self.params) if self.params else text


_CONTROL_WORDS: dict[str, tuple[str, str]] = {
    "server name": (
        N_("The server name contains a line break. Remove it and try again."),
        N_("The server name contains an invisible control character. Retype it."),
    ),
    "user name": (
        N_("The user name contains a line break. Remove it and try again."),
        N_("The user name contains an invisible control character. Retype it."),
    ),
    "email address": (
        N_("The email address contains a line break. Remove it and try again."),
        N_("The email address contains an invisible control character. Retype it."),
    ),
}


def _no_control(value: str, what: str) -> None:
    line_break, control = _CONTROL_WORDS[what]
    if "\r" in value or "\n" in value:
        raise InputError(line_break)
    if _CONTROL.search(value):
        raise InputError(control)


def normalize_host(value: str) -> str:
    """Return the ASCII (IDNA) form of a host name or a plain IP address.

    Accepts international names (``bücher.example`` → ``xn--bcher-kva.example``).
    """
    host = value.strip()
    _no_control(host, "server name")
    if not host:
        raise InputError(N_("Enter the server name, for example smtp.example.com."))
    if any(c.isspace() for c in host):
        raise InputError(N_("The server name contains a space. Server names have no spaces."))
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if "@" in host:
        raise InputError(
            N_(
                "That looks like an email address. Enter the server name, for example "
                "smtp.example.com."
            )
        )
    if "/" in host or ":" in host:
        raise InputError(
            N_(
                "Enter only the server name, without http://, a path or a port (for example "
                "smtp.example.com)."
            )
        )
    host = host.rstrip(".").lower()
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise InputError(
            N_("{value} is not a valid server name."), value=repr(value.strip())
        ) from None
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in ascii_host.split(".")):
        raise InputError(N_("{value} is not a valid server name."), value=repr(value.strip()))
    return ascii_host


def validate_port(value: int | str) -> int:
    try:
        port = int(str(value).strip())
    except ValueError:
        raise InputError(
            N_("{value} is not a port number. Ports are numbers like 587."), value=repr(value)
        ) from None
    if not 1 <= port <= 65535:
        raise InputError(N_("Port {port} does not exist: ports go from 1 to 65535."), port=port)
    return port


def validate_username(value: str) -> str:
    _no_control(value, "user name")
    name = value.strip()
    if not name:
        raise InputError(N_("Enter your user name (often your full email address)."))
    return name


def validate_password(value: str) -> str:
    if value == "":
        raise InputError(N_("Enter your password."))
    if "\r" in value or "\n" in value or "\x00" in value:
        raise InputError(
            N_(
                "The password contains a line break. This often happens when it is pasted: "
                "paste it again without the end of the line."
            )
        )
    return value


def validate_email(value: str) -> str:
    """Return the address with an IDNA-encoded domain; raise InputError when it is not one."""
    _no_control(value, "email address")
    address = value.strip()
    if not address:
        raise InputError(N_("Enter your email address."))
    local, sep, domain = address.rpartition("@")
    if not sep or not local or not domain:
        raise InputError(
            N_("{address} is not an email address. It should look like name@example.com."),
            address=repr(address),
        )
    if len(local) > 64 or not _LOCAL_PART.match(local) or ".." in local:
        raise InputError(
            N_("The part before the @ in {address} is not valid."), address=repr(address)
        )
    try:
        domain_ascii = normalize_host(domain)
    except InputError:
        raise InputError(
            N_("The part after the @ in {address} is not a valid domain."), address=repr(address)
        ) from None
    if "." not in domain_ascii:
        raise InputError(
            N_("The part after the @ in {address} needs a dot, as in example.com."),
            address=repr(address),
        )
    return f"{local}@{domain_ascii}"


def looks_like_email(value: str | None) -> bool:
    if not value:
        return False
    try:
        validate_email(value)
    except InputError:
        return False
    return True
