"""Reading JSON that came from outside (a file, standard input), with limits.

Every read is capped (:data:`MAX_JSON_BYTES`): ``export --from /dev/zero`` must not eat the
memory. Parsing refuses what JSON allows but no setting can mean (``NaN``, ``Infinity``,
numbers too large for a float, lone surrogates come through as text and are checked later)
and documents nested deeper than :data:`MAX_DEPTH`. Every problem is an :class:`InputError`
with a one-line message naming the source.
"""

from __future__ import annotations

import json
import math
import os
from typing import IO, Any

from smtpwizard.core.validation import InputError

#: the largest JSON document read from a file or standard input (a probe result with every
#: transcript is a few hundred KiB)
MAX_JSON_BYTES = 8 * 1024 * 1024
#: the deepest nesting accepted (the probe result nests five levels)
MAX_DEPTH = 64


def read_capped(stream: IO[bytes], where: str, limit: int = MAX_JSON_BYTES) -> bytes:
    """Read at most ``limit`` bytes; InputError when there is more."""
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise InputError(
            f"{where} is larger than {limit // (1024 * 1024)} MiB; is it the right file?"
        )
    return raw


def read_capped_file(path: str | os.PathLike[str], limit: int = MAX_JSON_BYTES) -> bytes:
    where = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            return read_capped(handle, where, limit)
    except FileNotFoundError:
        raise InputError(f"{where}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{where} is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{where} cannot be read ({exc.strerror or exc})") from None


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a setting can have")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is too large")
    return value


def _depth(data: Any) -> int:
    """The nesting depth, without recursion (a deep document must not exhaust the stack)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def parse_json(raw: bytes | str, where: str) -> Any:
    """Parse one JSON document strictly; InputError (one line) for anything unusable."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise InputError(f"{where} is not UTF-8 text.") from None
    if not text.strip():
        raise InputError(f"{where} is empty; expected JSON.")
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where} is not valid JSON (line {exc.lineno}: {exc.msg}).") from None
    except RecursionError:
        raise InputError(f"{where} is nested too deeply to be settings.") from None
    except ValueError as exc:  # NaN/Infinity, a huge number, an integer of thousands of digits
        raise InputError(f"{where} is not usable JSON: {exc}.") from None
    if _depth(data) > MAX_DEPTH:
        raise InputError(f"{where} is nested too deeply to be settings.")
    return data
