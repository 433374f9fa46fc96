"""Application code: Python (smtplib), Django settings and Node.js (nodemailer)."""

from __future__ import annotations

from smtpwizard.core.export.base import (
    ADDRESS_PLACEHOLDER,
    PASSWORD_PLACEHOLDER,
    ExportFormat,
    SecretMode,
    comment_lines,
    email_of,
    js_str,
    keyring_service,
    notes,
    python_str,
    token_argv,
)
from smtpwizard.core.models import Security, Settings
from smtpwizard.core.wording.base import N_

# --- Python smtplib ---------------------------------------------------------------------------


def render_python(settings: Settings, *, secret: SecretMode) -> str:
    tls = settings.security is Security.TLS
    oauth = settings.oauth and bool(settings.username)
    sender = email_of(settings) or ADDRESS_PLACEHOLDER
    lines = [
        f'"""Send mail through {settings.host} with the settings smtpwizard tested.',
        "",
        "Run it to send a short test message:  python3 THIS_FILE recipient@example.com",
        '"""',
    ]
    for note in notes(settings, oauth_native=True):
        lines += comment_lines(note, "#")
    lines += ["", "import smtplib", "import ssl"]
    if oauth:
        lines += ["import subprocess"]
    lines += ["import sys", "from email.message import EmailMessage", ""]
    if settings.username and secret.value is None and not oauth:
        lines += ["import keyring  # pip install keyring", ""]
    lines += [
        f"HOST = {python_str(settings.host)}",
        f"PORT = {settings.port}",
        f"USERNAME = {python_str(settings.username) if settings.username else 'None'}",
        f"SENDER = {python_str(sender)}",
        "",
        "",
    ]
    if oauth:
        argv = ", ".join(python_str(word) for word in token_argv(settings))
        lines += [
            "def access_token() -> str:",
            "    # a fresh access token from the Google/Microsoft sign-in smtpwizard saved in",
            "    # this computer's keyring (smtpwizard must be on the PATH)",
            f"    done = subprocess.run([{argv}],",
            "                          capture_output=True, text=True, check=False)",
            "    if done.returncode != 0:",
            '        raise SystemExit(done.stderr.strip() or "smtpwizard accounts token failed")',
            "    return done.stdout.strip()",
            "",
            "",
            "def xoauth2(token: str):  # the SASL XOAUTH2 answer; empty after an error challenge",
            '    return lambda challenge=None: "" if challenge else (',
            '        f"user={USERNAME}\\x01auth=Bearer {token}\\x01\\x01")',
        ]
    else:
        lines += ["def password() -> str:"]
        if not settings.username:
            lines += ['    return ""  # this server needs no sign-in']
        elif secret.value is not None:
            lines += [f"    return {python_str(secret.value)}"]
        else:
            lines += [
                "    # the password smtpwizard saved in this computer's keyring",
                f"    secret = keyring.get_password({python_str(keyring_service(settings))}, "
                "USERNAME)",
                "    if secret is None:",
                '        raise SystemExit("No saved password: run smtpwizard probe --save first.")',
                "    return secret",
            ]
    lines += [
        "",
        "",
        "def send(message: EmailMessage) -> None:",
        "    context = ssl.create_default_context()  # verifies the certificate",
    ]
    if tls:
        lines += ["    with smtplib.SMTP_SSL(HOST, PORT, context=context, timeout=30) as smtp:"]
    else:
        lines += ["    with smtplib.SMTP(HOST, PORT, timeout=30) as smtp:"]
        if settings.security is Security.STARTTLS:
            lines += ["        smtp.starttls(context=context)  # STARTTLS is required"]
    if oauth:
        lines += [
            "        smtp.ehlo()  # smtplib's auth() does not say EHLO by itself",
            '        smtp.auth("XOAUTH2", xoauth2(access_token()))',
        ]
    elif settings.username:
        lines += ["        smtp.login(USERNAME, password())"]
    lines += [
        "        smtp.send_message(message)",
        "",
        "",
        'if __name__ == "__main__":',
        "    test = EmailMessage()",
        '    test["From"] = SENDER',
        '    test["To"] = sys.argv[1] if len(sys.argv) > 1 else SENDER',
        '    test["Subject"] = "smtpwizard test message"',
        '    test.set_content("This message was sent with the settings smtpwizard tested.")',
        "    send(test)",
        '    print("sent")',
    ]
    return "\n".join(lines) + "\n"


PYTHON = ExportFormat(
    name="python",
    title=N_("Python (smtplib)"),
    description=N_(
        "A Python module using smtplib: SMTP_SSL for TLS from the first byte, SMTP + "
        "starttls() for STARTTLS, both with ssl.create_default_context(); the password comes "
        "from the keyring."
    ),
    oauth_description=N_(
        "A Python module using smtplib that signs in with XOAUTH2; each access "
        "token comes from `smtpwizard accounts token`, made from the sign-in saved in the keyring."
    ),
    default_filename="send_mail.py",
    renderer=render_python,
    keyring_lookup=True,
)


# --- Django -----------------------------------------------------------------------------------


def render_django(settings: Settings, *, secret: SecretMode) -> str:
    lines = [
        f"# Django email settings for {settings.host}, tested by smtpwizard: add to settings.py.",
        "# EMAIL_USE_SSL = TLS from the first byte; EMAIL_USE_TLS = STARTTLS. Never both.",
    ]
    for note in notes(settings):
        lines += comment_lines(note, "#")
    if settings.username and secret.value is None:
        lines += [
            f"# Replace {PASSWORD_PLACEHOLDER} with the password (better: read it from "
            'the environment, e.g. os.environ["EMAIL_HOST_PASSWORD"]).'
        ]
    lines += [
        'EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"',
        f"EMAIL_HOST = {python_str(settings.host)}",
        f"EMAIL_PORT = {settings.port}",
        f"EMAIL_USE_SSL = {settings.security is Security.TLS}",
        f"EMAIL_USE_TLS = {settings.security is Security.STARTTLS}",
        f"EMAIL_HOST_USER = {python_str(settings.username or '')}",
    ]
    password = (secret.value or PASSWORD_PLACEHOLDER) if settings.username else ""
    lines += [f"EMAIL_HOST_PASSWORD = {python_str(password)}"]
    sender = email_of(settings)
    if sender:
        lines += [
            f"DEFAULT_FROM_EMAIL = {python_str(sender)}",
            f"SERVER_EMAIL = {python_str(sender)}",
        ]
    lines += ["EMAIL_TIMEOUT = 30"]
    return "\n".join(lines) + "\n"


DJANGO = ExportFormat(
    name="django",
    title=N_("Django (settings.py)"),
    description=N_(
        "EMAIL_* settings: EMAIL_USE_SSL for TLS from the first byte, EMAIL_USE_TLS for "
        "STARTTLS (never both)."
    ),
    default_filename="django_email_settings.py",
    renderer=render_django,
)


# --- Node.js nodemailer -----------------------------------------------------------------------


def render_nodemailer(settings: Settings, *, secret: SecretMode) -> str:
    lines = [
        f"// nodemailer transport for {settings.host}, tested by smtpwizard.",
        "// secure: true = TLS from the first byte; requireTLS: true = STARTTLS is required.",
    ]
    for note in notes(settings):
        lines += comment_lines(note, "//")
    if settings.username and secret.value is None:
        lines += [
            f"// Replace {PASSWORD_PLACEHOLDER} with the password, or set SMTP_PASSWORD in "
            "the environment."
        ]
    lines += [
        '"use strict";',
        'const nodemailer = require("nodemailer");',
        "",
        "const transporter = nodemailer.createTransport({",
        f"  host: {js_str(settings.host)},",
        f"  port: {settings.port},",
        f"  secure: {'true' if settings.security is Security.TLS else 'false'},",
    ]
    if settings.security is Security.STARTTLS:
        lines += ["  requireTLS: true,"]
    if settings.username:
        if secret.value is not None:
            password = js_str(secret.value)
        else:
            password = f"process.env.SMTP_PASSWORD || {js_str(PASSWORD_PLACEHOLDER)}"
        lines += [
            "  auth: {",
            f"    user: {js_str(settings.username)},",
            f"    pass: {password},",
            "  },",
        ]
    lines += ["});", ""]
    sender = email_of(settings)
    if sender:
        lines += [f"const defaultFrom = {js_str(sender)};", ""]
        lines += ["module.exports = { transporter, defaultFrom };"]
    else:
        lines += ["module.exports = { transporter };"]
    return "\n".join(lines) + "\n"


NODEMAILER = ExportFormat(
    name="nodemailer",
    title=N_("Node.js (nodemailer)"),
    description=N_(
        "A nodemailer transport: secure: true only for TLS from the first byte, "
        "requireTLS: true for STARTTLS."
    ),
    default_filename="mailer.js",
    renderer=render_nodemailer,
)
