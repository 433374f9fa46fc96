"""``discover --offline`` for every ISPDB domain, typing mistakes, and the incoming servers."""

from __future__ import annotations

import asyncio
import json

import pytest

from smtpwizard.cli import main
from smtpwizard.core.discovery.ispdb_data import load_ispdb
from smtpwizard.core.discovery.pipeline import Source, discover, discover_async
from smtpwizard.core.discovery.typos import one_edit_apart, suggest_domain
from smtpwizard.core.models import Security


def test_every_ispdb_domain_answers_offline_like_the_ispdb() -> None:
    ispdb = load_ispdb()
    pairs = [(entry, domain) for entry in ispdb.entries for domain in entry.domains]

    async def run_all() -> list[object]:
        return [await discover_async(f"someone@{d}", offline=True) for _e, d in pairs]

    results = asyncio.run(run_all())
    agree, explained = 0, 0
    for (entry, domain), result in zip(pairs, results, strict=True):
        assert result.provider is not None, domain  # type: ignore[attr-defined]
        best = result.best  # type: ignore[attr-defined]
        assert best is not None and best.source is Source.BUNDLED and best.trusted, domain
        listed = {(s.host_for(domain), s.port, s.security) for s in entry.outgoing}
        same_user = best.username == entry.username_for(f"someone@{domain}")
        if (best.host, best.port, best.security) in listed and same_user:
            agree += 1
        else:
            assert result.provider.ispdb_differs, domain  # type: ignore[attr-defined]
            explained += 1
    assert agree + explained == ispdb.domain_count
    assert agree / ispdb.domain_count >= 0.98


@pytest.mark.parametrize(
    ("email", "host", "port", "security", "username"),
    [
        ("jo@online.de", "smtp.ionos.de", 587, Security.STARTTLS, "jo@online.de"),  # override
        ("jo@sofortsurf.de", "smtp.ionos.de", 587, Security.STARTTLS, "jo@sofortsurf.de"),
        ("jo@one.com", "send.one.com", 465, Security.TLS, "jo@one.com"),  # ISPDB only
        ("jo@inbox.lv", "mail.inbox.lv", 465, Security.TLS, "jo@inbox.lv"),  # %EMAILDOMAIN%
        ("jo@bol.com.br", "smtps.bol.com.br", 465, Security.TLS, "jo"),
    ],
)
def test_cli_offline_json_answers_from_bundled_data(
    capsys: pytest.CaptureFixture[str],
    email: str,
    host: str,
    port: int,
    security: Security,
    username: str,
) -> None:
    assert main(["discover", email, "--offline", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["candidates"][0]
    assert (first["host"], first["port"], first["security"], first["username"]) == (
        host,
        port,
        security.value,
        username,
    )
    assert first["source"] == "bundled" and first["trusted"] is True
    assert data["did_you_mean"] is None


def test_incoming_servers_come_with_the_answer() -> None:
    result = discover("jo@gmx.net", offline=True)
    incoming = [(c.protocol, c.host, c.port, c.security) for c in result.incoming]
    assert ("imap", "imap.gmx.net", 993, Security.TLS) in incoming
    assert incoming[0][0] == "imap"  # IMAP before POP3
    assert all(c.username == "jo@gmx.net" and c.source is Source.BUNDLED for c in result.incoming)
    data = result.to_dict()
    assert data["incoming"][0] == {
        "protocol": "imap",
        "host": incoming[0][1],
        "port": incoming[0][2],
        "security": incoming[0][3].value,
        "username": "jo@gmx.net",
        "source": "bundled",
        "trusted": True,
    }


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("gmial.com", "gmail.com"),
        ("hotmial.com", "hotmail.com"),
        ("yaho.com", "yahoo.com"),
        ("outlok.com", "outlook.com"),
        ("gmaill.com", "gmail.com"),
        ("gnail.com", "gmail.com"),
    ],
)
def test_typo_offline_gets_did_you_mean(typed: str, meant: str) -> None:
    result = discover(f"jane@{typed}", offline=True)
    assert result.did_you_mean == meant
    assert result.to_dict()["did_you_mean"] == meant


@pytest.mark.parametrize("domain", ["gmail.com", "acme-bakery.de", "example.com", "gm.com"])
def test_no_suggestion_for_known_or_distant_domains(domain: str) -> None:
    assert discover(f"jane@{domain}", offline=True).did_you_mean is None


def test_one_edit_means_exactly_one() -> None:
    assert one_edit_apart("gmial.com", "gmail.com")  # swap
    assert one_edit_apart("gmal.com", "gmail.com")  # left out
    assert one_edit_apart("gmaiil.com", "gmail.com")  # added
    assert one_edit_apart("gmaul.com", "gmail.com")  # replaced
    assert not one_edit_apart("gmail.com", "gmail.com")
    assert not one_edit_apart("gmila.com", "gmail.com")  # two
    assert not one_edit_apart("giaml.com", "gmail.com")
    assert suggest_domain("GMIAL.com.", ["gmail.com"]) == "gmail.com"
