"""Page 4 — Testing: the live matrix, the verdict as soon as it is known, Stop and Test again."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from smtpwizard.core.discovery.incoming import incoming_host_for
from smtpwizard.core.incoming import incoming_options, probe_incoming_async
from smtpwizard.core.incoming.delivery import find_delivery, make_message_id
from smtpwizard.core.models import (
    Attempt,
    AuthState,
    DeliveryProof,
    IncomingSettings,
    Outcome,
    Pairing,
    ProbeReport,
    Stage,
    StageName,
)
from smtpwizard.core.probe.checks import default_checks
from smtpwizard.core.probe.events import AttemptFinished, CellState, ProbeEvent, StageFinished
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.probe.test_send import send_test_options, sent_message
from smtpwizard.core.validation import (
    InputError,
    looks_like_email,
    normalize_host,
    validate_email,
)
from smtpwizard.core.wording import certificate as trust_words
from smtpwizard.core.wording import formats, messages
from smtpwizard.core.wording.base import _
from smtpwizard.gui.announce import announce
from smtpwizard.gui.icons import icon
from smtpwizard.gui.pages.base import WizardPage
from smtpwizard.gui.runner import ProbeRunner
from smtpwizard.gui.state import WizardState
from smtpwizard.gui.verdict import (
    failure_attempt,
    main_failure,
    seconds_taken,
    test_message_words,
    verdict,
)
from smtpwizard.gui.widgets.details import AttemptDetails
from smtpwizard.gui.widgets.incoming_panel import IncomingPanel
from smtpwizard.gui.widgets.matrix import MatrixWidget
from smtpwizard.gui.widgets.report_buttons import ReportButtons
from smtpwizard.gui.widgets.trust_dialog import TrustButton

FINAL_STATES = {CellState.OK, CellState.FAILED, CellState.NOT_TRIED, CellState.UNFINISHED}


class Banner(QFrame):
    """A calm box with an icon and one or two lines: the verdict, or a problem with the input."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.icon = QLabel()
        self.icon.setFixedSize(32, 32)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        texts = QVBoxLayout()
        texts.addWidget(self.title)
        texts.addWidget(self.text)
        layout = QHBoxLayout(self)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(texts, 1)
        self.setAccessibleName(self.tr("Verdict"))

    def show_message(self, icon_name: str, title: str, text: str = "") -> None:
        self.icon.setPixmap(icon(icon_name).pixmap(32, 32))
        self.title.setText(title)
        self.text.setText(text)
        self.text.setVisible(bool(text))
        self.setVisible(True)
        spoken = f"{title}. {text}" if text else title
        if spoken != self.accessibleDescription():  # a new answer: say it once
            announce(self, spoken)


class TestingPage(WizardPage):
    def __init__(self, state: WizardState, runner: ProbeRunner) -> None:
        super().__init__(state, runner)
        self.all_finished = False
        self.setTitle(self.tr("Testing your settings"))
        self.setSubTitle(
            self.tr(
                "Every way to reach your server is tried at once, from this computer. This usually "
                "takes a few seconds."
            )
        )
        self._started = 0.0
        self._stages: dict[Pairing, list[Stage]] = {}
        self._attempts: dict[Pairing, Attempt] = {}
        self._selected: Pairing | None = None
        self._stopped = False
        self._input_problem = False
        # the incoming side: its job, the test message to look for, when it was sent
        self._incoming_job: asyncio.Task[object] | None = None
        self._incoming_started = False
        self._message_id: str | None = None
        self._sent_at: float | None = None
        self._incoming_options: ProbeOptions | None = None

        self.banner = Banner()
        self.banner.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Test progress"))
        self.progress.setFormat(self.tr("%v of %m done"))
        self.elapsed = QLabel()
        self.elapsed.setAccessibleName(self.tr("Time so far"))
        self.elapsed.setMinimumWidth(self.fontMetrics().horizontalAdvance("Finished in 00.0 s"))
        self.stop_button = QPushButton(self.tr("&Stop"))
        self.stop_button.setAutoDefault(False)
        self.stop_button.setAccessibleName(self.tr("Stop the test"))
        self.stop_button.setAccessibleDescription(
            self.tr("Stops every connection still being tried.")
        )
        self.stop_button.clicked.connect(self.stop)
        self.retry_button = QPushButton(self.tr("Test a&gain"))
        self.retry_button.setAutoDefault(False)
        self.retry_button.setAccessibleName(self.tr("Run the test again"))
        self.retry_button.setAccessibleDescription(
            self.tr("Tries every way to reach the server again, from the start.")
        )
        self.retry_button.clicked.connect(lambda: self.start())
        status = QHBoxLayout()
        status.addWidget(self.progress, 1)
        status.addWidget(self.elapsed)
        status.addWidget(self.stop_button)
        status.addWidget(self.retry_button)
        self.trust_button = TrustButton()  # beside Test again: no extra row at 640×480
        self.trust_button.trusted.connect(self._on_trusted)
        status.insertWidget(2, self.trust_button)

        self.matrix = MatrixWidget()
        self.matrix.cell_selected.connect(self._on_cell_selected)
        self.details = AttemptDetails()

        self.test_to = QLineEdit()
        self.test_to.setPlaceholderText(self.tr("recipient, for example you@example.com"))
        self.test_to.setAccessibleName(self.tr("Send a test email to"))
        self.test_to.setAccessibleDescription(
            self.tr(
                "Optional: an address that receives a short test message when you press "
                "Send test email."
            )
        )
        send_label = QLabel(self.tr("Send a test &email to:"))
        send_label.setBuddy(self.test_to)
        self.send_button = QPushButton(self.tr("Send test email"))
        self.send_button.setAutoDefault(False)
        self.send_button.setAccessibleName(self.tr("Send a test email"))
        self.send_button.setAccessibleDescription(
            self.tr("Sends a short message to the address in the field before this button.")
        )
        self.send_button.clicked.connect(self._send_test)
        send = QHBoxLayout()
        send.addWidget(send_label)
        send.addWidget(self.test_to, 1)
        send.addWidget(self.send_button)

        self.report_buttons = ReportButtons(
            runner,
            lambda: self.state.report,
            state.secrets,
            incoming=lambda: (self.state.incoming_report, self.state.delivery),
        )
        # the test message: "Sending…", then "Test message sent to … at 14:02" (or the refusal)
        self.sending = QLabel()
        self.sending.setWordWrap(True)
        self.sending.setAccessibleName(self.tr("Test message"))
        self.sending.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.sending)
        layout.addLayout(status)
        self.incoming = IncomingPanel()
        layout.addWidget(self.matrix)
        # the chosen sending cell's details and the receiving side, side by side (the matrix
        # keeps the full width its words need)
        sides = QHBoxLayout()
        sides.addWidget(self.details, 3)
        sides.addWidget(self.incoming, 2)
        layout.addLayout(sides, 1)  # the whole page scrolls (WizardPage.scroll_contents)
        layout.addLayout(send)
        layout.addWidget(self.report_buttons)

        self.clock = QTimer(self)
        self.clock.setInterval(100)
        self.clock.timeout.connect(self._tick)
        runner.stage_finished.connect(self._on_stage)
        runner.attempt_finished.connect(self._on_attempt)
        runner.verdict_reached.connect(self._on_verdict)
        runner.final.connect(self._on_final)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)
        runner.running_changed.connect(self._on_running_changed)
        self._on_running_changed(False)

    # --- wizard hooks ----------------------------------------------------------------------------
    def initializePage(self) -> None:
        self.start()

    def cleanupPage(self) -> None:  # Back
        self.stop()

    def validatePage(self) -> bool:  # Next: the verdict is known; stop what is still running
        if self.runner.running:
            self.runner.cancel()
            self._mark_unfinished()
            self.clock.stop()
        return True

    def isComplete(self) -> bool:
        return self.state.report is not None

    # --- starting and stopping -------------------------------------------------------------------
    def options(
        self, send_test_to: str | None = None, message_id: str | None = None
    ) -> ProbeOptions:
        demo = self.state.demo
        sender = self.state.email or None
        host = self.state.host
        retest = self.state.retest
        if retest is not None:  # "Test again" on a saved account
            host = retest.host
            sender = retest.user if looks_like_email(retest.user) else None
        return ProbeOptions(
            host=host,
            username=self.state.username or None,
            password=self.state.password or None,
            pairings=self.state.pairings,
            timeouts=self.state.timeouts,
            sender=sender,
            send_test_to=send_test_to,
            test_message_id=message_id,
            provider=self.state.provider,
            port_map=dict(demo.port_map) if demo else {},
            ca_pem=demo.ca_pem if demo else None,
            pinned_sha256=self.state.pins_for(normalize_host(host)),
            # the verdict still comes early (VerdictReached); slow cells keep updating
            wait_all=True,
            checks=self.state.extra_checks or default_checks(demo=demo is not None),
        )

    def start(self, send_test_to: str | None = None) -> None:
        self.runner.cancel()
        self._cancel_incoming()
        self.all_finished = False
        self.state.report = None
        self.state.test_message = None
        self.state.verified_at = None
        self.state.incoming_report = None
        self.state.delivery = None
        self._incoming_started = False
        self._incoming_options = None
        self._sent_at = None
        self._message_id = (
            make_message_id("smtpwizard.localdomain") if self._own(send_test_to) else None
        )
        self.incoming.clear(self.tr("Waiting for the outgoing test…"))
        self._stages.clear()
        self._attempts.clear()
        self._stopped = False
        self.details.clear()
        self._selected = None
        self.banner.setVisible(False)
        self.trust_button.setVisible(False)
        self.completeChanged.emit()
        self.report_buttons.refresh()
        try:
            options = self.options(send_test_to, self._message_id)
        except InputError as exc:
            self.matrix.set_pairings(())
            self.banner.show_message(
                "warning", self.tr("These settings cannot be tested"), str(exc)
            )
            self._input_problem = True
            return
        self._input_problem = False
        self.matrix.set_pairings(options.pairings)
        self.progress.setRange(0, len(options.pairings))
        self.progress.setValue(0)
        self._started = time.monotonic()
        self._tick()
        self.clock.start()
        self.runner.start(options, self.state.oauth_tokens)

    def stop(self) -> None:
        """Stop button, Back, Cancel: cancel the probe (returns at once)."""
        self._cancel_incoming()
        if not self.runner.running:
            return
        self.runner.cancel()
        self._stopped = True
        self.clock.stop()
        self._mark_unfinished()
        self.elapsed.setText(self.tr("Stopped"))
        if self.state.report is None:
            self.banner.show_message(
                "not_tried",
                self.tr("Test stopped"),
                self.tr("Press Test again to start over, or Back to change the settings."),
            )

    def _mark_unfinished(self) -> None:
        for pairing in self.matrix.pairings():
            if self.matrix.cell_state(pairing) not in FINAL_STATES:
                self.matrix.set_state(
                    pairing, CellState.UNFINISHED, self.tr("Stopped"), words=self.tr("Stopped")
                )

    def _send_test(self) -> None:
        """One message over the recommended pairing; the matrix and the answer stay."""
        report = self.state.report
        try:
            address = validate_email(self.test_to.text())
            options = send_test_options(self.options(), report, address) if report else None
        except InputError as exc:
            self.banner.show_message("warning", self.tr("Check the test address"), str(exc))
            return
        if options is None or report is None:
            return
        # to the person's own address: give it a Message-ID the delivery proof can look for
        self._message_id = make_message_id(options.local_hostname) if self._own(address) else None
        self._sent_at = None
        self.state.delivery = None
        if self._message_id is not None:
            options = replace(options, test_message_id=self._message_id)
        self.send_button.setEnabled(False)
        self.sending.setText(_(messages.TEST_MESSAGE_SENDING).format(recipient=address))
        self.sending.setVisible(True)
        self.runner.probe_quietly(
            options,
            self.state.oauth_tokens,
            lambda answer: self._on_test_sent(report, answer, address),
            lambda error: self._on_test_failed(str(error)),
        )

    def _on_test_sent(self, shown: ProbeReport, answer: ProbeReport, address: str) -> None:
        self.send_button.setEnabled(not self.runner.running)
        if self.state.report is not shown:
            self.sending.setVisible(False)
            return  # tested again meanwhile: this message belongs to the old answer
        self.state.test_message = sent_message(answer, address, datetime.now().astimezone())
        self._show_verdict(shown)
        if self.state.test_message.sent and self._message_id is not None:
            self._sent_at = time.monotonic()
            self._prove_delivery()

    def _on_test_failed(self, problem: str) -> None:
        self.send_button.setEnabled(not self.runner.running)
        self.sending.setText(problem)

    # --- progress from the runner ----------------------------------------------------------------
    def _tick(self) -> None:
        self.elapsed.setText(
            self.tr("{seconds} s").format(
                seconds=formats.decimal(time.monotonic() - self._started, 1)
            )
        )

    def _on_running_changed(self, running: bool) -> None:
        focus = QApplication.focusWidget()
        self.stop_button.setEnabled(running)
        self.retry_button.setEnabled(not running)
        report = self.state.report
        self.send_button.setEnabled(report is not None and report.ok)
        if not running and self.isVisible() and (focus is None or focus is self.stop_button):
            # Stop had the focus and is greyed out now: Enter goes on with the answer
            self.wizard_button(QWizard.WizardButton.NextButton).setFocus()

    def _on_stage(self, event: StageFinished) -> None:
        if event.stage.name is StageName.SEND and event.stage.ok and self._sent_at is None:
            self._sent_at = time.monotonic()
        self._stages.setdefault(event.pairing, []).append(event.stage)
        if event.pairing not in self._attempts:
            self.matrix.set_state(event.pairing, event.state)
            if event.pairing == self._selected:
                self.details.show_progress(event.pairing, event.state, self._stages[event.pairing])

    def _on_attempt(self, attempt: Attempt) -> None:
        self._attempts[attempt.pairing] = attempt
        report_ok = self.state.report is not None and self.state.report.ok
        self.matrix.set_attempt(attempt, self.state.provider, report_ok=report_ok)
        # the probe may add an attempt of its own (an SSL/TLS try on a silent port)
        self.progress.setMaximum(max(self.progress.maximum(), len(self.matrix.pairings())))
        self.progress.setValue(len(self._attempts))
        if attempt.pairing == self._selected:
            self.details.show_attempt(attempt, self.state.provider)

    def _remember_verified(self, report: ProbeReport) -> None:
        if report.ok and self.state.verified_at is None:
            self.state.verified_at = datetime.now(UTC)

    def _on_verdict(self, report: ProbeReport) -> None:
        self.state.report = report
        self.send_button.setEnabled(report.ok)
        self._remember_verified(report)
        self._show_verdict(report)
        if self._selected is not None:
            self._on_cell_selected(self._selected)
        self.completeChanged.emit()
        self.report_buttons.refresh()

    def _on_final(self, report: ProbeReport) -> None:
        """The answer cannot change: say so (Next is enabled); the other cells keep updating."""
        self._start_incoming(report)
        if self.runner.running:
            self.clock.stop()
            self.elapsed.setText(
                self.tr("Answer ready after {seconds} s; finishing the other checks").format(
                    seconds=formats.decimal(time.monotonic() - self._started, 1)
                )
            )

    def _on_finished(self, report: ProbeReport) -> None:
        self.clock.stop()
        self.elapsed.setText(
            self.tr("Finished in {seconds} s").format(
                seconds=formats.decimal(seconds_taken(report), 1)
            )
        )
        for attempt in report.attempts:
            if attempt.pairing not in self._attempts:
                self._on_attempt(attempt)
        self.progress.setValue(self.progress.maximum())
        self.state.report = report
        self.send_button.setEnabled(report.ok)
        self._remember_verified(report)
        self._show_verdict(report)
        if self._selected is not None:
            self._on_cell_selected(self._selected)
        self.completeChanged.emit()
        self.report_buttons.refresh()
        self._start_incoming(report)
        self.all_finished = True  # every attempt has ended and the page shows the whole report

    # --- the incoming side (IMAP/POP3) and the delivery proof -----------------------------------
    def _own(self, address: str | None) -> bool:
        own = {a.lower() for a in (self.state.email, self.state.username) if a}
        return address is not None and address.lower() in own

    def _incoming_target(self) -> str | None:
        if self.state.incoming_host:
            return self.state.incoming_host
        if self.state.demo is not None or self.state.retest is not None:
            return None  # the demo lab has no incoming server; a saved account is SMTP only
        if self.state.discovered_incoming:
            return self.state.discovered_incoming
        return incoming_host_for(self.state.email or self.state.username, self.state.host)

    def _start_incoming(self, outgoing: ProbeReport) -> None:
        """Once per run, when the outgoing answer is known: test the incoming server with the
        same credentials — only if they did not fail on the outgoing side (one failed sign-in
        at most, overall); a sign-in token tests the channel only."""
        if self._incoming_started:
            return
        self._incoming_started = True
        host = self._incoming_target()
        if host is None:
            self.incoming.clear(self.tr("Incoming mail is not tested here."))
            return
        try:
            options = incoming_options(
                self.options(), host, port_map=dict(self.state.incoming_port_map)
            )
        except InputError as exc:
            self.incoming.clear(str(exc))
            return
        refused = any(
            a.auth is AuthState.FAILED or a.outcome is Outcome.SKIPPED for a in outgoing.attempts
        )
        if refused or self.state.oauth_tokens is not None:
            options = replace(options, username=None, password=None)
        self.incoming.start(host, options.pairings)

        def on_event(event: ProbeEvent) -> None:
            if isinstance(event, AttemptFinished):
                self.incoming.set_attempt(event.attempt, self.state.provider)

        self._incoming_job = self.runner.call(
            probe_incoming_async(options, on_event),
            lambda report: self._on_incoming(report, options),
            lambda exc: self.incoming.clear(str(exc)),
        )

    def _on_incoming(self, report: ProbeReport, options: ProbeOptions) -> None:
        self.state.incoming_report = report
        self._incoming_options = options
        self.incoming.show_report(report, self.state.provider)
        self._prove_delivery()

    def _prove_delivery(self) -> None:
        """The test message went to the person's own address and the inbox is proven: look
        for it there (read-only) by its Message-ID."""
        report, options = self.state.incoming_report, self._incoming_options
        settings = report.recommended if report is not None else None
        if (
            self._message_id is None
            or self._sent_at is None
            or options is None
            or options.password is None
            or not isinstance(settings, IncomingSettings)
        ):
            return
        self.incoming.show_waiting_for_delivery()
        self._incoming_job = self.runner.call(
            find_delivery(options, settings, self._message_id, sent_at=self._sent_at),
            self._on_delivery,
        )

    def _on_delivery(self, delivery: DeliveryProof) -> None:
        self.state.delivery = delivery
        self.incoming.show_delivery(delivery)

    def _cancel_incoming(self) -> None:
        job, self._incoming_job = self._incoming_job, None
        if job is not None and not job.done():
            job.cancel()

    def _on_failed(self, message: str) -> None:
        self.clock.stop()
        self.elapsed.setText("")
        self.banner.show_message("failed", self.tr("The test stopped unexpectedly"), message)

    def _show_verdict(self, report: ProbeReport) -> None:
        answer = verdict(report)
        sent = test_message_words(self.state.test_message)  # part of the main answer
        text = answer.explanation if answer.ok else answer.fix
        self.banner.show_message(
            "ok" if answer.ok else "failed",
            answer.headline,
            "\n".join(part for part in (text, sent) if part),
        )
        for finished in self._attempts.values():  # once it works, the extra ports turn grey
            self.matrix.set_attempt(finished, self.state.provider, report_ok=report.ok)
        self.sending.clear()
        self.sending.setVisible(False)
        offer = self.trust_button.show_for(report, self.state.pins_for(report.host))
        if offer is not None and offer.changed_from is not None:  # loud, never a silent re-trust
            self.banner.show_message(
                "failed", _(trust_words.CHANGED_TITLE), _(trust_words.CHANGED_BANNER)
            )
        if self._selected is None:
            target: Pairing | None = None
            if report.recommended is not None:
                rec = report.recommended
                target = next(
                    (
                        a.pairing
                        for a in report.attempts
                        if a.port == rec.port and a.security is rec.security
                    ),
                    None,
                )
            else:
                failure = main_failure(report)
                attempt = failure_attempt(report, failure) if failure else None
                target = attempt.pairing if attempt else None
            if target is not None:
                self.matrix.select(target)

    def _on_trusted(self, host: str, sha256: str) -> None:
        """The person confirmed this exact certificate: test again with it pinned."""
        self.state.trusted_certificates[host] = sha256
        self.start()

    def _on_cell_selected(self, pairing: Pairing) -> None:
        self._selected = pairing
        attempt = self._attempts.get(pairing)
        reported = self.state.report.attempt(pairing) if self.state.report is not None else None
        if attempt is None:
            attempt = reported
        elif reported is not None and attempt.reproduce is None:  # the report adds the commands
            attempt = replace(attempt, reproduce=reported.reproduce)
        if attempt is not None:
            self.details.show_attempt(attempt, self.state.provider)
        else:
            self.details.show_progress(
                pairing,
                self.matrix.cell_state(pairing) or CellState.WAITING,
                self._stages.get(pairing, []),
            )
