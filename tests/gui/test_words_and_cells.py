"""Words that do not contradict themselves and cells of three kinds (works / problem /
expected), against the demo lab and scripted loopback servers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from smtpwizard.core.models import Pairing, Security
from smtpwizard.core.probe.options import Timeouts
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.cell_kind import CellKind
from smtpwizard.gui.state import DemoConfig, WizardState
from smtpwizard.gui.wizard import PageId
from smtpwizard.lab import LabCA, Mode, ServerSpec
from smtpwizard.lab.blackhole import Blackhole
from tests.gui.conftest import demo_state
from tests.gui.helpers import click_next, to_testing, wait_all_final

pytestmark = pytest.mark.gui

FAST = Timeouts(connect=1.0, command=2.0, attempt=2.0, greeting_sniff=0.5)
P = Pairing
S = Security


def test_a_working_result_shows_no_red_for_what_is_normal(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    wizard = make_wizard(demo_state(demo, timeouts=FAST))
    to_testing(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    matrix = wizard.testing_page.matrix
    assert wizard.state.report.ok
    kinds = {p: matrix.kind(p) for p in matrix.pairings()}
    assert CellKind.PROBLEM not in kinds.values(), kinds
    assert kinds[P(465, S.TLS)] is kinds[P(587, S.STARTTLS)] is CellKind.WORKS

    def words(p: Pairing) -> str:
        return matrix.item(matrix._ports.index(p.port), list(S).index(p.security)).text()

    assert words(P(25, S.NONE)) == words(P(25, S.STARTTLS)) == messages.CELL_FOR_SERVERS
    assert words(P(587, S.NONE)) == messages.CELL_NEEDS_ENCRYPTION
    assert words(P(465, S.STARTTLS)) == messages.CELL_USES_TLS
    assert words(P(2525, S.TLS)) == messages.CELL_BLOCKED_NOT_NEEDED
    screenshot(wizard, "testing-no-red")
    finished = wizard.testing_page.elapsed.text()
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.RESULT
    findings = wizard.result_page.findings
    texts = [findings.item(i).text() for i in range(findings.count())]
    assert any(messages.CELL_FOR_SERVERS in t for t in texts)
    # one duration everywhere: the Testing page's "Finished in 8.0 s" is the Result page's
    seconds = re.search(r"(\d+\.\d) s$", finished)
    assert seconds is not None
    assert f"in {seconds.group(1)} seconds" in wizard.result_page.subTitle()
    screenshot(wizard, "result-no-red")


@pytest.fixture
def blocked_587(lab_server: Any) -> Iterator[tuple[Any, Blackhole]]:
    server = lab_server(
        ServerSpec(mode=Mode.TLS, accounts={"me@example.test": "pw"}, auth_required=True)
    )
    hole = Blackhole().start()
    try:
        yield server, hole
    finally:
        hole.stop()


def test_advice_never_names_the_failed_port_or_an_internal_port(
    qtbot: Any, make_wizard: Any, blocked_587: tuple[Any, Blackhole], screenshot: Any
) -> None:
    server, hole = blocked_587
    config = DemoConfig(
        host="127.0.0.1",
        port_map={465: server.port, 587: hole.port},
        ca_pem=LabCA.shared().ca_pem,
        email="me@example.test",
        username="me@example.test",
        password="pw",
    )
    wizard = make_wizard(WizardState(demo=config, timeouts=FAST))
    to_testing(qtbot, wizard, pairings=[P(465, S.TLS), P(587, S.STARTTLS)])
    wait_all_final(qtbot, wizard)
    page = wizard.testing_page
    page.matrix.select(P(587, S.STARTTLS))
    shown = "\n".join(
        label.text()
        for label in (page.details.headline, page.details.explanation, page.details.fix)
    )
    assert "port 587" in shown  # the port to unblock is named…
    assert "465 or 587" not in shown and "(465)" in shown  # …but never offered as the way out
    for internal in (server.port, hole.port):
        assert str(internal) not in shown
        assert str(internal) not in page.banner.text.text()
    screenshot(wizard, "testing-blocked-587")
