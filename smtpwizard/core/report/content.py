"""What a diagnostic report says, as plain data; the text and HTML renderers only lay it out.

Building the content once keeps the two formats saying exactly the same thing. Every string
that could carry a secret (server replies, transcripts, stage details) is redacted here already;
the renderers redact the finished document once more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from smtpwizard.core.environment import EnvironmentInfo
from smtpwizard.core.models import (
    Attempt,
    AuthState,
    DeliveryProof,
    IncomingPairing,
    IncomingProtocol,
    IncomingSettings,
    Outcome,
    Pairing,
    ProbeReport,
    Security,
    Settings,
    Severity,
    StageName,
    TlsInfo,
    certificate_time,
)
from smtpwizard.core.redaction import redact
from smtpwizard.core.wording import formats
from smtpwizard.core.wording.base import N_, Text, _, ngettext
from smtpwizard.core.wording.cell_kind import CellKind, classify_cell
from smtpwizard.core.wording.certificate import REPORT_PIN_LABEL, fingerprint_groups
from smtpwizard.core.wording.messages import (
    describe_attempt,
    describe_finding,
    outcome_label,
    outcome_symbol,
    provider_name,
    security_label,
    stage_label,
)
from smtpwizard.core.wording.notes import local_note
from smtpwizard.core.wording.summary import account_line, delivery_sentence, main_problem
from smtpwizard.core.wording.translation import current_language

MATRIX_PORTS: tuple[int, ...] = (25, 465, 587, 2525)
MATRIX_SECURITY: tuple[Security, ...] = (Security.NONE, Security.STARTTLS, Security.TLS)


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class Cell:
    state: str  # an Outcome value, or "absent" for a pairing that was not in the probe
    symbol: str
    label: str
    recommended: bool = False


@dataclass(frozen=True)
class MatrixRow:
    port: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class StageRow:
    label: str
    ok: bool
    ms: str
    detail: str


@dataclass(frozen=True)
class AttemptSection:
    pairing: Pairing
    heading: str
    state: str
    symbol: str
    status: str
    problem: Text | None
    detail: str
    facts: tuple[Field, ...]
    stages: tuple[StageRow, ...]
    certificate: tuple[Field, ...]
    clock_note: str
    transcript: tuple[str, ...]
    # the commands that repeat this attempt by hand (openssl, swaks), without the password
    reproduce: tuple[str, ...] = ()


@dataclass(frozen=True)
class FindingSection:
    code: str
    severity: str
    text: Text
    detail: str


@dataclass(frozen=True)
class ProviderAdvice:
    """The recognised provider's notes from the bundled data, for the person reading the report."""

    name: str
    before_login: tuple[str, ...]
    hints: tuple[str, ...]
    after_login: tuple[str, ...]
    sending_limit: str | None
    checked: str  # "2026-11-23 (against its own documentation)", or "" when not recorded
    documentation: tuple[str, ...]

    @property
    def sections(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(heading ending in a colon, lines) in reading order, empty ones left out."""
        rows = (
            (_("Before you sign in:"), self.before_login),
            (_("Good to know:"), self.hints),
            (_("Once it works:"), self.after_login),
            (_("Sending limit:"), (self.sending_limit,) if self.sending_limit else ()),
            (_("Provider's set-up pages:"), self.documentation),
            (_("Settings last checked:"), (self.checked,) if self.checked else ()),
        )
        return tuple((heading, lines) for heading, lines in rows if lines)


def provider_advice(provider_id: str | None) -> ProviderAdvice | None:
    """The bundled notes for ``provider_id`` (``None`` when unknown or not recognised)."""
    if provider_id is None:
        return None
    # lazy: loads data or a backend only on the path that needs it
    from smtpwizard.core.discovery.providers import Origin, bundled_providers

    record = bundled_providers().get(provider_id)
    if record is None:
        return None
    against = (
        _("against Thunderbird's ISPDB")
        if record.origin is Origin.ISPDB
        else _("against its sources")
    )
    return ProviderAdvice(
        name=record.name,
        before_login=record.before_login,
        hints=record.hints,
        after_login=record.after_login,
        sending_limit=record.sending_limit,
        checked=f"{record.last_checked} ({against})" if record.last_checked else "",
        documentation=record.pages,
    )


@dataclass(frozen=True)
class IncomingRow:
    """One IMAP/POP3 pairing of the incoming probe and what became of it."""

    protocol: str  # "IMAP" | "POP3"
    port: int
    security: str
    state: str  # an Outcome value
    symbol: str
    label: str
    recommended: bool = False


@dataclass(frozen=True)
class IncomingSection:
    """The incoming probe (IMAP/POP3) and the delivery proof, when the probe had them."""

    host: str
    account: str  # "Sending ✓   Receiving ✓   Delivery ✓ (1.3 s)"
    summary: str
    facts: tuple[Field, ...]  # server, recommended incoming server, delivery
    rows: tuple[IncomingRow, ...]
    attempts: tuple[AttemptSection, ...]


@dataclass(frozen=True)
class ReportContent:
    title: str
    generated: str
    ok: bool
    verdict: str
    main_problem_heading: str
    main_problem_where: str
    main_problem: Text | None
    summary: str
    columns: tuple[str, ...]
    matrix: tuple[MatrixRow, ...]
    attempts: tuple[AttemptSection, ...]
    origin: tuple[Field, ...]
    environment: tuple[Field, ...]
    # "Will your mail be trusted?" and the other facts beyond one port
    findings: tuple[FindingSection, ...] = ()
    language: str = "en"
    provider: ProviderAdvice | None = None
    incoming: IncomingSection | None = None


def pairing_label(pairing: Pairing) -> str:
    if isinstance(pairing, IncomingPairing):
        return _("{protocol} · port {port} · {security}").format(
            protocol=pairing.protocol.label,
            port=pairing.port,
            security=security_label(pairing.security),
        )
    return _("Port {port} · {security}").format(
        port=pairing.port, security=security_label(pairing.security)
    )


def _ms(value: float) -> str:
    return formats.duration_ms(value)


#: a cell that did not work, as expected for this use (port 25, plain before STARTTLS, …)
EXPECTED_SYMBOL = "○"


def expected_legend() -> str:
    return _("○ normal for this use (not a problem)")


def _cell(
    attempt: Attempt | None,
    recommended: Pairing | None,
    provider: str | None,
    report_ok: bool = False,
) -> Cell:
    if attempt is None:
        return Cell("absent", "—", _("not tested"))
    is_rec = recommended is not None and attempt.pairing == recommended
    if attempt.outcome is Outcome.FAILED and attempt.failure is not None:
        text = describe_attempt(attempt, provider)
        label = text.title if text else outcome_label(attempt.outcome)
        kind = classify_cell(attempt, report_ok=report_ok)
        if kind.kind is CellKind.EXPECTED:  # normal for this port or encryption: not a cross
            return Cell("expected", EXPECTED_SYMBOL, f"{kind.words} ({label})")
    elif attempt.outcome is Outcome.SKIPPED and attempt.auth_note:
        label = attempt.auth_note
    else:
        label = outcome_label(attempt.outcome)
    if is_rec:
        label = _("{label} (recommended)").format(label=label)
    return Cell(attempt.outcome.value, outcome_symbol(attempt.outcome), label, is_rec)


def _pairing_order(pairing: Pairing) -> tuple[int, int, int]:
    port_rank = MATRIX_PORTS.index(pairing.port) if pairing.port in MATRIX_PORTS else 99
    return (port_rank, pairing.port, MATRIX_SECURITY.index(pairing.security))


def clock_note(tls: TlsInfo, now: datetime) -> str:
    """This computer's clock against the certificate's validity, in words."""
    start, end = certificate_time(tls.not_before), certificate_time(tls.not_after)
    shown = formats.date_time(now)
    if start is not None and now < start:
        return _(
            "This computer's clock ({now}) is before the certificate's start "
            "({start}): check the computer's date and time."
        ).format(now=shown, start=formats.date_time(start))
    if end is not None and now > end:
        days = (now - end).days
        return ngettext(
            "By this computer's clock ({now}) the certificate expired {days} day ago.",
            "By this computer's clock ({now}) the certificate expired {days} days ago.",
            days,
        ).format(now=shown, days=days)
    if end is not None:
        days = (end - now).days
        return ngettext(
            "By this computer's clock ({now}) the certificate is valid for another {days} day.",
            "By this computer's clock ({now}) the certificate is valid for another {days} days.",
            days,
        ).format(now=shown, days=days)
    return _("The certificate's dates are not known.")


def _certificate(tls: TlsInfo) -> tuple[Field, ...]:
    rows = [
        Field(_("Encryption"), " ".join(p for p in (tls.version, tls.cipher) if p) or "—"),
        Field(_("Verified"), _("yes") if tls.verified else _("no")),
        Field(_("Subject"), tls.subject or "—"),
        Field(_("Issuer"), tls.issuer or "—"),
        Field(_("Names"), ", ".join(tls.names) or "—"),
        Field(_("Valid from"), tls.not_before or "—"),
        Field(_("Valid until"), tls.not_after or "—"),
        Field(_("SHA-256 fingerprint"), _colons(tls.sha256) if tls.sha256 else "—"),
    ]
    return tuple(rows)


def _colons(hex_digest: str) -> str:
    clean = hex_digest.replace(":", "").upper()
    return ":".join(clean[i : i + 2] for i in range(0, len(clean), 2))


_AUTH_WORDS = {
    AuthState.OK: N_("accepted"),
    AuthState.FAILED: N_("refused"),
    AuthState.NOT_TRIED: N_("not tried"),
}


def _status(attempt: Attempt, problem: Text | None) -> str:
    if problem is not None and attempt.outcome is Outcome.FAILED:
        return problem.title
    if attempt.outcome is Outcome.SKIPPED and attempt.auth_note:
        return attempt.auth_note
    return outcome_label(attempt.outcome)


def _attempt_section(
    attempt: Attempt, report: ProbeReport, now: datetime, clean: Callable[[str], str]
) -> AttemptSection:
    problem = describe_attempt(attempt, report.provider)
    facts: list[Field] = [Field(_("Result"), outcome_label(attempt.outcome))]
    if attempt.failure is not None:
        facts.append(Field(_("Failure code"), attempt.failure.code.value))
    auth = _(_AUTH_WORDS[attempt.auth])
    if attempt.auth_note:
        auth = f"{auth} — {attempt.auth_note}"
    facts.append(Field(_("Sign-in"), clean(auth)))
    if attempt.auth_mechanisms_before_tls:
        facts.append(
            Field(
                _("Sign-in methods before encryption"), " ".join(attempt.auth_mechanisms_before_tls)
            )
        )
    greeted = any(s.ok and s.name in (StageName.EHLO, StageName.EHLO_TLS) for s in attempt.stages)
    if attempt.auth_mechanisms or greeted:
        facts.append(
            Field(_("Sign-in methods offered"), " ".join(attempt.auth_mechanisms) or _("none"))
        )
    if attempt.extensions:
        facts.append(Field(_("Server extensions"), clean(" ".join(attempt.extensions))))
    facts.append(Field(_("Total time"), _ms(attempt.duration_ms)))
    stages = tuple(
        StageRow(stage_label(s.name), s.ok, _ms(s.ms), clean(local_note(s.detail)))
        for s in attempt.stages
    )
    return AttemptSection(
        pairing=attempt.pairing,
        heading=pairing_label(attempt.pairing),
        state=attempt.outcome.value,
        symbol=outcome_symbol(attempt.outcome),
        status=_status(attempt, problem),
        problem=problem,
        detail=clean(local_note(attempt.failure.detail)) if attempt.failure else "",
        facts=tuple(facts),
        stages=stages,
        certificate=_certificate(attempt.tls) if attempt.tls else (),
        clock_note=clock_note(attempt.tls, now) if attempt.tls else "",
        transcript=tuple(clean(line) for line in attempt.transcript),
        reproduce=_reproduce_lines(attempt, clean),
    )


def _reproduce_lines(attempt: Attempt, clean: Callable[[str], str]) -> tuple[str, ...]:
    if attempt.reproduce is None:
        return ()
    data = attempt.reproduce.to_dict()
    return tuple(clean(line) for line in (data["openssl"], data["swaks"]) if line)


def _findings(report: ProbeReport, clean: Callable[[str], str]) -> tuple[FindingSection, ...]:
    order = {Severity.PROBLEM: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return tuple(
        FindingSection(
            code=f.code.value,
            severity=f.severity.value,
            text=describe_finding(f),
            detail=clean(local_note(f.detail)),
        )
        for f in sorted(report.findings, key=lambda f: order[f.severity])
    )


def _environment(env: EnvironmentInfo) -> tuple[Field, ...]:
    proxies = ", ".join(env.proxy_variables) or _("none")
    return (
        Field(_("Operating system"), env.os),
        Field(_("smtpwizard"), env.program),
        Field(_("Python"), env.python),
        Field(_("Qt (PySide6)"), env.qt),
        Field(_("OpenSSL"), env.openssl),
        Field(_("Keyring backend"), env.keyring_backend),
        Field(_("Proxy variables set (names only)"), proxies),
        Field(_("This computer's clock"), formats.date_time(env.clock_utc, seconds=True)),
    ) + ((Field(_("Sign-in with Google/Microsoft"), env.oauth_setup),) if env.oauth_setup else ())


def _recommended(rec: Settings) -> str:
    where = _("{host}, port {port}, {security}").format(
        host=rec.host, port=rec.port, security=security_label(rec.security)
    )
    if rec.username:
        return _("{settings}, user {user}").format(settings=where, user=rec.username)
    return where


def _origin(
    report: ProbeReport, discovery_source: str | None, advice: ProviderAdvice | None
) -> tuple[Field, ...]:
    if advice is not None:
        provider = advice.name  # the bundled data's name (also for ISPDB-only providers)
    else:
        provider = provider_name(report.provider) if report.provider else _("not recognised")
    rows = [
        Field(_("Server"), report.host),
        Field(_("User name"), report.username or _("none (sign-in not tested)")),
        Field(_("Provider"), provider),
        Field(
            _("Settings came from"),
            discovery_source or _("not recorded (entered by hand or given on the command line)"),
        ),
        Field(_("Password tested"), _("yes") if report.credentials_given else _("no")),
    ]
    rec = report.recommended
    rows.append(
        Field(
            _("Recommended settings"),
            _recommended(rec) if rec else _("none"),
        )
    )
    if rec is not None and rec.pinned_sha256:
        rows.append(Field(_(REPORT_PIN_LABEL), " ".join(fingerprint_groups(rec.pinned_sha256))))
    rows.append(Field(_("Probe took"), _ms(report.duration_ms)))
    if report.verdict_ms is not None:
        rows.append(Field(_("Verdict after"), _ms(report.verdict_ms)))
    return tuple(rows)


def _is_recommended(pairing: Pairing, rec: Settings | None) -> bool:
    if rec is None or (pairing.port, pairing.security) != (rec.port, rec.security):
        return False
    protocol = rec.protocol if isinstance(rec, IncomingSettings) else None
    return not isinstance(pairing, IncomingPairing) or pairing.protocol is protocol


def _incoming_label(attempt: Attempt, report: ProbeReport) -> str:
    if attempt.outcome is Outcome.OK:
        label = (
            _("works: signed in, inbox opened")
            if attempt.auth is AuthState.OK
            else outcome_label(attempt.outcome)
        )
    elif attempt.outcome is Outcome.SKIPPED and attempt.auth_note:
        label = attempt.auth_note
    else:
        text = describe_attempt(attempt, report.provider)
        label = text.title if text is not None else outcome_label(attempt.outcome)
    if _is_recommended(attempt.pairing, report.recommended):
        label = _("{label} (recommended)").format(label=label)
    return label


def _recommended_incoming(rec: Settings | None) -> str:
    if rec is None:
        return _("none: no incoming server worked")
    protocol = rec.protocol.label if isinstance(rec, IncomingSettings) else "IMAP"
    return _("{protocol}: {settings}").format(protocol=protocol, settings=_recommended(rec))


def _incoming_section(
    outgoing: ProbeReport,
    incoming: ProbeReport,
    delivery: DeliveryProof | None,
    now: datetime,
    clean: Callable[[str], str],
) -> IncomingSection:
    # IMAP before POP3, otherwise in the probe's order (993 before 143, 995 before 110)
    attempts = sorted(
        incoming.attempts,
        key=lambda a: (
            isinstance(a.pairing, IncomingPairing)
            and a.pairing.protocol is not IncomingProtocol.IMAP
        ),
    )
    rows = tuple(
        IncomingRow(
            protocol=a.pairing.protocol.label if isinstance(a.pairing, IncomingPairing) else "",
            port=a.pairing.port,
            security=security_label(a.pairing.security),
            state=a.outcome.value,
            symbol=outcome_symbol(a.outcome),
            label=clean(_incoming_label(a, incoming)),
            recommended=_is_recommended(a.pairing, incoming.recommended),
        )
        for a in attempts
    )
    if delivery is None:
        proof = _("not tested (no test message was sent)")
    else:
        proof = delivery_sentence(delivery)
        if delivery.detail:
            proof += "\n" + local_note(delivery.detail)
    facts = (
        Field(_("Incoming server"), incoming.host),
        Field(_("Recommended incoming server"), _recommended_incoming(incoming.recommended)),
        Field(_("Delivery of the test message"), proof),
    )
    return IncomingSection(
        host=incoming.host,
        account=account_line(outgoing, incoming, delivery),
        summary=clean(incoming.summary),
        facts=tuple(Field(f.label, clean(f.value)) for f in facts),
        rows=rows,
        attempts=tuple(_attempt_section(a, incoming, now, clean) for a in attempts),
    )


def build_content(
    report: ProbeReport,
    *,
    discovery_source: str | None,
    env: EnvironmentInfo,
    secrets: Iterable[str | None] = (),
    incoming: ProbeReport | None = None,
    delivery: DeliveryProof | None = None,
) -> ReportContent:
    """Everything the report says, redacted of ``secrets``; with ``incoming`` (the IMAP/POP3
    probe of the same account) and ``delivery`` (the test message found in the inbox) it gains
    an "Incoming mail" section."""
    secret_list = [s for s in secrets if s]

    def clean(text: str) -> str:
        return redact(text, secret_list)

    now = env.clock_utc
    rec_pairing = (
        Pairing(report.recommended.port, report.recommended.security)
        if report.recommended
        else None
    )
    ports = list(MATRIX_PORTS) + sorted(
        {a.pairing.port for a in report.attempts} - set(MATRIX_PORTS)
    )
    matrix = tuple(
        MatrixRow(
            port,
            tuple(
                _cell(report.attempt(Pairing(port, sec)), rec_pairing, report.provider, report.ok)
                for sec in MATRIX_SECURITY
            ),
        )
        for port in ports
    )
    problem_attempt = main_problem(report)
    problem = describe_attempt(problem_attempt, report.provider) if problem_attempt else None
    advice = provider_advice(report.provider)
    rec = report.recommended
    if rec is not None:
        verdict = _("WORKS: {host}, port {port}, {security}").format(
            host=rec.host, port=rec.port, security=security_label(rec.security)
        )
        if not report.credentials_given:
            verdict += _(" (password not tested)")
    elif problem is not None:
        verdict = _("NOT WORKING: {title}").format(title=problem.title)
    else:
        verdict = _("NOT WORKING: no usable combination was found")
    attempts = tuple(
        _attempt_section(a, report, now, clean)
        for a in sorted(report.attempts, key=lambda a: _pairing_order(a.pairing))
    )
    return ReportContent(
        title=_("smtpwizard diagnostic report for {host}").format(host=report.host),
        generated=formats.date_time(now, seconds=True),
        language=current_language(),
        ok=report.ok,
        verdict=clean(verdict),
        main_problem_heading=(
            _("Most important remaining problem") if report.ok else _("Most important problem")
        ),
        main_problem_where=pairing_label(problem_attempt.pairing) if problem_attempt else "",
        main_problem=problem,
        summary=clean(report.summary),
        columns=tuple(security_label(s) for s in MATRIX_SECURITY),
        matrix=matrix,
        attempts=attempts,
        origin=tuple(
            Field(f.label, clean(f.value)) for f in _origin(report, discovery_source, advice)
        ),
        environment=_environment(env),
        findings=_findings(report, clean),
        provider=advice,
        incoming=(
            _incoming_section(report, incoming, delivery, now, clean)
            if incoming is not None
            else None
        ),
    )
