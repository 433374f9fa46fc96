"""The PySide6 wizard: a thin layer over :mod:`smtpwizard.core`.

The only package that imports PySide6. asyncio and Qt meet in exactly one place,
:mod:`smtpwizard.gui.runner`; pages talk to the engine through it and react to its signals.
"""

# Start-up: load the Qt-free modules the wizard needs *before* PySide6. Once PySide6 is
# imported, every later import passes through its Python-level import hook and costs
# noticeably more (measured: about 15-25 ms of the wizard's cold start).
import asyncio  # noqa: F401
import concurrent.futures  # noqa: F401
import html  # noqa: F401
import importlib.util  # noqa: F401

import smtpwizard.core.accounts
import smtpwizard.core.events
import smtpwizard.core.messages
import smtpwizard.core.options
import smtpwizard.core.preset  # noqa: F401
