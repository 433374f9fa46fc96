"""The ISPDB converter on small snapshots of its own: what it keeps, what it refuses."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from smtpwizard.core.discovery.ispdb_data import load_ispdb
from smtpwizard.core.discovery.provider_merge import merge
from smtpwizard.core.discovery.providers import Origin, ProviderData, UsernameForm
from smtpwizard.core.models import Security

ROOT = Path(__file__).resolve().parents[3]

EXAMPLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.net">
    <domain>example.net</domain>
    <domain>Example.ORG</domain>
    <displayName>Example Mail</displayName>
    <incomingServer type="imap">
      <hostname>imap.example.net</hostname><port>993</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><username>%EMAILLOCALPART%</username>
    </incomingServer>
    <incomingServer type="exchange"><url>https://example.net/ews</url></incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.net</hostname><port>587</port><socketType>STARTTLS</socketType>
      <authentication>OAuth2</authentication><authentication>password-cleartext</authentication>
      <username>%EMAILLOCALPART%</username>
    </outgoingServer>
    <documentation url="https://help.example.net/mail"><descr lang="de">Hilfe</descr>
      <descr lang="en">Help</descr></documentation>
  </emailProvider>
  <enable visiturl="https://example.net/settings">
    <instruction>Allow IMAP in the settings</instruction>
  </enable>
</clientConfig>
"""

TEMPLATED = b"""<clientConfig version="1.1"><emailProvider id="hosted.example">
  <domain>a.example</domain><domain>b.example</domain><domain>example.net</domain>
  <displayName>Hosted</displayName>
  <outgoingServer type="smtp"><hostname>mail.%EMAILDOMAIN%</hostname><port>465</port>
    <socketType>SSL</socketType><username>%EMAILLOCALPART%.%EMAILDOMAIN%</username>
  </outgoingServer></emailProvider></clientConfig>
"""

LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>
<clientConfig><emailProvider id="x"><domain>x.example</domain></emailProvider></clientConfig>
"""


def _converter() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "import_ispdb", ROOT / "packaging" / "providers" / "import_ispdb.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def snapshot(tmp_path: Path) -> Path:
    folder = tmp_path / "ispdb"
    folder.mkdir()
    (folder / "example.net.xml").write_bytes(EXAMPLE)
    (folder / "hosted.example.xml").write_bytes(TEMPLATED)
    (folder / "LICENSE").write_text("Mozilla Public License Version 2.0\n", encoding="utf-8")
    (folder / "README.md").write_text("from commit abc1234, 2026-01-31\n", encoding="utf-8")
    return folder


def test_conversion_keeps_servers_forms_and_links(snapshot: Path, tmp_path: Path) -> None:
    converter = _converter()
    out = tmp_path / "out"
    assert converter.main([str(snapshot), "--output", str(out)]) == 0
    raw = json.loads((out / "ispdb.json").read_text(encoding="utf-8"))
    assert raw["license"] == "MPL-2.0" and raw["snapshot"] == "abc1234 (2026-01-31)"
    assert (out / "LICENSE").is_file() and "Thunderbird" in (out / "NOTICE").read_text()
    first = raw["providers"][0]
    assert first["domains"] == ["example.net", "example.org"]
    assert first["outgoing"][0] == {
        "host": "smtp.example.net",
        "port": 587,
        "socket": "STARTTLS",
        "security": "starttls",
        "username": "%EMAILLOCALPART%",
        "auth": ["OAuth2", "password-cleartext"],
    }
    assert [s["protocol"] for s in first["incoming"]] == ["imap"]  # Exchange has no host
    assert first["documentation"] == [{"url": "https://help.example.net/mail", "text": "Help"}]
    assert first["enable"] == {
        "url": "https://example.net/settings",
        "instruction": "Allow IMAP in the settings",
    }
    # the domain listed twice stays with the first file (by name) and is noted
    assert raw["providers"][1]["domains"] == ["a.example", "b.example"]
    assert any("example.net is already listed" in n for n in raw["adjustments"])
    assert converter.main([str(snapshot), "--output", str(out), "--check"]) == 0


def test_converted_entries_become_providers(snapshot: Path, tmp_path: Path) -> None:
    converter = _converter()
    converter.main([str(snapshot), "--output", str(tmp_path / "out")])
    ispdb = load_ispdb(tmp_path / "out" / "ispdb.json")
    data = ProviderData(merge((), ispdb))
    example = data.for_domain("example.org")
    assert example is not None and example.origin is Origin.ISPDB
    assert example.username is UsernameForm.LOCALPART
    assert example.username_for("jo@example.org") == "jo"
    assert example.oauth_value == "possible"
    assert [(i.protocol, i.host, i.security) for i in example.incoming] == [
        ("imap", "imap.example.net", Security.TLS)
    ]
    assert example.before_login == ("Allow IMAP in the settings: https://example.net/settings",)
    hosted = data.for_domain("b.example")
    assert hosted is not None and hosted.last_checked == "2026-01-31"
    assert hosted.servers_for("b.example")[0].host == "mail.b.example"
    assert hosted.username_for("jo@b.example") == "jo.b.example"


def test_stale_committed_file_is_reported(snapshot: Path, tmp_path: Path) -> None:
    converter = _converter()
    out = tmp_path / "out"
    converter.main([str(snapshot), "--output", str(out)])
    (snapshot / "hosted.example.xml").write_bytes(TEMPLATED.replace(b"465", b"587"))
    assert converter.main([str(snapshot), "--output", str(out), "--check"]) == 1


def test_unsafe_xml_is_refused(
    snapshot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (snapshot / "laughs.example.xml").write_bytes(LAUGHS)
    assert _converter().main([str(snapshot), "--output", str(tmp_path / "out")]) == 2
    assert "laughs.example.xml: not a usable XML document" in capsys.readouterr().err
    assert not (tmp_path / "out" / "ispdb.json").exists()
