"""``probe``'s options for the checks beyond the server: loopback references, bad values."""

from __future__ import annotations

import json

import pytest

from smtpwizard.lab.blackhole import Blackhole
from tests.test_cli_probe import smtpwizard


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--egress-reference", " , "], "--egress-reference: give at least one server name"),
        (["--egress-reference", "smtp example.com"], "--egress-reference: "),
        (["--dns-server", "not-an-address"], "--dns-server: "),
    ],
)
def test_bad_values_are_one_line_usage_errors(args: list[str], words: str) -> None:
    result = smtpwizard("probe", "smtp.example.com", *args)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_blocked_port_with_loopback_references_from_the_command_line() -> None:
    # one silent port on the server's address and the reference's (bound together, so a port
    # that is taken on either address is never chosen)
    with Blackhole(hosts=("127.0.0.1", "127.0.0.2")) as server:
        result = smtpwizard(
            "probe", "127.0.0.1", "--pairings", "587/starttls",
            "--port-map", f"587={server.port}", "--timeout", "2",
            "--egress-reference", "127.0.0.2", "--no-sender-check", "--json",
        )  # fmt: skip
        off = smtpwizard(
            "probe", "127.0.0.1", "--pairings", "587/starttls",
            "--port-map", f"587={server.port}", "--timeout", "2",
            "--egress-reference", "127.0.0.2", "--no-egress-check", "--json",
        )  # fmt: skip
    data = json.loads(result.stdout)
    assert result.returncode == 3
    assert data["attempts"][0]["failure"]["code"] == "net.blocked_locally"
    assert data["egress"][0]["references"][0]["host"] == "127.0.0.2"
    assert json.loads(off.stdout)["attempts"][0]["failure"]["code"] == "net.timeout"
    assert json.loads(off.stdout)["egress"] == []
