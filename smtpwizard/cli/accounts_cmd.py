"""``smtpwizard accounts list|forget|token``: the accounts saved in the keyring.

Exit codes: 0 done; 1 the keyring or the list of accounts could not be used (nothing changed);
2 usage error; 3 nothing was saved for that account (``forget``, ``token``); 5 the provider
refused the saved sign-in (``token``: sign in again).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
from typing import Any

from smtpwizard.cli import UsageError
from smtpwizard.core.credentials.accounts import (
    INDEX_SCHEMA,
    AccountIndex,
    AccountIndexError,
    SavedAccount,
)
from smtpwizard.core.credentials.keyring_store import KeyringProblem, SecretKind, forget
from smtpwizard.core.validation import InputError
from smtpwizard.core.wording.base import _
from smtpwizard.core.wording.messages import security_label
from smtpwizard.exit_codes import AccountsExit

FORGET_SCHEMA = "smtpwizard.accounts.forget/1"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "accounts",
        help=_("list or forget the accounts saved in this computer's keyring"),
        description=_(
            "List or forget the accounts whose password is saved in this computer's "
            "keyring. Exit codes: 0 done, 1 the keyring or the list could not be used (nothing "
            "changed), 2 usage error, 3 nothing saved for that account."
        ),
    )
    actions = p.add_subparsers(dest="accounts_action", metavar="ACTION")

    ls = actions.add_parser("list", help=_("show the saved accounts (never the passwords)"))
    ls.add_argument("--json", action="store_true", help=_("print one JSON object for programs"))
    ls.set_defaults(func=run_list)

    fg = actions.add_parser(
        "forget",
        help=_("remove a saved password from the keyring and the account from the list"),
    )
    fg.add_argument("host", help=_("the outgoing server, e.g. smtp.example.com"))
    fg.add_argument("user", help=_("the user name the password belongs to"))
    fg.add_argument(
        "--index-only",
        action="store_true",
        help=_(
            "only remove the account from the list (when the keyring cannot be reached; "
            "the password then stays in the keyring)"
        ),
    )
    fg.add_argument("--json", action="store_true", help=_("print one JSON object for programs"))
    fg.set_defaults(func=run_forget)

    tk = actions.add_parser(
        "token",
        help=_(
            "print a fresh OAuth access token from the Google/Microsoft sign-in saved in the "
            "keyring (for msmtp's passwordeval and scripts)"
        ),
        description=_(
            "Print a fresh OAuth 2.0 access token (one line) for USER on HOST, made "
            "from the sign-in saved with `smtpwizard probe --oauth --save` or the wizard. Exit "
            "codes: 0 printed, 1 the keyring could not be used, 2 usage error, 3 no sign-in saved, "
            "5 the provider refused the saved sign-in (sign in again)."
        ),
    )
    tk.add_argument("host", help=_("the outgoing server, e.g. smtp.gmail.com"))
    tk.add_argument("user", help=_("the user name the sign-in belongs to"))
    tk.add_argument(
        "--oauth-provider",
        choices=("google", "microsoft"),
        help=_("who signs you in, when it cannot be told from HOST or the saved account"),
    )
    tk.set_defaults(func=run_token)

    def no_action(_args: argparse.Namespace) -> int:
        p.print_help(sys.stderr)
        return AccountsExit.USAGE

    p.set_defaults(func=no_action)


def _print_json(data: dict[str, Any]) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _table(rows: tuple[SavedAccount, ...]) -> str:
    header = (_("SERVER"), _("PORT"), _("USER"), _("PROVIDER"), _("LAST VERIFIED (UTC)"))
    body = [
        (
            a.host,
            f"{a.port} {security_label(a.security)}",
            a.user,
            a.provider or "",
            a.last_verified.replace("T", " ").removesuffix("Z"),
        )
        for a in rows
    ]
    widths = [max(len(r[i]) for r in (header, *body)) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
        for r in (header, *body)
    )


def run_list(args: argparse.Namespace) -> int:
    index = AccountIndex()
    listing = index.load()
    if listing.notice:
        print(f"smtpwizard: {listing.notice}", file=sys.stderr)
    if args.json:
        _print_json(
            {
                "schema": INDEX_SCHEMA,
                "index": str(index.path),
                "accounts": [a.to_dict() for a in listing.accounts],
                "notice": listing.notice,
            }
        )
    elif listing.accounts:
        print(_table(listing.accounts))
    else:
        print(
            _("No saved accounts. Save one after it worked with: {command}").format(
                command="smtpwizard probe HOST --user USER --save"
            )
        )
    return AccountsExit.OK if listing.readable else AccountsExit.PROBLEM


def run_forget(args: argparse.Namespace) -> int:
    try:
        result = forget(args.host, args.user, index_only=args.index_only)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    except KeyringProblem as exc:
        if args.json:
            _print_json(
                {
                    "schema": FORGET_SCHEMA,
                    "host": args.host,
                    "user": args.user,
                    "removed_from_keyring": [],
                    "removed_from_index": False,
                    "problem": exc.to_dict(),
                }
            )
        print(f"smtpwizard: {exc}", file=sys.stderr)
        print(
            _("Nothing was changed. To remove the account from the list anyway, add --index-only."),
            file=sys.stderr,
        )
        return AccountsExit.PROBLEM
    except AccountIndexError as exc:
        print(f"smtpwizard: {exc}", file=sys.stderr)
        return AccountsExit.PROBLEM
    if args.json:
        _print_json({"schema": FORGET_SCHEMA, **result.to_dict(), "problem": None})
    if not result.anything_removed:
        if not args.json:
            print(
                _("Nothing is saved for {user} on {host}.").format(
                    user=result.user, host=result.host
                )
            )
        return AccountsExit.NOT_FOUND
    if not args.json:
        parts: list[str] = []
        if result.removed_secrets:
            what = {
                SecretKind.PASSWORD: _("the password"),
                SecretKind.OAUTH_REFRESH: _("the saved Google/Microsoft sign-in"),
            }
            removed = _(" and ").join(what[kind] for kind in result.removed_secrets)
            parts.append(_("removed {what} from this computer's keyring").format(what=removed))
        if result.removed_from_index:
            parts.append(_("removed the account from the list"))
        print(
            _("{user} on {host}: {what}.").format(
                user=result.user, host=result.host, what=_(" and ").join(parts)
            )
        )
    return AccountsExit.OK


def _oauth_provider(args: argparse.Namespace) -> str:
    """google/microsoft: as given, else from the server name, else from the saved account."""
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.oauth import oauth_provider_id

    if args.oauth_provider:
        return str(args.oauth_provider)
    found = oauth_provider_id(host=args.host)
    if found is None:
        with contextlib.suppress(AccountIndexError, InputError):
            row = AccountIndex().find(args.host, args.user)
            if row is not None:
                found = oauth_provider_id(provider=row.provider, host=row.host)
    if found is None:
        raise UsageError(
            _(
                "cannot tell who signs you in for {host}: add --oauth-provider "
                "google or --oauth-provider microsoft"
            ).format(host=args.host)
        )
    return found


def run_token(args: argparse.Namespace) -> int:
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core import oauth

    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.validation import normalize_host, validate_username

    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.wording import messages

    try:  # what was typed first, before any configuration or keyring
        normalize_host(args.host)
        validate_username(args.user)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    try:
        client = oauth.require_client(_oauth_provider(args))
        endpoints = oauth.endpoints_for(client)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    except oauth.OAuthError as exc:
        raise UsageError(messages.describe(exc.failure).paragraph()) from None

    async def fresh() -> str | None:
        tokens = await oauth.OAuthTokens.from_keyring(endpoints, client, args.host, args.user)
        if tokens is None:
            return None
        token = await tokens.access_token()
        await tokens.keep_rotated(args.host, args.user)
        return token

    try:
        token = asyncio.run(fresh())
    except InputError as exc:
        raise UsageError(str(exc)) from None
    except KeyringProblem as exc:
        print(f"smtpwizard: {exc}", file=sys.stderr)
        return AccountsExit.PROBLEM
    except oauth.OAuthError as exc:
        print(f"smtpwizard: {messages.describe(exc.failure).paragraph()}", file=sys.stderr)
        return AccountsExit.SIGN_IN_REFUSED
    if token is None:
        print(
            "smtpwizard: "
            + _(
                "no sign-in for {user} on {host} is saved in this computer's keyring. "
                "Sign in and save it first: {command}"
            ).format(
                user=args.user,
                host=args.host,
                command=f"smtpwizard probe {args.host} --oauth --user {args.user} --save",
            ),
            file=sys.stderr,
        )
        return AccountsExit.NOT_FOUND
    print(token)
    return AccountsExit.OK
