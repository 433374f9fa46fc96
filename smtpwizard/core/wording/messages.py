"""Every word a person reads about a failure, in one place, keyed by failure code.

``describe(failure, provider)`` turns a :class:`~smtpwizard.core.models.Failure` (a stable code
plus parameters, never a secret) into a short title, a plain explanation and a concrete fix.
Provider-specific refinements (Gmail's app passwords, Microsoft's disabled password sign-in,
SendGrid's literal ``apikey`` user name, …) live in :mod:`smtpwizard.core.wording.provider_hints`.

Parameters the words use when the probe supplies them (all optional; a missing one is replaced
by a neutral phrase, so ``describe`` never raises):

``host``, ``port``, ``seconds``, ``names`` (the certificate's names, comma separated),
``not_before``, ``not_after``, ``not_yet_valid`` (``"yes"``), ``mechanisms`` (what the server
offers, comma separated), ``tls_version``, ``sender``, ``recipient``, ``provider_name``; for the
OAuth sign-in: ``oauth_provider`` (``Google``/``Microsoft``), ``config_file``, ``env_var``,
``app_password_url``; for incoming mail: ``protocol`` (``IMAP``/``POP3``), ``speaks``.

Strings are wrapped in ``N_()`` (:mod:`smtpwizard.core.wording.base`) for translation.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import replace

from smtpwizard.core.models import Attempt, Failure, Finding, Outcome, Security, StageName
from smtpwizard.core.wording.base import N_, Text, Words, _, translated
from smtpwizard.core.wording.codes import FailureCode, FindingCode
from smtpwizard.core.wording.provider_hints import (
    PROVIDER_NAMES,
    incoming_provider_words,
    provider_words,
)

C = FailureCode


# --- the generic words --------------------------------------------------------------------------

_GENERIC: dict[FailureCode, Words] = {
    C.DNS_NOT_FOUND: Words(
        N_("The server name does not exist"),
        N_(
            "The name {host} could not be found on the internet. Usually this is a typing "
            "mistake in the server name, or the name is out of date."
        ),
        N_(
            "Check the spelling of the outgoing (SMTP) server name. Your email provider's help "
            "pages list the correct one, for example smtp.yourprovider.com."
        ),
    ),
    C.DNS_FAILED: Words(
        N_("The server name could not be looked up"),
        N_(
            "This computer could not ask the internet's address book (DNS) where {host} is. "
            "This usually means the computer is offline or its network is not working properly."
        ),
        N_(
            "Check that this computer is connected to the internet (open any website). If you "
            "are on a company network or VPN, try again after connecting, or ask your IT "
            "department."
        ),
    ),
    C.NET_UNREACHABLE: Words(
        N_("The server cannot be reached from here"),
        N_(
            "This computer has no network path to {host}. The network is down, or a VPN or "
            "firewall is sending the traffic nowhere."
        ),
        N_(
            "Check your internet connection. If you use a VPN, try with it switched on or off. "
            "On a company network, ask your IT department whether outgoing mail is allowed."
        ),
    ),
    C.NET_REFUSED: Words(
        N_("Nothing answers on this port"),
        N_(
            "The server {host} is reachable, but nothing is listening on port {port}: the "
            "server turned the connection away at once. This port is simply not used for mail "
            "on that server."
        ),
        N_(
            "Use a different port. Most providers use 465 (SSL/TLS) or 587 (STARTTLS) for "
            "sending mail; check your provider's help pages for the right one."
        ),
    ),
    C.NET_TIMEOUT: Words(
        N_("This port seems to be blocked"),
        N_(
            "No answer came from {host} on port {port} within {seconds} seconds. Something "
            "between this computer and the server (a firewall, your internet provider, your "
            "antivirus or your company network) is silently dropping the connection."
        ),
        N_(
            "Use another port if one works ({other_ports}). To find out who blocks it, try "
            "from a "
            "different network, for example your phone's hotspot. On a company network, ask "
            "your IT department to allow outgoing connections to port {port}."
        ),
    ),
    C.NET_BLOCKED_LOCALLY: Words(
        N_("Your network blocks outgoing port {port} — not the server"),
        N_(
            "No answer came from {host} on port {port}, and neither from well-known mail "
            "servers tried for comparison ({references}). So it is not this server: something "
            "on this side — this computer's firewall, your router, your company's firewall, or "
            "your internet provider — blocks outgoing connections to port {port}."
        ),
        N_(
            "Use another port if one works. On a company, school, hotel or guest "
            "network, ask the people who run it to allow outgoing connections to port {port}, "
            "or try another network (for example your phone's hotspot). Check this computer's "
            "own firewall and security software too."
        ),
    ),
    C.NET_NO_GREETING: Words(
        N_("The server did not say hello"),
        N_(
            "The connection to {host} on port {port} opened, but the mail server never sent "
            "its greeting. This typically happens when the port expects encryption from the "
            "very first moment (SSL/TLS) and the program waits for a plain greeting."
        ),
        N_(
            "Choose SSL/TLS encryption for port {port} (port 465 almost always needs SSL/TLS), "
            "or use {other_secure}."
        ),
    ),
    C.NET_CLOSED: Words(
        N_("The server hung up"),
        N_(
            "The server {host} closed the connection on port {port} unexpectedly, in the middle "
            "of the conversation. Security software, an overloaded server or a network "
            "problem can cause this."
        ),
        N_(
            "Try again in a few minutes. If it keeps happening, try another port, and check "
            "whether antivirus or firewall software on this computer scans outgoing mail."
        ),
    ),
    C.SMTP_NOT_SMTP: Words(
        N_("This is not a mail server"),
        N_(
            "Something answered on {host} port {port}, but it does not speak the language of "
            "mail servers (SMTP). The server name or the port is probably wrong."
        ),
        N_(
            "Check the outgoing (SMTP) server name and port in your provider's help pages. Do "
            "not use the incoming (IMAP/POP) server name or port here."
        ),
    ),
    C.SMTP_GREETING_REJECTED: Words(
        N_("The server refused to talk to this computer"),
        N_(
            "The mail server {host} turned the connection away as soon as it opened. Servers "
            "do this when they are overloaded, or when the internet address you are connecting "
            "from is on a spam block list (common for home internet connections on port 25)."
        ),
        N_(
            "Use your provider's submission port (587 or 465) instead of port 25. If that also "
            "fails, try again later, and ask your provider whether your address is blocked; "
            "the server's reply below says more."
        ),
    ),
    C.SMTP_TEMPORARY: Words(
        N_("The server is busy for now"),
        N_("The server {host} reported a temporary problem and asked to try again later."),
        N_(
            "Wait a few minutes and test again. If it persists, contact your email provider "
            "and show them the server's reply below."
        ),
    ),
    C.TLS_WRONG_MODE: Words(
        N_("Wrong kind of encryption for this port"),
        N_(
            "The program tried to encrypt from the first moment (SSL/TLS), but the server on "
            "port {port} starts unencrypted and expects the encryption to be switched on later "
            "(STARTTLS)."
        ),
        N_(
            "Choose STARTTLS for port {port} instead of SSL/TLS (port 587 normally uses "
            "STARTTLS; port 465 uses SSL/TLS)."
        ),
    ),
    C.TLS_STARTTLS_UNAVAILABLE: Words(
        N_("The server does not offer encryption here"),
        N_(
            "The server {host} on port {port} did not offer to switch on encryption (STARTTLS). "
            "Either this port does not support it, or something in between (antivirus software, "
            "a company firewall, a hotel or café network) removed the offer — which would also "
            "let it read your password."
        ),
        N_(
            "Use {other_secure}. If every port lacks encryption, switch off mail scanning in "
            "your antivirus, or try another network."
        ),
    ),
    C.TLS_STARTTLS_REFUSED: Words(
        N_("The server refused to switch on encryption"),
        N_(
            "The server {host} on port {port} advertises encryption (STARTTLS) but refused to "
            "start it when asked."
        ),
        N_(
            "Try port 465 with SSL/TLS instead. If that fails too, tell your email provider; "
            "the server's reply below shows what it said."
        ),
    ),
    C.TLS_HANDSHAKE_FAILED: Words(
        N_("The secure connection could not be set up"),
        N_(
            "This computer and {host} could not agree on how to encrypt the connection on port "
            '{port} (the "TLS handshake" — the moment both sides set up encryption — failed '
            "or stalled). Old server software, an intercepting firewall or a network problem "
            "can cause this."
        ),
        N_(
            "Try the other encrypted port ({other_secure}). If it keeps failing, try another "
            "network and check whether antivirus or firewall software inspects encrypted "
            "connections."
        ),
    ),
    C.TLS_PROTOCOL_TOO_OLD: Words(
        N_("The server's encryption is outdated"),
        N_(
            "The server {host} only supports old versions of encryption (TLS 1.0 or 1.1) that "
            "are no longer considered safe, so this computer will not use them."
        ),
        N_(
            "Ask your email provider or the server's administrator to enable TLS 1.2 or newer. "
            "Until then there is no safe way to send your password to this server."
        ),
    ),
    C.TLS_CERT_SELF_SIGNED: Words(
        N_("The server's identity card is home-made"),
        N_(
            "To prove it really is {host}, a server shows a certificate — an identity card "
            "issued by a trusted authority. This server's certificate was made by the server "
            "itself, so nobody vouches for it; an attacker could present the same."
        ),
        N_(
            "If this is your own or your company's server, ask its administrator for a proper "
            "certificate (Let's Encrypt is free). Only if you are sure this is the right "
            "server may you accept this exact certificate (check its fingerprint with the "
            "administrator)."
        ),
    ),
    C.TLS_CERT_UNTRUSTED: Words(
        N_("The server's identity cannot be confirmed"),
        N_(
            "The server {host} showed a certificate (its identity card) that this computer "
            "cannot trace back to an authority it trusts. Either the server forgot to include "
            "part of the chain of certificates, it uses a private company authority, or "
            "antivirus or company security software is intercepting the connection."
        ),
        N_(
            "If antivirus software scans secure mail, switch that feature off and try again. "
            "On a company network, ask IT to install the company's certificate authority. "
            "Otherwise ask the server's administrator to serve the complete certificate chain."
        ),
    ),
    C.TLS_CERT_EXPIRED: Words(
        N_("The server's certificate has expired"),
        N_(
            "The server {host} showed a certificate (its identity card) that expired on "
            "{not_after} — or this computer's clock is wrong."
        ),
        N_(
            "First check that this computer's date and time are correct. If they are, the "
            "server's administrator or your email provider must renew the certificate."
        ),
    ),
    C.TLS_CERT_HOSTNAME_MISMATCH: Words(
        N_("The certificate is for a different name"),
        N_(
            "You asked for {host}, but the server's certificate (its identity card) is made "
            "out to {names}. Either the server name you entered is an alias the certificate "
            "does not cover, or the connection went somewhere else."
        ),
        N_(
            "Use the server name written on the certificate ({names}) if it belongs to your "
            "provider, or the exact name your provider documents. Do not accept the mismatch "
            "unless the server's administrator confirms it."
        ),
    ),
    C.TLS_CLIENT_CERT_REQUIRED: Words(
        N_("The server wants a client certificate"),
        N_(
            "The server {host} only accepts connections from computers that present their own "
            "certificate. This is a special company setup, not normal email sending."
        ),
        N_(
            "Ask the server's administrator which server and port to use for sending with a "
            "user name and password, or for the client certificate you need."
        ),
    ),
    C.AUTH_UNAVAILABLE_BEFORE_TLS: Words(
        N_("Sign-in is only offered after encryption"),
        N_(
            "The server {host} on port {port} does not allow signing in until the connection "
            "is encrypted. This is good practice; this pairing just did not encrypt."
        ),
        N_("Use port {port} with STARTTLS, or port 465 with SSL/TLS."),
    ),
    C.AUTH_UNAVAILABLE: Words(
        N_("No sign-in on this port"),
        N_(
            "The server {host} on port {port} does not offer any way to sign in. This port is "
            "for servers delivering mail to each other, not for sending your own mail."
        ),
        N_(
            "Use the provider's sending (submission) port, normally {other_secure}, and check "
            "the server name in your provider's help pages."
        ),
    ),
    C.AUTH_CLEARTEXT_REFUSED: Words(
        N_("Your password was not sent (no safe connection)"),
        N_(
            "This connection to {host} on port {port} is not encrypted with a verified "
            "certificate, so anyone on the network could read the password. smtpwizard did "
            "not send it."
        ),
        N_("Use an encrypted pairing: port 465 with SSL/TLS or port 587 with STARTTLS."),
    ),
    C.AUTH_NO_COMMON_MECHANISM: Words(
        N_("No common way to sign in"),
        N_(
            "The server {host} only offers sign-in methods this program cannot use with a "
            "password ({mechanisms}). Often this means the provider requires its own sign-in "
            '("Sign in with Google/Microsoft", called OAuth) instead of a password.'
        ),
        N_(
            "Check whether your provider offers app passwords or SMTP passwords for this "
            "account; otherwise use a mail program that supports the provider's own sign-in."
        ),
    ),
    C.AUTH_REJECTED: Words(
        N_("User name or password not accepted"),
        N_(
            "The server {host} refused the user name or password. Many providers do not accept "
            "your normal account password for mail programs, and need a special app password "
            "or SMTP key instead."
        ),
        N_(
            "Check the user name (usually your full email address) and the password, paying "
            "attention to capital letters. If your provider uses app passwords or SMTP keys, "
            "create one and use it instead of your normal password."
        ),
    ),
    C.AUTH_APP_PASSWORD_REQUIRED: Words(
        N_("An app password is needed"),
        N_(
            "Your account has extra sign-in protection (such as two-step verification), so the "
            "server does not accept your normal password from mail programs. It wants an app "
            "password: a separate password made just for one program."
        ),
        N_(
            "Create an app password in your email account's security settings and enter it here "
            "instead of your normal password."
        ),
    ),
    C.AUTH_WEB_LOGIN_REQUIRED: Words(
        N_("Your provider blocked the sign-in"),
        N_(
            "The provider stopped this sign-in for safety and wants you to confirm it is you, "
            "by signing in once in a web browser."
        ),
        N_(
            "Open your email in a web browser on this computer, sign in, and confirm any "
            "security alert saying a sign-in was blocked. Then test again."
        ),
    ),
    C.AUTH_BASIC_AUTH_DISABLED: Words(
        N_("Password sign-in is switched off for sending mail"),
        N_(
            "The provider does not allow mail programs to sign in with a password on this "
            "account; it was switched off by the provider or by your organisation."
        ),
        N_(
            "Ask your administrator to allow password sign-in for sending mail (SMTP) for this "
            "mailbox, or use a mail program that supports the provider's own sign-in (OAuth)."
        ),
    ),
    C.AUTH_RATE_LIMITED: Words(
        N_("Too many sign-in attempts"),
        N_(
            "The server {host} is temporarily refusing sign-ins, usually after several attempts "
            "in a short time."
        ),
        N_(
            "Wait 15 minutes or more before trying again, and make sure no other program or "
            "device keeps trying with an old password."
        ),
    ),
    C.AUTH_ENCRYPTION_REQUIRED: Words(
        N_("The server wants encryption first"),
        N_(
            "The server {host} on port {port} insists that the connection is encrypted before "
            "you sign in or send."
        ),
        N_("Use port 587 with STARTTLS or port 465 with SSL/TLS."),
    ),
    C.AUTH_OAUTH_TOKEN_REJECTED: Words(
        N_("The sign-in has expired or was withdrawn"),
        N_(
            "The server {host} did not accept the sign-in for this account. A sign-in with "
            "{oauth_provider} is renewed automatically while it is valid; this one has expired, "
            "was withdrawn (for example after a password change, or when access was removed in "
            "the account's security settings), or belongs to a different account than the user "
            "name."
        ),
        N_(
            "Sign in again, and in the browser choose the same account as the user name. If it "
            "keeps failing, remove smtpwizard's access in your account's security settings and "
            "sign in once more."
        ),
    ),
    C.AUTH_OAUTH_SMTP_DISABLED: Words(
        N_("Sending through mail programs is switched off for this mailbox"),
        N_(
            'The sign-in itself worked, but sending mail through mail programs ("SMTP AUTH") is '
            "switched off for this mailbox or for the whole organisation. That switch blocks the "
            "secure sign-in (OAuth) too, not only passwords."
        ),
        N_(
            "Ask your administrator to allow authenticated SMTP for this mailbox. Signing in "
            "again does not help until they do."
        ),
    ),
    C.AUTH_OAUTH_CONSENT_REFUSED: Words(
        N_("The sign-in was cancelled"),
        N_(
            "In the browser, the sign-in with {oauth_provider} was cancelled or the permission "
            "to send email was declined, so smtpwizard got no access to this account."
        ),
        N_(
            "Start the sign-in again and choose Allow (or Accept) when asked whether smtpwizard "
            "may send email as you. If your organisation lets only approved apps in, ask your "
            "administrator to approve smtpwizard first."
        ),
    ),
    C.AUTH_OAUTH_NOT_CONFIGURED: Words(
        N_("Sign-in with {oauth_provider} is not set up"),
        N_(
            "To let you sign in with {oauth_provider}, smtpwizard needs a client ID: the name "
            "under which an application is registered with {oauth_provider}. None is set up on "
            "this computer."
        ),
        N_(
            "Put the client ID in {config_file} or in the environment variable {env_var} (the "
            "README's OAuth section explains how to get one), or ask whoever installed "
            "smtpwizard for it."
        ),
    ),
    C.AUTH_OAUTH_TIMED_OUT: Words(
        N_("The sign-in took too long"),
        N_(
            "smtpwizard waited {seconds} seconds for the sign-in with {oauth_provider} to be "
            "finished in the browser, then stopped waiting."
        ),
        N_(
            "Start the sign-in again and finish it in the browser window that opens. If no "
            "window appears, open the address smtpwizard shows in a browser on this computer."
        ),
    ),
    C.AUTH_OAUTH_FAILED: Words(
        N_("The sign-in could not be completed"),
        N_(
            "Signing in with {oauth_provider} did not finish: the answer that came back could "
            "not be used (the technical detail says why). Nothing was saved."
        ),
        N_(
            "Try again. If it keeps failing, check that this computer's date and time are "
            "right and that the internet connection works, and pass the technical detail on to "
            "whoever supports you."
        ),
    ),
    C.SEND_UNAUTHENTICATED: Words(
        N_("Sending needs a sign-in"),
        N_("The server {host} only sends mail for people who sign in first."),
        N_("Enter your user name and password (or app password) and test again."),
    ),
    C.SEND_SENDER_REJECTED: Words(
        N_("This sender address is not allowed"),
        N_("The server accepted your sign-in, but does not let this account send as {sender}."),
        N_(
            "Send from the address that belongs to the account you signed in with, or add "
            "{sender} as an allowed (verified) sender address in your provider's settings."
        ),
    ),
    C.SEND_RELAY_DENIED: Words(
        N_("The server will not pass the message on"),
        N_(
            "The server {host} refused to deliver to {recipient}: it only forwards mail for "
            "people who are signed in, or only for its own addresses."
        ),
        N_(
            "Sign in with your user name and password, and use your provider's sending server "
            "rather than a server that only receives mail."
        ),
    ),
    C.SEND_RECIPIENT_REJECTED: Words(
        N_("The recipient was refused"),
        N_("The server {host} did not accept the recipient {recipient}."),
        N_(
            "Check the recipient's address for typing mistakes. Some services (for example "
            "trial accounts) only send to addresses you have confirmed first."
        ),
    ),
    C.SEND_TEMPORARY: Words(
        N_("Sending is delayed for now"),
        N_(
            "The server {host} asked to try sending again later. This is normal now and then "
            "(for example as a spam defence) and usually clears up by itself."
        ),
        N_("Wait a few minutes and test again."),
    ),
    C.IMAP_WRONG_PROTOCOL: Words(
        N_("This port does not speak {protocol}"),
        N_(
            "Something answered on port {port} of {host}, but not as a {protocol} server would. "
            "The port probably belongs to another service (for example sending mail, SMTP), "
            "or the server name is not the incoming server."
        ),
        N_(
            "Check the incoming server name and port in your provider's help pages. IMAP "
            "normally uses 993 (SSL/TLS) or 143 (STARTTLS), POP3 995 (SSL/TLS) or 110 "
            "(STARTTLS)."
        ),
    ),
    C.IMAP_GREETING_REJECTED: Words(
        N_("The incoming server turned the connection away"),
        N_(
            "The {protocol} server {host} answered on port {port}, but refused to talk to this "
            "computer right away (it said goodbye instead of hello). Servers do this when they "
            "are overloaded, in maintenance, or block this network."
        ),
        N_(
            "Try again in a few minutes. If it keeps happening, try another network, or ask "
            "your provider whether connections from your network are blocked."
        ),
    ),
    C.IMAP_LOGIN_DISABLED: Words(
        N_("Signing in with a password is switched off here"),
        N_(
            "The {protocol} server {host} does not accept a user name and password on port "
            "{port}. Either the account must first be allowed to use {protocol} (many "
            "providers switch it off until you turn it on in the web mail settings), or the "
            "server only takes passwords over an encrypted connection."
        ),
        N_(
            "Sign in to your web mail, open the settings for POP3/IMAP access and allow it. "
            "Then use an encrypted connection: port 993 (IMAP, SSL/TLS) or 995 (POP3, SSL/TLS)."
        ),
    ),
    C.IMAP_NO_INBOX: Words(
        N_("Signed in, but the inbox cannot be opened"),
        N_(
            "The {protocol} server {host} accepted your sign-in, but could not open the inbox "
            "(read-only). The mailbox may be new and not set up yet, locked by another "
            "program, over its storage limit, or damaged."
        ),
        N_(
            "Open your web mail once and check that the inbox shows. If it does, wait a few "
            "minutes and test again; if not, contact your provider."
        ),
    ),
    C.SEND_QUOTA_EXCEEDED: Words(
        N_("Sending limit reached"),
        N_("The account has sent as many messages as it is allowed to for now."),
        N_(
            "Wait until the limit resets (often after 24 hours), or ask your provider for a "
            "higher sending limit."
        ),
    ),
}


# --- port- and parameter-specific refinements of the generic words -----------------------------

_PORT_25_TIMEOUT = Words(
    explanation=N_(
        "No answer came from {host} on port 25 within {seconds} seconds. Many internet "
        "providers and cloud hosts block port 25 for everyone, to stop spam sent from infected "
        "computers."
    ),
    fix=N_(
        "Many internet providers and cloud hosts block port 25; use 587 (STARTTLS) or 465 "
        "(SSL/TLS) instead. Those ports are meant for sending your own mail."
    ),
)

_PORT_25_BLOCKED_LOCALLY = Words(
    fix=N_(
        "Your internet provider most likely blocks port 25 for everyone (a common rule against "
        "spam from home connections). Use 587 (STARTTLS) or 465 (SSL/TLS), which are meant for "
        "sending your own mail; or ask the provider to lift the port-25 block."
    ),
)

# the reference servers answered on the same port: this server (or its network) is silent
_TIMEOUT_SERVER_SILENT = Words(
    explanation=N_(
        "No answer came from {host} on port {port} within {seconds} seconds, although "
        "well-known mail servers ({references}) answered on the same port from here. So this "
        "network lets port {port} out: the server or its network does not answer on that port."
    ),
    fix=N_(
        "Use another port if one works (465 or 587). Check the server name and port in your "
        "provider's help pages; if they are right, the server may be down or protected by a "
        "firewall that lets only certain addresses in — ask the provider or the server's "
        "administrator."
    ),
)

_NOT_YET_VALID = Words(
    title=N_("The server's certificate is not valid yet"),
    explanation=N_(
        "The server {host} showed a certificate (its identity card) that only becomes valid "
        "on {not_before}. Most likely this computer's date or time is wrong."
    ),
    fix=N_("Correct this computer's date and time (turn on automatic time), then test again."),
)

# an untrusted certificate on one port while the same server verified on another: the likelier
# cause is someone in the middle, not a missing company authority
_UNTRUSTED_BUT_TRUSTED_ELSEWHERE = Words(
    title=N_("Someone may be intercepting this connection"),
    explanation=N_(
        "On port {trusted_on_port} the server {host} showed a certificate this computer trusts, "
        "but on port {port} it showed one that cannot be traced to any trusted authority. A "
        "server normally shows the same identity on every port, so antivirus or company "
        "security software, or someone on this network, may be intercepting this connection."
    ),
    fix=N_(
        "Do not accept this certificate and do not send your password over this port. Use port "
        "{trusted_on_port}, and check whether antivirus or network security software inspects "
        "encrypted mail; on an unknown network (hotel, café), use another one."
    ),
)

# Whole phrases replaced when their parameter is missing, so the words still read naturally
# ("The server refused …" rather than "The server the server refused …"). Applied in order,
# before the single-word fallbacks below. Both sides are translated at use: a translator gives
# the phrase as it appears in their own templates (when it does not, the word fallback applies).
_PHRASE_FALLBACKS: tuple[tuple[str, str, str], ...] = (
    ("host", N_("The name {host} could"), N_("The server name could")),
    ("host", N_("The mail server {host}"), N_("The mail server")),
    ("host", N_("The server {host}"), N_("The server")),
    ("host", N_("the server {host}"), N_("the server")),
    ("host", N_("really is {host}"), N_("really is the right server")),
    ("port", N_("port {port}"), N_("this port")),
    ("seconds", N_(" within {seconds} seconds"), N_(" in time")),
    ("names", N_(" ({names})"), ""),
    ("names", N_("made out to {names}"), N_("made out to another name")),
    ("mechanisms", N_(" ({mechanisms})"), ""),
    ("not_after", N_(" on {not_after}"), ""),
    ("not_before", N_("on {not_before}"), N_("later")),
    ("recipient", N_("the recipient {recipient}"), N_("the recipient")),
    ("sender", N_("send as {sender}"), N_("send from this address")),
)

_STARTTLS_MISSING_BUT_AUTH = Words(
    explanation=N_(
        "The server {host} on port {port} offers to take your password without encryption, "
        "and does not offer to switch encryption on (STARTTLS). Either the server is set up "
        "unsafely, or something in between (antivirus software, a company firewall, a public "
        "network) removed the offer — and could read your password. smtpwizard did not send "
        "it."
    ),
)

_OAUTH_NOT_CONFIGURED_APP_PASSWORD = Words(
    fix=N_(
        "Until a client ID is set up, use an app password instead of signing in: create one "
        "at {app_password_url} and enter it as the password. To set up sign-in, put the "
        "client ID in {config_file} or in the environment variable {env_var}."
    ),
)

#: The sign-in page's one plain sentence when sign-in with Google/Microsoft is not set up and the
#: address accepts no passwords (Outlook.com, Microsoft 365). No file paths or variable names on
#: the page: those are in the README's OAuth section and in the report.
OAUTH_NOT_CONFIGURED_PAGE = N_(
    "This copy of smtpwizard is not set up for signing in with {oauth_provider}, and this "
    "address no longer accepts passwords from mail programs. Ask whoever installed smtpwizard "
    "for you (or your IT department) to set up {oauth_provider} sign-in; until then this "
    "address cannot be used here."
)

#: "Send test email": the line added to the main answer (Testing and Result pages).
TEST_MESSAGE_SENT = N_("Test message sent to {recipient} at {time}.")
TEST_MESSAGE_REFUSED = N_("The test message to {recipient} was refused: {title}. {fix}")
TEST_MESSAGE_SENDING = N_("Sending a test message to {recipient}…")

#: Matrix cells that did not work but are expected not to, for this use (grey, not red);
#: marked here, translated where they are shown (``cell_kind``).
CELL_FOR_SERVERS = N_("For servers only")
CELL_NEEDS_ENCRYPTION = N_("Needs encryption — see STARTTLS")
CELL_USES_TLS = N_("Uses SSL/TLS — see SSL/TLS")
CELL_USES_STARTTLS = N_("Uses STARTTLS — see STARTTLS")
CELL_NOT_OFFERED = N_("Not offered here")
CELL_BLOCKED_NOT_NEEDED = N_("No answer — not needed")
CELL_NO_STARTTLS = N_("No STARTTLS here")

_FALLBACKS: dict[str, str] = {
    "host": N_("the server"),
    "port": N_("this port"),
    "seconds": N_("several"),
    "names": N_("another name"),
    "not_before": N_("a later date"),
    "not_after": N_("a date that has passed"),
    "mechanisms": N_("none this program can use"),
    "sender": N_("this address"),
    "recipient": N_("this recipient"),
    "tls_version": N_("an old version"),
    "provider_name": N_("your provider"),
    "oauth_provider": N_("your provider"),
    "config_file": N_("smtpwizard's OAuth settings file (oauth.toml)"),
    "env_var": N_("for the provider's client ID"),
    "app_password_url": N_("your account's security settings"),
    "references": N_("other mail servers"),
    "other_ports": N_("465 or 587"),
    "other_secure": N_("port 465 with SSL/TLS or port 587 with STARTTLS"),
    "protocol": N_("incoming mail (IMAP/POP3)"),
}

#: The usual secure submission pairings (RFC 8314), offered as alternatives in advice.
_SECURE_ALTERNATIVES: tuple[tuple[int, str], ...] = (
    (465, N_("port 465 with SSL/TLS")),
    (587, N_("port 587 with STARTTLS")),
)


def _alternatives(values: dict[str, str]) -> None:
    """Advice never names the port that just failed: ``other_ports``/``other_secure`` leave
    out the failed port (when it is known)."""
    port = values.get("port", "")
    others = [(p, words) for p, words in _SECURE_ALTERNATIVES if str(p) != port]
    if port and len(others) < len(_SECURE_ALTERNATIVES):
        values.setdefault("other_ports", _(" or ").join(str(p) for p, _words in others))
        values.setdefault("other_secure", _(" or ").join(_(words) for _p, words in others))


class _Params(dict[str, str]):
    """Format parameters that never raise: a missing name becomes a neutral phrase."""

    def __missing__(self, key: str) -> str:
        return _(_FALLBACKS[key]) if key in _FALLBACKS else "…"


_FORMATTER = string.Formatter()


def _fill(template: str, params: Mapping[str, str]) -> str:
    for key, phrase, replacement in _PHRASE_FALLBACKS:
        if key not in params:
            template = template.replace(_(phrase), _(replacement) if replacement else "")
    try:
        return _FORMATTER.vformat(template, (), params)
    except (ValueError, IndexError, KeyError, AttributeError, TypeError):
        # A template with a bad placeholder must never break a report; show it unfilled.
        return template


def _params(failure: Failure, provider: str | None) -> _Params:
    values = _Params()
    for key, value in dict(failure.params).items():
        text = " ".join(str(value).split())
        if text:
            values[str(key)] = text
    if provider and "provider_name" not in values:
        values["provider_name"] = provider_name(provider)
    _alternatives(values)
    return values


def _merge(base: Words, over: Words | None) -> Words:
    if over is None:
        return base
    return Words(
        title=over.title or base.title,
        explanation=over.explanation or base.explanation,
        fix=over.fix or base.fix,
    )


def words(failure: Failure, provider: str | None = None) -> Words:
    """The unfilled templates for ``failure`` (generic, then port/param, then provider)."""
    result = _GENERIC[failure.code]
    port = str(failure.params.get("port", ""))
    if failure.code is C.NET_TIMEOUT and port == "25":
        result = _merge(result, _PORT_25_TIMEOUT)
    if failure.code is C.NET_TIMEOUT and failure.params.get("egress") == "open":
        result = _merge(result, _TIMEOUT_SERVER_SILENT)
    if failure.code is C.NET_BLOCKED_LOCALLY and port == "25":
        result = _merge(result, _PORT_25_BLOCKED_LOCALLY)
    if failure.code is C.TLS_CERT_EXPIRED and failure.params.get("not_yet_valid") == "yes":
        result = _merge(result, _NOT_YET_VALID)
    if failure.code is C.TLS_CERT_UNTRUSTED and failure.params.get("trusted_on_port"):
        result = _merge(result, _UNTRUSTED_BUT_TRUSTED_ELSEWHERE)
    if failure.code is C.TLS_STARTTLS_UNAVAILABLE and failure.params.get("auth_offered") == "yes":
        result = _merge(result, _STARTTLS_MISSING_BUT_AUTH)
    if failure.code is C.AUTH_OAUTH_NOT_CONFIGURED and failure.params.get("app_password_url"):
        result = _merge(result, _OAUTH_NOT_CONFIGURED_APP_PASSWORD)
    if provider:
        result = _merge(result, provider_words(provider, failure.code))
        if failure.params.get("protocol"):  # an incoming-mail (IMAP/POP3) failure
            result = _merge(result, incoming_provider_words(provider, failure.code))
    return _translated(result)


def _translated(template: Words) -> Words:
    """The templates in the current language (looked up now, not when the tables were built)."""
    return Words(
        title=translated(template.title) if template.title else template.title,
        explanation=(
            translated(template.explanation) if template.explanation else template.explanation
        ),
        fix=translated(template.fix) if template.fix else template.fix,
    )


def describe(failure: Failure, provider: str | None = None) -> Text:
    """The words for ``failure``, refined for ``provider`` (a provider id) when known.

    Never raises, whatever the parameters hold: a missing parameter becomes a neutral phrase.
    """
    template = words(failure, provider)
    values = _params(failure, provider)
    return Text(
        title=_fill(template.title or "", values),
        explanation=_fill(template.explanation or "", values),
        fix=_fill(template.fix or "", values),
    )


def failure_with_facts(attempt: Attempt) -> Failure | None:
    """The attempt's failure, its parameters completed from what the attempt observed.

    The classifier knows only the exception; the attempt also knows the certificate (its
    names and dates) and the offered sign-in methods, which make the words concrete.
    """
    failure = attempt.failure
    if failure is None:
        return None
    params = dict(failure.params)
    params.setdefault("host", attempt.host)
    params.setdefault("port", str(attempt.pairing.port))
    tls = attempt.tls
    if tls is not None:
        if tls.names:
            params.setdefault("names", ", ".join(tls.names))
        if tls.not_after:
            params.setdefault("not_after", tls.not_after)
        if tls.not_before:
            params.setdefault("not_before", tls.not_before)
        if tls.version:
            params.setdefault("tls_version", tls.version)
    mechanisms = attempt.auth_mechanisms or attempt.auth_mechanisms_before_tls
    if mechanisms:
        params.setdefault("mechanisms", ", ".join(mechanisms))
    return replace(failure, params=params)


def describe_attempt(attempt: Attempt, provider: str | None = None) -> Text | None:
    """The words for an attempt's failure, with the facts it observed filled in."""
    failure = failure_with_facts(attempt)
    return None if failure is None else describe(failure, provider)


def title(code: FailureCode, provider: str | None = None) -> str:
    """The short title of ``code`` without parameters (for lists and matrix tooltips)."""
    return describe(Failure(code), provider).title


def headline(code: FailureCode, provider: str | None = None) -> str:
    """One line for a summary or verdict, e.g. "Gmail: An app password is needed"."""
    text = title(code, provider)
    if provider:
        return _("{provider}: {text}").format(provider=provider_name(provider), text=text)
    return text


# --- importance: which problem to name first -----------------------------------------------------

# Most important first: the problem the person must act on, in the order a support person would
# tackle it. Sign-in trouble beats certificate trouble beats encryption-mode trouble beats blocked
# ports; trouble that merely marks a port as unsuitable (nothing listens, no sign-in on the relay
# port, our own refusal to send a password in the clear) comes last.
_ORDER: tuple[FailureCode, ...] = (
    C.AUTH_APP_PASSWORD_REQUIRED,
    C.AUTH_OAUTH_SMTP_DISABLED,
    C.AUTH_BASIC_AUTH_DISABLED,
    C.AUTH_WEB_LOGIN_REQUIRED,
    C.AUTH_OAUTH_TOKEN_REJECTED,
    C.AUTH_REJECTED,
    C.AUTH_RATE_LIMITED,
    C.AUTH_NO_COMMON_MECHANISM,
    C.AUTH_OAUTH_CONSENT_REFUSED,
    C.AUTH_OAUTH_NOT_CONFIGURED,
    C.AUTH_OAUTH_TIMED_OUT,
    C.AUTH_OAUTH_FAILED,
    C.SEND_SENDER_REJECTED,
    C.SEND_QUOTA_EXCEEDED,
    C.SEND_UNAUTHENTICATED,
    C.SEND_RELAY_DENIED,
    C.SEND_RECIPIENT_REJECTED,
    C.SEND_TEMPORARY,
    C.TLS_CERT_EXPIRED,
    C.TLS_CERT_HOSTNAME_MISMATCH,
    C.TLS_CERT_SELF_SIGNED,
    C.TLS_CERT_UNTRUSTED,
    C.TLS_CLIENT_CERT_REQUIRED,
    C.TLS_PROTOCOL_TOO_OLD,
    C.TLS_STARTTLS_UNAVAILABLE,
    C.TLS_STARTTLS_REFUSED,
    C.TLS_HANDSHAKE_FAILED,
    C.IMAP_LOGIN_DISABLED,
    C.IMAP_NO_INBOX,
    C.SMTP_GREETING_REJECTED,
    C.IMAP_GREETING_REJECTED,
    C.AUTH_ENCRYPTION_REQUIRED,
    C.TLS_WRONG_MODE,
    C.NET_NO_GREETING,
    C.SMTP_TEMPORARY,
    C.SMTP_NOT_SMTP,
    C.IMAP_WRONG_PROTOCOL,
    C.DNS_NOT_FOUND,
    C.DNS_FAILED,
    C.NET_UNREACHABLE,
    C.NET_BLOCKED_LOCALLY,
    C.NET_TIMEOUT,
    C.NET_CLOSED,
    C.AUTH_UNAVAILABLE_BEFORE_TLS,
    C.AUTH_CLEARTEXT_REFUSED,
    C.AUTH_UNAVAILABLE,
    C.NET_REFUSED,
)


def importance(code: FailureCode) -> int:
    """Higher means more important to tell the person first (a total order over all codes)."""
    return len(_ORDER) - _ORDER.index(code)


# --- small words shared by the matrix, the report and the CLI -----------------------------------


def outcome_label(outcome: Outcome) -> str:
    return {
        Outcome.OK: _("works"),
        Outcome.FAILED: _("failed"),
        Outcome.UNFINISHED: _("no answer yet (likely blocked)"),
        Outcome.SKIPPED: _("not tested"),
    }[outcome]


def outcome_symbol(outcome: Outcome) -> str:
    return {Outcome.OK: "✓", Outcome.FAILED: "✗", Outcome.UNFINISHED: "…", Outcome.SKIPPED: "—"}[
        outcome
    ]


_SECURITY_LABELS: dict[Security, str] = {
    Security.NONE: N_("Plain"),
    Security.STARTTLS: "STARTTLS",
    Security.TLS: "SSL/TLS",
}


def security_label(security: Security) -> str:
    """The column name of an encryption mode: "SSL/TLS", "STARTTLS", "Plain" (translated)."""
    return _(_SECURITY_LABELS[security])


def stage_label(stage: StageName) -> str:
    return {
        StageName.RESOLVE: _("Find the server"),
        StageName.CONNECT: _("Connect"),
        StageName.TLS: _("Encrypt (SSL/TLS)"),
        StageName.GREETING: _("Server greeting"),
        StageName.EHLO: _("Introduce ourselves"),
        StageName.STARTTLS: _("Switch on encryption (STARTTLS)"),
        StageName.EHLO_TLS: _("Introduce ourselves again, encrypted"),
        StageName.AUTH: _("Sign in"),
        StageName.SENDER: _("Check the sender address"),
        StageName.SEND: _("Send a test message"),
        StageName.CAPABILITY: _("Ask what the server can do"),
        StageName.CAPABILITY_TLS: _("Ask again, encrypted"),
        StageName.INBOX: _("Open the inbox (read-only)"),
    }[stage]


def provider_name(provider: str | None) -> str:
    """The display name of a provider id (``"gmail"`` → ``"Gmail"``); unknown ids pass through."""
    if not provider:
        return _("your provider")
    return PROVIDER_NAMES.get(provider, provider)


# --- findings: facts beyond one port (sender domain, certificate, identity, egress) -------------

# Parameters: ``domain``, ``record`` (the TXT record found), ``include`` (a sending service's SPF
# mechanism, e.g. ``include:sendgrid.net``), ``service``, ``addresses``, ``result`` (SPF result),
# ``policy``, ``selectors``, ``days``, ``not_after``, ``tls_version``, ``legacy_versions``,
# ``ports``, ``names``, ``port``, ``references``, ``firewall``, ``command``, ``reason``.
F = FindingCode

_FINDINGS: dict[FindingCode, Words] = {
    F.SENDER_SPF_MISSING: Words(
        N_("{domain} has no SPF record"),
        N_(
            "The domain of your sender address ({domain}) does not publish an SPF record — the "
            "list of servers allowed to send its mail. Receiving servers then trust its mail "
            "less, and much of it may land in spam or be refused."
        ),
        N_(
            "Ask whoever manages the domain's DNS to add a TXT record on {domain}, for example "
            '"v=spf1 {include} ~all".'
        ),
    ),
    F.SENDER_SPF_FAIL: Words(
        N_("The SPF record of {domain} does not allow this server"),
        N_(
            "The SPF record of {domain} lists the servers allowed to send its mail, and the "
            "server tested here ({addresses}) is not among them (result: {result}). Receiving "
            "servers may put the mail in spam or refuse it."
        ),
        N_("Add {include} to the SPF record of {domain} (a TXT record starting with v=spf1)."),
    ),
    F.SENDER_SPF_ERROR: Words(
        N_("The SPF record of {domain} is broken"),
        N_(
            "The SPF record of {domain} cannot be used by receiving servers: {reason}. A broken "
            "record counts as an error, and mail may be refused or put in spam."
        ),
        N_(
            "Fix the TXT record starting with v=spf1 on {domain}: keep exactly one, check its "
            "spelling, and keep it within 10 DNS look-ups (include, a, mx, exists, redirect)."
        ),
    ),
    F.SENDER_SPF_OK: Words(
        N_("The SPF record of {domain} allows this server"),
        N_("The SPF record of {domain} lists the server tested here (result: {result})."),
        "",
    ),
    F.SENDER_DMARC_MISSING: Words(
        N_("{domain} has no DMARC policy"),
        N_(
            "Neither {domain} nor its parent domain publishes a DMARC policy (a TXT record at "
            "_dmarc.{domain}). Large mail services (Gmail, Yahoo, Microsoft) expect one from "
            "domains that send regularly."
        ),
        N_(
            'Add a TXT record at _dmarc.{domain}, to start with "v=DMARC1; p=none; '
            'rua=mailto:dmarc-reports@{domain}", and tighten it to p=quarantine once the '
            "reports look right."
        ),
    ),
    F.SENDER_DMARC_NONE: Words(
        N_("The DMARC policy of {domain} only watches"),
        N_(
            "The DMARC policy of {domain} (found at {record_name}) is p=none: receiving "
            "servers only report problems and do not protect your domain against forged mail."
        ),
        N_(
            "When the reports show that all your real mail passes, change the policy at "
            "{record_name} to p=quarantine (then p=reject)."
        ),
    ),
    F.SENDER_DMARC_OK: Words(
        N_("{domain} has a DMARC policy ({policy})"),
        N_("The DMARC policy at {record_name} is p={policy}."),
        "",
    ),
    F.SENDER_DKIM_MISSING: Words(
        N_("No DKIM key for {service} on {domain}"),
        N_(
            "Mail sent through {service} is signed with DKIM, but {domain} publishes no key at "
            "{service}'s usual selectors ({selectors}). Without it the signature cannot be "
            "checked and the mail is trusted less."
        ),
        N_(
            "Turn on DKIM for {domain} in {service}'s settings and publish the DNS record it "
            "shows (usually at {first_selector}._domainkey.{domain})."
        ),
    ),
    F.SENDER_DKIM_OK: Words(
        N_("{domain} publishes a DKIM key for {service}"),
        N_("A DKIM key was found at {selectors}."),
        "",
    ),
    F.SENDER_LOOKUP_FAILED: Words(
        N_("The sender domain could not be checked"),
        N_(
            "The name server did not answer the questions about {domain} ({reason}), so "
            "whether its mail will be trusted is not known."
        ),
        N_("Test again when the internet connection works."),
    ),
    F.TLS_CERT_EXPIRING: Words(
        N_("The server's certificate expires in {days} day(s)"),
        N_(
            "The certificate of {host} (port {port}) is valid until {not_after}. After that, "
            "programs will refuse to send mail through it until it is renewed."
        ),
        N_(
            "Nothing to do on this computer. If you run the server, renew the certificate now; "
            "otherwise tell the provider."
        ),
    ),
    F.TLS_VERSION: Words(
        N_("Encryption: {tls_version}"),
        N_("The server encrypts with {tls_version} (port {port})."),
        "",
    ),
    F.TLS_LEGACY_ACCEPTED: Words(
        N_("The server also accepts old encryption ({legacy_versions})"),
        N_(
            "Besides {tls_version}, the server {host} still accepts {legacy_versions}, which "
            "are outdated. smtpwizard never uses them; older programs might."
        ),
        N_(
            "Nothing to do on this computer. If you run the server, switch off TLS 1.0 and 1.1 "
            "in its settings."
        ),
    ),
    F.TLS_LEGACY_UNTESTED: Words(
        N_("Old encryption could not be tested from here"),
        N_(
            "Whether the server still accepts TLS 1.0/1.1 is not known: {reason}. This "
            "computer's OpenSSL security level refuses these old versions as a client."
        ),
        "",
    ),
    F.SMTP_IDENTITY_DIFFERS: Words(
        N_("Different machines answer on different ports"),
        N_(
            "On port {port} the answer came from {names}, while the other ports answered as "
            "{expected}. Something in between — your internet provider's mail filter, "
            "antivirus software or a public network's login page — answers on port {port} in "
            "the server's place."
        ),
        N_(
            "Use one of the ports that reached the real server. If port {port} matters to you, "
            "check antivirus mail scanning and ask the network's provider whether they "
            "intercept it."
        ),
    ),
    F.NET_EGRESS_BLOCKED: Words(
        N_("Port {port} is blocked on this network"),
        N_("Reference servers ({references}) did not answer on port {port} from here either."),
        "",
    ),
    F.NET_EGRESS_OPEN: Words(
        N_("Port {port} is open on this network"),
        N_("Reference servers ({references}) answered on port {port} from here."),
        "",
    ),
    F.FIREWALL_RULE: Words(
        N_("This computer's firewall ({firewall}) blocks outgoing port {port}"),
        N_(
            "The firewall's own settings show a rule that stops outgoing connections to port "
            "{port}: {rule}"
        ),
        N_("To allow it (needs an administrator): {command}"),
    ),
    F.FIREWALL_ADVICE: Words(
        N_("Check this computer's firewall for outgoing port {port}"),
        N_("{advice}"),
        N_("{command}"),
    ),
}


def describe_finding(finding: Finding) -> Text:
    """The words for ``finding`` (never raises; a missing parameter becomes a neutral phrase)."""
    template = _translated(_FINDINGS[finding.code])
    values = _Params()
    for key, value in dict(finding.params).items():
        text = " ".join(str(value).split())
        if text:
            values[str(key)] = text
    return Text(
        title=_fill(template.title or "", values),
        explanation=_fill(template.explanation or "", values),
        fix=_fill(template.fix or "", values),
    )
