"""Nothing in the test matrix is shortened with "…" (issue 18): long German cell words wrap onto
a second line and the row grows, at the default window size and at 640×480."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

from smtpwizard.gui.translation import install_translators
from smtpwizard.gui.widgets.matrix import MatrixWidget
from smtpwizard.gui.wizard import DEFAULT_SIZE
from tests.gui.conftest import demo_state
from tests.gui.helpers import click_next, wait_all_final

pytestmark = pytest.mark.gui


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    install_translators(qapp, "de")
    try:
        yield
    finally:
        install_translators(qapp, "en")


def cut_cells(matrix: MatrixWidget) -> list[str]:
    """Cells whose words do not fit the space the item view gives their text."""
    cut = []
    for row in range(matrix.rowCount()):
        for col in range(matrix.columnCount()):
            index = matrix.model().index(row, col)
            text = str(index.data() or "")
            option = QStyleOptionViewItem()
            matrix.initViewItemOption(option)
            option.rect = matrix.visualRect(index)
            matrix.itemDelegate().initStyleOption(option, index)
            style = matrix.style()
            area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, matrix)
            area = area.adjusted(3, 0, -3, 0)  # the text margin the style keeps on each side
            metrics = option.fontMetrics
            if option.features & QStyleOptionViewItem.ViewItemFeature.WrapText:
                needed = metrics.boundingRect(
                    0, 0, area.width(), 10_000, Qt.TextFlag.TextWordWrap, text
                )
                fits = needed.width() <= area.width() and needed.height() <= area.height()
            else:
                fits = metrics.horizontalAdvance(text) <= area.width()
            if not fits:
                cut.append(f"row {row} col {col}: {text!r} in {area.width()}×{area.height()}")
    return cut


@pytest.mark.parametrize("size", [DEFAULT_SIZE, QSize(640, 480)], ids=["default", "640x480"])
def test_no_matrix_cell_is_shortened_in_german(
    german: None,
    size: QSize,
    qtbot: Any,
    make_wizard: Any,
    demo: Any,
    qloop: Any,
    screenshot: Any,
) -> None:
    wizard = make_wizard(demo_state(demo))
    wizard.resize(size)
    qtbot.waitUntil(lambda: wizard.size() == size, timeout=2000)
    for _ in range(3):
        click_next(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    qtbot.wait(100)  # laid out
    matrix = wizard.testing_page.matrix
    words = [str(matrix.item(r, c).text()) for r in range(matrix.rowCount()) for c in range(3)]
    assert any(len(w) > 20 for w in words), words  # the long German words are there
    screenshot(wizard, f"matrix-de-{size.width()}x{size.height()}")
    assert cut_cells(matrix) == []
    rows = matrix.rowCount()
    assert matrix.rowViewportPosition(rows - 1) + matrix.rowHeight(rows - 1) <= (
        matrix.viewport().height()
    ), "the last row of the matrix is cut off"
