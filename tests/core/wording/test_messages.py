"""The words for every failure code: complete, filled, provider-refined, never a secret."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smtpwizard.core.contract import failure_json
from smtpwizard.core.models import Failure, Outcome, StageName
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.codes import FailureCode
from smtpwizard.core.wording.messages import describe, headline, importance, provider_name
from smtpwizard.core.wording.provider_hints import PROVIDER_NAMES, refined_codes

ALL_CODES = list(FailureCode)
PROVIDERS = sorted(PROVIDER_NAMES)
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")

FULL_PARAMS = {
    "host": "smtp.example.com",
    "port": "587",
    "seconds": "6",
    "names": "mail.other.example, other.example",
    "not_before": "2030-01-01",
    "not_after": "2020-01-01",
    "mechanisms": "XOAUTH2",
    "sender": "me@example.com",
    "recipient": "you@example.org",
    "tls_version": "TLSv1",
}


@pytest.mark.parametrize("provider", [None, *PROVIDERS])
@pytest.mark.parametrize("code", ALL_CODES)
def test_every_code_has_complete_words_without_params(
    code: FailureCode, provider: str | None
) -> None:
    text = describe(Failure(code), provider)
    for part in (text.title, text.explanation, text.fix):
        assert part.strip(), f"{code} ({provider}) has an empty part"
        assert not PLACEHOLDER.search(part), f"{code} ({provider}) left a placeholder: {part}"
        assert code.value not in part


@pytest.mark.parametrize("code", ALL_CODES)
def test_params_name_things(code: FailureCode) -> None:
    text = describe(Failure(code, params=FULL_PARAMS))
    joined = " ".join((text.title, text.explanation, text.fix))
    assert not PLACEHOLDER.search(joined)
    if "{host}" in " ".join(filter(None, messages.words(Failure(code)).__dict__.values())):
        assert "smtp.example.com" in joined


def test_hostname_mismatch_names_the_certificate_names() -> None:
    text = describe(
        Failure(
            FailureCode.TLS_CERT_HOSTNAME_MISMATCH,
            params={"host": "mail.example.com", "names": "*.hosting.example, hosting.example"},
        )
    )
    assert "mail.example.com" in text.explanation
    assert "*.hosting.example, hosting.example" in text.explanation
    assert "*.hosting.example" in text.fix


def test_expired_certificate_names_the_date_and_the_clock() -> None:
    text = describe(Failure(FailureCode.TLS_CERT_EXPIRED, params={"not_after": "2021-03-04"}))
    assert "2021-03-04" in text.explanation
    assert "date and time" in text.fix


def test_not_yet_valid_certificate_points_at_the_clock() -> None:
    text = describe(
        Failure(
            FailureCode.TLS_CERT_EXPIRED,
            params={"not_yet_valid": "yes", "not_before": "2031-01-01"},
        )
    )
    assert "not valid yet" in text.title
    assert "2031-01-01" in text.explanation


def test_port_25_timeout_says_isps_block_it() -> None:
    p25 = describe(Failure(FailureCode.NET_TIMEOUT, params={"port": "25", "host": "h"}))
    p587 = describe(Failure(FailureCode.NET_TIMEOUT, params={"port": "587", "host": "h"}))
    assert "block port 25" in p25.fix and "587" in p25.fix and "465" in p25.fix
    assert p25.fix != p587.fix
    assert "587" in p587.explanation


def test_refused_says_nothing_listens() -> None:
    text = describe(Failure(FailureCode.NET_REFUSED, params={"port": "2525", "host": "h"}))
    assert "nothing is listening on port 2525" in text.explanation


@pytest.mark.parametrize("provider", PROVIDERS)
def test_provider_refinements_differ_from_generic(provider: str) -> None:
    codes = refined_codes(provider)
    assert codes, f"{provider} has no refinements"
    for code in codes:
        # incoming-mail refinements apply to IMAP/POP3 failures (those carry a protocol)
        failure = Failure(code, params={"protocol": "IMAP"})
        generic = describe(failure)
        refined = describe(failure, provider)
        assert refined != generic, f"{provider}/{code} is identical to the generic words"


@pytest.mark.parametrize(
    ("provider", "code", "needle"),
    [
        (
            "gmail",
            FailureCode.AUTH_APP_PASSWORD_REQUIRED,
            "https://myaccount.google.com/apppasswords",
        ),
        ("gmail", FailureCode.AUTH_APP_PASSWORD_REQUIRED, "2-Step Verification"),
        ("microsoft365", FailureCode.AUTH_BASIC_AUTH_DISABLED, "Authenticated SMTP"),
        ("microsoft365", FailureCode.AUTH_BASIC_AUTH_DISABLED, "OAuth"),
        ("outlook", FailureCode.AUTH_BASIC_AUTH_DISABLED, "September 2024"),
        ("sendgrid", FailureCode.AUTH_REJECTED, "apikey"),
        ("amazon-ses", FailureCode.AUTH_REJECTED, "not your AWS access keys"),
        ("amazon-ses", FailureCode.AUTH_REJECTED, "region"),
        ("mailgun", FailureCode.AUTH_REJECTED, "domain"),
        ("postmark", FailureCode.AUTH_REJECTED, "both the user name and the password"),
        ("brevo", FailureCode.AUTH_REJECTED, "SMTP key"),
        ("brevo", FailureCode.AUTH_REJECTED, "SMTP & API"),
        ("yahoo", FailureCode.AUTH_REJECTED, "app password"),
        ("aol", FailureCode.AUTH_APP_PASSWORD_REQUIRED, "app password"),
        ("icloud", FailureCode.AUTH_REJECTED, "appleid.apple.com"),
        ("zoho", FailureCode.AUTH_REJECTED, "smtp.zoho.eu"),
        ("fastmail", FailureCode.AUTH_REJECTED, "app password"),
        ("google-workspace", FailureCode.AUTH_APP_PASSWORD_REQUIRED, "administrator"),
    ],
)
def test_provider_facts(provider: str, code: FailureCode, needle: str) -> None:
    text = describe(Failure(code), provider)
    assert needle in text.fix or needle in text.explanation


def test_provider_name_in_words() -> None:
    text = describe(Failure(FailureCode.AUTH_APP_PASSWORD_REQUIRED), "yahoo")
    assert "Yahoo Mail" in text.explanation


def test_provider_name_display() -> None:
    assert provider_name("gmail") == "Gmail"
    assert provider_name("amazon-ses") == "Amazon SES"
    assert provider_name("some-isp") == "some-isp"
    assert provider_name(None) == "your provider"


def test_unknown_provider_falls_back_to_generic() -> None:
    failure = Failure(FailureCode.AUTH_REJECTED, params={"host": "h"})
    assert describe(failure, "no-such-provider") == describe(failure)


def test_headline() -> None:
    assert headline(FailureCode.AUTH_APP_PASSWORD_REQUIRED, "gmail") == (
        "Gmail: Gmail needs an app password"
    )
    assert headline(FailureCode.NET_REFUSED) == "Nothing answers on this port"


@pytest.mark.parametrize("code", ALL_CODES)
def test_missing_params_read_naturally(code: FailureCode) -> None:
    text = describe(Failure(code))
    joined = " ".join((text.title, text.explanation, text.fix))
    assert "port this port" not in joined
    assert "…" not in joined


def test_importance_is_a_total_order_with_the_agreed_priorities() -> None:
    ranks = [importance(c) for c in ALL_CODES]
    assert len(set(ranks)) == len(ALL_CODES)
    C = FailureCode
    assert importance(C.AUTH_REJECTED) > importance(C.TLS_CERT_EXPIRED)
    assert importance(C.TLS_CERT_UNTRUSTED) > importance(C.TLS_WRONG_MODE)
    assert importance(C.TLS_WRONG_MODE) > importance(C.NET_TIMEOUT)
    assert importance(C.NET_TIMEOUT) > importance(C.NET_REFUSED)
    assert importance(C.AUTH_APP_PASSWORD_REQUIRED) == max(ranks)


def test_small_labels_cover_every_value() -> None:
    for outcome in Outcome:
        assert messages.outcome_label(outcome) and messages.outcome_symbol(outcome)
    for stage in StageName:
        assert messages.stage_label(stage)


def test_failure_to_dict_uses_the_words() -> None:
    data = failure_json(
        Failure(FailureCode.AUTH_APP_PASSWORD_REQUIRED, detail="534 5.7.9 x"), "gmail"
    )
    assert data["title"] == "Gmail needs an app password"
    assert data["detail"] == "534 5.7.9 x"


_param_text = st.text(min_size=0, max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    code=st.sampled_from(ALL_CODES),
    provider=st.one_of(st.none(), st.sampled_from(PROVIDERS), st.text(max_size=12)),
    params=st.dictionaries(
        st.one_of(
            st.sampled_from([*FULL_PARAMS, "not_yet_valid", "provider_name"]), st.text(max_size=10)
        ),
        st.one_of(_param_text, st.sampled_from(["{host}", "{0}", "{", "}", "{password}", "yes"])),
        max_size=6,
    ),
    secret=st.text(min_size=6, max_size=30).map(lambda s: "S3cr3t-" + s),
)
def test_describe_never_crashes_and_never_echoes_secrets(
    code: FailureCode, provider: str | None, params: dict[str, str], secret: str
) -> None:
    # The secret may only reach a Failure through its detail (a server echo); the words must
    # never show the detail, and describe has no other way to learn the secret.
    failure = Failure(code, detail=f"535 bad {secret}", params=params)
    text = describe(failure, provider)
    for part in (text.title, text.explanation, text.fix):
        assert isinstance(part, str) and part.strip()
        assert secret not in part


def test_starttls_missing_while_auth_is_offered_warns_about_interception() -> None:
    plain = describe(Failure(FailureCode.TLS_STARTTLS_UNAVAILABLE, params={"port": "587"}))
    offered = describe(
        Failure(FailureCode.TLS_STARTTLS_UNAVAILABLE, params={"port": "587", "auth_offered": "yes"})
    )
    assert offered.explanation != plain.explanation
    assert "without encryption" in offered.explanation
