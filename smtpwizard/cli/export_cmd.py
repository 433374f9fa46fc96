"""``smtpwizard export``: write working settings for a mail client, tool or application."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smtpwizard.cli import MAX_PASSWORD_BYTES, UsageError, binary_stdin, read_password_line
from smtpwizard.core.export.base import PLACEHOLDER, checked_settings
from smtpwizard.core.export.registry import (
    ExportError,
    ExportFormat,
    NoWorkingSettings,
    SecretMode,
    get_format,
    list_formats,
    settings_from_document,
    write_export,
)
from smtpwizard.core.jsoninput import MAX_JSON_BYTES, parse_json, read_capped, read_capped_file
from smtpwizard.core.models import Settings
from smtpwizard.core.validation import InputError
from smtpwizard.core.wording.base import _
from smtpwizard.exit_codes import ExportExit

SECRET_WARNING = (
    "smtpwizard: warning: the export contains your password in plain text. Keep it private, "
    "never commit it to version control, and delete it when you no longer need it."
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    names = ", ".join(fmt.name for fmt in list_formats())
    p = sub.add_parser(
        "export",
        help=_("write working settings for a mail client, tool or application"),
        description="Write the settings a probe proved to work in the format a mail client, "
        "tool or application reads. Input: the JSON of 'smtpwizard probe --json' (its "
        "recommended settings) or a settings JSON, from --from FILE or standard input. The "
        "password is left out (keyring lookup or a placeholder) unless --include-password. "
        f"Formats: {names}.",
    )
    p.add_argument(
        "--format", "-f", metavar="FORMAT", help=_("the format to write (see --list-formats)")
    )
    p.add_argument("--list-formats", action="store_true", help=_("list the formats and exit"))
    p.add_argument(
        "--from",
        dest="source",
        metavar="RESULT.json",
        help=_("read the probe result or settings JSON from this file (default: standard input)"),
    )
    p.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help=_("write to this file (atomically) instead of standard output"),
    )
    p.add_argument("--force", action="store_true", help=_("replace --output if it exists"))
    p.add_argument(
        "--include-password",
        action="store_true",
        help=_(
            "write the real password into the export (read from this computer's "
            "keyring, or --password-stdin); a warning is printed"
        ),
    )
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help=_(
            "with --include-password: read the password from the first line of "
            "standard input instead of the keyring"
        ),
    )
    p.set_defaults(func=run)


def print_formats() -> None:
    formats = list_formats()
    width = max(len(fmt.name) for fmt in formats)
    for fmt in formats:
        print(f"{fmt.name:<{width}}  {fmt.shown_title}  [{fmt.default_filename}]")
        print(f"{'':<{width}}  {fmt.shown_description}")


def _fail(message: str) -> int:
    print(f"smtpwizard: {message}", file=sys.stderr)
    return ExportExit.FAILED


def _read_document(args: argparse.Namespace) -> Any:
    """The settings JSON from --from or standard input: capped, strict, one-line errors."""
    try:
        if args.source:
            return parse_json(read_capped_file(args.source), args.source)
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError(
                "export needs settings: pass --from RESULT.json (the output of "
                "'smtpwizard probe --json') or pipe it into standard input"
            )
        stdin = binary_stdin(MAX_JSON_BYTES)
        return parse_json(read_capped(stdin, "standard input"), "standard input")
    except InputError as exc:
        raise ExportError(str(exc)) from None


def _read_secret(args: argparse.Namespace, settings: Settings) -> SecretMode:
    if not args.include_password:
        return PLACEHOLDER
    if not settings.username:
        raise ExportError("These settings have no user name, so there is no password to include.")
    if args.password_stdin:
        secret = read_password_line(binary_stdin(MAX_PASSWORD_BYTES))
    else:
        # lazy: each command loads only the parts it uses (start-up time)
        from smtpwizard.core.credentials import keyring_store

        try:
            loaded = keyring_store.load_secret(settings.host, settings.username)
        except keyring_store.KeyringProblem as exc:
            raise ExportError(f"{exc} (or use --password-stdin)") from None
        if loaded is None:
            raise ExportError(
                f"No password for {settings.username} on {settings.host} is saved in this "
                "computer's keyring; save it with 'smtpwizard probe --save' or use "
                "--password-stdin."
            )
        secret = loaded
    return SecretMode.include(secret)


def run(args: argparse.Namespace) -> int:
    if args.list_formats:
        print_formats()
        return ExportExit.OK
    if not args.format:
        raise UsageError("export needs --format FORMAT (see 'smtpwizard export --list-formats')")
    if args.password_stdin and not args.include_password:
        raise UsageError("--password-stdin only makes sense with --include-password")
    if args.password_stdin and not args.source:
        raise UsageError("--password-stdin needs --from FILE (standard input holds the password)")
    if args.force and not args.output:
        raise UsageError("--force only makes sense with --output FILE")
    try:
        fmt: ExportFormat = get_format(args.format)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    try:
        settings = checked_settings(settings_from_document(_read_document(args)))
        secret = _read_secret(args, settings)
        text = fmt.render(settings, secret=secret)
    except NoWorkingSettings as exc:
        return _fail(str(exc))
    except ExportError as exc:
        return _fail(str(exc))
    if secret.included:
        print(SECRET_WARNING, file=sys.stderr)
    if not args.output:
        sys.stdout.write(text)
        return ExportExit.OK
    try:
        path = write_export(
            args.output, text, force=args.force, private=secret.included or fmt.private_file
        )
    except FileExistsError:
        return _fail(f"{args.output} already exists; add --force to replace it.")
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc.strerror or exc}")
    print(
        "smtpwizard: " + _("wrote {format} to {path}").format(format=fmt.shown_title, path=path),
        file=sys.stderr,
    )
    return ExportExit.OK
