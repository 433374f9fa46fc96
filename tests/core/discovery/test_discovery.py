"""Discovery from the bundled data: instant, offline, and the JSON contract's exact shape."""

from __future__ import annotations

import json
import time

import pytest

from smtpwizard.cli import main
from smtpwizard.core.discovery.pipeline import (
    DISCOVER_SCHEMA,
    Candidate,
    DiscoveryOptions,
    Source,
    StepStatus,
    _merge,
    discover,
)
from smtpwizard.core.models import Security
from smtpwizard.core.validation import InputError

# Point every network source at nothing: if any were asked, the test would show it.
NOWHERE = DiscoveryOptions(
    nameservers=("127.0.0.1",),
    dns_port=9,
    autoconfig_urls=(),
    plain_http_urls=(),
    use_ispdb=False,
    dns_timeout=0.3,
)


def _check_contract(data: dict[str, object]) -> None:
    assert set(data) == {
        "schema",
        "email",
        "domain",
        "provider",
        "candidates",
        "incoming",
        "did_you_mean",
    }
    assert data["schema"] == DISCOVER_SCHEMA
    provider = data["provider"]
    if provider is not None:
        assert isinstance(provider, dict)
        assert set(provider) == {
            "id",
            "name",
            "hints",
            "app_password_url",
            "oauth",
            "before_login",
            "after_login",
            "sending_limit",
            "last_checked",
            "documentation",
            "data",
        }
        assert provider["oauth"] in (None, "possible", "required")
    assert isinstance(data["candidates"], list)
    for c in data["candidates"]:
        assert set(c) == {"host", "port", "security", "username", "auth", "source", "trusted"}
        assert c["security"] in ("none", "starttls", "tls")
        assert c["source"] in ("bundled", "autoconfig", "ispdb", "srv", "mx", "guess")
        assert set(c["auth"]) <= {"password", "app-password", "api-key", "oauth2"}
        assert isinstance(c["trusted"], bool)


def test_known_provider_answers_instantly_without_network() -> None:
    discover("warm@gmail.com", options=NOWHERE)  # loads the data once
    start = time.perf_counter()
    result = discover("Someone@GMAIL.com", options=NOWHERE)
    assert time.perf_counter() - start < 0.1
    assert result.domain == "gmail.com"
    assert result.provider is not None and result.provider.id == "gmail"
    assert [(c.host, c.port, c.security) for c in result.candidates] == [
        ("smtp.gmail.com", 465, Security.TLS),
        ("smtp.gmail.com", 587, Security.STARTTLS),
    ]
    assert all(c.source is Source.BUNDLED and c.trusted for c in result.candidates)
    assert result.candidates[0].username == "Someone@gmail.com"
    assert result.candidates[0].origin_label == "Found in the built-in list"
    assert {s.source: s.status for s in result.steps}[Source.MX] is StepStatus.SKIPPED
    _check_contract(result.to_dict())


def test_offline_unknown_domain_finds_nothing_and_asks_nobody() -> None:
    start = time.perf_counter()
    result = discover("me@unknown-domain.example", offline=True, options=NOWHERE)
    assert time.perf_counter() - start < 0.1
    assert result.candidates == () and result.provider is None
    assert all(s.status is not StepStatus.TIMEOUT for s in result.steps)
    _check_contract(result.to_dict())


def test_international_domain_is_normalised() -> None:
    result = discover("joerg@bücher.example", offline=True)
    assert result.domain == "xn--bcher-kva.example"


@pytest.mark.parametrize("bad", ["", "no-at-sign", "a@b", "two\nlines@example.com"])
def test_invalid_address_raises_input_error(bad: str) -> None:
    with pytest.raises(InputError):
        discover(bad, offline=True)


def test_username_forms_come_through() -> None:
    free = discover("jean@free.fr", offline=True)
    assert free.candidates[0].username == "jean"
    zoho = discover("me@zoho.eu", offline=True)
    assert zoho.candidates[0].host == "smtp.zoho.eu" and zoho.candidates[0].region == "EU"


def test_provider_without_smtp_says_so() -> None:
    result = discover("me@tuta.com", offline=True)
    assert result.provider is not None and result.provider.id == "tuta"
    assert result.candidates == ()
    assert "does not offer SMTP" in result.provider.hints[0]


def test_merge_deduplicates_and_puts_trusted_first() -> None:
    def cand(host: str, source: Source, trusted: bool) -> Candidate:
        return Candidate(host, 465, Security.TLS, None, ("password",), source, trusted)

    merged = _merge(
        [
            [cand("a.example", Source.AUTOCONFIG, False)],
            [cand("b.example", Source.ISPDB, True)],
            [cand("c.example", Source.SRV, False), cand("b.example", Source.SRV, False)],
            [cand("a.example", Source.GUESS, False)],
        ]
    )
    assert [(c.host, c.source) for c in merged] == [
        ("b.example", Source.ISPDB),
        ("a.example", Source.AUTOCONFIG),
        ("c.example", Source.SRV),
    ]


def test_cli_json_offline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discover", "me@outlook.com", "--offline", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    _check_contract(data)
    assert data["provider"]["id"] == "outlook"
    assert data["candidates"][0] == {
        "host": "smtp-mail.outlook.com",
        "port": 587,
        "security": "starttls",
        "username": "me@outlook.com",
        "auth": ["oauth2", "app-password"],
        "source": "bundled",
        "trusted": True,
    }


def test_cli_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discover", "dev@sendgrid-user.example", "--offline"]) == 1
    assert "Run without --offline" in capsys.readouterr().out
    assert main(["discover", "me@yahoo.com", "--offline"]) == 0
    out = capsys.readouterr().out
    assert "smtp.mail.yahoo.com" in out and "Found in the built-in list" in out
    assert "app password" in out


def test_cli_invalid_address_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discover", "not an address", "--offline"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "not an email address" in captured.err
