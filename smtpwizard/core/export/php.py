"""PHP consumers: PHPMailer, WordPress (WP Mail SMTP constants) and Laravel's ``.env``."""

from __future__ import annotations

from smtpwizard.core.export.base import (
    PASSWORD_PLACEHOLDER,
    ExportFormat,
    SecretMode,
    comment_lines,
    email_of,
    env_value,
    notes,
    php_str,
)
from smtpwizard.core.models import Security, Settings
from smtpwizard.core.wording.base import N_


def _password_php(secret: SecretMode) -> str:
    return php_str(secret.value if secret.value is not None else PASSWORD_PLACEHOLDER)


def _placeholder_note(settings: Settings, secret: SecretMode, prefix: str) -> list[str]:
    if settings.username and secret.value is None:
        return [
            f"{prefix} Replace {PASSWORD_PLACEHOLDER} with the password (better: read it "
            "from the environment or a secrets store)."
        ]
    return []


# --- PHPMailer -------------------------------------------------------------------------------

_PHPMAILER_SECURE = {
    Security.TLS: "PHPMailer::ENCRYPTION_SMTPS; // 'ssl': TLS from the first byte",
    Security.STARTTLS: "PHPMailer::ENCRYPTION_STARTTLS; // 'tls': STARTTLS after connecting",
    Security.NONE: "''; // no encryption",
}


def render_phpmailer(settings: Settings, *, secret: SecretMode) -> str:
    lines = [
        "<?php",
        f"// PHPMailer settings for {settings.host}, tested by smtpwizard.",
        "// Requires PHPMailer 6 (composer require phpmailer/phpmailer).",
    ]
    for note in notes(settings):
        lines += comment_lines(note, "//")
    lines += _placeholder_note(settings, secret, "//")
    lines += [
        "",
        "use PHPMailer\\PHPMailer\\PHPMailer;",
        "",
        "$mail = new PHPMailer(true);",
        "$mail->isSMTP();",
        f"$mail->Host = {php_str(settings.host)};",
        f"$mail->Port = {settings.port};",
        f"$mail->SMTPSecure = {_PHPMAILER_SECURE[settings.security]}",
    ]
    if settings.username:
        lines += [
            "$mail->SMTPAuth = true;",
            f"$mail->Username = {php_str(settings.username)};",
            f"$mail->Password = {_password_php(secret)};",
        ]
    else:
        lines += ["$mail->SMTPAuth = false;"]
    sender = email_of(settings)
    if sender:
        lines += [f"$mail->setFrom({php_str(sender)});"]
    return "\n".join(lines) + "\n"


PHPMAILER = ExportFormat(
    name="phpmailer",
    title=N_("PHPMailer (PHP)"),
    description=N_(
        "PHPMailer 6 settings: SMTPSecure ENCRYPTION_SMTPS ('ssl') for TLS from the "
        "first byte, ENCRYPTION_STARTTLS ('tls') for STARTTLS."
    ),
    default_filename="phpmailer-settings.php",
    renderer=render_phpmailer,
)


# --- WordPress: WP Mail SMTP constants in wp-config.php ---------------------------------------

_WPMS_SSL = {Security.TLS: "ssl", Security.STARTTLS: "tls", Security.NONE: ""}


def _define(name: str, value: str) -> str:
    return f"define( {php_str(name)}, {value} );"


def render_wordpress(settings: Settings, *, secret: SecretMode) -> str:
    lines = [
        "<?php",
        f"// WP Mail SMTP settings for {settings.host}, tested by smtpwizard.",
        "// Paste the define() lines into wp-config.php above the line",
        "// \"That's all, stop editing!\" (WP Mail SMTP plugin, 'Other SMTP' mailer).",
    ]
    for note in notes(settings):
        lines += comment_lines(note, "//")
    lines += _placeholder_note(settings, secret, "//")
    lines += [
        _define("WPMS_ON", "true"),
        _define("WPMS_MAILER", php_str("smtp")),
        _define("WPMS_SMTP_HOST", php_str(settings.host)),
        _define("WPMS_SMTP_PORT", str(settings.port)),
        _define("WPMS_SSL", php_str(_WPMS_SSL[settings.security])),
        _define("WPMS_SMTP_AUTOTLS", "true"),
        _define("WPMS_SMTP_AUTH", "true" if settings.username else "false"),
    ]
    if settings.username:
        lines += [
            _define("WPMS_SMTP_USER", php_str(settings.username)),
            _define("WPMS_SMTP_PASS", _password_php(secret)),
        ]
    sender = email_of(settings)
    if sender:
        lines += [_define("WPMS_MAIL_FROM", php_str(sender))]
    return "\n".join(lines) + "\n"


WORDPRESS = ExportFormat(
    name="wordpress",
    title=N_("WordPress (WP Mail SMTP, wp-config.php)"),
    description=N_(
        "WP Mail SMTP constants for wp-config.php: WPMS_SSL 'ssl' for TLS from the "
        "first byte, 'tls' for STARTTLS."
    ),
    default_filename="wp-config-smtp.php",
    renderer=render_wordpress,
)


# --- Laravel .env -----------------------------------------------------------------------------


def render_laravel(settings: Settings, *, secret: SecretMode) -> str:
    scheme = "smtps" if settings.security is Security.TLS else "smtp"
    lines = [
        f"# Laravel mail settings for {settings.host}, tested by smtpwizard: add to .env.",
        "# MAIL_SCHEME=smtps means TLS from the first byte; with smtp, Laravel (Symfony Mailer)",
        "# upgrades with STARTTLS whenever the server offers it.",
        "# Laravel 9 and 10 read MAIL_ENCRYPTION (tls) instead of MAIL_SCHEME.",
    ]
    for note in notes(settings):
        lines += comment_lines(note, "#")
    lines += _placeholder_note(settings, secret, "#")
    values = [
        ("MAIL_MAILER", "smtp"),
        ("MAIL_SCHEME", scheme),
        ("MAIL_HOST", settings.host),
        ("MAIL_PORT", str(settings.port)),
        ("MAIL_USERNAME", settings.username or "null"),
        ("MAIL_PASSWORD", (secret.value or PASSWORD_PLACEHOLDER) if settings.username else "null"),
        ("MAIL_ENCRYPTION", "null" if settings.security is Security.NONE else "tls"),
    ]
    sender = email_of(settings)
    if sender:
        values.append(("MAIL_FROM_ADDRESS", sender))
    lines += [f"{key}={env_value(value, key)}" for key, value in values]
    return "\n".join(lines) + "\n"


LARAVEL = ExportFormat(
    name="laravel",
    title=N_("Laravel (.env)"),
    description=N_(
        "MAIL_MAILER=smtp with MAIL_SCHEME smtps (TLS from the first byte) or smtp "
        "(STARTTLS), host, port, user name and a password placeholder."
    ),
    default_filename="laravel-mail.env",
    renderer=render_laravel,
    private_file=True,
)
