"""The one place that makes text a server chose safe to show anywhere.

A server (or anyone on the plaintext leg before STARTTLS) chooses the bytes of its replies, its
certificate's names and its EHLO keywords. Shown raw, an ESC sequence clears the screen or
retitles the window, BEL rings, and a bidirectional override reverses text, so a forged
"Ready" could appear. :func:`safe_server_text` turns every control and format character into
a visible ``\\x1b`` / ``\\u202e`` escape and bytes that were not UTF-8 into U+FFFD. The probe's
recorder applies it to everything a server supplied before an attempt is frozen, so the
terminal, the text and HTML reports, the JSON and the GUI all receive the safe form (HTML
escaping for markup stays with the HTML writers).
"""

from __future__ import annotations

import unicodedata

# kept as they are inside multi-line details; everything else invisible is made visible
_KEPT = {"\n"}


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_server_text(text: str) -> str:
    """``text`` as valid Unicode with no control, format or separator character left raw."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")
    text = raw.decode("utf-8", "replace")
    if text.isprintable():
        return text
    out: list[str] = []
    for char in text:
        if char in _KEPT or char.isprintable():
            out.append(char)
        elif char == "\t" or unicodedata.category(char) == "Zs":
            out.append(" ")
        else:
            out.append(_visible(char))
    return "".join(out)
