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
from smtpwizard.core.models import Security, Settings
from smtpwizard.core.wording.base import N_

# --- Thunderbird / Mozilla autoconfig v1.1 ----------------------------------------------------

_SOCKET_TYPE = {Security.TLS: "SSL", Security.STARTTLS: "STARTTLS", Security.NONE: "plain"}


def render_thunderbird(settings: Settings, *, secret: SecretMode) -> str:
    """A ``config-v1.1.xml`` with one ``outgoingServer``; autoconfig never carries a password."""
    del secret  # the format has no place for a password: Thunderbird asks for it
    domain = mail_domain(settings)
    root = ET.Element("clientConfig", version="1.1")
    for note in notes(settings, oauth_native=True):
        root.append(ET.Comment(f" {note} "))
    provider = ET.SubElement(root, "emailProvider", id=domain)
    ET.SubElement(provider, "domain").text = domain
    ET.SubElement(provider, "displayName").text = f"{settings.host} (tested by smtpwizard)"
    ET.SubElement(provider, "displayShortName").text = domain
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
    title=N_("Thunderbird (autoconfig XML)"),
    description=N_(
        "Mozilla autoconfig v1.1 document (config-v1.1.xml) with the outgoing server; "
        "Thunderbird and other clients that read autoconfig use it. No password inside."
    ),
    oauth_description=N_(
        "Mozilla autoconfig v1.1 document (config-v1.1.xml) with the outgoing "
        "server and OAuth2 sign-in: Thunderbird opens the provider's sign-in page itself."
    ),
    default_filename="config-v1.1.xml",
    renderer=render_thunderbird,
)


# --- Apple configuration profile -------------------------------------------------------------

_UUID_NAMESPACE = uuid.UUID("6f1c3d2e-8a47-5b0e-9c61-3e2f7a9d4b10")

INCOMING_NOTE = (
    "smtpwizard tests outgoing mail only. Apple Mail needs an incoming (IMAP) server too: the "
    "one in this profile is a guess made from the outgoing server's name; check it with your "
    "provider before installing. The password is not inside: the device asks for it."
)


def _profile_uuid(settings: Settings, part: str) -> str:
    key = f"{settings.host}\n{settings.port}\n{settings.username or ''}\n{part}"
    return str(uuid.uuid5(_UUID_NAMESPACE, key)).upper()


def _incoming_host_guess(settings: Settings) -> str:
    host = settings.host
    if host.startswith("smtp."):
        return "imap." + host[len("smtp.") :]
    return "imap." + mail_domain(settings)


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
    payload: dict[str, object] = {
        "PayloadType": "com.apple.mail.managed",
        "PayloadVersion": 1,
        "PayloadIdentifier": _identifier(settings) + ".account",
        "PayloadUUID": _profile_uuid(settings, "account"),
        "PayloadDisplayName": f"Mail account ({settings.host})",
        "PayloadDescription": INCOMING_NOTE,
        "EmailAccountDescription": email or settings.host,
        "EmailAccountType": "EmailTypeIMAP",
        "IncomingMailServerHostName": _incoming_host_guess(settings),
        "IncomingMailServerPortNumber": 993,
        "IncomingMailServerUseSSL": True,
        "IncomingMailServerAuthentication": auth,
        "IncomingMailServerUsername": user,
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
        "PayloadDescription": INCOMING_NOTE,
        "PayloadOrganization": "smtpwizard",
        "PayloadRemovalDisallowed": False,
        "PayloadContent": [payload],
    }
    text = plistlib.dumps(profile, fmt=plistlib.FMT_XML, sort_keys=False).decode("utf-8")
    comment = "".join(
        f"<!-- {note} -->\n" for note in [*notes(settings, oauth_native=False), INCOMING_NOTE]
    )
    head, sep, rest = text.partition("<plist")
    return head + comment + sep + rest


MOBILECONFIG = ExportFormat(
    name="mobileconfig",
    title=N_("Apple configuration profile (iPhone, iPad, Mac)"),
    description=N_(
        "A .mobileconfig profile with a com.apple.mail.managed payload; the device "
        "asks for the password at install. Its incoming (IMAP) server is a guess to check."
    ),
    default_filename="mail.mobileconfig",
    renderer=render_mobileconfig,
)
