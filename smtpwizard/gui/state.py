"""What the pages share while the wizard runs (not Qt fields: engine records and demo set-up)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smtpwizard.core.models import DEFAULT_PAIRINGS, DeliveryProof, Pairing, ProbeReport
from smtpwizard.core.probe.checks import ExtraChecks
from smtpwizard.core.probe.options import Timeouts

if TYPE_CHECKING:
    from smtpwizard.core.credentials.accounts import SavedAccount
    from smtpwizard.core.installer.preset import Preset
    from smtpwizard.core.oauth import OAuthTokens
    from smtpwizard.core.probe.test_send import SentMessage


@dataclass(frozen=True)
class DemoConfig:
    """Where the built-in demo lab listens and the account it accepts."""

    host: str
    port_map: Mapping[int, int]
    ca_pem: str | None
    email: str
    username: str
    password: str
    # the provider the lab plays (a bundled provider id such as "gmail"): its notes and sign-in
    provider: str | None = None

    @classmethod
    def before_start(cls) -> DemoConfig:
        """The demo account before its lab runs (no ports yet): enough for the first page."""
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.demo_account import DEMO_HOST, DEMO_PASSWORD, DEMO_SENDER, DEMO_USER

        return cls(
            host=DEMO_HOST,
            port_map={},
            ca_pem=None,
            email=DEMO_SENDER,
            username=DEMO_USER,
            password=DEMO_PASSWORD,
        )

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
    """Mutable shared state, the one source of truth: each page writes what the person typed or
    chose here as it changes, and reads what earlier pages left here (never another page)."""

    # what the person typed or chose (the account, server and sign-in pages write these)
    email: str = ""
    display_name: str = ""
    service: bool = False
    host: str = ""
    username: str = ""
    password: str = field(default="", repr=False)
    remember: bool = True
    # why this computer's keyring cannot keep a password (found when the sign-in page opened),
    # "" while it can or before it was checked
    keyring_problem: str = ""
    keyring_checked: bool = False
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
    # when the shown report proved the settings (for the installer's result file)
    verified_at: datetime | None = None
    # incoming mail (IMAP/POP3), tested next to the outgoing server: where (None: the bundled
    # data or a guess from the address; installers and tests may name it, a lab with its port
    # map), what was found, and the delivery proof of a test message sent to the own address
    incoming_host: str | None = None
    discovered_incoming: str | None = None  # the discovery's first incoming server
    incoming_port_map: dict[int, int] = field(default_factory=dict)
    incoming_report: ProbeReport | None = None
    delivery: DeliveryProof | None = None
    # installers: what to pre-fill and lock, where to put the result and the secret
    preset: Preset | None = None
    # the checks beyond the server (a preset may change them); None: the defaults
    extra_checks: ExtraChecks | None = None
    result_file: Path | None = None
    secret_fd: int | None = None
    oauth_client_ids: dict[str, str] = field(default_factory=dict)
    # "Test again" on a saved account: the account being re-tested (else None), and what the
    # saved-accounts page read for the sign-in page: the saved password or OAuth sign-in (taken
    # once by the sign-in page), or why none could be read
    retest: SavedAccount | None = None
    # "I send through a service": what the chosen service calls the secret ("API key") and
    # what to type as user name when it issues its own (None: not a listed service)
    service_secret_name: str | None = None
    service_username_note: str | None = None
    # "Send test email": what became of the last test message (for the shown report)
    test_message: SentMessage | None = None
    # certificates the person trusted in this session ("Trust this certificate…"): host -> sha256
    trusted_certificates: dict[str, str] = field(default_factory=dict)
    retest_secret: str | OAuthTokens | None = field(default=None, repr=False)
    retest_problem: str = ""
    # OAuth sign-in: how the browser is opened (``url -> opened?``, called on a worker
    # thread; None: the system browser), how long to wait for it, and the tokens once signed in
    oauth_open_url: Callable[[str], bool] | None = None
    oauth_timeout: float | None = None
    oauth_tokens: OAuthTokens | None = None

    def pins_for(self, host: str) -> frozenset[str]:
        """The certificate fingerprints accepted for ``host``: trusted now, or saved with the
        account being re-tested."""
        found = set()
        if host in self.trusted_certificates:
            found.add(self.trusted_certificates[host])
        if self.retest is not None and self.retest.host == host and self.retest.pinned_sha256:
            found.add(self.retest.pinned_sha256)
        return frozenset(found)

    def secrets(self) -> list[str]:
        """Everything a report must mask: the typed password and every token of the sign-in."""
        found = [self.password] if self.password else []
        if self.oauth_tokens is not None:
            found.extend(self.oauth_tokens.secrets)
        return found
