"""``.env`` and Laravel exports: every value reads back byte for byte in every real consumer,
or is refused with a message naming the character; nothing in a value ever runs.

Thousands of generated values (quotes, ``$``, ``${…}``, backticks, backslashes, ``#``, spaces,
unicode, controls) are written with :func:`env_value` into one file per example and read back
by POSIX sh (dash), bash, phpdotenv (Laravel's reader), python-dotenv, ``node --env-file`` and
Node's ``dotenv``. The whole ``env`` and ``laravel`` exports are checked the same way.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from smtpwizard.core.export.base import ExportError, env_value
from smtpwizard.core.export.registry import export
from smtpwizard.core.models import Security, Settings
from tests.security.env_consumers import available, missing
from tests.security.envfuzz import Tally, read_back, values

CONSUMERS = available()
TALLY = Tally()
# every example starts six programs: shrinking a failure would take many minutes, so a failure
# is reported as generated (the message lists each value that read back differently)
NO_SHRINK = (Phase.explicit, Phase.generate)
BATCH = st.lists(values, min_size=80, max_size=100)


@pytest.fixture(scope="module", autouse=True)
def _figures() -> None:
    yield
    print(
        f"\n.env fuzz: {TALLY.values} values ({TALLY.refused} refused), "
        f"{TALLY.consumer_reads} consumer reads by {len(CONSUMERS)} consumers: "
        f"{', '.join(c.name for c in CONSUMERS)}"
    )


def test_every_consumer_is_installed() -> None:
    if missing():
        pytest.skip(f"not installed here: {', '.join(missing())}")


def _named_in_message(value: str, message: str) -> bool:
    """A refusal names what it refuses: a character of the value (or its U+ code)."""
    codes = {f"U+{ord(c):04X}" for c in value}
    quoted = set(re.findall(r"'([^']*)'", message)) | set(message.split())
    return (
        any(code in message for code in codes)
        or any(c in value for c in ("'", "$", "\\", '"', "`") if c in message)
        or any(q and q in value for q in quoted)
    )


def _render(batch: list[str]) -> tuple[str, dict[str, str]]:
    lines: list[str] = []
    expected: dict[str, str] = {}
    for i, value in enumerate(batch):
        TALLY.values += 1
        try:
            written = env_value(value, f"V{i}")
        except ExportError as exc:
            TALLY.refused += 1
            assert _named_in_message(value, str(exc)), (value, str(exc))
            continue
        lines.append(f"V{i}={written}")
        expected[f"V{i}"] = value
    return "\n".join(lines) + "\n", expected


@pytest.mark.timeout(300)
@settings(max_examples=30, derandomize=True, phases=NO_SHRINK)
@given(BATCH)
def test_generated_values_read_back_exactly_in_every_consumer(batch: list[str]) -> None:
    text, expected = _render(batch)
    problems: list[str] = []
    for consumer in CONSUMERS:
        TALLY.consumer_reads += len(expected)
        TALLY.consumers.add(consumer.name)
        problems += read_back(consumer, text, expected)
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize(
    "value",
    [
        "x' $(touch PWNED) #",  # ran the command when sourced
        "Pa'ss$word1",  # bash: syntax error; phpdotenv: "unexpected whitespace"
        "${HOME}",  # python-dotenv expanded it even inside single quotes
        "a`touch PWNED`",
    ],
)
def test_the_values_of_the_review_never_run_and_never_change(value: str) -> None:
    try:
        text = f"V={env_value(value, 'SMTP_PASSWORD')}\n"
    except ExportError as exc:
        assert "SMTP_PASSWORD" in str(exc) and _named_in_message(value, str(exc))
        return
    for consumer in CONSUMERS:
        assert read_back(consumer, text, {"V": value}) == []


@pytest.mark.timeout(300)
@settings(max_examples=8, derandomize=True, phases=NO_SHRINK)
@given(st.lists(st.tuples(values, values), min_size=20, max_size=30))
def test_whole_env_and_laravel_exports_read_back(accounts: list[tuple[str, str]]) -> None:
    """Real exports, many in one file: each export's keys get a prefix so they stay apart."""
    for fmt in ("env", "laravel"):
        parts: list[str] = []
        expected: dict[str, str] = {}
        for i, (user, password) in enumerate(accounts):
            user = user.strip() or "user"
            settings_ = Settings("smtp.example.com", 587, Security.STARTTLS, user)
            try:
                text = export(settings_, fmt, secret=password or "p", include_secret=True)
            except ExportError:
                TALLY.refused += 1
                continue
            TALLY.values += 2
            for line in text.split("\n"):  # not splitlines: U+2028 is no line break here
                if line and not line.startswith("#"):
                    parts.append(f"E{i}_{line}")
            keys = (
                ("SMTP_USER", "SMTP_PASSWORD")
                if fmt == "env"
                else ("MAIL_USERNAME", "MAIL_PASSWORD")
            )
            expected[f"E{i}_{keys[0]}"] = user
            expected[f"E{i}_{keys[1]}"] = password or "p"
        text = "\n".join(parts) + "\n"
        problems = [p for c in CONSUMERS for p in read_back(c, text, expected)]
        TALLY.consumer_reads += len(expected) * len(CONSUMERS)
        assert not problems, "\n".join(problems[:20])
