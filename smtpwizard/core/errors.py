"""The one base class of every exception smtpwizard raises on purpose.

Each exception is defined beside the code that raises it and derives from
:class:`SmtpWizardError`, so a caller of the Python API can catch them all in one place; the
public ones are importable from :mod:`smtpwizard`. A probe itself never raises for network or
server trouble: its report says what happened. The tree::

    SmtpWizardError
    ├── InputError (ValueError)           core.validation: a value a person or program gave
    │                                     is unusable (host, port, address, password, option)
    ├── PresetError (ValueError)          core.installer.preset: an installer preset is invalid
    ├── ExportError (ValueError)          core.export.base: settings cannot be written as asked
    │   └── NoWorkingSettings             core.export.registry: the probe found nothing to export
    ├── ProviderDataError (ValueError)    core.discovery.providers: bundled data is malformed
    ├── AutoconfigError                   core.discovery.autoconfig: an autoconfig document
    │                                     could not be fetched or read
    ├── KeyringProblem                    core.credentials.keyring_store: the keyring is
    │                                     missing, locked, slow or refused (kind says which)
    ├── AccountIndexError (OSError)       core.credentials.accounts: the saved-accounts index
    ├── OAuthError                        core.oauth.errors: the OAuth sign-in failed (a code)
    ├── AiosmtplibIncompatible            core.probe.aiosmtplib_compat: the installed aiosmtplib
    │                                     differs from the internals the probe relies on
    ├── LookupFailed                      core.sender_domain.lookup: a name server did not
    │                                     answer (caught inside: becomes a finding)
    ├── PermError, TempError              core.sender_domain.spf: SPF's permerror/temperror
    │                                     (caught inside: become findings)

Command-line internals (``smtpwizard.cli.UsageError``, ``CommandFailed``, ``SignInFailed``)
derive from it too but never leave the command line: they become a one-line message and an
exit code (:mod:`smtpwizard.exit_codes`).
"""

from __future__ import annotations


class SmtpWizardError(Exception):
    """Base class of every exception smtpwizard raises on purpose."""


__all__ = ["SmtpWizardError"]
