"""``smtpwizard lab``: run the built-in demo mail servers on this computer until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any

from smtpwizard.cli import UsageError
from smtpwizard.core.wording.base import _
from smtpwizard.exit_codes import LabExit


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "lab",
        help=_("run the built-in demo mail servers (for trying the wizard offline)"),
        description=_(
            "Start the demo provider on this computer (loopback only): implicit TLS, "
            "STARTTLS, a plaintext relay port and a blocked port, with one demo account, until "
            "you press Ctrl-C. Its certificate authority is written to a file so that "
            "'smtpwizard probe' can trust it."
        ),
    )
    p.add_argument(
        "--ca-file",
        metavar="PEM",
        help=_(
            "write the demo certificate authority here (default: a temporary file, removed on exit)"
        ),
    )
    p.add_argument(
        "--json", action="store_true", help=_("print where the servers listen as one JSON object")
    )
    p.add_argument(
        "--duration", type=float, default=None, metavar="SECONDS", help=argparse.SUPPRESS
    )  # stop by itself (for tests)
    p.set_defaults(func=run)


@contextlib.contextmanager
def _ca_file(path: str | None, pem: str) -> Iterator[str]:
    if path:
        try:
            with open(path, "w", encoding="ascii") as fh:
                fh.write(pem)
        except OSError as exc:
            raise UsageError(f"--ca-file: cannot write {path}: {exc.strerror or exc}") from None
        yield path
        return
    fd, temp = tempfile.mkstemp(prefix="smtpwizard-demo-ca-", suffix=".pem")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(pem)
        yield temp
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def describe(lab: Any, ca_path: str) -> dict[str, Any]:
    port_map = {str(k): v for k, v in lab.port_map.items()}
    mapping = ",".join(f"{k}={v}" for k, v in lab.port_map.items())
    return {
        "host": lab.host,
        "port_map": port_map,
        "username": lab.username,
        "password": lab.password,
        "sender": lab.sender,
        "ca_file": ca_path,
        "probe_command": (
            f"smtpwizard probe {lab.host} --ca-file {ca_path} --port-map {mapping} "
            f"--user {lab.username} --password-stdin"
        ),
    }


_ROLES = {
    465: "implicit TLS (SSL/TLS), sign-in",
    587: "STARTTLS required, sign-in after encryption",
    25: "plaintext relay: STARTTLS offered, no sign-in",
    2525: "blocked: connections time out",
}


def _print_human(info: dict[str, Any]) -> None:
    print(f"Demo mail servers running on {info['host']} (this computer only).")
    for port, real in info["port_map"].items():
        role = _ROLES.get(int(port), "")
        print(f"  port {port:>4} -> {info['host']}:{real}   {role}")
    print(f"Demo account: {info['username']} / password: {info['password']}")
    print(f"Certificate authority (trust it with --ca-file): {info['ca_file']}")
    print("Try it:")
    print(f"  echo {info['password']} | {info['probe_command']}")
    print("Press Ctrl-C to stop.")


def run(args: argparse.Namespace) -> int:
    # lazy: the demo servers load only with --demo or the lab command
    from smtpwizard.lab import DemoLabThread

    if args.duration is not None and args.duration < 0:
        raise UsageError("--duration must not be negative")
    stop = threading.Event()

    def on_term(signum: int, frame: FrameType | None) -> None:
        stop.set()

    lab = DemoLabThread()
    try:
        lab.start()
    except OSError as exc:
        print(f"smtpwizard: could not start the demo servers: {exc}", file=sys.stderr)
        return LabExit.FAILED
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, on_term)
    try:
        with _ca_file(args.ca_file, lab.ca_pem) as ca_path:
            info = describe(lab, ca_path)
            if args.json:
                print(json.dumps(info), flush=True)
            else:
                _print_human(info)
                sys.stdout.flush()
            with contextlib.suppress(KeyboardInterrupt):
                stop.wait(args.duration)  # None: until Ctrl-C / SIGTERM
    finally:
        lab.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if not args.json:
        print("Demo servers stopped.")
    return LabExit.OK
