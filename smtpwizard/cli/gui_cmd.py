"""``smtpwizard gui [--demo] [--preset FILE] [--result-file FILE]``: open the wizard."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "gui",
        help="open the setup wizard (the default without a command)",
        description="Open the setup wizard window.",
    )
    parser.add_argument("--demo", action="store_true",
                        help="start the built-in demo mail servers and pre-fill their account")
    parser.add_argument("--preset", metavar="FILE",
                        help="JSON file that pre-fills (and can lock) fields")
    parser.add_argument("--result-file", metavar="FILE",
                        help="on finish, write the chosen settings (no secret) as JSON here")
    parser.set_defaults(func=run)


def _has_screen() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def run(args: argparse.Namespace) -> int:
    if not _has_screen():
        print("smtpwizard: no screen to show the wizard on (DISPLAY is not set). Run it inside a "
              "desktop session, or test from the command line: smtpwizard probe HOST",
              file=sys.stderr)
        return 1
    try:
        from smtpwizard.gui.app import run as run_gui
    except ImportError as exc:
        print(f"smtpwizard: the wizard cannot start: {exc}. Install PySide6-Essentials and "
              "qasync, or use the command line (smtpwizard probe HOST).", file=sys.stderr)
        return 1
    for flag, value in (("--preset", args.preset), ("--result-file", args.result_file)):
        if value:
            print(f"smtpwizard: {flag} is not supported by this version yet; ignoring it.",
                  file=sys.stderr)
    return run_gui(demo=bool(args.demo))
