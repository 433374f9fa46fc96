"""The Postfix export refuses what ``sasl_passwd`` cannot carry, naming the character.

``postmap`` is not installed here (installing Postfix starts a mail server on a shared test
machine), so the rule follows postmap(1)'s documented input format: text lines whose ASCII
whitespace (space, tab, vertical tab, form feed) separates key from value and is removed at the
end of a line; a line starting with whitespace continues the previous one. Before the fix these
passwords were written as they are and silently changed by postmap.
"""

from __future__ import annotations

import pytest

from smtpwizard.core.export.base import ExportError
from smtpwizard.core.export.registry import export
from smtpwizard.core.models import Security, Settings

SETTINGS = Settings("smtp.example.com", 587, Security.STARTTLS, "me@example.com")


@pytest.mark.parametrize(
    ("password", "named"),
    [
        ("pass\fword", "U+000C (form feed)"),
        ("pass\vword", "U+000B (vertical tab)"),
        ("pass\tword", "U+0009 (tab)"),
        ("password ", "ends with a space (U+0020)"),
        ("pass\x1bword", "U+001B (escape)"),
    ],
)
def test_passwords_postmap_would_change_are_refused(password: str, named: str) -> None:
    with pytest.raises(ExportError, match=r"sasl_passwd cannot carry the password") as caught:
        export(SETTINGS, "postfix", secret=password, include_secret=True)
    assert named in str(caught.value)


def test_a_user_name_with_a_form_feed_is_refused_too() -> None:
    settings = Settings("smtp.example.com", 587, Security.STARTTLS, "me\f@example.com")
    with pytest.raises(ExportError, match="control character"):
        export(settings, "postfix")


@pytest.mark.parametrize("password", ["plain", " leading spaces", "in ner", "ü#$'\"\\`"])
def test_what_it_can_carry_is_written_exactly(password: str) -> None:
    text = export(SETTINGS, "postfix", secret=password, include_secret=True)
    assert text.splitlines()[-1] == f"[smtp.example.com]:587 me@example.com:{password}"
