"""Exit codes of every command, one enum per command family; the README's "Exit codes" table.

Shared meanings: 0 success, 2 a usage error (what was typed), 130 interrupted (Ctrl+C). The
probe's codes are the installers' contract and are defined by the engine's verdict
(:class:`smtpwizard.core.probe.verdict.Verdict`), so the command line, the Python API and the
result file cannot disagree. Importing this module is cheap (no Qt, no network libraries).
"""

from __future__ import annotations

from enum import IntEnum

from smtpwizard.core.probe.verdict import Verdict

#: ``smtpwizard probe``: how the probe ended (see the engine's verdict)
ProbeExit = Verdict


class Exit(IntEnum):
    """What every command shares."""

    OK = 0
    FAILED = 1  # the command could not do its work (the message says why)
    USAGE = 2  # a problem with what was typed
    INTERRUPTED = 130  # Ctrl+C


class GuiExit(IntEnum):
    """``smtpwizard`` / ``smtpwizard gui``: what the wizard ended with (installers read it)."""

    CONFIGURED = 0  # working settings were verified (and saved where asked)
    CANCELLED = 1  # closed without a working result, or the wizard could not start
    USAGE = 2  # a bad preset, result file or secret descriptor
    NOT_WORKING = 3  # finished, but the settings do not work


class DiscoverExit(IntEnum):
    """``smtpwizard discover``."""

    FOUND = 0  # at least one candidate
    NOTHING_FOUND = 1
    USAGE = 2


class ExportExit(IntEnum):
    """``smtpwizard export``."""

    OK = 0
    FAILED = 1  # nothing working to export, or the file could not be written
    USAGE = 2


class AccountsExit(IntEnum):
    """``smtpwizard accounts`` (list, forget, token)."""

    OK = 0
    PROBLEM = 1  # the keyring or the saved-accounts index could not be used
    USAGE = 2
    NOT_FOUND = 3  # no such saved account
    SIGN_IN_REFUSED = 5  # the provider refused to renew the OAuth sign-in


class LabExit(IntEnum):
    """``smtpwizard lab``."""

    OK = 0
    FAILED = 1  # the demo servers could not start
    USAGE = 2


class SelfTestExit(IntEnum):
    """``smtpwizard --self-test``."""

    PASSED = 0
    FAILED = 1


FAMILIES: dict[str, type[IntEnum]] = {
    "gui": GuiExit,
    "probe": ProbeExit,
    "discover": DiscoverExit,
    "export": ExportExit,
    "accounts": AccountsExit,
    "lab": LabExit,
    "--self-test": SelfTestExit,
}
