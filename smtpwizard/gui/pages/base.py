"""The page contract: what every wizard page is given, and what it may reach.

A page gets the shared :class:`~smtpwizard.gui.state.WizardState` (the one source of truth for
everything the person chose or typed: pages write their widgets' values into it as they change
and read earlier pages' values from it, never from another page), the one
:class:`~smtpwizard.gui.runner.ProbeRunner` (all asyncio work goes through it), and its wizard
as a plain :class:`QWizard` (navigation and buttons only). Pages never call each other's
methods: what one page leaves for the next is put in the state, and the next page picks it up in
``initializePage``.

Lifecycle (Qt's, used the same way everywhere): ``initializePage`` loads from the state when the
page is entered with Next; ``cleanupPage`` undoes that on Back; ``validatePage`` checks before
leaving (never network I/O: it asks the runner and reacts to its signals); ``isComplete`` says
whether Next/Finish can be pressed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractButton, QWizard, QWizardPage

from smtpwizard.gui.state import WizardState

if TYPE_CHECKING:
    from smtpwizard.gui.runner import ProbeRunner


class WizardPage(QWizardPage):
    """The base of every page: ``self.state``, ``self.runner`` and ``self.wizard()``."""

    def __init__(self, state: WizardState, runner: ProbeRunner | None = None) -> None:
        super().__init__()
        self.state = state
        # the first page is built before the runner (and asyncio) exist, and needs neither
        self._runner = runner

    @property
    def runner(self) -> ProbeRunner:
        if self._runner is None:
            raise RuntimeError(f"{type(self).__name__} was built without the runner")
        return self._runner

    def wizard(self) -> QWizard:
        wizard = super().wizard()
        if wizard is None:
            raise RuntimeError(f"{type(self).__name__} is not on a wizard")
        return wizard

    def wizard_button(self, which: QWizard.WizardButton) -> QAbstractButton:
        return self.wizard().button(which)
