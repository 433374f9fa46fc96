"""Fuzzing the ways in: command-line arguments, standard input, ``export --from`` JSON, presets.

Hypothesis generates hostile arguments and documents (huge and non-finite numbers, lone
surrogates as a terminal hands over bytes that are not UTF-8, deep nesting, wrong types,
control characters, empty values) and runs the real command line in this process. Every case
must end with a documented exit code and at most a one-line message: no traceback, no hang
(pytest-timeout), and an export that succeeded must read back exactly (python-dotenv for
``env``, ``json`` for JSON; ``tests/security/test_env_quoting.py`` reads ``.env`` values back
with every consumer). The budget is fixed (``derandomize``) so CI runs the same cases each time;
``SMTPWIZARD_FUZZ_EXAMPLES`` raises it for a longer local run.

Nothing leaves this computer: hosts are loopback or names the validation refuses, discovery
runs ``--offline``, the keyring is the ``fail`` backend, and ``gui`` finds no screen (its
options are checked before it would look for one), so no window opens.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest
from dotenv import dotenv_values
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smtpwizard.cli import main
from smtpwizard.core.installer.preset import PRESET_SCHEMA, PresetError, load_preset
from smtpwizard.core.validation import InputError, normalize_host
from smtpwizard.exit_codes import FAMILIES

EXAMPLES = int(os.environ.get("SMTPWIZARD_FUZZ_EXAMPLES", "0"))
FORMATS = [
    "env",
    "laravel",
    "json",
    "msmtp",
    "swaks",
    "postfix",
    "python",
    "django",
    "nodemailer",
    "phpmailer",
    "wordpress",
    "thunderbird",
    "mobileconfig",
    "nope",
    "",
]


def budget(n: int) -> settings:
    return settings(
        max_examples=EXAMPLES or n,
        derandomize=not EXAMPLES,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@dataclass
class Figures:
    cases: int = 0
    by_command: dict[str, int] = field(default_factory=dict)
    read_back: int = 0


FIGURES = Figures()


@pytest.fixture(scope="module", autouse=True)
def _report_figures() -> Iterator[None]:
    yield
    print(
        f"\nfuzz: {FIGURES.cases} cases {FIGURES.by_command}, {FIGURES.read_back} exports read "
        "back, 0 tracebacks"
    )


@pytest.fixture(autouse=True)
def _nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SMTPWIZARD_CONFIG_DIR", str(tmp_path / "config"))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(before)


# --- values ------------------------------------------------------------------------------------

surrogate = st.sampled_from(["\udcff", "\udc80", "a\udcffb"])
hostile_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=10),
    surrogate,
    st.sampled_from(
        [
            "",
            " ",
            "-",
            "--",
            "=",
            ":",
            "0",
            "-1",
            "99999",
            "99999999999999999999",
            "1e400",
            "nan",
            "inf",
            "Infinity",
            "a" * 300,
            "\x00",
            "\x1b[2J",
            "\u202e",
            "465=99999",
            "999.1.1.1",
            "127.0.0.1:99999",
            "/dev/zero",
            "/",
            ".",
            "''",
        ]
    ),
)
numbers = st.one_of(st.integers(-10, 10**30).map(str), st.floats().map(str), hostile_text)


def _loopback_or_refused(host: str) -> str:
    """Keep a generated host only when it is refused anyway; else probe loopback."""
    try:
        normalize_host(host)
    except InputError:
        return host
    return "127.0.0.1"


hosts = st.one_of(
    st.sampled_from(["127.0.0.1", "localhost", "::1", "[::1]"]),
    hostile_text.map(_loopback_or_refused),
)
flag = st.sampled_from


def option(name: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([name]), values.map(lambda v: [name, v]))


PROBE_OPTIONS = [
    option("--user", hostile_text),
    option("--pairings", hostile_text),
    option("--timeout", st.sampled_from(["0.3", "0", "-1", "nan", "1e400", "abc"])),
    option("--sender", hostile_text),
    option("--send-test-to", hostile_text),
    option("--accept-certificate", hostile_text),
    option("--port-map", hostile_text),
    option("--ca-file", hostile_text),
    option("--report", hostile_text),
    st.just(["--json"]),
    st.just(["--wait-all"]),
    st.just(["--allow-plaintext"]),
    st.just(["--save"]),
    st.just(["--from-keyring"]),
    st.just(["--password-stdin"]),
    option("--oauth-provider", hostile_text),
]
DISCOVER_OPTIONS = [
    st.just(["--json"]),
    option("--timeout", numbers),
    option("--nameserver", hostile_text),
    option("--ca-file", hostile_text),
]
EXPORT_OPTIONS = [
    option("--format", st.sampled_from(FORMATS) | hostile_text),
    option("--from", hostile_text),
    option("--output", hostile_text),
    st.just(["--force"]),
    st.just(["--include-password"]),
    st.just(["--password-stdin"]),
    st.just(["--list-formats"]),
]
GUI_OPTIONS = [
    option("--preset", hostile_text),
    option("--result-file", hostile_text),
    option("--secret-fd", numbers),
    st.just(["--demo"]),
]
ACCOUNTS_ARGS = st.one_of(
    st.tuples(st.just("list"), st.lists(st.just("--json"), max_size=1)).map(
        lambda t: [t[0], *t[1]]
    ),
    st.tuples(st.sampled_from(["forget", "token"]), hosts, hostile_text).map(list),
    st.lists(hostile_text, max_size=3),
)


def _argv(command: str, first: list[str], options: list[st.SearchStrategy[list[str]]]) -> Any:
    chosen = st.lists(st.one_of(*options), max_size=5).map(
        lambda parts: list(itertools.chain.from_iterable(parts))
    )
    junk = st.lists(hostile_text, max_size=2)
    return st.tuples(chosen, junk).map(lambda t: [command, *first, *t[0], *t[1]])


argvs = st.one_of(
    hosts.flatmap(
        lambda h: _argv("probe", [h, "--timeout", "1", "--pairings", "587/starttls"], PROBE_OPTIONS)
    ),
    hostile_text.flatmap(lambda e: _argv("discover", [e, "--offline"], DISCOVER_OPTIONS)),
    _argv("export", [], EXPORT_OPTIONS),
    _argv("gui", [], GUI_OPTIONS),
    ACCOUNTS_ARGS.map(lambda a: ["accounts", *a]),
    st.lists(hostile_text, max_size=3),
)


def _run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """The command line in this process; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8", errors="surrogateescape")
    old_stdin = sys.stdin
    sys.stdin = fake_stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # --help and --version
                code = int(exc.code or 0)
    finally:
        sys.stdin = old_stdin
    command = argv[0] if argv and argv[0] in FAMILIES else "other"
    FIGURES.cases += 1
    FIGURES.by_command[command] = FIGURES.by_command.get(command, 0) + 1
    allowed = {int(m) for m in FAMILIES.get(command, FAMILIES["probe"])} | {0, 1, 2}
    assert code in allowed, (argv, code, err.getvalue())
    assert "Traceback" not in err.getvalue() + out.getvalue(), (argv, err.getvalue())
    return code, out.getvalue(), err.getvalue()


@pytest.mark.timeout(180)
@budget(250)
@given(argvs, st.binary(max_size=200))
def test_command_line_arguments_and_stdin(argv: list[str], stdin: bytes) -> None:
    _run(argv, stdin)


# --- export --from and standard input ----------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)
settings_docs = st.fixed_dictionaries(
    {
        "host": st.one_of(hosts, json_values),
        "port": st.one_of(st.sampled_from([465, 587]), json_values),
        "security": st.one_of(st.sampled_from(["tls", "starttls", "none"]), json_values),
    },
    optional={
        "schema": st.sampled_from(["smtpwizard.settings/1", "smtpwizard.probe/1", "x"]),
        "username": st.one_of(hostile_text, json_values),
        "sender": st.one_of(hostile_text, json_values),
    },
)
# usable settings whose user name (and the password on stdin) are the hostile part
usable_docs = st.fixed_dictionaries(
    {
        "schema": st.just("smtpwizard.settings/1"),
        "host": st.sampled_from(["smtp.example.com", "mail.straße.de", "127.0.0.1"]),
        "port": st.sampled_from([465, 587, 25]),
        "security": st.sampled_from(["tls", "starttls", "none"]),
        "username": st.one_of(st.text(min_size=1, max_size=30), hostile_text),
    }
)
raw_documents = st.one_of(
    usable_docs.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    usable_docs.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    settings_docs.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.sampled_from(
        [
            b"[" * 50_000 + b"]" * 50_000,
            b'{"port": Infinity}',
            b"\xff\xfe",
            b'{"port": 1e400}',
            b"",
            b"   ",
            b'{"host": "a\\udcff"}',
        ]
    ),
    st.binary(max_size=100),
)


@pytest.mark.timeout(180)
@budget(400)
@given(
    raw_documents,
    st.one_of(st.sampled_from(["env", "laravel", "json"]), st.sampled_from(FORMATS)),
    st.booleans(),
    st.one_of(st.text(min_size=1, max_size=30), hostile_text),
)
def test_export_from_hostile_documents(
    tmp_path: Path, raw: bytes, fmt: str, through_stdin: bool, password: str
) -> None:
    source = tmp_path / "doc.json"
    source.write_bytes(raw)
    argv = ["export", "--format", fmt]
    stdin = raw
    with_password = not through_stdin
    if with_password:  # the document from the file, the password on standard input
        argv += ["--from", str(source), "--include-password", "--password-stdin"]
        stdin = password.encode("utf-8", "surrogateescape") + b"\n"
    code, out, _err = _run(argv, stdin)
    if code != 0 or fmt not in ("env", "laravel", "json"):
        return
    doc = json.loads(raw)
    doc = doc.get("recommended") or doc if isinstance(doc, dict) else doc
    FIGURES.read_back += 1
    if fmt in ("env", "laravel"):
        values = dotenv_values(stream=io.StringIO(out))
        user_key, password_key = (
            ("SMTP_USER", "SMTP_PASSWORD") if fmt == "env" else ("MAIL_USERNAME", "MAIL_PASSWORD")
        )
        if with_password and doc.get("username"):
            assert values[password_key] == password, (out, password)
        if doc.get("username"):
            assert values[user_key] == doc["username"].strip(), out
    else:
        written = json.loads(out)
        if with_password and "password" in written:
            assert written["password"] == password
        if doc.get("username"):
            assert written["username"] == doc["username"].strip()


# --- presets -----------------------------------------------------------------------------------

preset_docs = st.one_of(
    st.fixed_dictionaries(
        {"schema": st.sampled_from([PRESET_SCHEMA, "x"])},
        optional={
            key: st.one_of(hostile_text, json_values)
            for key in (
                "window_title",
                "logo",
                "email",
                "display_name",
                "provider",
                "host",
                "pairings",
                "username",
                "locked",
                "skip_pages",
                "oauth_client_ids",
                "language",
            )
        },
    ),
    json_values,
)


@pytest.mark.timeout(180)
@budget(200)
@given(preset_docs, st.integers(0, 3))
@example({"schema": PRESET_SCHEMA, "\nX\x1b[2J\udcff": 1}, 0)  # found by this test once
def test_presets(tmp_path: Path, doc: Any, nesting: int) -> None:
    for _ in range(nesting * 40):
        doc = {"schema": PRESET_SCHEMA, "x": [doc]}
    path = tmp_path / "preset.json"
    path.write_bytes(json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    try:
        load_preset(path)
    except PresetError as exc:
        assert "\n" not in str(exc)
    _run(["gui", "--preset", str(path)])
