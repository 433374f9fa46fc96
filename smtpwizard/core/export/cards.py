"""The Save page's choices, grouped: **Mail programs** (step-by-step cards for Thunderbird,
Apple Mail and Outlook in each program's own words, plus the files they read) and **Websites and
apps** (the code and configuration exports). Qt-free; the page only shows what this returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from smtpwizard.core.export.base import ExportFormat, keyring_service
from smtpwizard.core.export.registry import list_formats
from smtpwizard.core.models import IncomingSettings, Settings
from smtpwizard.core.wording import mail_programs as words
from smtpwizard.core.wording.base import _
from smtpwizard.core.wording.certificate import fingerprint_groups

#: the step-by-step cards: card id -> the program's name
CARDS = {
    "thunderbird-card": words.THUNDERBIRD,
    "apple-mail-card": words.APPLE_MAIL,
    "outlook-card": words.OUTLOOK,
}
# each mail program's card first, then the file it can read
MAIL_PROGRAMS = (
    "thunderbird-card",
    "thunderbird",
    "apple-mail-card",
    "mobileconfig",
    "outlook-card",
    "msmtp",
)
APPS = (
    "wordpress",
    "phpmailer",
    "laravel",
    "django",
    "nodemailer",
    "python",
    "env",
    "postfix",
    "swaks",
    "json",
)


@dataclass(frozen=True)
class Choice:
    """One entry of the Save page's list: a step-by-step card or an export format."""

    group: str
    title: str
    card: str | None = None  # a card id of CARDS
    format: ExportFormat | None = None


def grouped_choices() -> tuple[tuple[str, tuple[Choice, ...]], ...]:
    """``((group name, choices), …)``: mail programs, then websites and apps (any format not
    named here goes to the end of the second group, so a new format is never lost)."""
    formats = {f.name: f for f in list_formats()}
    mail: list[Choice] = []
    for key in MAIL_PROGRAMS:
        if key in CARDS:
            title = _(words.STEP_BY_STEP).format(program=_(CARDS[key]))
            mail.append(Choice(_(words.GROUP_MAIL_PROGRAMS), title, card=key))
        elif key in formats:
            fmt = formats.pop(key)
            mail.append(Choice(_(words.GROUP_MAIL_PROGRAMS), fmt.shown_title, format=fmt))
    apps = [
        Choice(_(words.GROUP_APPS), formats[k].shown_title, format=formats.pop(k))
        for k in APPS
        if k in formats
    ]
    apps += [Choice(_(words.GROUP_APPS), f.shown_title, format=f) for f in formats.values()]
    return ((_(words.GROUP_MAIL_PROGRAMS), tuple(mail)), (_(words.GROUP_APPS), tuple(apps)))


def _auth_key(settings: Settings) -> str:
    if settings.oauth:
        return "oauth"
    return "password" if settings.username else "none"


def card_text(card: str, settings: Settings) -> str:
    """The click-by-click steps of ``card`` for ``settings``, one step per line."""
    security = settings.security.value
    values = {
        "host": settings.host,
        "port": str(settings.port),
        "user": settings.username or "",
    }
    if card == "thunderbird-card":
        program, steps = words.THUNDERBIRD, words.THUNDERBIRD_STEPS
        values["security"] = _(words.THUNDERBIRD_SECURITY[security])
        values["auth"] = _(words.THUNDERBIRD_AUTH[_auth_key(settings)])
    elif card == "apple-mail-card":
        program, steps = words.APPLE_MAIL, words.APPLE_MAIL_STEPS
        values["security"] = _(words.APPLE_SECURITY[security])
        values["auth"] = _(words.APPLE_AUTH[_auth_key(settings)])
    elif card == "outlook-card":
        program, steps = words.OUTLOOK, words.OUTLOOK_STEPS
        values["security"] = _(words.OUTLOOK_SECURITY[security])
    else:
        raise ValueError(f"no card {card!r}")
    lines = [_(step).format(**values) for step in steps]
    incoming = settings.incoming
    if isinstance(incoming, IncomingSettings) and incoming.verified:  # only a proven one
        security_words = {
            "thunderbird-card": words.THUNDERBIRD_SECURITY,
            "apple-mail-card": words.APPLE_SECURITY,
            "outlook-card": words.OUTLOOK_SECURITY,
        }[card]
        lines.append(
            _(words.INCOMING_STEP).format(
                protocol=incoming.protocol.label,
                host=incoming.host,
                port=incoming.port,
                security=_(security_words[incoming.security.value]),
                user=incoming.username or settings.username or "",
            )
        )
    if card == "outlook-card" and settings.oauth:
        lines.append(_(words.OUTLOOK_OAUTH))
    if settings.pinned_sha256:
        groups = " ".join(fingerprint_groups(settings.pinned_sha256))
        lines.append(_(words.PINNED_STEP).format(program=_(program), fingerprint=groups))
    return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, start=1))


def keyring_note(fmt: ExportFormat, settings: Settings, *, entry_exists: bool) -> str:
    """What to say when ``fmt`` reads the password from a keyring entry that is not here."""
    if not fmt.keyring_lookup or entry_exists or not settings.username or settings.oauth:
        return ""

    entry = f"{keyring_service(settings)} / {settings.username}"
    return _(words.KEYRING_MISSING).format(entry=entry)


__all__ = [
    "APPS",
    "CARDS",
    "MAIL_PROGRAMS",
    "Choice",
    "card_text",
    "grouped_choices",
    "keyring_note",
]
