"""smtpwizard: find, prove and export working SMTP settings from this computer.

The public Python API is imported lazily so that ``import smtpwizard`` stays cheap::

    import smtpwizard
    report = smtpwizard.probe("smtp.example.com", username="me@example.com", password="...")
    print(report.summary, report.recommended)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Attempt",
    "FailureCode",
    "Pairing",
    "ProbeOptions",
    "ProbeReport",
    "Security",
    "Settings",
    "Timeouts",
    "__version__",
    "discover",
    "export",
    "probe",
    "probe_async",
]

if TYPE_CHECKING:
    from smtpwizard.core.codes import FailureCode
    from smtpwizard.core.discovery import discover
    from smtpwizard.core.export import export
    from smtpwizard.core.models import Attempt, Pairing, ProbeReport, Security, Settings
    from smtpwizard.core.options import ProbeOptions, Timeouts
    from smtpwizard.core.probe import probe, probe_async

_LAZY = {
    "probe": ("smtpwizard.core.probe", "probe"),
    "probe_async": ("smtpwizard.core.probe", "probe_async"),
    "discover": ("smtpwizard.core.discovery", "discover"),
    "export": ("smtpwizard.core.export", "export"),
    "Attempt": ("smtpwizard.core.models", "Attempt"),
    "Pairing": ("smtpwizard.core.models", "Pairing"),
    "ProbeReport": ("smtpwizard.core.models", "ProbeReport"),
    "Security": ("smtpwizard.core.models", "Security"),
    "Settings": ("smtpwizard.core.models", "Settings"),
    "FailureCode": ("smtpwizard.core.codes", "FailureCode"),
    "ProbeOptions": ("smtpwizard.core.options", "ProbeOptions"),
    "Timeouts": ("smtpwizard.core.options", "Timeouts"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module_name, attr = _LAZY[name]
        return getattr(importlib.import_module(module_name), attr)
    raise AttributeError(f"module 'smtpwizard' has no attribute {name!r}")
