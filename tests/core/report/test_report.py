"""The diagnostic report: verdict first, the whole matrix, details, and never the password."""

from __future__ import annotations

import base64
import html
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smtpwizard.core.environment import EnvironmentInfo, collect_environment, proxy_variables_set
from smtpwizard.core.models import (
    Attempt,
    AuthState,
    Failure,
    Outcome,
    Pairing,
    ProbeReport,
    Security,
    Settings,
    Stage,
    StageName,
    TlsInfo,
)
from smtpwizard.core.report.content import clock_note
from smtpwizard.core.report.render import MASK, redact, render_html, render_text, write_report
from smtpwizard.core.wording.codes import FailureCode
from smtpwizard.core.wording.messages import describe

HOST = "smtp.example.com"
USER = "alice@example.com"
PASSWORD = "hunter2-Sécret!<&>"
C = FailureCode
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ENV = EnvironmentInfo(
    os="Linux 6.1 (Debian GNU/Linux 12)",
    python="3.11.7",
    openssl="OpenSSL 3.0.11",
    program="0.1.0",
    qt="6.12.0 (PySide6-Essentials)",
    keyring_backend="keyring.backends.fail.Keyring",
    proxy_variables=("HTTPS_PROXY",),
    clock_utc=NOW,
)


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def secret_forms() -> list[str]:
    return [
        PASSWORD,
        html.escape(PASSWORD),
        b64(PASSWORD),
        b64(f"\0{USER}\0{PASSWORD}"),
        b64(f"{USER}\0{USER}\0{PASSWORD}"),
        b64(f"\0x\0{PASSWORD}"),
    ]


def leaky_transcript() -> tuple[str, ...]:
    """A transcript as a buggy probe might have stored it: every AUTH form of the password."""
    return (
        "< 220 smtp.example.com ESMTP ready",
        "> EHLO smtpwizard.localdomain",
        "< 250-AUTH PLAIN LOGIN",
        f"> AUTH PLAIN {b64(chr(0) + USER + chr(0) + PASSWORD)}",
        "> AUTH LOGIN",
        f"> {b64(USER)}",
        f"> {b64(PASSWORD)}",
        f"> raw {PASSWORD}",
    )


def tls(
    verified: bool = True,
    *,
    names: tuple[str, ...] = (HOST,),
    not_after: str = "2027-01-01T00:00:00+00:00",
) -> TlsInfo:
    return TlsInfo(
        version="TLSv1.3",
        cipher="TLS_AES_256_GCM_SHA384",
        subject=HOST,
        issuer="Example CA",
        names=names,
        not_before="2026-01-01T00:00:00+00:00",
        not_after=not_after,
        sha256="ab" * 32,
        verified=verified,
    )


def stages(*names: StageName, fail_last: bool = False) -> tuple[Stage, ...]:
    out = [Stage(n, True, 3.0 + i) for i, n in enumerate(names)]
    if fail_last and out:
        out[-1] = Stage(out[-1].name, False, out[-1].ms, detail="failed here")
    return tuple(out)


def failed(pairing: str, code: FailureCode, detail: str = "", **params: str) -> Attempt:
    p = Pairing.parse(pairing)
    return Attempt(
        HOST,
        p,
        Outcome.FAILED,
        Failure(code, detail=detail, params={"host": HOST, "port": str(p.port), **params}),
        stages=stages(StageName.RESOLVE, StageName.CONNECT, fail_last=True),
    )


def ok(pairing: str) -> Attempt:
    p = Pairing.parse(pairing)
    names = [StageName.RESOLVE, StageName.CONNECT]
    names += [StageName.TLS] if p.security is Security.TLS else []
    names += [StageName.GREETING, StageName.EHLO]
    names += [StageName.STARTTLS, StageName.EHLO_TLS] if p.security is Security.STARTTLS else []
    names += [StageName.AUTH, StageName.SENDER]
    return Attempt(
        HOST,
        p,
        Outcome.OK,
        stages=stages(*names),
        tls=tls(),
        auth_mechanisms=("PLAIN", "LOGIN"),
        auth=AuthState.OK,
        transcript=leaky_transcript(),
    )


def working() -> ProbeReport:
    return ProbeReport(
        host=HOST,
        attempts=(
            ok("465/tls"),
            ok("587/starttls"),
            failed("25/none", C.NET_TIMEOUT, "connect: timed out after 6.0 s", seconds="6"),
            failed("25/starttls", C.NET_TIMEOUT, "connect: timed out after 6.0 s"),
            failed("587/none", C.AUTH_CLEARTEXT_REFUSED),
            failed("465/starttls", C.NET_NO_GREETING),
            failed("2525/starttls", C.NET_REFUSED, "ConnectionRefusedError"),
            failed("2525/none", C.NET_REFUSED),
            failed("2525/tls", C.NET_REFUSED),
        ),
        duration_ms=6012.0,
        verdict_ms=25.0,
        recommended=Settings(HOST, 465, Security.TLS, USER),
        summary="Ready: smtp.example.com works on port 465 with SSL/TLS.",
        username=USER,
        credentials_given=True,
    )


def blocked() -> ProbeReport:
    attempts = tuple(
        Attempt(
            HOST,
            p,
            Outcome.UNFINISHED if p.port == 2525 else Outcome.FAILED,
            Failure(
                C.NET_TIMEOUT,
                detail="connect: timed out after 6.0 s",
                params={"host": HOST, "port": str(p.port), "seconds": "6"},
            ),
            stages=(Stage(StageName.RESOLVE, True, 1.0), Stage(StageName.CONNECT, False, 6000.0)),
        )
        for p in (Pairing.parse(x) for x in ("25/none", "465/tls", "587/starttls", "2525/starttls"))
    )
    return ProbeReport(
        host=HOST,
        attempts=attempts,
        duration_ms=6001.0,
        summary="Nothing answered.",
        username=USER,
        credentials_given=True,
    )


def wrong_password(provider: str | None = "gmail") -> ProbeReport:
    rejected = Attempt(
        HOST,
        Pairing(465, Security.TLS),
        Outcome.FAILED,
        Failure(
            C.AUTH_REJECTED,
            detail=f"535 5.7.8 Username and Password not accepted ({PASSWORD})",
            params={"host": HOST, "port": "465"},
            reply_code=535,
        ),
        stages=stages(
            StageName.RESOLVE,
            StageName.CONNECT,
            StageName.TLS,
            StageName.GREETING,
            StageName.EHLO,
            StageName.AUTH,
            fail_last=True,
        ),
        tls=tls(),
        auth_mechanisms=("PLAIN", "LOGIN"),
        auth=AuthState.FAILED,
        transcript=leaky_transcript(),
    )
    skipped = Attempt(
        HOST,
        Pairing(587, Security.STARTTLS),
        Outcome.SKIPPED,
        tls=tls(),
        auth_note="not tried: rejected on 465/tls",
    )
    return ProbeReport(
        host=HOST,
        attempts=(rejected, skipped),
        duration_ms=80.0,
        summary="Not working yet.",
        username=USER,
        provider=provider,
        credentials_given=True,
    )


def certificate_failure() -> ProbeReport:
    bad = Attempt(
        HOST,
        Pairing(465, Security.TLS),
        Outcome.FAILED,
        Failure(
            C.TLS_CERT_HOSTNAME_MISMATCH,
            detail="SSLCertVerificationError: <script>alert('x')</script>",
            params={"host": HOST, "port": "465", "verify_code": "62"},
        ),
        stages=stages(StageName.RESOLVE, StageName.CONNECT, StageName.TLS, fail_last=True),
        tls=tls(
            False,
            names=("*.hosting.example", "hosting.example"),
            not_after="2026-01-02T00:00:00+00:00",
        ),
    )
    return ProbeReport(
        host=HOST, attempts=(bad,), duration_ms=30.0, username=USER, credentials_given=True
    )


SCENARIOS = {
    "working": working,
    "blocked": blocked,
    "wrong_password": wrong_password,
    "certificate": certificate_failure,
}


# --- well-formed HTML ---------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


class Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if (i := dict(attrs).get("id")) is not None:
            self.ids.append(i)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(document: str) -> Structure:
    parser = Structure()
    parser.feed(document)
    parser.close()
    assert not parser.errors, parser.errors
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return parser


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_html_is_well_formed_self_contained_and_complete(name: str) -> None:
    document = render_html(SCENARIOS[name](), env=ENV, secrets=[PASSWORD])
    assert document.startswith("<!DOCTYPE html>")
    tree = parse(document)
    tag_names = [t for t, _a in tree.tags]
    assert tag_names[:2] == ["html", "head"]
    assert {"verdict", "matrix", "attempts", "origin", "environment"} <= set(tree.ids)
    assert "script" not in tag_names and "link" not in tag_names and "img" not in tag_names
    for _tag, attrs in tree.tags:
        assert "src" not in attrs and "href" not in attrs
    assert "url(" not in document and "@import" not in document
    # the verdict section comes before the matrix, the matrix before the details
    assert tree.ids.index("verdict") < tree.ids.index("matrix") < tree.ids.index("attempts")
    matrix_rows = document.split('<table class="matrix">')[1].split("</table>")[0]
    assert matrix_rows.count("<tr>") == 5  # header + 25/465/587/2525
    for port in (25, 465, 587, 2525):
        assert f'class="port">{port}</th>' in matrix_rows


def test_html_escapes_what_the_server_said() -> None:
    document = render_html(certificate_failure(), env=ENV)
    assert "<script>" not in document
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in document


# --- leads with the verdict ---------------------------------------------------------------------


def test_text_leads_with_the_verdict_when_it_works() -> None:
    text = render_text(working(), env=ENV)
    lines = text.splitlines()
    assert lines[0] == f"smtpwizard diagnostic report for {HOST}"
    assert lines[4] == f"VERDICT: WORKS: {HOST}, port 465, SSL/TLS"


def test_text_leads_with_the_verdict_and_the_main_problem() -> None:
    report = wrong_password()
    text = render_text(report, env=ENV, secrets=[PASSWORD])
    lines = text.splitlines()
    title = describe(report.attempts[0].failure, "gmail").title  # type: ignore[arg-type]
    assert lines[4] == f"VERDICT: NOT WORKING: {title}"
    assert lines[6].startswith("Most important problem (Port 465 · SSL/TLS)")
    assert "app password" in text  # the Gmail-specific fix
    assert "https://myaccount.google.com/apppasswords" in text


def test_blocked_ports_report_names_the_block_and_the_unfinished_cell() -> None:
    text = render_text(blocked(), env=ENV)
    assert "VERDICT: NOT WORKING: This port seems to be blocked" in text
    assert "… no answer yet" in text
    assert "2525  " in text


def test_matrix_marks_every_cell_and_the_recommendation() -> None:
    text = render_text(working(), env=ENV)
    matrix = text.split("PORTS AND ENCRYPTION")[1].split("EACH COMBINATION")[0]
    assert "✓ works (recommended)" in matrix
    # a working result: the blocked extra port is normal, not a red cross (one dot, its reason)
    assert "○ No answer — not needed (This port seems to be blocked)"[:29] in matrix
    assert "✗ This port" not in matrix
    assert matrix.count("—") >= 3  # 465/none, 587/tls, 25/tls were not tested
    document = render_html(working(), env=ENV)
    assert 'class="ok recommended"' in document


def test_details_have_stages_certificate_clock_and_transcript() -> None:
    text = render_text(certificate_failure(), env=ENV)
    assert "*.hosting.example, hosting.example" in text  # names in the words and the cert
    assert "AB:AB:AB" in text  # SHA-256 fingerprint
    assert "Example CA" in text
    assert "expired 325 days ago" in " ".join(text.split())
    assert "Encrypt (SSL/TLS)" in text and "ms" in text
    text = render_text(working(), env=ENV, secrets=[PASSWORD])
    assert "Conversation with the server (passwords removed):" in text
    assert "< 250-AUTH PLAIN LOGIN" in text
    assert "not tried: rejected on 465/tls" in render_text(wrong_password(), env=ENV)


def test_origin_and_environment() -> None:
    text = render_text(working(), env=ENV, discovery_source="bundled provider data")
    assert "bundled provider data" in text
    for fact in (
        "OpenSSL 3.0.11",
        "keyring.backends.fail.Keyring",
        "HTTPS_PROXY",
        "PySide6-Essentials",
        "2026-11-23 12:00:00 UTC",
    ):
        assert fact in text
    assert "not recorded" in render_text(working(), env=ENV)


# --- never the password -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCENARIOS))
@pytest.mark.parametrize("render", [render_text, render_html])
def test_reports_never_contain_the_password(name: str, render: object) -> None:
    report = SCENARIOS[name]()
    document = render(report, env=ENV, secrets=[PASSWORD])  # type: ignore[operator]
    for form in secret_forms():
        assert form not in document
    assert "hunter2" not in document
    for token in re.findall(r"[A-Za-z0-9+/]{8,}={0,2}", document):
        padded = token + "=" * (-len(token) % 4)
        try:
            decoded = base64.b64decode(padded)
        except ValueError:
            continue
        assert PASSWORD.encode() not in decoded
    if name in ("working", "wrong_password"):
        assert MASK in document  # the leaky transcript really was scrubbed


def test_redact_removes_each_form() -> None:
    text = "\n".join(leaky_transcript())
    clean = redact(text, [PASSWORD])
    for form in secret_forms():
        assert form not in clean
    assert b64(USER) in clean  # the user name is not a secret
    assert redact("nothing here", [None, ""]) == "nothing here"


@settings(max_examples=200, deadline=None)
@given(
    user=st.text(min_size=0, max_size=30).filter(lambda s: "\0" not in s),
    password=st.text(min_size=1, max_size=40).filter(lambda s: "\0" not in s),
    prefix=st.text(max_size=20),
)
def test_redact_catches_auth_plain_for_any_user(user: str, password: str, prefix: str) -> None:
    blob = base64.b64encode(f"\0{user}\0{password}".encode()).decode()
    login = base64.b64encode(password.encode()).decode()
    clean = redact(f"{prefix}> AUTH PLAIN {blob}\n> {login}\n", [password])
    assert blob not in clean and login not in clean
    if len(password.encode()) < 4:
        return  # random short tokens (even the mask's word) may decode to contain 1-3 bytes
    for token in re.findall(r"[A-Za-z0-9+/]{4,}={0,2}", clean):
        try:
            decoded = base64.b64decode(token + "=" * (-len(token) % 4))
        except ValueError:
            continue
        assert password.encode() not in decoded


# --- writing files ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report.html", "REPORT.HTM", "report.txt"])
def test_write_report_by_extension(tmp_path: Path, name: str) -> None:
    target = write_report(tmp_path / name, wrong_password(), env=ENV, secrets=[PASSWORD])
    content = target.read_text(encoding="utf-8")
    if name.lower().endswith((".html", ".htm")):
        assert content.startswith("<!DOCTYPE html>")
    else:
        assert content.startswith("smtpwizard diagnostic report")
    assert PASSWORD not in content
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left


def test_write_report_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old")
    write_report(target, working(), env=ENV)
    assert target.read_text(encoding="utf-8").startswith("smtpwizard diagnostic report")


def test_write_report_rejects_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.html .*\.txt"):
        write_report(tmp_path / "report.pdf", working(), env=ENV)
    assert list(tmp_path.iterdir()) == []


# --- environment --------------------------------------------------------------------------------


def test_environment_collects_without_qt_and_names_proxies_only() -> None:
    env = collect_environment(
        environ={"https_proxy": "http://bob:pw123@proxy:3128", "PATH": "/bin", "NO_PROXY": ""}
    )
    assert env.proxy_variables == ("https_proxy",)
    assert "keyring.backends.fail.Keyring" in env.keyring_backend  # set by tests/conftest.py
    assert env.openssl.startswith("OpenSSL")
    text = render_text(working(), env=env)
    assert "pw123" not in text and "https_proxy" in text
    assert proxy_variables_set({"ALL_PROXY": "x", "all_proxy": "y"}) == ("ALL_PROXY", "all_proxy")


def test_clock_against_certificate_dates() -> None:
    future = TlsInfo(
        "TLSv1.3",
        "x",
        not_before="2030-01-01T00:00:00+00:00",
        not_after="2031-01-01T00:00:00+00:00",
    )
    assert "check the computer's date and time" in clock_note(future, NOW)
    assert "valid for another 38 days" in clock_note(tls(), NOW)
    assert "not known" in clock_note(TlsInfo("TLSv1.3", "x"), NOW)
    openssl_style = TlsInfo("TLSv1.3", "x", not_after="Jan  5 00:00:00 2020 GMT")
    assert "expired" in clock_note(openssl_style, NOW)


def test_render_without_env_collects_it() -> None:
    text = render_text(working())
    assert "keyring.backends.fail.Keyring" in text


def test_report_carries_the_providers_notes_from_the_bundled_data() -> None:
    text = render_text(wrong_password("gmail"), env=ENV)
    notes = text.split("NOTES ABOUT GMAIL", 1)[1].split("WHERE THE SETTINGS CAME FROM", 1)[0]
    assert "Before you sign in:" in notes and "app password" in notes
    assert "Sending limit:" in notes and "500 recipients a day" in notes
    assert "Settings last checked:" in notes and "against its sources" in notes
    page = render_html(wrong_password("gmail"), env=ENV)
    assert '<section id="provider"><h2>Notes about Gmail</h2>' in page
    assert "<h3>Once it works</h3>" in page


def test_report_for_an_ispdb_provider_says_where_its_settings_were_checked() -> None:
    text = render_text(wrong_password("ispdb-one-com"), env=ENV)
    assert "NOTES ABOUT ONE.COM" in text
    assert re.search(r"Provider +one\.com\n", text)  # the data's name, not the id
    assert "against Thunderbird's ISPDB" in text


def test_report_without_a_known_provider_has_no_notes() -> None:
    assert "NOTES ABOUT" not in render_text(wrong_password(None), env=ENV)


def test_the_report_in_german_carries_lang_and_no_english_headings() -> None:
    from smtpwizard.core.wording.translation import set_language

    set_language("de")
    document = render_html(certificate_failure(), env=ENV)
    text = render_text(certificate_failure(), env=ENV)
    assert '<html lang="de">' in document
    for german in ("Ports und Verschlüsselung", "Was Sie tun können:", "Dieser Computer"):
        assert german in document and german.lower() in text.lower()  # text headings: capitals
    for english in ("Ports and encryption", "What to do", "This computer", "Generated"):
        assert english.lower() not in document.lower() and english.lower() not in text.lower()
    set_language("en")
    assert '<html lang="en">' in render_html(certificate_failure(), env=ENV)
