"""Our own technical notes are shown in the chosen language; a server's words never are."""

from __future__ import annotations

import pytest

from smtpwizard.core.wording import notes
from smtpwizard.core.wording.notes import TEMPLATES, local_note
from smtpwizard.core.wording.translation import set_language

SAMPLE = {
    "port": "587",
    "seconds": "6.0",
    "stage": "greeting",
    "reply": "'HTTP/1.1 400 Bad Request'",
    "mechanisms": "CRAM-MD5",
}


def fill(template: str) -> str:
    return template.format(**{k: v for k, v in SAMPLE.items() if "{" + k + "}" in template})


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_note_is_itself_in_english(template: str) -> None:
    assert local_note(fill(template)) == fill(template)


@pytest.mark.parametrize("language", ["de", "fr", "es"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_note_is_translated_and_keeps_its_values(template: str, language: str) -> None:
    english = fill(template)
    set_language(language)
    shown = local_note(english)
    assert shown != english
    for name, value in SAMPLE.items():
        if "{" + name + "}" in template:
            assert value in shown  # the server's words and our figures stay as they were


def test_a_german_note_and_raw_server_words() -> None:
    set_language("de")
    assert local_note(notes.NO_AUTH_BEFORE_TLS) == (
        "kein AUTH vor der Verschlüsselung; der Server bietet STARTTLS an"
    )
    assert local_note(notes.ANSWERED.format(reply="'HTTP/1.1 400'")) == (
        "der Server antwortete 'HTTP/1.1 400'"
    )
    # a reply or an exception text that is not one of our notes comes back exactly as it was
    for raw in (
        "535 5.7.8 Authentication credentials invalid",
        "ConnectionResetError: [Errno 104]",
    ):
        assert local_note(raw) == raw
