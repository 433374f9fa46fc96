"""The command line: argument parsing and output only; all work happens in ``smtpwizard.core``.

Each sub-command lives in its own module exposing ``register(subparsers)`` which adds its parser
and sets ``func`` to a callable ``(args) -> int`` (the exit code).
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys
from typing import IO

from smtpwizard import __version__
from smtpwizard.cli import argparse_words
from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.wording.base import _
from smtpwizard.core.wording.language import use_environment_language
from smtpwizard.exit_codes import Exit

# sub-command modules, in the order ``--help`` lists them
COMMANDS = ("gui", "probe", "discover", "export", "accounts", "lab")


class UsageError(SmtpWizardError):
    """A problem with what was typed; printed as one line, exit code 2."""


class CommandFailed(SmtpWizardError):
    """The command could not do its work (not a typing mistake); printed, exit code 1."""


#: the longest password line read from standard input (a password is never this long)
MAX_PASSWORD_BYTES = 4096


def binary_stdin(limit: int) -> IO[bytes]:
    """Standard input as bytes (a test or an embedding program may have put text there)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    return io.BytesIO(sys.stdin.read(limit + 1).encode("utf-8", "surrogateescape"))


def read_password_line(stream: IO[bytes]) -> str:
    """The first line of ``stream`` (without its line end) as the password; UsageError when it
    is empty, longer than :data:`MAX_PASSWORD_BYTES` or not UTF-8 text."""
    raw = stream.readline(MAX_PASSWORD_BYTES + 1)
    if len(raw) > MAX_PASSWORD_BYTES and not raw.endswith(b"\n"):
        raise UsageError(
            f"--password-stdin: the first line is longer than {MAX_PASSWORD_BYTES} bytes; "
            "is it a password?"
        )
    if raw.endswith(b"\n"):
        raw = raw[:-1]
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(
            "--password-stdin: the password is not UTF-8 text (check the terminal's or the "
            "file's character encoding)"
        ) from None
    if not line:
        raise UsageError(_("--password-stdin: standard input held no password"))
    return line


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with ``only`` just that sub-command: importing every command's
    module (discovery pulls in dnspython and httpx) would slow down opening the wizard."""
    parser = argparse.ArgumentParser(
        prog="smtpwizard",
        description=_("Find, test and export working outgoing-mail (SMTP) settings."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"smtpwizard {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_(
            "check this installation (Qt, keyring, trust store, data, a demo "
            "probe) without a screen or network; exit 0 when all is well"
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(f"smtpwizard.cli.{name}_cmd")
        except ModuleNotFoundError as exc:
            if exc.name != f"smtpwizard.cli.{name}_cmd":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if not args_list:
        args_list = ["gui"]
    first = args_list[0]
    use_environment_language()
    argparse_words.install()
    parser = build_parser(only=first if first in COMMANDS else None)
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.self_test:
        # lazy: each command loads only the parts it uses (start-up time)
        from smtpwizard import selftest

        return selftest.main()
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return Exit.USAGE
    try:
        return int(func(args))
    except UsageError as exc:
        print(f"smtpwizard: {exc}", file=sys.stderr)
        return Exit.USAGE
    except CommandFailed as exc:
        print(f"smtpwizard: {exc}", file=sys.stderr)
        return Exit.FAILED
    except KeyboardInterrupt:
        print("smtpwizard: interrupted", file=sys.stderr)
        return Exit.INTERRUPTED
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not our failure
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return Exit.OK
