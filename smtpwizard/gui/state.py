"""What the pages share while the wizard runs (not Qt fields: engine records and demo set-up)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smtpwizard.core.models import DEFAULT_PAIRINGS, Pairing, ProbeReport
from smtpwizard.core.options import Timeouts


@dataclass(frozen=True)
class DemoConfig:
    """Where the built-in demo lab listens and the account it accepts."""

    host: str
    port_map: Mapping[int, int]
    ca_pem: str | None
    email: str
    username: str
    password: str

    @classmethod
    def from_lab(cls, lab: Any) -> DemoConfig:
        return cls(
            host=str(lab.host),
            port_map=dict(lab.port_map),
            ca_pem=getattr(lab, "ca_pem", None),
            email=str(getattr(lab, "sender", None) or "demo@smtpwizard.test"),
            username=str(lab.username),
            password=str(lab.password),
        )


@dataclass
class WizardState:
    """Mutable shared state; each page reads what earlier pages left here."""

    demo: DemoConfig | None = None
    pairings: tuple[Pairing, ...] = DEFAULT_PAIRINGS
    timeouts: Timeouts = field(default_factory=Timeouts)
    provider: str | None = None
    username_hint: str | None = None
    # keyword arguments for discover_async (tests: offline=True, so nothing leaves loopback)
    discovery_overrides: dict[str, Any] = field(default_factory=dict)
    provider_notes: list[str] = field(default_factory=list)
    app_password_url: str | None = None
    # the report the Result page shows (the verdict report, or the final one when it came)
    report: ProbeReport | None = None
    saved: bool = False
    saved_where: str = ""
