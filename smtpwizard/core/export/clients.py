"""Mail-client formats: Thunderbird autoconfig XML and the Apple configuration profile."""

from __future__ import annotations

import plistlib
import uuid
import xml.etree.ElementTree as ET

from smtpwizard.core.export.base import (
    ExportFormat,
    SecretMode,
    email_of,
    mail_domain,
    notes,
)
from smtpwizard.core.models import IncomingProtocol, IncomingSettings, Security, Settings

# --- the incoming server: proven by the incoming probe, or a guess that says so --------------

PROVEN_INCOMING_NOTE = (
    "The incoming server ({protocol} {host}, port {port}, {security}) was tested by smtpwizard "
    "from this computer: it signed in and opened the inbox (read-only)."
)
GUESSED_INCOMING_NOTE = (
    "NOT TESTED: the incoming server ({protocol} {host}, port {port}, {security}) is a guess "
    "made from the outgoing server's name; check it with your provider before using it, or "
    "let smtpwizard test it (the incoming-mail test of {outgoing})."
)


def _incoming_host_guess(settings: Settings) -> str:
    host = settings.host
    if host.startswith("smtp."):
        return "imap." + host[len("smtp.") :]
    return "imap." + mail_domain(settings)


def incoming_of(settings: Settings) -> IncomingSettings:
    """The account's incoming server: the proven one when the probe found it, else a guess
    (``verified=False``), which every export marks as untested."""
    found = settings.incoming
    if isinstance(found, IncomingSettings):
        return found
    return IncomingSettings(
        host=_incoming_host_guess(settings),
        port=993,
        security=Security.TLS,
        username=settings.username,
        protocol=IncomingProtocol.IMAP,
        verified=False,
    )


def incoming_note(settings: Settings) -> str:
    incoming = incoming_of(settings)
    template = PROVEN_INCOMING_NOTE if incoming.verified else GUESSED_INCOMING_NOTE
    return template.format(
        protocol=incoming.protocol.label,
        host=incoming.host,
        port=incoming.port,
        security=incoming.security.label,
        outgoing=settings.host,
    )


# --- Thunderbird / Mozilla autoconfig v1.1 ----------------------------------------------------

_SOCKET_TYPE = {Security.TLS: "SSL", Security.STARTTLS: "STARTTLS", Security.NONE: "plain"}


def _thunderbird_incoming(provider: ET.Element, settings: Settings) -> None:
    incoming = incoming_of(settings)
    server = ET.SubElement(provider, "incomingServer", type=incoming.protocol.value)
    ET.SubElement(server, "hostname").text = incoming.host
    ET.SubElement(server, "port").text = str(incoming.port)
    ET.SubElement(server, "socketType").text = _SOCKET_TYPE[incoming.security]
    user = incoming.username or settings.username
    if user:
        ET.SubElement(server, "authentication").text = (
            "OAuth2" if settings.oauth else "password-cleartext"
        )
        ET.SubElement(server, "username").text = user
    else:
        ET.SubElement(server, "authentication").text = "password-cleartext"
        ET.SubElement(server, "username").text = "%EMAILADDRESS%"


def render_thunderbird(settings: Settings, *, secret: SecretMode) -> str:
    """A ``config-v1.1.xml`` with the incoming server (proven, or a guess marked NOT TESTED:
    Thunderbird cannot use a document without one) and the ``outgoingServer``; autoconfig never
    carries a password."""
    del secret  # the format has no place for a password: Thunderbird asks for it
    domain = mail_domain(settings)
    root = ET.Element("clientConfig", version="1.1")
    for note in [*notes(settings, oauth_native=True), incoming_note(settings)]:
        root.append(ET.Comment(f" {note} "))
    provider = ET.SubElement(root, "emailProvider", id=domain)
    ET.SubElement(provider, "domain").text = domain
    ET.SubElement(provider, "displayName").text = f"{settings.host} (tested by smtpwizard)"
    ET.SubElement(provider, "displayShortName").text = domain
    _thunderbird_incoming(provider, settings)
    server = ET.SubElement(provider, "outgoingServer", type="smtp")
    ET.SubElement(server, "hostname").text = settings.host
    ET.SubElement(server, "port").text = str(settings.port)
    ET.SubElement(server, "socketType").text = _SOCKET_TYPE[settings.security]
    if settings.username:
        # OAuth2: Thunderbird signs in with Google/Microsoft itself (its own registration)
        method = "OAuth2" if settings.oauth else "password-cleartext"
        ET.SubElement(server, "authentication").text = method
        ET.SubElement(server, "username").text = settings.username
    else:
        ET.SubElement(server, "authentication").text = "none"
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


THUNDERBIRD = ExportFormat(
    name="thunderbird",
    title="Thunderbird (autoconfig XML)",
    description="Mozilla autoconfig v1.1 document (config-v1.1.xml) with the incoming server "
    "(the tested one with --incoming; otherwise a guess, marked NOT TESTED) and the outgoing "
    "server; Thunderbird and other clients that read autoconfig use it. No password inside.",
    oauth_description="Mozilla autoconfig v1.1 document (config-v1.1.xml) with the incoming and "
    "outgoing servers and OAuth2 sign-in: Thunderbird opens the provider's sign-in page itself.",
    default_filename="config-v1.1.xml",
    renderer=render_thunderbird,
)


# --- Apple configuration profile -------------------------------------------------------------

_UUID_NAMESPACE = uuid.UUID("6f1c3d2e-8a47-5b0e-9c61-3e2f7a9d4b10")
PASSWORD_NOTE = "The password is not inside: the device asks for it."


def _profile_uuid(settings: Settings, part: str) -> str:
    key = f"{settings.host}\n{settings.port}\n{settings.username or ''}\n{part}"
    return str(uuid.uuid5(_UUID_NAMESPACE, key)).upper()


def _identifier(settings: Settings) -> str:
    reversed_host = ".".join(reversed(settings.host.split(".")))
    return f"org.smtpwizard.mail.{reversed_host}"


def render_mobileconfig(settings: Settings, *, secret: SecretMode) -> str:
    """A ``.mobileconfig`` with one ``com.apple.mail.managed`` payload (IMAP account).

    The password is never written (iOS/macOS ask for it at install), whatever ``secret`` says.
    """
    del secret
    email = email_of(settings)
    user = settings.username or email or ""
    auth = "EmailAuthPassword" if settings.username else "EmailAuthNone"
    incoming = incoming_of(settings)
    description = f"{incoming_note(settings)} {PASSWORD_NOTE}"
    account_type = "EmailTypePOP" if incoming.protocol is IncomingProtocol.POP3 else "EmailTypeIMAP"
    payload: dict[str, object] = {
        "PayloadType": "com.apple.mail.managed",
        "PayloadVersion": 1,
        "PayloadIdentifier": _identifier(settings) + ".account",
        "PayloadUUID": _profile_uuid(settings, "account"),
        "PayloadDisplayName": f"Mail account ({settings.host})",
        "PayloadDescription": description,
        "EmailAccountDescription": email or settings.host,
        "EmailAccountType": account_type,
        "IncomingMailServerHostName": incoming.host,
        "IncomingMailServerPortNumber": incoming.port,
        "IncomingMailServerUseSSL": incoming.security is not Security.NONE,
        "IncomingMailServerAuthentication": auth,
        "IncomingMailServerUsername": incoming.username or user,
        "OutgoingMailServerHostName": settings.host,
        "OutgoingMailServerPortNumber": settings.port,
        "OutgoingMailServerUseSSL": settings.security is not Security.NONE,
        "OutgoingMailServerAuthentication": auth,
        "OutgoingMailServerUsername": user,
        "OutgoingPasswordSameAsIncomingPassword": True,
    }
    if email:
        payload["EmailAddress"] = email
    profile: dict[str, object] = {
        "PayloadType": "Configuration",
        "PayloadVersion": 1,
        "PayloadIdentifier": _identifier(settings),
        "PayloadUUID": _profile_uuid(settings, "profile"),
        "PayloadDisplayName": f"Mail settings for {settings.host}",
        "PayloadDescription": description,
        "PayloadOrganization": "smtpwizard",
        "PayloadRemovalDisallowed": False,
        "PayloadContent": [payload],
    }
    text = plistlib.dumps(profile, fmt=plistlib.FMT_XML, sort_keys=False).decode("utf-8")
    comment = "".join(
        f"<!-- {note} -->\n" for note in [*notes(settings, oauth_native=False), description]
    )
    head, sep, rest = text.partition("<plist")
    return head + comment + sep + rest


MOBILECONFIG = ExportFormat(
    name="mobileconfig",
    title="Apple configuration profile (iPhone, iPad, Mac)",
    description="A .mobileconfig profile with a com.apple.mail.managed payload; the device "
    "asks for the password at install. Its incoming server is the tested one with --incoming; "
    "otherwise a guess, marked NOT TESTED.",
    default_filename="mail.mobileconfig",
    renderer=render_mobileconfig,
)
