"""Which checks beyond the server itself a probe runs (``ProbeOptions.checks``).

The certificate and identity audit and the "reproduce it yourself" commands need no network and
always run. The others ask the network and are off unless asked for, so a library call (and
every test) contacts nothing but the server under test; the command line and the wizard turn
them on (``--no-egress-check``, ``--egress-reference``, ``--no-sender-check``; presets too):

* ``sender_domain`` — SPF/DMARC/DKIM look-ups for the sender's domain (DNS only);
* ``egress`` — when a port stays silent, a connect-only try of the same port on neutral
  reference servers (``egress_references``);
* ``legacy_tls`` — one extra handshake to the tested server offering only TLS 1.0/1.1;
* ``firewall`` — when a port is blocked locally, read this computer's firewall (Linux tools,
  read-only) for a rule that explains it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from smtpwizard.core.egress import DEFAULT_REFERENCES


@dataclass(frozen=True)
class ExtraChecks:
    sender_domain: bool = False
    egress: bool = False
    egress_references: tuple[str, ...] = DEFAULT_REFERENCES
    legacy_tls: bool = False
    firewall: bool = False
    # name servers for the sender-domain look-ups ("127.0.0.1:5353"); None: the system's
    nameservers: tuple[str, ...] | None = None
    dns_timeout: float = 3.0
    # how long the final report waits for the DNS and TLS follow-ups (the verdict never waits)
    settle_seconds: float = 3.0

    @classmethod
    def everything(cls, **changes: Any) -> ExtraChecks:
        """All checks on (what the command line and the wizard use by default)."""
        return replace(
            cls(sender_domain=True, egress=True, legacy_tls=True, firewall=True), **changes
        )

    @property
    def any_network(self) -> bool:
        return self.sender_domain or self.egress or self.legacy_tls


NO_CHECKS = ExtraChecks()

#: set to ``off`` to make the command line's and the wizard's defaults contact nothing but the
#: server under test (locked-down networks; the test suite). Explicit options still apply.
OFFLINE_ENV = "SMTPWIZARD_EXTRA_CHECKS"


def default_checks(environ: Mapping[str, str] | None = None, *, demo: bool = False) -> ExtraChecks:
    """The checks the command line and the wizard run unless told otherwise.

    The demo runs none of them (no sender-domain look-ups, no reference servers, no extra
    handshake): it never asks the internet, and its own servers have nothing to show there.
    """
    env = os.environ if environ is None else environ
    if demo or env.get(OFFLINE_ENV, "").strip().lower() in ("off", "0", "no", "false"):
        return NO_CHECKS
    return ExtraChecks.everything()


def with_egress(
    checks: ExtraChecks, enabled: bool | None, references: tuple[str, ...] | None
) -> ExtraChecks:
    """``checks`` with an installer's or a person's egress choice applied (``None``: keep)."""
    if references:
        checks = replace(checks, egress=True, egress_references=references)
    if enabled is not None:
        checks = replace(checks, egress=enabled, firewall=enabled and checks.firewall)
    return checks
