"""The live port × security matrix: one cell per pairing, icon + short words (never colour alone).

Rows are ports (25, 465, 587, 2525, then any custom port), columns Plain / STARTTLS / SSL-TLS.
A cell that is not part of the test shows "Not tested". Arrow keys move between cells; Tab
leaves the table. Selecting a cell emits :attr:`MatrixWidget.cell_selected` with its pairing.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from smtpwizard.core.models import Attempt, AuthState, Outcome, Pairing, Security
from smtpwizard.core.probe.events import CellState
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.cell_kind import CellKind, classify_cell
from smtpwizard.gui.icons import icon

STANDARD_PORTS = (25, 465, 587, 2525)
COLUMNS = (Security.NONE, Security.STARTTLS, Security.TLS)
PAIRING_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_ROLE = Qt.ItemDataRole.UserRole + 3

_ICON = {
    CellState.WAITING: "waiting",
    CellState.CONNECTING: "connecting",
    CellState.CONNECTED: "connecting",
    CellState.ENCRYPTED: "encrypted",
    CellState.SIGNED_IN: "signed_in",
    CellState.OK: "ok",
    CellState.FAILED: "failed",
    CellState.NOT_TRIED: "not_tried",
    CellState.UNFINISHED: "unfinished",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("matrix", text)


def state_words(state: CellState) -> str:
    return {
        CellState.WAITING: tr("Waiting"),
        CellState.CONNECTING: tr("Connecting…"),
        CellState.CONNECTED: tr("Connected"),
        CellState.ENCRYPTED: tr("Encrypted"),
        CellState.SIGNED_IN: tr("Signed in"),
        CellState.OK: tr("Works"),
        CellState.FAILED: tr("Failed"),
        CellState.NOT_TRIED: tr("Not tried"),
        CellState.UNFINISHED: tr("No answer"),
    }[state]


def column_words(security: Security) -> str:
    return {Security.NONE: tr("Plain"), Security.STARTTLS: "STARTTLS", Security.TLS: "SSL/TLS"}[
        security
    ]


def not_tried_words() -> str:
    return tr(
        "Not tried: your password was already refused on another port, and it is only "
        "ever tried once so your account cannot be locked."
    )


def final_state(attempt: Attempt) -> CellState:
    if attempt.outcome is Outcome.OK:
        return CellState.OK
    if attempt.outcome is Outcome.UNFINISHED:
        return CellState.UNFINISHED
    if attempt.outcome is Outcome.SKIPPED or (
        attempt.failure is None and attempt.auth is AuthState.NOT_TRIED
    ):
        return CellState.NOT_TRIED
    return CellState.FAILED


class MatrixWidget(QTableWidget):
    cell_selected = Signal(object)  # Pairing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setAccessibleName(self.tr("Test results by port and encryption"))
        self.setAccessibleDescription(
            self.tr(
                "One cell per port and encryption kind. Use the arrow keys to pick a cell; its "
                "explanation appears below the table."
            )
        )
        self.setHorizontalHeaderLabels([column_words(s) for s in COLUMNS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.setIconSize(QSize(20, 20))
        self.setWordWrap(True)  # long words (German) wrap onto a second line, never "…"
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setCornerButtonEnabled(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(max(30, self.fontMetrics().height() + 14))
        self.verticalHeader().setMinimumSectionSize(max(30, self.fontMetrics().height() + 14))
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._cells: dict[Pairing, QTableWidgetItem] = {}
        self._ports: list[int] = []
        self.currentItemChanged.connect(self._on_current_changed)
        self.set_pairings(())

    # --- layout --------------------------------------------------------------------------------
    def set_pairings(self, pairings: Iterable[Pairing]) -> None:
        """Reset: every chosen pairing waits, every other cell is "Not tested"."""
        chosen = set(pairings)
        self._ports = sorted(set(STANDARD_PORTS) | {p.port for p in chosen})
        self.blockSignals(True)
        self.clearContents()
        self.setRowCount(len(self._ports))
        self.setVerticalHeaderLabels([self.tr("Port {port}").format(port=p) for p in self._ports])
        self._cells = {}
        for row, port in enumerate(self._ports):
            for col, security in enumerate(COLUMNS):
                pairing = Pairing(port, security)
                item = QTableWidgetItem()
                item.setData(PAIRING_ROLE, pairing)
                if pairing in chosen:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    self._cells[pairing] = item
                    self._paint(item, pairing, CellState.WAITING, "")
                else:
                    item.setFlags(Qt.ItemFlag.ItemIsSelectable)  # visible, greyed out
                    item.setText(self.tr("Not tested"))
                    item.setData(
                        Qt.ItemDataRole.AccessibleTextRole,
                        self.tr("Port {port}, {kind}: not tested").format(
                            port=port, kind=column_words(security)
                        ),
                    )
                self.setItem(row, col, item)
        self.blockSignals(False)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows grow to fit their wrapped words; the table is exactly as tall as its rows (the
        page scrolls, the table never does)."""
        self.resizeRowsToContents()
        height = (
            self.horizontalHeader().height()
            + sum(self.rowHeight(row) for row in range(self.rowCount()))
            + 2 * self.frameWidth()
            + 2
        )
        if height != self.height() or self.minimumHeight() != self.maximumHeight():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_rows()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.height())

    # --- states --------------------------------------------------------------------------------
    def pairings(self) -> list[Pairing]:
        return list(self._cells)

    def cell_state(self, pairing: Pairing) -> CellState | None:
        item = self._cells.get(pairing)
        if item is None:
            return None
        value = item.data(STATE_ROLE)
        return CellState(value) if value else None

    def _live(self, pairing: Pairing) -> QTableWidgetItem | None:
        """The cell of ``pairing``; a greyed-out one comes alive when the probe added that
        pairing itself (an SSL/TLS attempt on a port that sent no plaintext greeting)."""
        item = self._cells.get(pairing)
        if item is None and pairing.port in self._ports:
            item = self.item(self._ports.index(pairing.port), COLUMNS.index(pairing.security))
            if item is not None:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self._cells[pairing] = item
        return item

    def set_state(
        self, pairing: Pairing, state: CellState, reason: str = "", words: str | None = None
    ) -> None:
        item = self._live(pairing)
        if item is not None:
            self._paint(item, pairing, state, reason, words)

    def set_attempt(
        self, attempt: Attempt, provider: str | None = None, *, report_ok: bool = False
    ) -> None:
        """Paint a finished attempt: works, a real problem, or expected / not for this use
        (grey, with words such as "For servers only"); ``report_ok``: another pairing works."""
        reason = ""
        if attempt.failure is not None:
            reason = messages.describe(attempt.failure, provider).title
        elif final_state(attempt) is CellState.NOT_TRIED:
            reason = not_tried_words()
        elif attempt.outcome is not Outcome.OK:
            reason = messages.outcome_label(attempt.outcome)
        cell = classify_cell(attempt, report_ok=report_ok)
        self.set_state(attempt.pairing, final_state(attempt), reason, cell.words)
        item = self._cells.get(attempt.pairing)
        if item is not None:
            item.setData(KIND_ROLE, cell.kind.value)
            if cell.kind is CellKind.EXPECTED:
                item.setIcon(icon("expected"))

    def kind(self, pairing: Pairing) -> CellKind | None:
        """Works / problem / expected of a finished cell (``None`` while it runs)."""
        item = self._cells.get(pairing)
        value = item.data(KIND_ROLE) if item is not None else None
        return CellKind(value) if value else None

    def _paint(
        self,
        item: QTableWidgetItem,
        pairing: Pairing,
        state: CellState,
        reason: str,
        words: str | None = None,
    ) -> None:
        words = words or state_words(state)
        item.setData(STATE_ROLE, state.value)
        item.setData(KIND_ROLE, None)
        item.setIcon(icon(_ICON[state]))
        item.setText(words)
        self._fit_rows()
        where = self.tr("Port {port}, {kind}").format(
            port=pairing.port, kind=column_words(pairing.security)
        )
        spoken = f"{where}: {words}" + (f" — {reason}" if reason else "")
        item.setToolTip(reason or words)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, reason)

    def select(self, pairing: Pairing) -> None:
        item = self._cells.get(pairing)
        if item is not None:
            self.setCurrentItem(item)

    def _on_current_changed(
        self, current: QTableWidgetItem | None, _previous: QTableWidgetItem | None
    ) -> None:
        if current is None:
            return
        pairing = current.data(PAIRING_ROLE)
        if isinstance(pairing, Pairing):
            self.cell_selected.emit(pairing)
