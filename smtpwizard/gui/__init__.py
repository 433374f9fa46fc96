"""The PySide6 wizard: a thin layer over :mod:`smtpwizard.core`.

The only package that imports PySide6. asyncio and Qt meet in exactly one place,
:mod:`smtpwizard.gui.runner`; pages talk to the engine through it and react to its signals.
"""
