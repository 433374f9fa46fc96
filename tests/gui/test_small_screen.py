"""Every page is usable at 640×480 (issue item 13): the window can be that small, nothing a
person needs is cut off (a page scrolls instead), no scroll area sits inside another, and the
User name and Password fields line up."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea, QWidget, QWizard

from smtpwizard.gui.page_ids import PageId
from tests.gui.conftest import demo_state
from tests.gui.helpers import click_next, wait_all_final

pytestmark = pytest.mark.gui

SMALL = QSize(640, 480)


def _nested_scroll_areas(page: QWidget) -> list[str]:
    off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    found = []
    for area in page.findChildren(QAbstractScrollArea):
        if not area.isVisible() or (
            area.verticalScrollBarPolicy() == off and area.horizontalScrollBarPolicy() == off
        ):
            continue  # a view that never scrolls (the matrix, the technical details)
        parent = area.parentWidget()
        while parent is not None and parent is not page:
            if isinstance(parent, QScrollArea):
                found.append(f"{type(area).__name__} inside {type(parent).__name__}")
                break
            parent = parent.parentWidget()
    return found


def _reachable(page: QWidget, widget: QWidget) -> bool:
    """Visible inside the page, or inside a scroll area that can scroll it into view."""
    area = next(
        (
            a
            for a in page.findChildren(QScrollArea)
            if a.widget() and a.widget().isAncestorOf(widget)
        ),
        None,
    )
    if area is not None:
        inner = area.widget()
        top_left = widget.mapTo(inner, QPoint(0, 0))
        return inner.rect().contains(QRect(top_left, widget.size()))
    top_left = widget.mapTo(page, QPoint(0, 0))
    return page.rect().contains(QRect(top_left, widget.size()))


def check_page(wizard: Any, screenshot: Any, name: str) -> None:
    page = wizard.currentPage()
    assert wizard.size() == SMALL
    assert _nested_scroll_areas(page) == []
    cut = [
        w.accessibleName() or type(w).__name__
        for w in page.findChildren(QWidget)
        if w.isVisible() and w.focusPolicy() != w.focusPolicy().NoFocus and not _reachable(page, w)
    ]
    assert cut == [], f"{name}: cut off at 640×480: {cut}"
    for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CancelButton):
        button = wizard.button(which)
        if button.isVisible():
            assert wizard.rect().contains(button.geometry()), which
    screenshot(wizard, f"640x480-{name}")


def test_every_page_is_usable_at_640_by_480(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    wizard = make_wizard(demo_state(demo))
    wizard.resize(SMALL)
    qtbot.waitUntil(lambda: wizard.size() == SMALL, timeout=2000)
    for page_id in (PageId.ACCOUNT, PageId.SERVER, PageId.SIGNIN):
        assert wizard.currentId() == page_id
        if page_id == PageId.SERVER:  # the longest form: every port ticked
            wizard.server_page.advanced_toggle.setChecked(True)
        check_page(wizard, screenshot, page_id.name.lower())
        click_next(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    wizard.testing_page.details.toggle.setChecked(True)  # the longest: technical details open
    qtbot.wait(100)  # laid out
    check_page(wizard, screenshot, "testing")
    matrix = wizard.testing_page.matrix
    rows = matrix.rowCount()
    assert matrix.rowViewportPosition(rows - 1) + matrix.rowHeight(rows - 1) <= (
        matrix.viewport().height()
    ), "the last row of the matrix is cut off"
    click_next(qtbot, wizard)
    check_page(wizard, screenshot, "result")
    click_next(qtbot, wizard)
    check_page(wizard, screenshot, "save")


def test_user_name_and_password_fields_line_up(qtbot: Any, make_wizard: Any, demo: Any) -> None:
    wizard = make_wizard(demo_state(demo))
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    page = wizard.signin_page
    user_x = page.username.mapTo(page, QPoint(0, 0)).x()
    password_x = page.password.mapTo(page, QPoint(0, 0)).x()
    assert user_x == password_x
    assert page.username.width() == page.password.width()
