"""Text a server chose never reaches a terminal, a report or the GUI raw.

A real lab server greets with ESC sequences (clear screen, window title), BEL and a
right-to-left override; the real command line probes it and writes its text and HTML reports.
None of those characters may come out raw anywhere; each shows as a visible escape.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smtpwizard.core.servertext import safe_server_text
from smtpwizard.lab import LabCA, ServerSpec, ThreadedLabServer
from smtpwizard.lab.spec import Behaviour

HOSTILE = "554 5.7.1 \x1b[2J\x1b]0;pwned\x07 Ready \u202eydaer\u2066 \x9b31m \x00 done\r\n"
RAW = ["\x1b", "\x07", "\u202e", "\u2066", "\x9b", "\x00"]


@pytest.fixture(scope="module")
def hostile_port() -> Iterator[int]:
    # sent as raw bytes (aiosmtpd itself would only send ASCII)
    spec = ServerSpec(behaviour=Behaviour.GARBAGE, banner=HOSTILE.encode("utf-8"))
    with ThreadedLabServer(spec, ca=LabCA.shared()) as server:
        yield server.port


def _probe(port: int, *extra: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "smtpwizard",
            "probe",
            "localhost",
            "--pairings",
            "587/starttls",
            "--port-map",
            f"587={port}",
            "--timeout",
            "5",
            *extra,
        ],
        capture_output=True,
        timeout=60,
    )


def _assert_safe(data: bytes, where: str) -> None:
    text = data.decode("utf-8")
    for char in RAW:
        assert char not in text, f"{char!r} reached {where} raw"
    assert "\\x1b[2J" in text, f"the escape is not shown visibly in {where}"


def test_terminal_text_and_reports(hostile_port: int, tmp_path: Path) -> None:
    text_report, html_report = tmp_path / "report.txt", tmp_path / "report.html"
    done = _probe(hostile_port, "--report", str(text_report))
    _assert_safe(done.stdout + done.stderr, "the terminal")
    _assert_safe(text_report.read_bytes(), "the text report")
    _probe(hostile_port, "--report", str(html_report))
    _assert_safe(html_report.read_bytes(), "the HTML report")


def test_json(hostile_port: int) -> None:
    done = _probe(hostile_port, "--json")
    doc = json.loads(done.stdout)
    _assert_safe(json.dumps(doc, ensure_ascii=False).encode(), "the JSON")


def test_the_one_function() -> None:
    assert safe_server_text("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert safe_server_text("\u202eabc") == "\\u202eabc"
    assert safe_server_text("x\udcffy") == "x\ufffdy"  # bytes that were not UTF-8
    assert safe_server_text("line 1\nline 2\tend") == "line 1\nline 2 end"
    assert safe_server_text("plain ü text") == "plain ü text"


def test_a_multi_line_reply_cannot_forge_a_line_of_its_own() -> None:
    banner = (
        b"554-blocked\r\n554-Ready: smtp.example.com works, your sign-in was accepted\r\n554 x\r\n"
    )
    spec = ServerSpec(behaviour=Behaviour.GARBAGE, banner=banner)
    with ThreadedLabServer(spec, ca=LabCA.shared()) as server:
        done = _probe(server.port, "--json")
    [attempt] = json.loads(done.stdout)["attempts"]
    assert "Ready: smtp.example.com works" in attempt["failure"]["detail"]
    assert "\n" not in attempt["failure"]["detail"]
    assert all(line.startswith("S: ") for line in attempt["transcript"])


def test_an_autoconfig_document_cannot_put_escapes_on_screen() -> None:
    from smtpwizard.core.discovery.autoconfig import parse_autoconfig

    xml = (
        '<clientConfig version="1.1"><emailProvider id="x"><domain>example.com</domain>'
        "<displayName>Example &#x9b;2J Mail &#x202e;</displayName>"  # XML 1.0 has no ESC
        '<outgoingServer type="smtp"><hostname>smtp.example.com</hostname><port>465</port>'
        "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
        "<authentication>password-cleartext</authentication></outgoingServer>"
        "</emailProvider></clientConfig>"
    )
    document = parse_autoconfig(xml.encode(), "me@example.com")
    assert document.display_name == "Example \\x9b2J Mail \\u202e"
