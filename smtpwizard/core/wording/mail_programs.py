"""Click-by-click cards for mail programs, in each program's own words, and the Save page's
group names. Placeholders: ``{host}``, ``{port}``, ``{user}``, ``{security}``, ``{fingerprint}``.
"""

from __future__ import annotations

from smtpwizard.core.wording.base import _

GROUP_MAIL_PROGRAMS = _("Mail programs")
GROUP_APPS = _("Websites and apps")
PLAIN_CARD = _("Any mail program (plain text)")
STEP_BY_STEP = _("{program} — step by step")
CARD_INTRO = _("{program}: click through these steps; the values are the ones just tested.")

THUNDERBIRD = _("Thunderbird")
APPLE_MAIL = _("Apple Mail")
OUTLOOK = _("Outlook")

THUNDERBIRD_STEPS: tuple[str, ...] = (
    _("In Thunderbird: ☰ menu → Account Settings → Outgoing Server (SMTP) → Add…"),
    _("Description: anything you like, for example {host}"),
    _("Server Name: {host}"),
    _("Port: {port}"),
    _("Connection security: {security}"),
    _("Authentication method: {auth}"),
    _("User Name: {user}"),
    _(
        "Press OK. Then click your account's name (top of the list on the left) and choose "
        "{host} under Outgoing Server (SMTP)."
    ),
    _(
        "The first time you send, Thunderbird asks for the password; tick “Use Password Manager "
        "to remember this password”."
    ),
)
THUNDERBIRD_SECURITY = {"tls": _("SSL/TLS"), "starttls": _("STARTTLS"), "none": _("None")}
THUNDERBIRD_AUTH = {
    "password": _("Normal password"),
    "oauth": _("OAuth2"),
    "none": _("No authentication"),
}

OUTLOOK_STEPS: tuple[str, ...] = (
    _(
        "In Outlook (classic, Windows): File → Account Settings → Account Settings… → select "
        "your account → Change…"
    ),
    _("Outgoing mail server (SMTP): {host}"),
    _("User Name: {user}   Password: your password"),
    _(
        "More Settings… → Outgoing Server tab: tick “My outgoing server (SMTP) requires "
        "authentication” and “Use same settings as my incoming mail server” (or “Log on using” "
        "with the user name above)"
    ),
    _("Advanced tab: Outgoing server (SMTP): {port}"),
    _("Use the following type of encrypted connection: {security}"),
    _("OK → Next → Done."),
)
OUTLOOK_SECURITY = {"tls": _("SSL/TLS"), "starttls": _("STARTTLS"), "none": _("None")}
OUTLOOK_OAUTH = _(
    "Outlook signs in with Microsoft by itself: when it asks, sign in in the window it opens; "
    "no password is typed here."
)

APPLE_MAIL_STEPS: tuple[str, ...] = (
    _("In Mail on the Mac: Mail → Settings… → Accounts → select your account → Server Settings"),
    _("Outgoing Mail Server (SMTP): Edit SMTP Server List… → + (or edit the one shown)"),
    _("Server Name: {host}"),
    _("User Name: {user}   Password: your password"),
    _("Advanced: untick “Automatically manage connection settings”"),
    _("Port: {port}   {security}"),
    _("Authentication: {auth}"),
    _("Press OK, then Save."),
)
APPLE_SECURITY = {
    "tls": _("Use TLS/SSL: on"),
    "starttls": _("Use TLS/SSL: on"),
    "none": _("Use TLS/SSL: off"),
}
APPLE_AUTH = {"password": _("Password"), "oauth": _("OAuth 2.0"), "none": _("None")}

PINNED_STEP = _(
    "The server's certificate is not vouched for by a known authority. The first time, "
    "{program} asks you to confirm a security exception: accept it only if the SHA-256 "
    "fingerprint it shows is {fingerprint}."
)

INCOMING_STEP = _(
    "Incoming mail: {protocol} server {host}, port {port}, connection security {security}, "
    "user name {user}, the same password (tested by smtpwizard: it signed in and opened the "
    "inbox)."
)

KEYRING_MISSING = _(
    "Note: this reads the password from this computer's keyring (entry {entry}), but there is "
    "no such entry here: you chose not to remember the password, or this computer has no "
    "usable keyring. Put the password in by hand where the file says, or go back and tick "
    "“Remember in this computer's keyring”."
)

__all__ = [
    "APPLE_AUTH",
    "APPLE_MAIL",
    "APPLE_MAIL_STEPS",
    "APPLE_SECURITY",
    "CARD_INTRO",
    "GROUP_APPS",
    "GROUP_MAIL_PROGRAMS",
    "INCOMING_STEP",
    "KEYRING_MISSING",
    "OUTLOOK",
    "OUTLOOK_OAUTH",
    "OUTLOOK_SECURITY",
    "OUTLOOK_STEPS",
    "PINNED_STEP",
    "PLAIN_CARD",
    "STEP_BY_STEP",
    "THUNDERBIRD",
    "THUNDERBIRD_AUTH",
    "THUNDERBIRD_SECURITY",
    "THUNDERBIRD_STEPS",
]
