"""Speaking the user's language: which one is chosen, and the words, dates and report in it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from smtpwizard.core.installer.preset import PresetError, parse_preset
from smtpwizard.core.models import DEFAULT_PAIRINGS, Failure, Security
from smtpwizard.core.wording import formats, messages
from smtpwizard.core.wording.codes import FailureCode
from smtpwizard.core.wording.language import from_environment, from_preferences, language_code
from smtpwizard.core.wording.translation import LANGUAGES, current_language, set_language

TRANSLATED = [code for code in LANGUAGES if code != "en"]
PARAMS = {"host": "smtp.example.com", "port": "587", "seconds": "6", "sender": "a@example.com"}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANGUAGE": "de"}, "de"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LC_ALL": "de_AT.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
        ({"LC_MESSAGES": "de_CH", "LANG": "en_GB.UTF-8"}, "de"),
        ({"LANGUAGE": "pt_BR:de:en", "LANG": "pt_BR.UTF-8"}, "de"),  # first one we speak
        ({"LANGUAGE": "en:de"}, "en"),  # English asked for first
        ({"LANGUAGE": "de", "LANG": "C.UTF-8"}, "de"),  # C.UTF-8 does not block LANGUAGE
        ({"LANGUAGE": "de", "LC_ALL": "C"}, "en"),  # plain C does (as in GNU gettext)
        ({"LANG": "ja_JP.UTF-8"}, "en"),  # not spoken: English
        ({}, "en"),
    ],
)
def test_language_from_the_environment(environ: dict[str, str], expected: str) -> None:
    assert from_environment(environ) == expected


def test_language_tags_of_every_platform() -> None:
    assert language_code("de-DE") == language_code("de_DE.UTF-8@euro") == "de"
    assert language_code("POSIX") == ""
    assert from_preferences(["ja-JP", "de-AT", "en-US"]) == "de"  # QLocale.uiLanguages()
    assert from_preferences([]) == "en"


def test_set_language_falls_back_to_english() -> None:
    assert set_language("xx") == "en" and current_language() == "en"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_failure_is_described_in_the_language(language: str) -> None:
    english = {code: messages.describe(Failure(code, params=PARAMS)) for code in FailureCode}
    set_language(language)
    for code in FailureCode:
        text = messages.describe(Failure(code, params=PARAMS))
        for field in ("title", "explanation", "fix"):
            translated, original = getattr(text, field), getattr(english[code], field)
            assert translated and translated != original, (code, field)
            assert "{" not in translated, (code, field, translated)


@pytest.mark.parametrize("language", TRANSLATED)
def test_provider_words_are_translated_too(language: str) -> None:
    failure = Failure(FailureCode.AUTH_APP_PASSWORD_REQUIRED, params=PARAMS)
    english = messages.describe(failure, "gmail")
    set_language(language)
    text = messages.describe(failure, "gmail")
    assert text.title != english.title and text.fix != english.fix
    assert "https://myaccount.google.com/apppasswords" in text.fix  # addresses stay


def test_switching_back_to_english_restores_the_english_words() -> None:
    failure = Failure(FailureCode.NET_TIMEOUT, params=PARAMS)
    english = messages.describe(failure)
    set_language("de")
    assert messages.describe(failure) != english
    set_language("en")
    assert messages.describe(failure) == english


def test_missing_parameters_read_naturally_in_german() -> None:
    set_language("de")
    text = messages.describe(Failure(FailureCode.DNS_NOT_FOUND))
    assert text.explanation.startswith("Der Servername wurde im Internet nicht gefunden.")
    assert "{" not in text.explanation


def test_german_dates_durations_and_labels() -> None:
    moment = datetime(2026, 12, 6, 14, 5, 9, tzinfo=UTC)
    assert formats.date_time(moment) == "2026-12-06 14:05 UTC"
    assert formats.duration_ms(3.46) == "3.5 ms"
    set_language("de")
    assert formats.date_time(moment) == "06.12.2026, 14:05 UTC"
    assert formats.date_time(moment, seconds=True) == "06.12.2026, 14:05:09 UTC"
    assert formats.duration_ms(3.46) == "3,5 ms" and formats.duration_ms(120.4) == "120 ms"
    assert formats.seconds(2.5) == "2,5"
    assert messages.security_label(Security.NONE) == "Unverschlüsselt"
    assert messages.security_label(Security.TLS) == "SSL/TLS"  # as mail programs show it


def test_a_preset_may_fix_the_language() -> None:
    base = {"schema": "smtpwizard.preset/1"}
    assert parse_preset({**base, "language": "de"}).language == "de"
    assert parse_preset(base).language is None
    with pytest.raises(PresetError, match="language"):
        parse_preset({**base, "language": "klingon"})


def _probe_demo(language: str) -> dict[str, object]:
    env = {**os.environ, "LANGUAGE": language, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    result = subprocess.run(
        [sys.executable, "-m", "smtpwizard", "probe", "--demo", "--wait-all", "--json"],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        check=True,
    )
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_probe_json_keeps_its_codes_and_speaks_the_language() -> None:
    """``LANGUAGE=de smtpwizard probe --demo --json`` against the demo lab."""
    english, german = _probe_demo("en"), _probe_demo("de")

    def failures(document: dict[str, object]) -> dict[str, dict[str, str]]:
        attempts = document["attempts"]
        assert isinstance(attempts, list)
        return {f"{a['port']}/{a['security']}": a["failure"] for a in attempts if a.get("failure")}

    # An SSL/TLS attempt the probe adds on a port whose greeting is slow (docs/design.md) depends
    # on timing, not on the language: compare the pairings that were asked for.
    requested = {f"{p.port}/{p.security.value}" for p in DEFAULT_PAIRINGS}
    en_failures = {k: v for k, v in failures(english).items() if k in requested}
    de_failures = {k: v for k, v in failures(german).items() if k in requested}
    assert en_failures and en_failures.keys() == de_failures.keys()
    for pairing, failure in de_failures.items():
        assert failure["code"] == en_failures[pairing]["code"]
        for field in ("title", "explanation", "fix"):
            assert failure[field] != en_failures[pairing][field], (pairing, field)
    assert str(german["summary"]).startswith("Fertig:")
    assert german["summary"] != english["summary"]


def test_input_errors_are_shown_in_the_language() -> None:
    from smtpwizard.core.validation import InputError, validate_email, validate_port

    with pytest.raises(InputError) as port_error:
        validate_port(70000)
    with pytest.raises(InputError) as email_error:
        validate_email("alex@localhost")
    assert str(port_error.value) == "Port 70000 does not exist: ports go from 1 to 65535."
    set_language("de")
    assert str(port_error.value) == "Port 70000 gibt es nicht: Ports gehen von 1 bis 65535."
    assert "braucht einen Punkt" in str(email_error.value)
    assert port_error.value.args[0].startswith("Port 70000 does not exist")  # logs stay English
