"""The sending services of the bundled data, as the service picker shows them."""

from __future__ import annotations

from smtpwizard.core.discovery.providers import validate_data
from smtpwizard.core.discovery.services import regions, sending_services, setup_for
from smtpwizard.core.models import Pairing, Security


def by_id(provider_id: str) -> object:
    return next(p for p in sending_services() if p.id == provider_id)


def test_every_service_has_a_host_ports_and_a_named_secret() -> None:
    services = sending_services()
    assert len(services) >= 12
    for provider in services:
        setup = setup_for(provider)
        assert setup.host and setup.pairings and setup.secret_name
        assert setup.username is not None or setup.username_note or provider.id == "sendpulse"


def test_the_user_names_services_expect() -> None:
    assert setup_for(by_id("sendgrid")).username == "apikey"  # type: ignore[arg-type]
    assert setup_for(by_id("resend")).username == "resend"  # type: ignore[arg-type]
    ses = setup_for(by_id("amazon-ses"), "Europe (Frankfurt)")  # type: ignore[arg-type]
    assert ses.username is None and "not your AWS access key" in (ses.username_note or "")
    assert ses.host == "email-smtp.eu-central-1.amazonaws.com"
    assert ses.secret_name == "SMTP password"
    assert ses.pairings == (Pairing(587, Security.STARTTLS), Pairing(465, Security.TLS))


def test_regions() -> None:
    mailgun = by_id("mailgun")
    assert regions(mailgun) == ("US", "EU")  # type: ignore[arg-type]
    assert setup_for(mailgun, "EU").host == "smtp.eu.mailgun.org"  # type: ignore[arg-type]
    assert setup_for(mailgun, "Mars").region == "US"  # type: ignore[arg-type]


def test_the_secret_url_must_be_https() -> None:
    row = {
        "id": "x",
        "name": "X",
        "kind": "service",
        "domains": [],
        "mx_patterns": [],
        "smtp": [{"host": "smtp.x.example", "port": 587, "security": "starttls"}],
        "username": "email",
        "secrets": ["api-key"],
        "oauth": "none",
        "hints": [],
        "sources": ["https://x.example"],
        "secret_name": "API key",
        "secret_url": "http://x.example/keys",
    }
    errors = validate_data({"version": 1, "providers": [row]})
    assert any("secret_url" in e for e in errors)
