"""smtpwizard: find, prove and export working SMTP settings from this computer.

The public Python API is imported lazily so that ``import smtpwizard`` stays cheap::

    import smtpwizard
    report = smtpwizard.probe("smtp.example.com", username="me@example.com", password="...")
    print(report.summary, report.recommended)
    incoming = smtpwizard.probe_incoming("imap.example.com", user="me@example.com", password="...")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "AccountIndexError",
    "AiosmtplibIncompatible",
    "Attempt",
    "AutoconfigError",
    "ExportError",
    "FailureCode",
    "IncomingPairing",
    "IncomingSettings",
    "InputError",
    "KeyringProblem",
    "NoWorkingSettings",
    "OAuthError",
    "Pairing",
    "PresetError",
    "ProbeOptions",
    "ProbeReport",
    "ProviderDataError",
    "Security",
    "Settings",
    "SmtpWizardError",
    "Timeouts",
    "__version__",
    "discover",
    "export",
    "probe",
    "probe_async",
    "probe_incoming",
    "probe_incoming_async",
    "probe_json",
]

if TYPE_CHECKING:
    from smtpwizard.core.contract import probe_json
    from smtpwizard.core.credentials.accounts import AccountIndexError
    from smtpwizard.core.credentials.keyring_store import KeyringProblem
    from smtpwizard.core.discovery.autoconfig import AutoconfigError
    from smtpwizard.core.discovery.pipeline import discover
    from smtpwizard.core.discovery.providers import ProviderDataError
    from smtpwizard.core.errors import SmtpWizardError
    from smtpwizard.core.export.base import ExportError
    from smtpwizard.core.export.registry import NoWorkingSettings, export
    from smtpwizard.core.incoming.engine import probe_incoming, probe_incoming_async
    from smtpwizard.core.installer.preset import PresetError
    from smtpwizard.core.models import (
        Attempt,
        IncomingPairing,
        IncomingSettings,
        Pairing,
        ProbeReport,
        Security,
        Settings,
    )
    from smtpwizard.core.oauth.errors import OAuthError
    from smtpwizard.core.probe.aiosmtplib_compat import AiosmtplibIncompatible
    from smtpwizard.core.probe.engine import probe, probe_async
    from smtpwizard.core.probe.options import ProbeOptions, Timeouts
    from smtpwizard.core.validation import InputError
    from smtpwizard.core.wording.codes import FailureCode

_LAZY = {
    # exceptions (the tree is drawn in smtpwizard/core/errors.py)
    "SmtpWizardError": ("smtpwizard.core.errors", "SmtpWizardError"),
    "InputError": ("smtpwizard.core.validation", "InputError"),
    "PresetError": ("smtpwizard.core.installer.preset", "PresetError"),
    "ExportError": ("smtpwizard.core.export.base", "ExportError"),
    "NoWorkingSettings": ("smtpwizard.core.export.registry", "NoWorkingSettings"),
    "ProviderDataError": ("smtpwizard.core.discovery.providers", "ProviderDataError"),
    "AutoconfigError": ("smtpwizard.core.discovery.autoconfig", "AutoconfigError"),
    "KeyringProblem": ("smtpwizard.core.credentials.keyring_store", "KeyringProblem"),
    "AccountIndexError": ("smtpwizard.core.credentials.accounts", "AccountIndexError"),
    "OAuthError": ("smtpwizard.core.oauth.errors", "OAuthError"),
    "AiosmtplibIncompatible": (
        "smtpwizard.core.probe.aiosmtplib_compat",
        "AiosmtplibIncompatible",
    ),
    # the API
    "probe": ("smtpwizard.core.probe.engine", "probe"),
    "probe_async": ("smtpwizard.core.probe.engine", "probe_async"),
    "probe_json": ("smtpwizard.core.contract", "probe_json"),
    "probe_incoming": ("smtpwizard.core.incoming.engine", "probe_incoming"),
    "probe_incoming_async": ("smtpwizard.core.incoming.engine", "probe_incoming_async"),
    "discover": ("smtpwizard.core.discovery.pipeline", "discover"),
    "export": ("smtpwizard.core.export.registry", "export"),
    "Attempt": ("smtpwizard.core.models", "Attempt"),
    "Pairing": ("smtpwizard.core.models", "Pairing"),
    "IncomingPairing": ("smtpwizard.core.models", "IncomingPairing"),
    "IncomingSettings": ("smtpwizard.core.models", "IncomingSettings"),
    "ProbeReport": ("smtpwizard.core.models", "ProbeReport"),
    "Security": ("smtpwizard.core.models", "Security"),
    "Settings": ("smtpwizard.core.models", "Settings"),
    "FailureCode": ("smtpwizard.core.wording.codes", "FailureCode"),
    "ProbeOptions": ("smtpwizard.core.probe.options", "ProbeOptions"),
    "Timeouts": ("smtpwizard.core.probe.options", "Timeouts"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        # lazy: import smtpwizard stays cheap: the public API loads on first use
        import importlib

        module_name, attr = _LAZY[name]
        return getattr(importlib.import_module(module_name), attr)
    raise AttributeError(f"module 'smtpwizard' has no attribute {name!r}")
