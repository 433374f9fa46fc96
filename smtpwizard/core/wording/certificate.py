"""The words of "Trust this certificate…": the offer, the dialog, and the warnings.

Plain words for a person who may be reading the fingerprint out to an administrator on the
phone. Placeholders: ``{host}``, ``{names}``, ``{until}``, ``{old}``, ``{new}``.
"""

from __future__ import annotations

from smtpwizard.core.validation import InputError
from smtpwizard.core.wording.base import N_

HEX_DIGITS = frozenset("0123456789abcdef")
GROUP = 4  # hex digits per group: "3A7F" is easy to read out on the phone

OFFER_BUTTON = N_("Tr&ust this certificate…")
OFFER_HINT = N_(
    "If this is your company's own server or a program on this computer (such as Proton Mail "
    "Bridge), you can trust this exact certificate after checking its fingerprint."
)
BACK_TO_TRUST = N_(
    "Press Back: on the testing page, “Trust this certificate…” shows its fingerprint to check "
    "with the server's administrator, then tests again with exactly that certificate."
)
DIALOG_TITLE = N_("Trust this certificate?")
INTRO = N_(
    "The server {host} showed a certificate that no known authority vouches for. That is normal "
    "for a company's own server or a program on this computer, but it is also what an attacker "
    "would show. Trust it only if the person who runs the server confirms the fingerprint below "
    "— for example by reading it to each other on the phone, group by group."
)
INTRO_RISKY = N_(
    "The server {host} showed a certificate that does not fit it (see the warning below). That "
    "can be a neglected server, or someone pretending to be it. Trust it only if the person who "
    "runs the server confirms the fingerprint below — for example by reading it to each other "
    "on the phone, group by group — and explains the warning."
)
MADE_OUT_FOR = N_("Made out for")
ISSUED_BY = N_("Issued by")
VALID = N_("Valid")
VALID_RANGE = N_("from {start} to {end}")
FINGERPRINT = N_("Fingerprint (SHA-256)")
CONFIRM = N_("I &compared the fingerprint with the server's administrator and it matches.")
TRUST_BUTTON = N_("Trust and test &again")
EXPIRED_WARNING = N_(
    "Warning: this certificate is not valid now (valid until {until}) — or this computer's clock "
    "is wrong. An expired certificate can mean a neglected server, or someone pretending to be it."
)
WRONG_NAME_WARNING = N_(
    "Warning: this certificate is made out for {names}, not for {host}. You may be talking to "
    "another server than the one you asked for; someone may be intercepting the connection."
)
CHANGED_WARNING = N_(
    "Warning: the certificate of {host} has CHANGED since you trusted it. You trusted "
    "{old}; the server now shows {new}. If nobody told you the certificate was replaced, someone "
    "may be intercepting your mail. Do not trust it without asking the server's administrator."
)
CHANGED_TITLE = N_("The server's certificate has changed since you trusted it")
CHANGED_BANNER = N_(
    "Nothing was sent. Ask the server's administrator whether the certificate was replaced "
    "before you trust the new one."
)
RISK_CONFIRM = N_("I &understand the risk and still want to trust this certificate for {host}.")
PINNED_NOTE = N_(
    "Verified with a certificate you trusted yourself (SHA-256 fingerprint {fingerprint})."
)
PINNED_VERDICT = N_(
    "The connection is encrypted with exactly the certificate you trusted (fingerprint "
    "{fingerprint}), and the server accepted your sign-in as {user}."
)
REPORT_PIN_LABEL = N_("Certificate trusted by you (pinned)")
EXPORT_PIN_NOTE = N_(
    "The server's certificate is not vouched for by a known authority: you trusted exactly the "
    "certificate with SHA-256 fingerprint {fingerprint}. This program cannot be told to accept "
    "one certificate by its fingerprint: add that certificate (or your organisation's own "
    "certificate authority) to the certificates it trusts, or ask the server's administrator for "
    "a certificate from a known authority."
)


def no_mnemonic(text: str) -> str:
    """``text`` without the ``&`` that marks a keyboard shortcut (for reports and tests)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def fingerprint_groups(sha256: str) -> tuple[str, ...]:
    """``"3a7f…"`` as ``("3A7F", "09C2", …)``: sixteen groups of four to read out one by one."""
    digits = normalize_fingerprint(sha256).upper()
    return tuple(digits[i : i + GROUP] for i in range(0, len(digits), GROUP))


def fingerprint_lines(sha256: str, per_line: int = 4) -> tuple[str, ...]:
    """The groups as four lines of four (``"3A7F 09C2 …"``), as the trust dialog shows them."""
    groups = fingerprint_groups(sha256)
    return tuple(" ".join(groups[i : i + per_line]) for i in range(0, len(groups), per_line))


def normalize_fingerprint(text: str) -> str:
    """A SHA-256 fingerprint as typed or pasted (colons, spaces, any case) → 64 lower-case hex."""
    digits = "".join(c for c in text.lower() if c not in ": \t\n-")
    if len(digits) != 64 or not set(digits) <= HEX_DIGITS:
        raise InputError("A SHA-256 fingerprint has 64 hexadecimal digits (0-9, A-F).")
    return digits


__all__ = [
    "BACK_TO_TRUST",
    "CHANGED_BANNER",
    "CHANGED_TITLE",
    "CHANGED_WARNING",
    "CONFIRM",
    "DIALOG_TITLE",
    "EXPIRED_WARNING",
    "EXPORT_PIN_NOTE",
    "FINGERPRINT",
    "INTRO",
    "INTRO_RISKY",
    "ISSUED_BY",
    "MADE_OUT_FOR",
    "OFFER_BUTTON",
    "OFFER_HINT",
    "PINNED_NOTE",
    "PINNED_VERDICT",
    "REPORT_PIN_LABEL",
    "RISK_CONFIRM",
    "TRUST_BUTTON",
    "VALID",
    "VALID_RANGE",
    "WRONG_NAME_WARNING",
    "fingerprint_groups",
    "fingerprint_lines",
    "no_mnemonic",
    "normalize_fingerprint",
]
