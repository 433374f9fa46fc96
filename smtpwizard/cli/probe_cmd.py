"""``smtpwizard probe HOST``: test every pairing and print the matrix (or JSON)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from smtpwizard.cli import (
    MAX_PASSWORD_BYTES,
    CommandFailed,
    UsageError,
    binary_stdin,
    read_password_line,
)
from smtpwizard.cli.render import render_probe
from smtpwizard.core.contract import probe_json
from smtpwizard.core.egress import DEFAULT_REFERENCES
from smtpwizard.core.models import DEFAULT_PAIRINGS, DeliveryProof, Pairing, ProbeReport
from smtpwizard.core.probe.checks import ExtraChecks, default_checks
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.probe.verdict import Verdict, verdict_of, worse
from smtpwizard.core.sender_domain.lookup import parse_nameserver
from smtpwizard.core.validation import (
    InputError,
    normalize_host,
    validate_port,
    validate_username,
)
from smtpwizard.core.wording.base import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "probe",
        help=_("test a server's outgoing-mail settings from this computer"),
        description=_(
            "Test every port × encryption pairing of HOST at once and explain the "
            "result. Exit codes: 0 working, 2 usage error, 3 nothing reachable, 4 no secure "
            "connection, 5 sign-in failed, 6 sender or test message refused, 1 other."
        ),
    )
    p.add_argument("host", nargs="?", help=_("the outgoing server, e.g. smtp.example.com"))
    p.add_argument("--user", help=_("the user name to sign in with (often the email address)"))
    secret = p.add_mutually_exclusive_group()
    secret.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the password from the first line of standard input"),
    )
    secret.add_argument(
        "--from-keyring",
        action="store_true",
        help=_("use the password saved in this computer's keyring"),
    )
    p.add_argument(
        "--save",
        action="store_true",
        help=_("after the password worked, save it in this computer's keyring"),
    )
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.cli.oauth_probe import add_arguments as add_oauth_arguments

    add_oauth_arguments(p)
    p.add_argument(
        "--pairings",
        metavar="LIST",
        help=_(
            "comma-separated PORT/SECURITY items to test instead of the default "
            "(e.g. 465/tls,587/starttls)"
        ),
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help=_("give up on a pairing after this many seconds (default 15)"),
    )
    p.add_argument(
        "--wait-all",
        action="store_true",
        help=_("wait for every pairing to finish instead of stopping at the verdict"),
    )
    p.add_argument(
        "--ca-file", metavar="PEM", help=_("also trust the certificate authority in this PEM file")
    )
    p.add_argument(
        "--sender",
        metavar="ADDRESS",
        help=_("the From address to check (default: the user name, if an address)"),
    )
    p.add_argument(
        "--send-test-to",
        metavar="ADDRESS",
        help=_("really send a short test message to this address"),
    )
    p.add_argument(
        "--accept-certificate",
        metavar="SHA256",
        action="append",
        default=[],
        help=_(
            "trust exactly this certificate (SHA-256 fingerprint) for HOST even "
            "though it does not verify — only if you checked it with the provider"
        ),
    )
    p.add_argument(
        "--allow-plaintext",
        action="store_true",
        help=_(
            "allow sending the password over an unencrypted connection "
            "(dangerous; only for a server inside your own network)"
        ),
    )
    p.add_argument(
        "--incoming",
        nargs="?",
        const="",
        default=None,
        metavar="IMAPHOST",
        help="also test incoming mail (IMAP 993/143, POP3 995/110) on IMAPHOST (default: "
        "discovered or guessed from the domain), with the same user name and password; with "
        "--send-test-to your own address, also look for the test message in the inbox",
    )
    p.add_argument(
        "--delivery-wait",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long to look for the test message in the inbox (default 60)",
    )
    p.add_argument(
        "--egress-reference",
        metavar="HOST[,HOST...]",
        help=_(
            "when a port stays silent, try the same port on these servers (connect only) to "
            "tell a block on this network from a silent server (default: {servers})"
        ).format(servers=", ".join(DEFAULT_REFERENCES)),
    )
    p.add_argument(
        "--no-egress-check",
        action="store_true",
        help=_("do not try reference servers when a port stays silent"),
    )
    p.add_argument(
        "--no-sender-check",
        action="store_true",
        help=_("do not look up the sender domain's SPF, DKIM and DMARC records"),
    )
    p.add_argument("--dns-server", metavar="ADDR[:PORT]", action="append", help=argparse.SUPPRESS)
    p.add_argument("--port-map", metavar="MAP", help=argparse.SUPPRESS)
    p.add_argument(
        "--demo", action="store_true", help=_("probe the built-in demo server (works offline)")
    )
    p.add_argument(
        "--report",
        metavar="FILE",
        help=_("also write a diagnostic report without the password (.html or .txt)"),
    )
    p.add_argument("--json", action="store_true", help=_("print one JSON object for programs"))
    p.set_defaults(func=run)


def parse_pairings(text: str | None) -> tuple[Pairing, ...]:
    if not text:
        return DEFAULT_PAIRINGS
    try:
        return tuple(Pairing.parse(item) for item in text.split(",") if item.strip())
    except ValueError as exc:
        raise UsageError(f"--pairings: {exc}") from None


def parse_port_map(text: str | None) -> dict[int, int]:
    if not text:
        return {}
    mapping: dict[int, int] = {}
    for item in text.split(","):
        left, sep, right = item.partition("=")
        if not sep or not left.strip().isdigit() or not right.strip().isdigit():
            raise UsageError(f"--port-map: {item!r} is not PORT=PORT")
        try:
            mapping[validate_port(left)] = validate_port(right)
        except InputError as exc:
            raise UsageError(f"--port-map: {exc}") from None
    return mapping


def parse_fingerprint(text: str) -> str:
    """``--accept-certificate``: a SHA-256 fingerprint, 64 hex digits (colons allowed)."""
    digits = text.strip().replace(":", "").lower()
    if len(digits) != 64 or any(c not in "0123456789abcdef" for c in digits):
        raise UsageError(
            f"--accept-certificate {text!r} is not a SHA-256 fingerprint: it needs 64 hex "
            "digits (0-9, a-f), colons allowed, as the result shows beside the certificate"
        )
    return digits


def read_password_stdin() -> str:
    if sys.stdin is None:
        raise UsageError("--password-stdin: there is no standard input")
    return read_password_line(binary_stdin(MAX_PASSWORD_BYTES))


@dataclass
class _Target:
    options: ProbeOptions
    demo_note: str = ""


@contextlib.contextmanager
def _demo_lab() -> Iterator[Any]:
    # lazy: the demo servers load only with --demo or the lab command
    from smtpwizard.lab import DemoLabThread

    lab = DemoLabThread()
    lab.start()
    try:
        yield lab
    finally:
        lab.stop()


def _options(args: argparse.Namespace, *, lab: Any | None) -> ProbeOptions:
    pairings = parse_pairings(args.pairings)
    port_map = parse_port_map(args.port_map)
    host = args.host
    user = args.user
    password: str | None = None
    ca_pem = None
    if lab is not None:
        host = host or lab.host
        port_map = dict(lab.port_map)
        ca_pem = lab.ca_pem
        if user is None:
            user, password = lab.username, lab.password
    if not host:
        raise UsageError(
            _("give the server to test, for example: smtpwizard probe smtp.example.com")
        )
    try:  # complain about what was typed before asking for anything else
        host = normalize_host(host)
        user = validate_username(user) if user is not None else None
    except InputError as exc:
        raise UsageError(str(exc)) from None
    if args.oauth:  # signs in in the browser (or with the saved sign-in): no password
        if args.password_stdin:
            raise UsageError(_("--oauth signs in without a password: leave out --password-stdin"))
        if not user:
            raise UsageError(_("--oauth needs --user (the email address you sign in as)"))
        password = None
    elif args.password_stdin:
        if not user:
            raise UsageError(_("--password-stdin needs --user"))
        password = read_password_stdin()
    elif args.from_keyring:
        if not user:
            raise UsageError(_("--from-keyring needs --user"))
        password = _keyring_password(host, user)
    elif user and password is None and sys.stdin.isatty() and not args.json:
        password = (
            getpass.getpass(
                _("Password for {user} (leave empty to skip sign-in): ").format(user=user)
            )
            or None
        )
    timeouts = Timeouts() if args.timeout is None else _timeouts(args.timeout)
    try:
        return ProbeOptions(
            host,
            username=user,
            password=password,
            pairings=pairings,
            timeouts=timeouts,
            ca_file=args.ca_file,
            ca_pem=ca_pem,
            sender=args.sender,
            send_test_to=args.send_test_to,
            wait_all=args.wait_all,
            pinned_sha256=frozenset(map(parse_fingerprint, args.accept_certificate)),
            allow_plaintext_auth=args.allow_plaintext,
            port_map=port_map,
            checks=extra_checks(args, demo=lab is not None),
        )
    except InputError as exc:
        raise UsageError(str(exc)) from None


def parse_references(text: str) -> tuple[str, ...]:
    hosts = tuple(h.strip() for h in text.split(",") if h.strip())
    if not hosts:
        raise UsageError("--egress-reference: give at least one server name")
    try:
        return tuple(normalize_host(h) for h in hosts)
    except InputError as exc:
        raise UsageError(f"--egress-reference: {exc}") from None


def extra_checks(args: argparse.Namespace, *, demo: bool) -> ExtraChecks:
    """The checks beyond the server, from the defaults and the options given."""
    checks = default_checks(demo=demo)
    if args.egress_reference:
        checks = replace(
            checks, egress=True, egress_references=parse_references(args.egress_reference)
        )
    if args.no_egress_check:
        checks = replace(checks, egress=False, firewall=False)
    if args.dns_server:
        try:
            for server in args.dns_server:
                parse_nameserver(server)
        except ValueError as exc:
            raise UsageError(f"--dns-server: {exc}") from None
        checks = replace(checks, sender_domain=True, nameservers=tuple(args.dns_server))
    if args.no_sender_check:
        checks = replace(checks, sender_domain=False)
    return checks


def _timeouts(seconds: float) -> Timeouts:
    if not 0.5 <= seconds <= 300:
        raise UsageError(_("--timeout must be between 0.5 and 300 seconds"))
    return Timeouts(connect=min(6.0, seconds), command=min(8.0, seconds), attempt=seconds)


def _keyring_password(host: str, user: str) -> str:
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.credentials import keyring_store

    try:
        secret = keyring_store.load_secret(host, user)
    except keyring_store.KeyringProblem as exc:
        raise CommandFailed(
            f"{exc} You can give the password with --password-stdin instead."
        ) from None
    if secret is None:
        raise CommandFailed(
            f"No password for {user} on {host} is saved in this computer's "
            "keyring. Give it with --password-stdin (and --save to keep it)."
        )
    return secret


def _refresh_saved_account(report: ProbeReport) -> None:
    """A saved password was proven again: note when, in the index (never the secret)."""
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.credentials.accounts import AccountIndex, AccountIndexError

    if report.recommended is None or not report.credentials_given:
        return
    with contextlib.suppress(AccountIndexError):
        AccountIndex().record_verified(report.recommended)


def _save(report: ProbeReport, options: ProbeOptions) -> tuple[str, bool]:
    """Store the verified password; returns a line for the person and whether it was saved."""
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.credentials import keyring_store

    if report.recommended is None or not options.credentials or not report.credentials_given:
        return _("The password was not saved: it has not been proven to work."), False
    assert options.username is not None and options.password is not None
    try:
        keyring_store.store_verified(
            options.host, options.username, options.password, settings=report.recommended
        )
    except keyring_store.KeyringProblem as exc:
        return _("The password was not saved: {problem}").format(problem=exc), False
    saved = _("Saved the password for {user} in this computer's keyring.")
    return saved.format(user=options.username), True


def run(args: argparse.Namespace) -> int:
    if args.save and args.from_keyring:
        raise UsageError(_("--save and --from-keyring together make no sense"))
    if args.report and not args.report.lower().endswith((".html", ".htm", ".txt")):
        raise UsageError(_("--report: the file name must end in .html or .txt"))
    oauth_result = None
    incoming: ProbeReport | None = None
    delivery: DeliveryProof | None = None
    with _demo_lab() if args.demo else contextlib.nullcontext() as lab:
        options = _options(args, lab=lab)
        if args.incoming is not None and not args.oauth:
            # lazy: each command loads only the parts it uses (start-up time)
            from smtpwizard.cli.incoming_probe import probe_account

            report, incoming, delivery = probe_account(args, options)
        elif args.oauth:
            # lazy: each command loads only the parts it uses (start-up time)
            from smtpwizard.cli import oauth_probe

            try:
                oauth_result = oauth_probe.probe_with_oauth(args, options)
            except oauth_probe.SignInFailed as exc:
                print(f"smtpwizard: {exc}", file=sys.stderr)
                return exc.exit_code
            report, options = oauth_result.report, oauth_result.options
        else:
            report = asyncio.run(_probe(options))
    verdict = verdict_of(report)
    if incoming is not None:
        verdict = worse(verdict, verdict_of(incoming))
    save_line, saved = "", False
    if args.save and oauth_result is not None:
        save_line, saved = oauth_probe.save_refresh_token(oauth_result)
    elif args.save:
        save_line, saved = _save(report, options)
    if args.from_keyring:
        _refresh_saved_account(report)
    if args.report:
        _write_report(args.report, report, options, incoming, delivery)
    # the save the person asked for did not happen: say so with a non-zero code (1, "anything
    # else"), even though the settings work
    not_saved = bool(args.save) and verdict is Verdict.WORKING and not saved
    if args.json:
        data = probe_json(report, incoming=incoming, delivery=delivery)
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        if save_line:
            print(save_line, file=sys.stderr)
    else:
        print(render_probe(report))
        if incoming is not None:
            # lazy: each command loads only the parts it uses (start-up time)
            from smtpwizard.cli.incoming_probe import render_account, render_incoming

            print()
            print(render_incoming(incoming, delivery))
            print()
            print(render_account(report, incoming, delivery))
        if save_line:
            print(save_line)
        if args.report:
            print(_("Report written to {path}").format(path=args.report))
    if not_saved:
        return int(Verdict.OTHER)
    return int(verdict if verdict is not Verdict.USAGE else Verdict.OTHER)


async def _probe(options: ProbeOptions) -> ProbeReport:
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.probe.engine import probe_async

    try:
        return await probe_async(options)
    except InputError as exc:
        raise UsageError(str(exc)) from None


def _write_report(
    path: str,
    report: ProbeReport,
    options: ProbeOptions,
    incoming: ProbeReport | None = None,
    delivery: DeliveryProof | None = None,
) -> None:
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.report import render as report_module

    secrets = list(options.secrets)
    try:
        report_module.write_report(
            path, report, secrets=secrets, incoming=incoming, delivery=delivery
        )
    except (OSError, ValueError) as exc:
        raise UsageError(f"--report: {exc}") from None
