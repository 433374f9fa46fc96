"""``smtpwizard discover EMAIL``: find candidate outgoing-server settings for an address.

Exit codes: 0 something was found, 1 nothing was found, 2 the address is not valid.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
from typing import Any

from smtpwizard.cli import UsageError
from smtpwizard.core.discovery.pipeline import (
    Candidate,
    DiscoveryOptions,
    DiscoveryResult,
    StepStatus,
    discover,
)
from smtpwizard.core.discovery.providers import SecretKind
from smtpwizard.core.validation import InputError
from smtpwizard.core.wording.base import N_, _
from smtpwizard.core.wording.messages import security_label
from smtpwizard.exit_codes import DiscoverExit

_SECRET_WORDS = {
    SecretKind.PASSWORD: N_("your password"),
    SecretKind.APP_PASSWORD: N_("an app password"),
    SecretKind.API_KEY: N_("an API/SMTP key"),
    SecretKind.OAUTH2: N_("signing in through the provider (OAuth2)"),
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "discover",
        help=_("find the outgoing-mail settings for an email address"),
        description=_(
            "Find candidate outgoing-mail (SMTP) settings for EMAIL: from the built-in "
            "list of providers, the domain's published settings (autoconfig), Thunderbird's public "
            "list, and DNS. Only the domain is sent to third parties. Exit codes: 0 found, "
            "1 nothing found, 2 invalid address."
        ),
    )
    p.add_argument("email", help=_("the email address, e.g. name@example.com"))
    p.add_argument(
        "--offline", action="store_true", help=_("use only the built-in list (no network)")
    )
    p.add_argument(
        "--json",
        action="store_true",
        help=_("print one JSON object (schema smtpwizard.discover/1)"),
    )
    p.add_argument(
        "--send-address",
        action="store_true",
        help=_(
            "include the full address when asking the domain's own autoconfig "
            "server (some servers need it; never sent to anyone else)"
        ),
    )
    p.add_argument(
        "--ask-ispdb-for-mx",
        action="store_true",
        help=_(
            "when the domain's mail is handled by a host the built-in list does not know, ask "
            "Thunderbird's public list about that host's domain (only that domain is sent)"
        ),
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help=_("how long each network look-up may take (default 4)"),
    )
    # for tests and support: point the look-ups at other servers
    p.add_argument("--ca-file", help=argparse.SUPPRESS)
    p.add_argument("--nameserver", metavar="IP[:PORT]", help=argparse.SUPPRESS)
    p.add_argument("--autoconfig-url", action="append", default=None, help=argparse.SUPPRESS)
    p.add_argument("--no-ispdb", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--ispdb-url", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def _options(args: argparse.Namespace) -> DiscoveryOptions:
    kw: dict[str, Any] = {}
    if args.timeout is not None:
        if not 0 < args.timeout <= 120:
            raise UsageError(_("--timeout must be between 0 and 120 seconds"))
        kw["http_timeout"] = kw["dns_timeout"] = args.timeout
    if args.ca_file:
        kw["ca_file"] = args.ca_file
    if args.nameserver:
        host, _sep, port = (
            args.nameserver.rpartition(":")
            if ":" in args.nameserver
            else (args.nameserver, "", "53")
        )
        try:
            host = str(ipaddress.ip_address(host.strip("[]")))
            valid_port = port.isdigit() and 1 <= int(port) <= 65535
        except ValueError:
            valid_port = False
        if not valid_port:
            raise UsageError(
                _("--nameserver {value} is not IP or IP:PORT").format(value=repr(args.nameserver))
            )
        kw["nameservers"] = (host,)
        kw["dns_port"] = int(port)
    if args.autoconfig_url:
        kw["autoconfig_urls"] = tuple(args.autoconfig_url)
        kw["plain_http_urls"] = ()
    if args.no_ispdb:
        kw["use_ispdb"] = False
    if args.ispdb_url:
        kw["ispdb_url"] = args.ispdb_url
    if args.ask_ispdb_for_mx:
        kw["ispdb_for_mx"] = True
    return DiscoveryOptions(offline=args.offline, send_address=args.send_address, **kw)


def _table(candidates: tuple[Candidate, ...]) -> list[str]:
    rows = [
        (
            _("SERVER"),
            _("PORT"),
            _("ENCRYPTION"),
            _("USER NAME"),
            _("WHERE IT CAME FROM"),
        )
    ]
    for c in candidates:
        rows.append(
            (
                c.host,
                str(c.port),
                security_label(c.security),
                c.username or _("(see below)"),
                c.origin_label + (f" · {c.region}" if c.region else ""),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
        for r in rows
    ]


def render_discovery(result: DiscoveryResult) -> str:
    lines: list[str] = []
    provider = result.provider
    if provider is not None:
        lines.append(f"{result.email}: {provider.name}")
    else:
        lines.append(
            _("{email}: no known provider for {domain}").format(
                email=result.email, domain=result.domain
            )
        )
    if result.did_you_mean:
        lines.append(
            _("Did you mean {suggestion}? {domain} looks like a typo.").format(
                suggestion=result.did_you_mean, domain=result.domain
            )
        )
    if result.candidates:
        lines.append("")
        lines += _table(result.candidates)
        if not any(c.trusted for c in result.candidates):
            lines.append("")
            lines.append(
                _(
                    "None of these come from a trusted source: the test will show which "
                    "one really works."
                )
            )
    elif any(s.status is StepStatus.SKIPPED and s.detail == "offline" for s in result.steps):
        lines.append(
            _("Not in the built-in list. Run without --offline to look it up on the network.")
        )
    else:
        lines.append(_("No settings were found. Ask your provider for the outgoing (SMTP) server."))
    if provider is not None:
        lines.append("")
        if provider.username_note:
            lines.append(_("User name: {note}").format(note=_(provider.username_note)))
        words = [_(_SECRET_WORDS[s]) for s in provider.secrets]
        if words:
            lines.append(_("Sign in with: {ways}").format(ways=_(" or ").join(words)))
        if provider.app_password_url:
            lines.append(
                _("Create an app password at: {url}").format(url=provider.app_password_url)
            )
        if provider.before_login:
            lines.append(_("Before you sign in:"))
            lines += [f"  • {_(hint)}" for hint in provider.before_login]
        if provider.hints:
            lines.append(_("Hints:"))
            lines += [f"  • {_(hint)}" for hint in provider.hints]
        if provider.after_login:
            lines.append(_("Once it works:"))
            lines += [f"  • {_(hint)}" for hint in provider.after_login]
        if provider.sending_limit:
            lines.append(_("Sending limit: {limit}").format(limit=_(provider.sending_limit)))
        if provider.last_checked:
            compared = (
                _("Settings last compared with Thunderbird's ISPDB: {date}")
                if provider.origin.value == "ispdb"
                else _("Settings last compared with its sources: {date}")
            )
            lines.append(compared.format(date=provider.last_checked))
    if result.incoming:
        lines.append("")
        lines.append(
            _("Incoming mail: {servers}").format(
                servers=", ".join(
                    f"{c.protocol.upper()} {c.host}:{c.port} ({security_label(c.security)})"
                    for c in result.incoming
                )
            )
        )
    best = result.best
    if best is not None:
        user = f" --user {best.username}" if best.username else ""
        lines.append("")
        lines.append(_("Next: {command}").format(command=f"smtpwizard probe {best.host}{user}"))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    options = _options(args)
    try:
        result = discover(args.email, options=options)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(render_discovery(result))
    return DiscoverExit.FOUND if result.candidates else DiscoverExit.NOTHING_FOUND
