"""This computer's own firewall: does it block an outgoing port, and what allows it?

Read-only. On Linux the firewall is asked through its own tool, where installed and permitted:
``nft -j list ruleset`` (nftables, which also holds iptables-nft rules), ``ufw status verbose``
and ``firewall-cmd --direct --get-all-rules`` (firewalld). Nothing is ever changed: the finding
names the exact command a person (an administrator) would run. On Windows and macOS the answer
is advice: where Windows Defender Firewall's outbound rules are, and that macOS's built-in
firewall does not filter outgoing connections at all.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from smtpwizard.core.models import Finding, Severity
from smtpwizard.core.wording.base import _
from smtpwizard.core.wording.codes import FindingCode as F

TOOL_TIMEOUT = 3.0

# (argv) -> (exit status, output); tests give recorded output, real use runs the tool
Runner = Callable[[list[str]], tuple[int, str]]


@dataclass(frozen=True)
class Block:
    """A rule (or default policy) that stops outgoing connections to the port."""

    firewall: str
    rule: str
    command: str


def run_tool(argv: list[str]) -> tuple[int, str]:
    """Run a read-only firewall query; (127, "") if the tool is not installed."""
    if shutil.which(argv[0]) is None:
        return 127, ""
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return 126, str(exc)
    return done.returncode, (done.stdout or "") + (done.stderr or "")


# --- nftables ----------------------------------------------------------------------------------


def _port_matches(right: Any, port: int) -> bool:
    if isinstance(right, int):
        return right == port
    if isinstance(right, dict):
        if "set" in right:
            return any(_port_matches(item, port) for item in right["set"])
        if "range" in right:
            low, high = right["range"]
            return isinstance(low, int) and isinstance(high, int) and low <= port <= high
    if isinstance(right, list):
        return any(_port_matches(item, port) for item in right)
    return False


def _verdict(expr: Iterable[Mapping[str, Any]]) -> str | None:
    for item in expr:
        for key in ("drop", "reject", "accept"):
            if key in item:
                return key
    return None


def _dport_match(expr: Iterable[Mapping[str, Any]], port: int) -> bool | None:
    """True if the rule matches TCP port ``port``; False if it names other ports; None if it
    names no destination port (it applies to every port)."""
    for item in expr:
        match = item.get("match")
        if not match:
            continue
        payload = match.get("left", {}).get("payload", {})
        if payload.get("field") == "dport" and payload.get("protocol") in ("tcp", "th"):
            hit = _port_matches(match.get("right"), port)
            return hit if match.get("op", "==") in ("==", "in") else not hit
    return None


def nft_block(ruleset_json: str, port: int) -> Block | None:
    """The first output-hook rule or policy of ``nft -j list ruleset`` that blocks ``port``."""
    try:
        items = json.loads(ruleset_json).get("nftables", [])
    except (ValueError, AttributeError):
        return None
    chains = {
        (c["family"], c["table"], c["name"]): c
        for item in items
        if (c := item.get("chain")) and c.get("hook") == "output"
    }
    for key, chain in chains.items():
        family, table, name = key
        allow = f"sudo nft insert rule {family} {table} {name} tcp dport {port} accept"
        for item in items:
            rule = item.get("rule")
            if not rule or (rule["family"], rule["table"], rule["chain"]) != key:
                continue
            expr = rule.get("expr", [])
            verdict, hit = _verdict(expr), _dport_match(expr, port)
            if hit is False or verdict is None:
                continue
            if verdict == "accept":
                if hit:
                    break  # an explicit accept for this port comes first
                continue
            where = f"table {family} {table}, chain {name}, rule handle {rule.get('handle')}"
            what = f"tcp dport {port} {verdict}" if hit else f"{verdict} (every port)"
            return Block("nftables", f"{where}: {what}", allow)
        else:
            if chain.get("policy") == "drop":
                return Block(
                    "nftables",
                    f"table {family} {table}, chain {name}: policy drop for outgoing traffic",
                    allow,
                )
    return None


# --- ufw ---------------------------------------------------------------------------------------


def ufw_block(status_verbose: str, port: int) -> Block | None:
    """A DENY/REJECT OUT rule for ``port``, or a default that denies outgoing traffic."""
    if "Status: active" not in status_verbose:
        return None
    for line in status_verbose.splitlines():
        words = line.split()
        if not words or "OUT" not in words:
            continue
        target = words[0].split("/")[0]
        if target != str(port) and not _in_ufw_range(target, port):
            continue
        if "ALLOW" in words:
            return None
        if "DENY" in words or "REJECT" in words:
            return Block("ufw", line.strip(), f"sudo ufw insert 1 allow out {port}/tcp")
    for line in status_verbose.splitlines():
        if line.startswith("Default:") and (
            "deny (outgoing)" in line or "reject (outgoing)" in line
        ):
            return Block("ufw", line.strip(), f"sudo ufw allow out {port}/tcp")
    return None


def _in_ufw_range(target: str, port: int) -> bool:
    for part in target.split(","):
        low, sep, high = part.partition(":")
        if sep and low.isdigit() and high.isdigit() and int(low) <= port <= int(high):
            return True
    return False


# --- firewalld ---------------------------------------------------------------------------------


def firewalld_block(direct_rules: str, port: int) -> Block | None:
    """A direct OUTPUT rule (``firewall-cmd --direct --get-all-rules``) dropping ``port``."""
    for line in direct_rules.splitlines():
        words = line.split()
        if len(words) < 4 or words[2] != "OUTPUT" or "--dport" not in words:
            continue
        dport = words[words.index("--dport") + 1] if words.index("--dport") + 1 < len(words) else ""
        if dport != str(port) or not ({"DROP", "REJECT"} & set(words)):
            continue
        return Block(
            "firewalld",
            line.strip(),
            f"sudo firewall-cmd --permanent --direct --remove-rule {line.strip()} && "
            "sudo firewall-cmd --reload",
        )
    return None


# --- per operating system ------------------------------------------------------------------------


def _rule_finding(port: int, block: Block) -> Finding:
    return Finding(
        F.FIREWALL_RULE,
        Severity.PROBLEM,
        {
            "port": str(port),
            "firewall": block.firewall,
            "rule": block.rule,
            "command": block.command,
        },
        f"{block.firewall}: {block.rule}",
    )


def _advice(port: int, advice: str, command: str, detail: str = "") -> Finding:
    return Finding(
        F.FIREWALL_ADVICE,
        Severity.INFO,
        {"port": str(port), "advice": advice, "command": command},
        detail,
    )


def linux_findings(port: int, run: Runner = run_tool) -> tuple[Finding, ...]:
    read: list[str] = []
    refused: list[str] = []
    checks: tuple[tuple[str, list[str], Callable[[str, int], Block | None]], ...] = (
        ("nftables", ["nft", "-j", "list", "ruleset"], nft_block),
        ("ufw", ["ufw", "status", "verbose"], ufw_block),
        ("firewalld", ["firewall-cmd", "--direct", "--get-all-rules"], firewalld_block),
    )
    for name, argv, parse in checks:
        status, output = run(argv)
        if status == 127:
            continue  # not installed
        if status != 0:
            refused.append(f"{name} ({' '.join(argv)}: {output.strip()[:120] or status})")
            continue
        read.append(name)
        block = parse(output, port)
        if block is not None:
            return (_rule_finding(port, block),)
    if refused:
        return (
            _advice(
                port,
                _(
                    "smtpwizard could not read this computer's firewall settings without "
                    "administrator rights ({tools})."
                ).format(tools=", ".join(refused)),
                _(
                    "To look yourself: sudo nft list ruleset (or sudo ufw status verbose) and "
                    "look for a rule that drops or rejects outgoing port {port}."
                ).format(port=port),
                "; ".join(refused),
            ),
        )
    if read:
        return (
            _advice(
                port,
                _(
                    "This computer's firewall ({tools}) has no rule that blocks outgoing port "
                    "{port}, so the block is outside this computer: the router, the company, "
                    "school or hotel network, or the internet provider."
                ).format(tools=", ".join(read), port=port),
                _(
                    "Ask whoever runs the network (or the internet provider) to allow outgoing "
                    "connections to port {port}."
                ).format(port=port),
                f"read: {', '.join(read)}",
            ),
        )
    return ()


def windows_advice(port: int) -> Finding:
    return _advice(
        port,
        _(
            "Windows Defender Firewall can block outgoing connections with an outbound rule. "
            "Open 'Windows Defender Firewall with Advanced Security', choose 'Outbound Rules' "
            "and look for an enabled rule that blocks remote port {port}. Antivirus and "
            "security suites often have their own firewall and 'mail shield' settings too."
        ).format(port=port),
        _("To allow it, in PowerShell as administrator: {command}").format(
            command=f'New-NetFirewallRule -DisplayName "Outgoing mail {port}" '
            f"-Direction Outbound -Protocol TCP -RemotePort {port} -Action Allow"
        ),
    )


def macos_advice(port: int) -> Finding:
    return _advice(
        port,
        _(
            "The firewall built into macOS only controls incoming connections; it never "
            "blocks outgoing mail on port {port}. If something on this Mac blocks it, it is a "
            "third-party tool (Little Snitch, LuLu, an antivirus or a company security agent)."
        ).format(port=port),
        _("Check such tools for a rule about outgoing mail or this port, or try another network."),
    )


def firewall_findings(
    port: int, platform: str | None = None, run: Runner = run_tool
) -> tuple[Finding, ...]:
    """What this computer's firewall says about outgoing ``port`` (never changes anything)."""
    system = platform or sys.platform
    if system.startswith("linux"):
        return linux_findings(port, run)
    if system in ("win32", "cygwin"):
        return (windows_advice(port),)
    if system == "darwin":
        return (macos_advice(port),)
    return ()
