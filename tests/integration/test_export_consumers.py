"""Every export format checked by its real consumer against real servers on loopback.

msmtp and swaks send through an aiosmtpd server with a trustme certificate (STARTTLS and TLS
from the first byte, AUTH), msmtp reading the password from a real private Secret Service via
the exported ``passwordeval``; the Python snippet sends too (keyring and included secret);
PHP runs through ``php -l`` and the WordPress constants are read back by PHP itself; node
loads the nodemailer module; dotenv reads the .env files; the autoconfig XML is read back by
the project's own parser; the profile loads with plistlib.
"""

from __future__ import annotations

import io
import json
import plistlib
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from dotenv import dotenv_values

from smtpwizard.core.export.registry import (
    PASSWORD_PLACEHOLDER,
    ExportError,
    export,
    write_export,
)
from smtpwizard.core.models import Security, Settings
from smtpwizard.lab import LabCA, ServerSpec, ThreadedLabServer
from smtpwizard.lab.records import ReceivedMessage
from smtpwizard.lab.spec import AuthOffer, Mode
from tests.integration.keyring_env import (
    PrivateSecretService,
    missing_tools,
    secret_service_backend,
)

USER = "alice@example.com"
PASSWORD = "correct horse 'battery' \"staple\" $HOME \\ `x`"
SENDER = "alice@example.com"
RECIPIENT = "bob@example.net"
HOST = "localhost"


# --- the shared lab: STARTTLS required, implicit TLS and plain servers, all with AUTH ------


@dataclass
class Lab:
    ca_file: Path
    servers: dict[Security, ThreadedLabServer]

    def settings(self, security: Security, username: str | None = USER) -> Settings:
        return Settings(HOST, self.servers[security].port, security, username, sender=SENDER)

    def received(self) -> list[ReceivedMessage]:
        return [m for server in self.servers.values() for m in server.server.received]

    @property
    def logins(self) -> list[str]:
        """The mechanisms of successful sign-ins (any failed sign-in fails the test)."""
        attempts = [a for server in self.servers.values() for a in server.server.auth_attempts]
        assert all(a.success for a in attempts), attempts
        return [a.mechanism for a in attempts]

    def clear(self) -> None:
        for server in self.servers.values():
            server.server.clear_records()


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    ca = LabCA.shared()
    ca_file = Path(ca.write_ca_pem(str(tmp_path_factory.mktemp("export-lab") / "ca.pem")))
    accounts = {USER: PASSWORD}
    specs = {
        Security.STARTTLS: ServerSpec(mode=Mode.STARTTLS_REQUIRED, accounts=accounts),
        Security.TLS: ServerSpec(mode=Mode.TLS, accounts=accounts),
        Security.NONE: ServerSpec(mode=Mode.PLAIN, auth=AuthOffer.ALWAYS, accounts=accounts),
    }
    servers: dict[Security, ThreadedLabServer] = {}
    try:
        for security, spec in specs.items():
            servers[security] = ThreadedLabServer(spec, ca=ca).start()
        yield Lab(ca_file=ca_file, servers=servers)
    finally:
        for server in servers.values():
            server.stop()


@pytest.fixture(autouse=True)
def _clear(lab: Lab) -> None:
    lab.clear()


@pytest.fixture
def secret_service(tmp_path: Path) -> Iterator[PrivateSecretService]:
    if missing_tools():
        pytest.skip(f"needs {', '.join(missing_tools())}")
    service = PrivateSecretService(tmp_path / "keyring")
    service.start()
    try:
        with secret_service_backend(service):
            import keyring

            keyring.set_password(f"smtpwizard:{HOST}", USER, PASSWORD)
        yield service
    finally:
        service.stop()


def _write(tmp_path: Path, name: str, text: str, private: bool = False) -> Path:
    return write_export(tmp_path / name, text, private=private)


MESSAGE = f"From: {SENDER}\nTo: {RECIPIENT}\nSubject: export test\n\nhello from the export test\n"

SECURE = [Security.STARTTLS, Security.TLS]


# --- msmtp ------------------------------------------------------------------------------------


def _msmtp(
    rc: Path, lab: Lab, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    if shutil.which("msmtp") is None:
        pytest.skip("msmtp is not installed")
    return subprocess.run(
        ["msmtp", "-C", str(rc), f"--tls-trust-file={lab.ca_file}", RECIPIENT],
        input=MESSAGE,
        capture_output=True,
        text=True,
        timeout=20,
        env=env,
    )


@pytest.mark.keyring_integration
@pytest.mark.parametrize("security", SECURE)
def test_msmtp_sends_with_the_password_from_the_keyring(
    lab: Lab, tmp_path: Path, secret_service: PrivateSecretService, security: Security
) -> None:
    text = export(lab.settings(security), "msmtp")
    assert PASSWORD not in text and "passwordeval" in text
    rc = _write(tmp_path, "msmtprc", text, private=True)
    done = _msmtp(rc, lab, env=secret_service.env)
    assert done.returncode == 0, done.stderr
    [envelope] = lab.received()
    assert envelope.mail_from == SENDER and envelope.rcpt_tos == (RECIPIENT,)
    assert envelope.auth_user == USER and envelope.tls
    assert lab.logins  # it really signed in with the secret from the keyring


@pytest.mark.parametrize("security", SECURE)
def test_msmtp_sends_with_an_included_password(
    lab: Lab, tmp_path: Path, security: Security
) -> None:
    text = export(lab.settings(security), "msmtp", secret=PASSWORD, include_secret=True)
    rc = _write(tmp_path, "msmtprc", text, private=True)
    done = _msmtp(rc, lab)
    assert done.returncode == 0, done.stderr
    assert len(lab.received()) == 1 and lab.logins


def test_msmtp_refuses_when_the_certificate_does_not_verify(lab: Lab, tmp_path: Path) -> None:
    text = export(lab.settings(Security.TLS), "msmtp", secret=PASSWORD, include_secret=True)
    rc = _write(tmp_path, "msmtprc", text, private=True)
    if shutil.which("msmtp") is None:
        pytest.skip("msmtp is not installed")
    done = subprocess.run(
        ["msmtp", "-C", str(rc), RECIPIENT],
        input=MESSAGE,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert done.returncode != 0 and lab.received() == []  # system trust: the test CA is unknown


# --- swaks ------------------------------------------------------------------------------------


def _swaks(script: str, lab: Lab, answer: str = "") -> subprocess.CompletedProcess[str]:
    if shutil.which("swaks") is None:
        pytest.skip("swaks is not installed")
    # the test CA is the only change to the exported command line
    script = script.replace("--tls-verify", f"--tls-verify --tls-ca-path {lab.ca_file}")
    return subprocess.run(
        ["sh", "-c", script], capture_output=True, text=True, timeout=20, input=answer
    )


@pytest.mark.parametrize("security", SECURE)
def test_swaks_repeats_the_test_with_an_included_password(lab: Lab, security: Security) -> None:
    script = export(lab.settings(security), "swaks", secret=PASSWORD, include_secret=True)
    done = _swaks(script, lab)
    assert done.returncode == 0, done.stdout + done.stderr
    assert lab.logins == ["LOGIN"]  # exactly one sign-in, with the one mechanism named
    assert lab.received() == []  # --quit-after RCPT: nothing was sent
    assert "250" in done.stdout


@pytest.mark.parametrize("security", SECURE)
def test_swaks_asks_for_the_password_when_it_is_left_out(lab: Lab, security: Security) -> None:
    script = export(lab.settings(security), "swaks")
    assert PASSWORD_PLACEHOLDER not in script and "--auth-password" not in script
    done = _swaks(script, lab, answer=PASSWORD + "\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Password:" in done.stdout + done.stderr  # swaks asked
    assert lab.logins == ["LOGIN"] and lab.received() == []


def test_swaks_command_verifies_the_certificate(lab: Lab) -> None:
    if shutil.which("swaks") is None:
        pytest.skip("swaks is not installed")
    script = export(lab.settings(Security.TLS), "swaks", secret=PASSWORD, include_secret=True)
    done = subprocess.run(
        ["sh", "-c", script], capture_output=True, text=True, timeout=20, input=""
    )
    assert done.returncode != 0  # without the test CA the certificate does not verify
    assert lab.logins == []


# --- Python smtplib ---------------------------------------------------------------------------


def _run_python(path: Path, lab: Lab, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**env, "SSL_CERT_FILE": str(lab.ca_file)}  # the test CA for create_default_context
    return subprocess.run(
        [sys.executable, str(path), RECIPIENT], capture_output=True, text=True, timeout=30, env=env
    )


@pytest.mark.keyring_integration
@pytest.mark.parametrize("security", SECURE)
def test_python_snippet_sends_with_the_password_from_the_keyring(
    lab: Lab, tmp_path: Path, secret_service: PrivateSecretService, security: Security
) -> None:
    text = export(lab.settings(security), "python")
    assert PASSWORD not in text
    path = _write(tmp_path, "send_mail.py", text)
    env = {**secret_service.env, "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring"}
    done = _run_python(path, lab, env)
    assert done.returncode == 0, done.stderr
    [envelope] = lab.received()
    assert envelope.mail_from == SENDER and envelope.rcpt_tos == (RECIPIENT,)
    assert envelope.auth_user == USER and envelope.tls


def test_python_snippet_sends_with_an_included_password(lab: Lab, tmp_path: Path) -> None:
    import os

    text = export(lab.settings(Security.TLS), "python", secret=PASSWORD, include_secret=True)
    path = _write(tmp_path, "send_mail.py", text, private=True)
    done = _run_python(path, lab, dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert len(lab.received()) == 1 and lab.logins


# --- PHP ----------------------------------------------------------------------------------------

TRICKY_USER = "o'brien\\\"$x?>@example.com"


def _php() -> str:
    php = shutil.which("php")
    if php is None:
        pytest.skip("php-cli is not installed")
    return php


@pytest.mark.parametrize("name", ["phpmailer", "wordpress"])
@pytest.mark.parametrize("security", [*SECURE, Security.NONE])
def test_php_snippets_pass_php_lint(tmp_path: Path, name: str, security: Security) -> None:
    php = _php()
    for secret in (None, PASSWORD):
        s = Settings("smtp.example.com", 587, security, TRICKY_USER)
        text = export(s, name, secret=secret, include_secret=secret is not None)
        path = _write(tmp_path, f"{name}-{secret is None}.php", text)
        done = subprocess.run([php, "-l", str(path)], capture_output=True, text=True, timeout=20)
        assert done.returncode == 0, done.stdout + done.stderr


def test_wordpress_constants_read_back_exactly_by_php(tmp_path: Path) -> None:
    php = _php()
    s = Settings("smtp.example.com", 465, Security.TLS, TRICKY_USER)
    path = _write(tmp_path, "wp.php", export(s, "wordpress", secret=PASSWORD, include_secret=True))
    code = (
        f"include {json.dumps(str(path))}; echo json_encode([WPMS_SMTP_HOST, "
        "WPMS_SMTP_PORT, WPMS_SSL, WPMS_SMTP_AUTH, WPMS_SMTP_USER, WPMS_SMTP_PASS, "
        "WPMS_MAILER]);"
    )
    done = subprocess.run([php, "-r", code], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        "smtp.example.com",
        465,
        "ssl",
        True,
        TRICKY_USER,
        PASSWORD,
        "smtp",
    ]


# --- Node.js ----------------------------------------------------------------------------------


@pytest.mark.parametrize("security", [*SECURE, Security.NONE])
def test_nodemailer_module_loads_in_node_with_the_right_options(
    tmp_path: Path, security: Security
) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    s = Settings("smtp.example.com", 587, security, TRICKY_USER)
    path = _write(tmp_path, "mailer.js", export(s, "nodemailer"))
    assert subprocess.run([node, "--check", str(path)], timeout=20).returncode == 0
    # a stand-in nodemailer that hands back the options, so node itself evaluates the module
    stub = tmp_path / "node_modules" / "nodemailer"
    stub.mkdir(parents=True)
    (stub / "index.js").write_text("exports.createTransport = (options) => options;\n")
    done = subprocess.run(
        [node, "-e", "console.log(JSON.stringify(require('./mailer.js').transporter))"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=20,
        env={"PATH": "/usr/bin"},
    )
    assert done.returncode == 0, done.stderr
    options = json.loads(done.stdout)
    assert options["secure"] is (security is Security.TLS)
    assert options.get("requireTLS", False) is (security is Security.STARTTLS)
    assert options["auth"] == {"user": TRICKY_USER, "pass": PASSWORD_PLACEHOLDER}


# --- .env files (python-dotenv) ---------------------------------------------------------------


# what a .env can carry for every consumer: no ' together with " $ ` or \ (tests/security)
ENV_USER = "o'brien &x?>@example.com"
ENV_PASSWORD = "correct horse 'battery' staple #1 & (x)"


@pytest.mark.parametrize("security", [*SECURE, Security.NONE])
def test_env_file_reads_back_with_python_dotenv(security: Security) -> None:
    s = Settings("smtp.example.com", 2525, security, ENV_USER, sender=SENDER)
    placeholder = dotenv_values(stream=io.StringIO(export(s, "env")))
    assert placeholder == {
        "SMTP_HOST": "smtp.example.com",
        "SMTP_PORT": "2525",
        "SMTP_SECURITY": security.value,
        "SMTP_USER": ENV_USER,
        "SMTP_FROM": SENDER,
        "SMTP_PASSWORD": PASSWORD_PLACEHOLDER,
    }
    included = dotenv_values(
        stream=io.StringIO(export(s, "env", secret=ENV_PASSWORD, include_secret=True))
    )
    assert included["SMTP_PASSWORD"] == ENV_PASSWORD
    # ' together with $ and ` cannot be written so that shells, phpdotenv, python-dotenv and
    # Node all read it back: refused, naming the characters (tests/security reads every form)
    with pytest.raises(ExportError, match=r"SMTP_PASSWORD contains both ' and"):
        export(s, "env", secret=PASSWORD, include_secret=True)


@pytest.mark.parametrize("password", [ENV_PASSWORD, "plain", "only'quote", "only$dollar`tick"])
def test_laravel_env_reads_back_with_python_dotenv(password: str) -> None:
    s = Settings("smtp.example.com", 465, Security.TLS, USER)
    values = dotenv_values(
        stream=io.StringIO(export(s, "laravel", secret=password, include_secret=True))
    )
    assert values["MAIL_MAILER"] == "smtp" and values["MAIL_SCHEME"] == "smtps"
    assert values["MAIL_HOST"] == "smtp.example.com" and values["MAIL_PORT"] == "465"
    assert values["MAIL_USERNAME"] == USER and values["MAIL_PASSWORD"] == password


# --- Django -----------------------------------------------------------------------------------


def test_django_settings_execute_with_exact_values() -> None:
    s = Settings("smtp.example.com", 465, Security.TLS, TRICKY_USER)
    namespace: dict[str, Any] = {}
    exec(export(s, "django", secret=PASSWORD, include_secret=True), namespace)
    assert namespace["EMAIL_HOST_USER"] == TRICKY_USER
    assert namespace["EMAIL_HOST_PASSWORD"] == PASSWORD
    assert namespace["EMAIL_USE_SSL"] is True and namespace["EMAIL_USE_TLS"] is False


# --- the command line with the real keyring ---------------------------------------------------


@pytest.mark.keyring_integration
def test_cli_includes_the_password_from_the_keyring_only_when_asked(
    lab: Lab, tmp_path: Path, secret_service: PrivateSecretService
) -> None:
    source = tmp_path / "settings.json"
    source.write_text(export(lab.settings(Security.STARTTLS), "json"))
    env = {**secret_service.env, "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring"}

    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "smtpwizard", "export", "--from", str(source), *argv],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )

    plain = cli("--format", "env")
    assert plain.returncode == 0 and PASSWORD not in plain.stdout and plain.stderr == ""
    out = tmp_path / "msmtprc"
    done = cli("--format", "msmtp", "--include-password", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "warning" in done.stderr and PASSWORD not in done.stderr
    assert f'password "{PASSWORD}"' in out.read_text()
    assert _msmtp(out, lab).returncode == 0 and len(lab.received()) == 1


# --- Thunderbird autoconfig -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("security", "word"),
    [(Security.TLS, "SSL"), (Security.STARTTLS, "STARTTLS"), (Security.NONE, "plain")],
)
def test_autoconfig_reads_back_with_the_discovery_parser(security: Security, word: str) -> None:
    s = Settings("smtp.example.com", 465, security, "a<b>&\"c'@example.com")
    text = export(s, "thunderbird", secret=PASSWORD)
    root = ET.fromstring(text.encode())
    assert root.tag == "clientConfig" and root.get("version") == "1.1"
    server = root.find("emailProvider/outgoingServer")
    assert server is not None and server.get("type") == "smtp"
    assert server.findtext("hostname") == "smtp.example.com"
    assert server.findtext("port") == "465" and server.findtext("socketType") == word
    assert server.findtext("authentication") == "password-cleartext"
    assert server.findtext("username") == "a<b>&\"c'@example.com"
    autoconfig = pytest.importorskip("smtpwizard.core.discovery.autoconfig")
    document = autoconfig.parse_autoconfig(text.encode(), "a@example.com")
    [parsed] = document.servers
    assert (parsed.host, parsed.port, parsed.security) == ("smtp.example.com", 465, security)
    assert parsed.username == "a<b>&\"c'@example.com"


# --- Apple configuration profile --------------------------------------------------------------


def test_mobileconfig_loads_with_plistlib_and_has_the_payload_keys() -> None:
    s = Settings("smtp.example.com", 587, Security.STARTTLS, USER)
    text = export(s, "mobileconfig", secret=PASSWORD, include_secret=True)
    assert PASSWORD not in text
    profile = plistlib.loads(text.encode())
    assert profile["PayloadType"] == "Configuration" and profile["PayloadVersion"] == 1
    [payload] = profile["PayloadContent"]
    assert payload["PayloadType"] == "com.apple.mail.managed"
    assert payload["OutgoingMailServerHostName"] == "smtp.example.com"
    assert payload["OutgoingMailServerPortNumber"] == 587
    assert payload["OutgoingMailServerUseSSL"] is True
    assert payload["OutgoingMailServerAuthentication"] == "EmailAuthPassword"
    assert payload["OutgoingMailServerUsername"] == USER
    assert payload["EmailAccountType"] == "EmailTypeIMAP"
    assert payload["IncomingMailServerHostName"] == "imap.example.com"
    assert {"IncomingPassword", "OutgoingPassword"}.isdisjoint(payload)
    import uuid

    for item in (profile, payload):
        assert uuid.UUID(item["PayloadUUID"]).version == 5
    assert profile["PayloadUUID"] != payload["PayloadUUID"]


# --- Postfix (no postfix here: check the main.cf syntax and the map line) ---------------------


def test_postfix_lines_are_main_cf_parameters_and_one_map_entry() -> None:
    s = Settings("smtp.example.com", 465, Security.TLS, USER)
    text = export(s, "postfix", secret=PASSWORD, include_secret=True)
    params: dict[str, str] = {}
    maps: list[str] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if " = " in line:
            key, _, value = line.partition(" = ")
            params[key] = value
        else:
            maps.append(line)
    assert params["relayhost"] == "[smtp.example.com]:465"
    assert params["smtp_tls_wrappermode"] == "yes"
    assert params["smtp_tls_security_level"] == "encrypt"
    assert params["smtp_sasl_auth_enable"] == "yes"
    assert maps == [f"[smtp.example.com]:465 {USER}:{PASSWORD}"]


# --- plaintext settings (a server inside one's own network) still work, with the warning -----


@pytest.mark.parametrize("name", ["msmtp", "python"])
def test_plaintext_exports_work_with_their_consumer(lab: Lab, tmp_path: Path, name: str) -> None:
    import os

    text = export(lab.settings(Security.NONE), name, secret=PASSWORD, include_secret=True)
    assert "WITHOUT encryption" in text
    path = _write(tmp_path, "export", text, private=True)
    done = _msmtp(path, lab) if name == "msmtp" else _run_python(path, lab, dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert len(lab.received()) == 1 and lab.logins


def test_msmtp_accepts_exactly_the_pinned_self_signed_certificate(tmp_path: Path) -> None:
    """A certificate trusted in the wizard: msmtp pins it with ``tls_fingerprint`` and sends,
    with no authority to vouch for it; a different pin makes msmtp refuse."""
    import hashlib
    import ssl

    from smtpwizard.lab import CertKind

    if shutil.which("msmtp") is None:
        pytest.skip("msmtp is not installed")
    spec = ServerSpec(mode=Mode.TLS, cert=CertKind.SELF_SIGNED, accounts={USER: PASSWORD})
    server = ThreadedLabServer(spec, ca=LabCA.shared()).start()
    try:
        pem = ssl.get_server_certificate(("127.0.0.1", server.port))
        sha = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest()
        for pin, ok in ((sha, True), ("ab" * 32, False)):
            settings = Settings(
                "127.0.0.1", server.port, Security.TLS, USER, sender=SENDER, pinned_sha256=pin
            )
            text = export(settings, "msmtp", secret=PASSWORD, include_secret=True)
            assert "tls_fingerprint " in text and "tls_trust_file" not in text
            rc = _write(tmp_path, f"msmtprc-{ok}", text, private=True)
            done = subprocess.run(
                ["msmtp", "-C", str(rc), RECIPIENT],
                input=MESSAGE,
                capture_output=True,
                text=True,
                timeout=20,
            )
            assert (done.returncode == 0) is ok, done.stderr
        assert len(server.server.received) == 1
    finally:
        server.stop()
