"""Exit codes are defined once per command family, and the README's table says the same."""

from __future__ import annotations

import re
from enum import IntEnum
from pathlib import Path

from smtpwizard.core.probe.verdict import Verdict
from smtpwizard.exit_codes import FAMILIES, Exit, ProbeExit, SelfTestExit

README = Path(__file__).resolve().parents[1] / "README.md"


def _table() -> dict[str, dict[int, str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Exit codes") :]
    rows: dict[str, dict[int, str]] = {}
    for line in section.splitlines():
        match = re.match(r"^\| `([^`]+)`[^|]*\|(.*)\|$", line)
        if not match:
            if rows and not line.startswith("|"):
                break
            continue
        cells = [c.strip() for c in match.group(2).split("|")]
        rows[match.group(1)] = {code: cell for code, cell in enumerate(cells) if cell}
    return rows


def test_the_readme_table_lists_exactly_the_defined_codes() -> None:
    table = _table()
    assert set(table) == set(FAMILIES)
    for name, family in FAMILIES.items():
        assert set(table[name]) == {member.value for member in family}, name


def test_the_probe_codes_are_the_engines_verdicts() -> None:
    assert ProbeExit is Verdict
    assert [int(v) for v in ProbeExit] == [0, 1, 2, 3, 4, 5, 6]


def test_every_family_agrees_on_success_and_usage() -> None:
    for family in FAMILIES.values():
        assert min(int(m) for m in family) == Exit.OK
        assert issubclass(family, IntEnum)
        if family is not SelfTestExit:  # --self-test takes no arguments to get wrong
            assert Exit.USAGE in {int(m) for m in family}
