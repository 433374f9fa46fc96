"""Checks for everything a person or a program types in, with messages a person understands.

Every check raises :class:`InputError` (a ``ValueError``) whose message can be shown as-is, in
the current language: the English template is kept and translated when the message is shown.
"""

from __future__ import annotations

import ipaddress
import re

import idna

from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.wording.translation import gettext

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_LOCAL_PART = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$")


def N_(text: str) -> str:
    return text


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


# per field: (line break, control character, not valid text)
_FIELD_WORDS: dict[str, tuple[str, str, str]] = {
    "server name": (
        N_("The server name contains a line break. Remove it and try again."),
        N_("The server name contains an invisible control character. Retype it."),
        N_(
            "The server name is not valid text: it holds {char}, which usually means bytes "
            "that are not UTF-8. Retype it."
        ),
    ),
    "user name": (
        N_("The user name contains a line break. Remove it and try again."),
        N_("The user name contains an invisible control character. Retype it."),
        N_(
            "The user name is not valid text: it holds {char}, which usually means bytes "
            "that are not UTF-8. Retype it."
        ),
    ),
    "email address": (
        N_("The email address contains a line break. Remove it and try again."),
        N_("The email address contains an invisible control character. Retype it."),
        N_(
            "The email address is not valid text: it holds {char}, which usually means bytes "
            "that are not UTF-8. Retype it."
        ),
    ),
    "password": (
        "",
        "",
        N_(
            "The password is not valid text: it holds {char}, which usually means bytes "
            "that are not UTF-8. Retype it."
        ),
    ),
}


def _valid_text(value: str, what: str) -> None:
    """Refuse lone surrogates: bytes that were not UTF-8 (an argument, standard input) or a
    ``\\udcff`` escape in JSON. They cannot be sent, stored or written to a file."""
    for char in value:
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise InputError(_FIELD_WORDS[what][2], char=f"U+{ord(char):04X}")


def _no_control(value: str, what: str) -> None:
    _valid_text(value, what)
    line_break, control, _not_text = _FIELD_WORDS[what]
    if "\r" in value or "\n" in value:
        raise InputError(line_break)
    if _CONTROL.search(value):
        raise InputError(control)


def normalize_host(value: str) -> str:
    """Return the ASCII (IDNA) form of a host name or a plain IP address.

    Accepts international names (``bücher.example`` → ``xn--bcher-kva.example``), converted
    with IDNA 2008 and UTS-46 non-transitional processing, so ``straße`` keeps its ``ß``
    (``xn--strae-oqa``) and a name with an invisible joiner is refused rather than turned into
    another owner's name (IDNA 2003 mapped ``straße`` to ``strasse`` and dropped joiners).
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
    host = host.rstrip(".")
    ascii_host = idna_ascii(host, value.strip())
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in ascii_host.split(".")):
        raise InputError(N_("{value} is not a valid server name."), value=repr(value.strip()))
    return ascii_host


def idna_ascii(name: str, shown: str) -> str:
    """``name`` in ASCII by IDNA 2008 + UTS-46 (non-transitional); InputError with the reason."""
    try:
        if name.isascii():
            for label in name.lower().split("."):
                if label.startswith("xn--"):
                    idna.decode(label)  # an A-label must stand for a valid IDNA 2008 name
            return name.lower()
        return idna.encode(name, uts46=True, transitional=False).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError) as exc:
        reason = str(exc) or type(exc).__name__
        raise InputError(
            N_("{name} is not a valid international name under IDNA 2008: {reason}."),
            name=repr(shown),
            reason=reason,
        ) from None


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
    _valid_text(value, "password")
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
    except InputError as exc:
        if "IDNA 2008" in exc.template:  # the reason says more than "not a valid domain"
            raise InputError(
                N_("The part after the @ in {address} is not a valid domain. {reason}"),
                address=repr(address),
                reason=str(exc),
            ) from None
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
