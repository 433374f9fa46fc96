"""Typing mistakes in the domain of an address: ``gmial.com`` is one edit from ``gmail.com``.

One edit is one letter added, left out, replaced, or two neighbouring letters swapped (the
optimal-string-alignment distance 1). Only the domains of the well-known mailbox providers in the
curated list are offered (:meth:`ProviderData.typo_targets`), never an ISPDB-only or vanity
domain, so a small company's real domain is rarely "corrected"; the pipeline also offers a
suggestion only when the typed domain has no MX of its own (or when it could not be asked).
"""

from __future__ import annotations

from collections.abc import Iterable

MIN_NAME = 4


def one_edit_apart(typed: str, known: str) -> bool:
    """True when ``typed`` becomes ``known`` by exactly one insertion, deletion, substitution or
    swap of two neighbouring characters."""
    if typed == known or abs(len(typed) - len(known)) > 1:
        return False
    if len(typed) == len(known):
        diffs = [i for i, (a, b) in enumerate(zip(typed, known, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and typed[diffs[0]] == known[diffs[1]]
            and typed[diffs[1]] == known[diffs[0]]
        )
    shorter, longer = (typed, known) if len(typed) < len(known) else (known, typed)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def suggest_domain(domain: str, known: Iterable[str]) -> str | None:
    """The first of ``known`` (most popular first) that ``domain`` is one edit away from.

    Names shorter than four letters before the first dot (``gm.com``) are never corrected: one
    edit reaches too many real domains from there.
    """
    domain = domain.lower().rstrip(".")
    known = list(known)
    if domain in known or len(domain.split(".")[0]) < MIN_NAME:
        return None
    return next((k for k in known if one_edit_apart(domain, k)), None)
