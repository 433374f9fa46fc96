"""Shared pieces of the ``.env`` property tests: hostile values and reading them all back."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from tests.security.env_consumers import Consumer, ConsumerFailed

# what breaks quoting: quotes, expansions, escapes, comments, spaces; plus ordinary text
FRAGMENTS = [
    "'",
    '"',
    "$",
    "${",
    "}",
    "${HOME}",
    "${X:-y}",
    "$HOME",
    "$(touch PWNED)",
    "`touch PWNED`",
    "`",
    "\\",
    "\\\\",
    "\\n",
    "\\'",
    '\\"',
    "#",
    " #",
    "# ",
    " ",
    "  ",
    "\t",
    "=",
    "!",
    "%",
    "&",
    ";",
    "|",
    "<",
    ">",
    "(",
    ")",
    "*",
    "?",
    "[",
    "]",
    "~",
    "^",
    "{",
    ",",
    ":",
    "@",
    "+",
    "é",
    "ß",
    "€",
    "😀",
    "\u200d",
    "\u202e",
    "\u00a0",
    "\u2028",
    "\u3000",
    "Pa",
    "ss",
    "word1",
    "x",
    "0",
]
# single characters, including controls (which must be refused, never mangled)
CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))

values = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join),
    st.text(alphabet=st.sampled_from(list("'\"$`\\#{} =ab")), max_size=12),
    st.text(alphabet=CHARS, max_size=12),
)


@dataclass
class Tally:
    """What the property tests saw, printed at the end (the fuzz figures of the report)."""

    values: int = 0
    refused: int = 0
    consumer_reads: int = 0
    consumers: set[str] = field(default_factory=set)


def read_back(consumer: Consumer, text: str, expected: Mapping[str, str]) -> list[str]:
    """Write ``text`` to a fresh folder, let ``consumer`` read it; list every difference."""
    with tempfile.TemporaryDirectory(prefix="envfuzz-") as folder:
        path = Path(folder) / "test.env"
        path.write_text(text, encoding="utf-8")
        os.chmod(path, 0o600)
        try:
            got = consumer.read(path, list(expected))
        except ConsumerFailed as exc:
            return [f"{consumer.name} refused the file or ran a command: {exc}"]
    return [
        f"{consumer.name}: {key} = {want!r} read back as {got.get(key)!r}"
        for key, want in expected.items()
        if got.get(key) != want
    ]
