"""The PySide6 wizard: a thin layer over :mod:`smtpwizard.core`.

The only package that imports PySide6. asyncio and Qt meet in exactly one place,
:mod:`smtpwizard.gui.runner`; pages talk to the engine through it and react to its signals.
"""

# Start-up: load the Qt-free modules the *first page* needs before PySide6. Once PySide6 is
# imported, every later import passes through its Python-level import hook and costs more.
# asyncio, qasync and the engine are loaded only after the first page is drawn
# (SetupWizard(defer=True) and SetupWizard.complete(), called by smtpwizard.gui.app).
import html  # noqa: F401

import smtpwizard.core.models
import smtpwizard.core.paths
import smtpwizard.core.probe.options
import smtpwizard.core.validation  # noqa: F401
