"""Where smtpwizard keeps its files: small and import-light (the wizard asks before it draws)."""

from __future__ import annotations

import os
from pathlib import Path

#: the environment variable that overrides the config folder (tests point it at a temporary one)
CONFIG_DIR_ENV = "SMTPWIZARD_CONFIG_DIR"
#: the saved-accounts index in that folder
INDEX_FILE = "accounts.json"


def config_dir() -> Path:
    """The folder for smtpwizard's settings (``SMTPWIZARD_CONFIG_DIR`` wins)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    # lazy: only when a file path is needed
    import platformdirs

    return Path(platformdirs.user_config_dir("smtpwizard", appauthor=False))


def index_path() -> Path:
    """The saved-accounts index file (it may not exist)."""
    return config_dir() / INDEX_FILE
