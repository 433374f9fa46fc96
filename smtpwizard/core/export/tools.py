"""Command-line mail tools: msmtp, swaks and Postfix (relayhost with SASL)."""

from __future__ import annotations

from smtpwizard.core.export.base import (
    ADDRESS_PLACEHOLDER,
    PASSWORD_PLACEHOLDER,
    ExportFormat,
    SecretMode,
    colon_fingerprint,
    comment_lines,
    email_of,
    keyring_service,
    msmtp_arg,
    notes,
    refuse,
    shell_word,
    token_argv,
)
from smtpwizard.core.models import Security, Settings
from smtpwizard.core.wording.base import N_

# --- msmtp ------------------------------------------------------------------------------------


def keyring_lookup_command(settings: Settings) -> str:
    """The ``secret-tool`` command that prints the password smtpwizard saved in the keyring."""
    assert settings.username is not None
    return " ".join(
        [
            "secret-tool lookup service",
            shell_word(keyring_service(settings)),
            "username",
            shell_word(settings.username),
        ]
    )


def token_command(settings: Settings) -> str:
    """The command that prints a fresh OAuth access token from the sign-in saved in the keyring."""
    return " ".join(shell_word(word) for word in token_argv(settings))


def render_msmtp(settings: Settings, *, secret: SecretMode) -> str:
    lines = [
        f"# msmtp account for {settings.host}, written by smtpwizard.",
        "# Save as ~/.msmtprc (or ~/.config/msmtp/config) readable only by you: chmod 600.",
    ]
    for note in notes(settings, oauth_native=True, pin_native=True):
        lines += comment_lines(note, "#")
    account = settings.host
    lines += [
        "",
        f"account {account}",
        f"host {settings.host}",
        f"port {settings.port}",
    ]
    if settings.security is Security.NONE:
        lines += ["tls off"]
    else:
        starttls = "on" if settings.security is Security.STARTTLS else "off"
        lines += ["tls on", f"tls_starttls {starttls}"]
        if settings.pinned_sha256:
            lines += [
                "# exactly the certificate you trusted (it is not vouched for by an authority)",
                f"tls_fingerprint {colon_fingerprint(settings.pinned_sha256)}",
            ]
        else:
            lines += ["tls_trust_file system"]
    if settings.username and settings.oauth:
        lines += [
            "auth xoauth2",
            f"user {msmtp_arg(settings.username)}",
            "# a fresh access token for each message, from the Google/Microsoft sign-in that",
            "# smtpwizard saved in the keyring (smtpwizard must be on the PATH)",
            f"passwordeval {msmtp_arg(token_command(settings))}",
        ]
    elif settings.username:
        # "auth on" never sends a password over an unencrypted channel: name the method there
        method = "plain" if settings.security is Security.NONE else "on"
        lines += [f"auth {method}", f"user {msmtp_arg(settings.username)}"]
        if secret.value is not None:
            lines += [f"password {msmtp_arg(secret.value)}"]
        else:
            lines += [
                "# the password is read from the keyring entry smtpwizard saved (libsecret-tools)",
                f"passwordeval {msmtp_arg(keyring_lookup_command(settings))}",
            ]
    else:
        lines += ["auth off"]
    sender = email_of(settings)
    if sender:
        lines += [f"from {msmtp_arg(sender)}"]
    else:
        lines += [f"# from {ADDRESS_PLACEHOLDER}   <- set your address here"]
    lines += ["", f"account default : {account}", ""]
    return "\n".join(lines)


MSMTP = ExportFormat(
    name="msmtp",
    title=N_("msmtp (msmtprc)"),
    description=N_(
        "An msmtprc account; the password is read from the keyring entry with "
        "secret-tool (passwordeval), so the file holds no secret."
    ),
    oauth_description=N_(
        "An msmtprc account that signs in with XOAUTH2; each access token comes "
        "from `smtpwizard accounts token` (passwordeval), made from the sign-in saved in the "
        "keyring, so the file holds no secret."
    ),
    default_filename="msmtprc",
    renderer=render_msmtp,
    private_file=True,
    keyring_lookup=True,
)


# --- swaks ------------------------------------------------------------------------------------


def render_swaks(settings: Settings, *, secret: SecretMode) -> str:
    sender = email_of(settings) or ADDRESS_PLACEHOLDER
    lines = [
        "#!/bin/sh",
        f"# Repeats smtpwizard's test of {settings.host} with swaks: connect, "
        + {
            Security.TLS: "TLS from the first byte",
            Security.STARTTLS: "STARTTLS",
            Security.NONE: "no encryption",
        }[settings.security]
        + (", sign in" if settings.username else "")
        + ", offer the sender and recipient.",
        "# --quit-after RCPT stops before anything is sent; remove it to send a test message.",
    ]
    if settings.username and secret.value is None:
        lines.append("# swaks asks for the password when it is needed.")
    if secret.value is not None:
        lines.append(
            "# The password is on the command line: other users of this computer can "
            "see it while swaks runs."
        )
    for note in notes(settings):
        lines += comment_lines(note, "#")
    args: list[str] = [f"--server {shell_word(f'{settings.host}:{settings.port}')}"]
    if settings.security is Security.TLS:
        args.append("--tls-on-connect --tls-verify")
    elif settings.security is Security.STARTTLS:
        args.append("--tls --tls-verify")
    if settings.username:
        auth = f"--auth LOGIN --auth-user {shell_word(settings.username)}"
        if secret.value is not None:
            auth += f" --auth-password {shell_word(secret.value)}"
        args.append(auth)
    args.append(f"--from {shell_word(sender)} --to {shell_word(sender)}")
    args.append("--quit-after RCPT")
    lines.append("swaks " + " \\\n  ".join(args))
    return "\n".join(lines) + "\n"


SWAKS = ExportFormat(
    name="swaks",
    title=N_("swaks command line"),
    description=N_(
        "A swaks command that repeats the test (TLS, sign-in, sender check) from any "
        "computer; swaks asks for the password."
    ),
    default_filename="smtp-test.sh",
    renderer=render_swaks,
)


# --- Postfix ----------------------------------------------------------------------------------


_CONTROL_NAMES = {"\t": "tab", "\v": "vertical tab", "\f": "form feed", "\x1b": "escape"}


def _postfix_carries(value: str, what: str) -> None:
    """Refuse what a postmap(1) table line cannot carry unchanged: postmap reads text lines,
    treats ASCII whitespace (space, tab, vertical tab, form feed) as separators, removes it at
    the end of a line, and a line starting with whitespace continues the previous one."""
    for char in value:
        if ord(char) < 32 or char == "\x7f":
            name = _CONTROL_NAMES.get(char, "a control character")
            refuse(
                True,
                f"Postfix's sasl_passwd cannot carry the {what}: it contains U+{ord(char):04X} "
                f"({name}), which postmap would change. Use another format or change the "
                f"{what}.",
            )
    refuse(
        value != value.rstrip(" "),
        f"Postfix's sasl_passwd cannot carry the {what}: it ends with a space (U+0020), which "
        "postmap removes. Use another format or change it.",
    )


def render_postfix(settings: Settings, *, secret: SecretMode) -> str:
    if secret.value is not None:
        _postfix_carries(secret.value, "password")
    if settings.username:
        _postfix_carries(settings.username, "user name")
        refuse(
            ":" in settings.username,
            "Postfix cannot use a user name with a colon (:) in sasl_passwd.",
        )
        refuse(
            any(c.isspace() for c in settings.username),
            "Postfix cannot use a user name with a space in sasl_passwd.",
        )
    nexthop = f"[{settings.host}]:{settings.port}"
    lines = [
        f"# Postfix: relay all outgoing mail through {settings.host} (written by smtpwizard).",
        "# 1. Add these lines to /etc/postfix/main.cf",
    ]
    for note in notes(settings):
        lines += comment_lines(note, "#")
    lines += [f"relayhost = {nexthop}"]
    if settings.security is Security.NONE:
        lines += ["smtp_tls_security_level = may"]
    else:
        lines += [
            "smtp_tls_security_level = encrypt",
            "# 'secure' instead of 'encrypt' also verifies the server certificate (recommended",
            "# when smtp_tls_CAfile or smtp_tls_CApath points at the system's CA certificates).",
        ]
        if settings.security is Security.TLS:
            lines += [
                "# port " + str(settings.port) + " speaks TLS from the first byte:",
                "smtp_tls_wrappermode = yes",
            ]
    if settings.username:
        password = secret.value if secret.value is not None else PASSWORD_PLACEHOLDER
        lines += [
            "smtp_sasl_auth_enable = yes",
            "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd",
            "smtp_sasl_security_options = noanonymous",
            "smtp_sasl_tls_security_options = noanonymous",
            "",
            "# 2. Put this line in /etc/postfix/sasl_passwd"
            + ("" if secret.value is not None else f" (replace {PASSWORD_PLACEHOLDER})")
            + ",",
            "#    then run: chmod 600 /etc/postfix/sasl_passwd && postmap "
            "/etc/postfix/sasl_passwd && systemctl reload postfix",
            "#    (Debian/Ubuntu also need the libsasl2-modules package.)",
            f"{nexthop} {settings.username}:{password}",
        ]
    return "\n".join(lines) + "\n"


POSTFIX = ExportFormat(
    name="postfix",
    title=N_("Postfix relay (main.cf + sasl_passwd)"),
    description=N_(
        "relayhost and TLS/SASL settings for /etc/postfix/main.cf plus the sasl_passwd line."
    ),
    default_filename="postfix-relay.txt",
    renderer=render_postfix,
    private_file=True,
)
