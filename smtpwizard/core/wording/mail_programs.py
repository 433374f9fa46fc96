"""Click-by-click cards for mail programs, in each program's own words, and the Save page's
group names. Placeholders: ``{host}``, ``{port}``, ``{user}``, ``{security}``, ``{fingerprint}``.

Tables built at import: marked with ``N_`` and translated where they are shown
(:mod:`smtpwizard.core.export.cards`, the Save page), so a change of language applies at once.
"""

from __future__ import annotations

from smtpwizard.core.wording.base import N_

GROUP_MAIL_PROGRAMS = N_("Mail programs")
GROUP_APPS = N_("Websites and apps")
PLAIN_CARD = N_("Any mail program (plain text)")
STEP_BY_STEP = N_("{program} — step by step")
CARD_INTRO = N_("{program}: click through these steps; the values are the ones just tested.")

THUNDERBIRD = N_("Thunderbird")
APPLE_MAIL = N_("Apple Mail")
OUTLOOK = N_("Outlook")

THUNDERBIRD_STEPS: tuple[str, ...] = (
    N_("In Thunderbird: ☰ menu → Account Settings → Outgoing Server (SMTP) → Add…"),
    N_("Description: anything you like, for example {host}"),
    N_("Server Name: {host}"),
    N_("Port: {port}"),
    N_("Connection security: {security}"),
    N_("Authentication method: {auth}"),
    N_("User Name: {user}"),
    N_(
        "Press OK. Then click your account's name (top of the list on the left) and choose "
        "{host} under Outgoing Server (SMTP)."
    ),
    N_(
        "The first time you send, Thunderbird asks for the password; tick “Use Password Manager "
        "to remember this password”."
    ),
)
THUNDERBIRD_SECURITY = {"tls": N_("SSL/TLS"), "starttls": N_("STARTTLS"), "none": N_("None")}
THUNDERBIRD_AUTH = {
    "password": N_("Normal password"),
    "oauth": N_("OAuth2"),
    "none": N_("No authentication"),
}

OUTLOOK_STEPS: tuple[str, ...] = (
    N_(
        "In Outlook (classic, Windows): File → Account Settings → Account Settings… → select "
        "your account → Change…"
    ),
    N_("Outgoing mail server (SMTP): {host}"),
    N_("User Name: {user}   Password: your password"),
    N_(
        "More Settings… → Outgoing Server tab: tick “My outgoing server (SMTP) requires "
        "authentication” and “Use same settings as my incoming mail server” (or “Log on using” "
        "with the user name above)"
    ),
    N_("Advanced tab: Outgoing server (SMTP): {port}"),
    N_("Use the following type of encrypted connection: {security}"),
    N_("OK → Next → Done."),
)
OUTLOOK_SECURITY = {"tls": N_("SSL/TLS"), "starttls": N_("STARTTLS"), "none": N_("None")}
OUTLOOK_OAUTH = N_(
    "Outlook signs in with Microsoft by itself: when it asks, sign in in the window it opens; "
    "no password is typed here."
)

APPLE_MAIL_STEPS: tuple[str, ...] = (
    N_("In Mail on the Mac: Mail → Settings… → Accounts → select your account → Server Settings"),
    N_("Outgoing Mail Server (SMTP): Edit SMTP Server List… → + (or edit the one shown)"),
    N_("Server Name: {host}"),
    N_("User Name: {user}   Password: your password"),
    N_("Advanced: untick “Automatically manage connection settings”"),
    N_("Port: {port}   {security}"),
    N_("Authentication: {auth}"),
    N_("Press OK, then Save."),
)
APPLE_SECURITY = {
    "tls": N_("Use TLS/SSL: on"),
    "starttls": N_("Use TLS/SSL: on"),
    "none": N_("Use TLS/SSL: off"),
}
APPLE_AUTH = {"password": N_("Password"), "oauth": N_("OAuth 2.0"), "none": N_("None")}

PINNED_STEP = N_(
    "The server's certificate is not vouched for by a known authority. The first time, "
    "{program} asks you to confirm a security exception: accept it only if the SHA-256 "
    "fingerprint it shows is {fingerprint}."
)

INCOMING_STEP = N_(
    "Incoming mail: {protocol} server {host}, port {port}, connection security {security}, "
    "user name {user}, the same password (tested by smtpwizard: it signed in and opened the "
    "inbox)."
)

KEYRING_MISSING = N_(
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
