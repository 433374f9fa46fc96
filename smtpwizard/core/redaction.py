"""The report's safety net: remove a secret in every form it could have reached a text in.

The probe already redacts its transcripts; this is the second line of defence, applied to the
whole rendered report. It catches the secret itself, its HTML-escaped and URL-encoded forms,
and its base64 forms — alone (AUTH LOGIN), inside AUTH PLAIN's ``\\0user\\0password`` blob
(whatever the user name), or inside any other base64 token — without knowing the user name.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "[REDACTED]"

_BASE64_TOKEN = re.compile(r"[A-Za-z0-9+/_-]{4,}={0,2}")
# The shortest base64 core (characters that only depend on the secret) worth matching alone;
# shorter cores would blank out ordinary words.
_MIN_CORE = 8


def _aligned_cores(secret: bytes) -> set[str]:
    """Base64 characters that encode only ``secret``'s bytes, for each of the 3 alignments.

    In ``base64(prefix + secret + suffix)`` the characters of every 3-byte group that lies
    wholly inside ``secret`` are the same whatever the prefix and suffix are, as long as the
    prefix length modulo 3 is the alignment tried here.
    """
    cores: set[str] = set()
    for offset in range(3):
        skip = (3 - offset) % 3  # secret bytes that share a group with the prefix
        usable = (len(secret) - skip) // 3 * 3
        if usable <= 0:
            continue
        chunk = secret[skip : skip + usable]
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            core = encode(chunk).decode("ascii")
            if len(core) >= _MIN_CORE:
                cores.add(core)
    return cores


def secret_forms(secret: str) -> list[str]:
    """Literal forms of ``secret`` to remove, longest first."""
    if not secret:
        return []
    raw = secret.encode("utf-8", "surrogatepass")
    forms = {
        secret,
        html.escape(secret),
        html.escape(secret, quote=False),
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
        base64.b64encode(raw).decode("ascii"),
        base64.b64encode(raw).decode("ascii").rstrip("="),
        base64.urlsafe_b64encode(raw).decode("ascii"),
    }
    forms |= _aligned_cores(raw)
    return sorted((f for f in forms if f), key=len, reverse=True)


def _decoded_contains(token: str, needles: list[bytes]) -> bool:
    body = token.rstrip("=")
    padded = body + "=" * (-len(body) % 4)
    for alphabet in (None, b"-_"):
        try:
            decoded = base64.b64decode(padded, altchars=alphabet, validate=False)
        except (binascii.Error, ValueError):
            continue
        if any(n in decoded for n in needles):
            return True
    return False


class Redactor:
    """Removes every form of some secrets; the forms are worked out once, then reused.

    Keep one for as long as the secrets are in use (a probe, a report), not longer: it holds
    the secrets.
    """

    def __init__(self, secrets: Iterable[str | None]) -> None:
        self._wanted = [s for s in secrets if s]
        self._needles = [s.encode("utf-8", "surrogatepass") for s in self._wanted]
        # a base64 token of k characters decodes to at most 3k/4 bytes: shorter tokens cannot
        # hold a whole secret and need no decoding (most words of a transcript are short)
        shortest = min((len(n) for n in self._needles), default=0)
        self._min_token = -(-4 * shortest // 3)
        self._forms = sorted(
            {f for s in self._wanted for f in secret_forms(s)}, key=len, reverse=True
        )

    def __bool__(self) -> bool:
        return bool(self._wanted)

    def __repr__(self) -> str:
        return f"<Redactor of {len(self._wanted)} secret(s)>"

    def _scrub_token(self, match: re.Match[str]) -> str:
        token = match.group(0)
        if len(token.rstrip("=")) < self._min_token:
            return token
        return MASK if _decoded_contains(token, self._needles) else token

    def __call__(self, text: str) -> str:
        if not self._wanted or not text:
            return text
        # Whole base64 tokens first (an AUTH PLAIN blob vanishes entirely, user name included),
        # then every literal form, including base64 fragments of a token that was cut apart.
        text = _BASE64_TOKEN.sub(self._scrub_token, text)
        for form in self._forms:
            text = text.replace(form, MASK)
        return text


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` without any form of any of ``secrets`` (empty or ``None`` secrets are ignored)."""
    return Redactor(secrets)(text)
