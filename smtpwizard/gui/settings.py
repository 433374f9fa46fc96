"""Where the wizard remembers small things (window size): QSettings, redirectable for tests.

Set ``SMTPWIZARD_SETTINGS_DIR`` to keep everything in one INI file in that folder (the tests do,
so they never write into the real home folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

ENV_VAR = "SMTPWIZARD_SETTINGS_DIR"


def settings() -> QSettings:
    folder = os.environ.get(ENV_VAR)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(folder) / "smtpwizard.ini"), QSettings.Format.IniFormat)
    return QSettings("smtpwizard", "smtpwizard")
