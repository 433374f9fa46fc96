"""``smtpwizard gui [--demo] [--preset FILE] [--result-file FILE] [--secret-fd N]``.

Exit codes: 0 configured, 1 cancelled by the user (or the result could not be handed over),
2 usage error (a bad preset, result path or descriptor: one line naming the problem),
3 finished without working settings.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from smtpwizard.core.wording.base import _
from smtpwizard.exit_codes import GuiExit


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "gui",
        help=_("open the setup wizard (the default without a command)"),
        description=_("Open the setup wizard window."),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("start the built-in demo mail servers and pre-fill their account"),
    )
    parser.add_argument(
        "--preset", metavar="FILE", help=_("JSON file that pre-fills (and can lock) fields")
    )
    parser.add_argument(
        "--result-file",
        metavar="FILE",
        help=_("on finish, write the chosen settings (no secret) as JSON here"),
    )
    parser.add_argument(
        "--secret-fd",
        metavar="N",
        type=int,
        help=_(
            "on finish, write the verified password to this open file "
            "descriptor (a pipe the calling program owns), then close it"
        ),
    )
    parser.set_defaults(func=run)


def _has_screen() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def run(args: argparse.Namespace) -> int:
    options = installer_options(args)  # a bad preset is a usage error, screen or not
    if not _has_screen():
        print(
            "smtpwizard: no screen to show the wizard on (DISPLAY is not set). Run it inside a "
            "desktop session, or test from the command line: smtpwizard probe HOST",
            file=sys.stderr,
        )
        return GuiExit.CANCELLED
    try:
        # lazy: Qt loads only when the wizard opens
        from smtpwizard.gui.app import run as run_gui
    except ImportError as exc:
        print(
            f"smtpwizard: the wizard cannot start: {exc}. Install PySide6-Essentials and "
            "qasync, or use the command line (smtpwizard probe HOST).",
            file=sys.stderr,
        )
        return GuiExit.CANCELLED
    return run_gui(demo=bool(args.demo), **options)


def installer_options(args: argparse.Namespace) -> dict[str, Any]:
    """Check ``--preset``, ``--result-file`` and ``--secret-fd`` before any window opens."""
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.cli import UsageError

    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.installer.preset import (
        PresetError,
        check_result_path,
        check_secret_fd,
        load_preset,
    )

    options: dict[str, Any] = {}
    for flag, value in (("--preset", args.preset), ("--result-file", args.result_file)):
        if value is not None and not value.strip():
            # an installer whose variable came out empty must not get an unlocked wizard
            raise UsageError(f"{flag} is empty; give a file name or leave the option out")
    try:
        if args.preset:
            try:
                options["preset"] = load_preset(args.preset)
            except PresetError as exc:
                raise UsageError(f"the preset {args.preset} cannot be used: {exc}") from None
        if args.result_file:
            options["result_file"] = check_result_path(args.result_file).absolute()
        if args.secret_fd is not None:
            options["secret_fd"] = check_secret_fd(args.secret_fd)
    except PresetError as exc:
        raise UsageError(str(exc)) from None
    return options
