"""The bundled provider data: it validates, its hosts are real host names, look-ups work."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from smtpwizard.core.discovery.providers import (
    ProviderDataError,
    SecretKind,
    UsernameForm,
    bundled_providers,
    data_path,
    load_providers,
    parse_data,
    schema_path,
    validate_data,
)
from smtpwizard.core.models import Security
from smtpwizard.core.validation import normalize_host

# Another part of the product keys its wording by these ids: they must exist and never change.
STABLE_IDS = (
    "gmail",
    "google-workspace",
    "outlook",
    "microsoft365",
    "yahoo",
    "aol",
    "icloud",
    "zoho",
    "fastmail",
    "sendgrid",
    "amazon-ses",
    "mailgun",
    "postmark",
    "brevo",
)


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return json.loads(data_path().read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_bundled_data_validates_and_is_broad(raw: dict[str, Any]) -> None:
    assert validate_data(raw) == []
    data = bundled_providers()
    assert len(data) >= 60
    assert data.domain_count >= 200
    for pid in STABLE_IDS:
        assert data.get(pid) is not None, pid


def test_every_host_is_a_valid_host_name() -> None:
    hosts = [s.host for p in bundled_providers().providers for s in p.smtp]
    assert len(hosts) > 100
    for host in hosts:
        assert normalize_host(host) == host
    for p in bundled_providers().providers:
        for domain in p.domains:
            assert normalize_host(domain) == domain


def test_every_entry_is_complete() -> None:
    for p in bundled_providers().providers:
        assert p.sources, p.id
        if SecretKind.APP_PASSWORD in p.secrets and p.app_password_url:
            assert p.app_password_url.startswith("https://")
        if p.username is UsernameForm.OTHER:
            assert p.username_note
        if not p.smtp:
            assert p.hints, f"{p.id} has no servers and no hint explaining why"


def test_schema_file_describes_the_same_fields(raw: dict[str, Any]) -> None:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    provider_schema = schema["$defs"]["provider"]
    allowed = set(provider_schema["properties"])
    for entry in raw["providers"]:
        assert set(entry) <= allowed, entry["id"]
        assert set(provider_schema["required"]) <= set(entry), entry["id"]
    server_fields = set(schema["$defs"]["server"]["properties"])
    for entry in raw["providers"]:
        for server in entry["smtp"]:
            assert set(server) <= server_fields


def test_lookup_by_domain() -> None:
    data = bundled_providers()
    gmail = data.for_domain("gmail.com")
    assert gmail is not None and gmail.id == "gmail"
    assert data.for_domain("GoogleMail.com.") is gmail
    assert gmail.smtp[0].host == "smtp.gmail.com"
    assert gmail.username_for("me@gmail.com") == "me@gmail.com"
    hotmail = data.for_domain("hotmail.com")
    assert hotmail is not None and hotmail.id == "outlook"
    assert data.for_domain("example.com") is None


@pytest.mark.parametrize(
    ("mx", "expected"),
    [
        ("aspmx.l.google.com", "google-workspace"),
        ("alt2.aspmx.l.google.com.", "google-workspace"),
        ("smtp.google.com", "google-workspace"),
        ("example-com.mail.protection.outlook.com", "microsoft365"),
        ("hotmail-com.olc.protection.outlook.com", "outlook"),
        ("mx.zoho.eu", "zoho"),
        ("in1-smtp.messagingengine.com", "fastmail"),
        ("mx01.mail.icloud.com", "icloud"),
        ("mx.example.net", None),
    ],
)
def test_lookup_by_mx(mx: str, expected: str | None) -> None:
    found = bundled_providers().for_mx(mx)
    assert (found.id if found else None) == expected


def test_regional_servers_follow_the_domain_or_mx() -> None:
    zoho = bundled_providers().get("zoho")
    assert zoho is not None
    assert zoho.servers_for("mx.zoho.eu")[0].host == "smtppro.zoho.eu"
    assert zoho.servers_for("zoho.com")[0].host == "smtp.zoho.com"
    assert zoho.servers_for("zohomail.in")[0].host == "smtp.zoho.in"


def test_username_forms() -> None:
    data = bundled_providers()
    sendgrid = data.get("sendgrid")
    free = data.get("free")
    ses = data.get("amazon-ses")
    assert sendgrid is not None and free is not None and ses is not None
    assert sendgrid.username_for("me@example.com") == "apikey"
    assert free.username_for("jean@free.fr") == "jean"
    assert ses.username_for("me@example.com") is None
    assert data.for_smtp_host("smtp.sendgrid.net") is sendgrid
    assert sendgrid.smtp[0].security is Security.STARTTLS


def test_provider_summary_matches_the_discover_contract() -> None:
    gmail = bundled_providers().get("gmail")
    assert gmail is not None
    summary = gmail.to_dict()
    assert set(summary) == {
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
    assert summary["oauth"] == "possible"
    assert summary["data"] == "curated"
    assert summary["app_password_url"].startswith("https://")


def test_broken_data_is_reported_in_words(raw: dict[str, Any]) -> None:
    bad = copy.deepcopy(raw)
    bad["providers"][0]["smtp"][0]["host"] = "smtp gmail.com"
    bad["providers"][0]["smtp"][0]["port"] = 70000
    bad["providers"][1]["id"] = bad["providers"][0]["id"]
    bad["providers"][2]["secrets"] = ["magic"]
    bad["providers"][3]["domains"] = ["gmail.com"]
    errors = validate_data(bad)
    text = "\n".join(errors)
    assert "has a space" in text or "space" in text
    assert "port must be a number" in text
    assert "is used twice" in text
    assert "secrets must list" in text
    assert "belongs to both" in text
    with pytest.raises(ProviderDataError, match="problem"):
        parse_data(bad)


def test_unreadable_file_is_a_clear_error(tmp_path: Any) -> None:
    broken = tmp_path / "providers.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ProviderDataError, match="not valid JSON"):
        load_providers(broken)
    with pytest.raises(ProviderDataError, match="cannot read"):
        load_providers(tmp_path / "missing.json")
