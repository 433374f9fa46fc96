"""This computer's firewall, read (never changed) through its own tool.

nftables is tested for real inside a private network namespace the test makes
(``unshare --net``: its rules exist only there, and the namespace has no route off loopback);
ufw and firewalld need system-wide state (``/etc/ufw``, a D-Bus daemon), so their parsers are
tested with recorded output of ``ufw status verbose`` and ``firewall-cmd --direct
--get-all-rules``. Windows and macOS get advice text.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smtpwizard.core.contract import finding_json
from smtpwizard.core.egress.firewall import (
    firewall_findings,
    firewalld_block,
    linux_findings,
    ufw_block,
)
from smtpwizard.core.wording.codes import FindingCode as F

ROOT = Path(__file__).resolve().parents[2]


def _netns_ready() -> bool:
    if not (shutil.which("unshare") and shutil.which("nft") and shutil.which("ip")):
        return False
    done = subprocess.run(
        ["unshare", "--net", "nft", "list", "ruleset"], capture_output=True, check=False
    )
    return done.returncode == 0


netns = pytest.mark.skipif(not _netns_ready(), reason="needs unshare --net and nft (root)")

FINDINGS_SCRIPT = """
import json, sys
from smtpwizard.core.contract import finding_json
from smtpwizard.core.egress.firewall import firewall_findings
print(json.dumps([finding_json(f) for f in firewall_findings(int(sys.argv[1]), "linux")]))
"""


def in_namespace(rules: str, *argv: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` in a new network namespace whose nftables holds ``rules``."""
    rules_file = tmp_path / "rules.nft"
    rules_file.write_text(rules)
    load = f"nft -f {rules_file} && " if rules.strip() else ""
    script = f'ip link set lo up && {load}exec "$@"'
    env = {k: v for k, v in os.environ.items() if k != "SMTPWIZARD_EXTRA_CHECKS"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        ["unshare", "--net", "sh", "-c", script, "sh", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def findings_in_namespace(rules: str, port: int, tmp_path: Path) -> list[dict[str, str]]:
    done = in_namespace(rules, sys.executable, "-c", FINDINGS_SCRIPT, str(port), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    result: list[dict[str, str]] = json.loads(done.stdout)
    return result


RULES = """
table inet filter {
  chain output {
    type filter hook output priority 0; policy accept;
    tcp dport 587 drop
    tcp dport { 25, 2525 } reject
  }
}
"""

POLICY_DROP = """
table ip mail {
  chain out {
    type filter hook output priority 0; policy drop;
    tcp dport 465 accept
  }
}
"""


@netns
def test_an_nftables_drop_rule_is_named_with_the_command_to_allow_it(tmp_path: Path) -> None:
    (found,) = findings_in_namespace(RULES, 587, tmp_path)
    assert found["code"] == "firewall.rule"
    assert "tcp dport 587 drop" in found["explanation"]
    assert found["fix"].endswith("sudo nft insert rule inet filter output tcp dport 587 accept")


@netns
def test_a_set_of_ports_and_reject(tmp_path: Path) -> None:
    (found,) = findings_in_namespace(RULES, 25, tmp_path)
    assert "tcp dport 25 reject" in found["explanation"]


@netns
def test_a_drop_policy_blocks_what_it_does_not_accept(tmp_path: Path) -> None:
    (blocked,) = findings_in_namespace(POLICY_DROP, 587, tmp_path)
    assert blocked["code"] == "firewall.rule"
    assert "policy drop" in blocked["explanation"]
    assert "sudo nft insert rule ip mail out tcp dport 587 accept" in blocked["fix"]
    (allowed,) = findings_in_namespace(POLICY_DROP, 465, tmp_path)
    assert allowed["code"] == "firewall.advice"
    assert "no rule that blocks outgoing port 465" in allowed["explanation"]


@netns
def test_no_rules_means_the_block_is_elsewhere(tmp_path: Path) -> None:
    (found,) = findings_in_namespace("", 587, tmp_path)
    assert found["code"] == "firewall.advice"
    assert "outside this computer" in found["explanation"]


@netns
def test_the_whole_probe_in_a_namespace_whose_firewall_drops_the_port(tmp_path: Path) -> None:
    """The real thing: nftables drops outgoing 587; the probe's references (on loopback, in the
    namespace) are silent too; the answer names the block and the rule."""
    rules = RULES.replace("tcp dport { 25, 2525 } reject\n", "")
    done = in_namespace(
        rules,
        sys.executable,
        "-m",
        "smtpwizard",
        "probe",
        "127.0.0.1",
        "--pairings",
        "587/starttls",
        "--egress-reference",
        "127.0.0.2,127.0.0.3",
        "--no-sender-check",
        "--timeout",
        "2",
        "--json",
        tmp_path=tmp_path,
    )
    data = json.loads(done.stdout)
    assert data["attempts"][0]["failure"]["code"] == "net.blocked_locally"
    assert data["egress"][0]["verdict"] == "blocked_locally"
    codes = {f["code"]: f for f in data["findings"]}
    assert (
        "sudo nft insert rule inet filter output tcp dport 587 accept"
        in codes["firewall.rule"]["fix"]
    )
    assert done.returncode == 3  # nothing reachable


# --- recorded output -------------------------------------------------------------------------

UFW_DENY_OUT = """Status: active
Logging: on (low)
Default: deny (incoming), allow (outgoing), disabled (routed)
New profiles: skip

To                         Action      From
--                         ------      ----
22/tcp                     ALLOW IN    Anywhere
587/tcp                    DENY OUT    Anywhere
587/tcp (v6)               DENY OUT    Anywhere (v6)
"""

UFW_DEFAULT_DENY = """Status: active
Logging: on (low)
Default: deny (incoming), deny (outgoing), disabled (routed)
New profiles: skip

To                         Action      From
--                         ------      ----
443/tcp                    ALLOW OUT   Anywhere
"""

UFW_INACTIVE = "Status: inactive\n"

FIREWALLD_DIRECT = "ipv4 filter OUTPUT 0 -p tcp --dport 587 -j DROP\n"


def test_ufw_recorded_output() -> None:
    rule = ufw_block(UFW_DENY_OUT, 587)
    assert rule is not None and rule.command == "sudo ufw insert 1 allow out 587/tcp"
    assert "DENY OUT" in rule.rule
    default = ufw_block(UFW_DEFAULT_DENY, 587)
    assert default is not None and default.command == "sudo ufw allow out 587/tcp"
    assert ufw_block(UFW_DEFAULT_DENY, 443) is None
    assert ufw_block(UFW_INACTIVE, 587) is None


def test_firewalld_recorded_output() -> None:
    rule = firewalld_block(FIREWALLD_DIRECT, 587)
    assert rule is not None
    assert rule.command.startswith(
        "sudo firewall-cmd --permanent --direct --remove-rule ipv4 filter OUTPUT 0 -p tcp "
        "--dport 587 -j DROP"
    )
    assert firewalld_block(FIREWALLD_DIRECT, 465) is None


def test_linux_with_recorded_tools_and_without_permission() -> None:
    def ufw_only(argv: list[str]) -> tuple[int, str]:
        return (0, UFW_DENY_OUT) if argv[0] == "ufw" else (127, "")

    (found,) = linux_findings(587, ufw_only)
    assert found.code is F.FIREWALL_RULE
    assert finding_json(found)["fix"].endswith("sudo ufw insert 1 allow out 587/tcp")

    def not_permitted(argv: list[str]) -> tuple[int, str]:
        if argv[0] == "nft":
            return 1, "Error: Operation not permitted"
        return 127, ""

    (advice,) = linux_findings(587, not_permitted)
    assert advice.code is F.FIREWALL_ADVICE
    assert "administrator rights" in finding_json(advice)["explanation"]


def test_windows_and_macos_advice() -> None:
    (windows,) = firewall_findings(587, "win32")
    text = finding_json(windows)
    assert "Outbound Rules" in text["explanation"]
    assert "-Direction Outbound -Protocol TCP -RemotePort 587" in text["fix"]
    (mac,) = firewall_findings(587, "darwin")
    assert "only controls incoming connections" in finding_json(mac)["explanation"]
