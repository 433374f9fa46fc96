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
    "probe_json",
]

if TYPE_CHECKING:
    from smtpwizard.core.contract import probe_json
    from smtpwizard.core.discovery.pipeline import discover
    from smtpwizard.core.export.registry import export
    from smtpwizard.core.models import Attempt, Pairing, ProbeReport, Security, Settings
    from smtpwizard.core.probe.engine import probe, probe_async
    from smtpwizard.core.probe.options import ProbeOptions, Timeouts
    from smtpwizard.core.wording.codes import FailureCode

_LAZY = {
    "probe": ("smtpwizard.core.probe.engine", "probe"),
    "probe_async": ("smtpwizard.core.probe.engine", "probe_async"),
    "probe_json": ("smtpwizard.core.contract", "probe_json"),
    "discover": ("smtpwizard.core.discovery.pipeline", "discover"),
    "export": ("smtpwizard.core.export.registry", "export"),
    "Attempt": ("smtpwizard.core.models", "Attempt"),
    "Pairing": ("smtpwizard.core.models", "Pairing"),
    "ProbeReport": ("smtpwizard.core.models", "ProbeReport"),
    "Security": ("smtpwizard.core.models", "Security"),
    "Settings": ("smtpwizard.core.models", "Settings"),
    "FailureCode": ("smtpwizard.core.wording.codes", "FailureCode"),
    "ProbeOptions": ("smtpwizard.core.probe.options", "ProbeOptions"),
    "Timeouts": ("smtpwizard.core.probe.options", "Timeouts"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module_name, attr = _LAZY[name]
        return getattr(importlib.import_module(module_name), attr)
    raise AttributeError(f"module 'smtpwizard' has no attribute {name!r}")
