"""Provider-specific refinements of the failure words (part of the wording of messages.py).

Each entry refines the generic words of :mod:`smtpwizard.core.wording.messages` for one provider id
and one failure code; fields left ``None`` keep the generic text. Marked with ``N_`` (this is a
table built at import): ``messages.words`` translates what it picks. Facts are kept conservative
(what the providers document for SMTP sending with a password or key).
"""

from __future__ import annotations

from smtpwizard.core.wording.base import N_, Words, joined
from smtpwizard.core.wording.codes import FailureCode

C = FailureCode

PROVIDER_NAMES: dict[str, str] = {
    "gmail": "Gmail",
    "google-workspace": "Google Workspace",
    "outlook": "Outlook.com",
    "microsoft365": "Microsoft 365",
    "yahoo": "Yahoo Mail",
    "aol": "AOL Mail",
    "icloud": "iCloud Mail",
    "zoho": "Zoho Mail",
    "fastmail": "Fastmail",
    "sendgrid": "SendGrid",
    "amazon-ses": "Amazon SES",
    "mailgun": "Mailgun",
    "postmark": "Postmark",
    "brevo": "Brevo",
    "gmx": "GMX",
    "gmx-com": "GMX",
    "web-de": "WEB.DE",
    "mail-com": "mail.com",
}

# --- shared pieces -----------------------------------------------------------------------------

_GOOGLE_APP_PASSWORD = N_(
    "Turn on 2-Step Verification for the Google account (https://myaccount.google.com/security), "
    "then create an app password at https://myaccount.google.com/apppasswords and enter the "
    "16 letters it shows here instead of your normal password. The user name stays your full "
    "email address."
)
_GOOGLE_WEB_LOGIN = N_(
    "Sign in to https://mail.google.com in a web browser on this computer, and confirm any "
    '"Was this you?" alert at https://myaccount.google.com/notifications. Then test again. '
    "If it keeps happening, use an app password (https://myaccount.google.com/apppasswords)."
)
_MS365_ADMIN = N_(
    "Microsoft 365 switches password sign-in for sending mail (SMTP AUTH) off by default and "
    "is retiring it. An administrator can turn it on for this mailbox: Microsoft 365 admin "
    "center → Users → Active users → this user → Mail → Manage email apps → tick "
    '"Authenticated SMTP" (it must also be allowed for the organisation, and no security '
    "policy may block it). The lasting fix is a mail program that signs in with Microsoft "
    '(OAuth, "modern authentication").'
)
_GOOGLE_OAUTH_AGAIN = N_(
    "Sign in with Google again and pick the account of this user name. Google withdraws a "
    "sign-in when the password changes, when access is removed at "
    "https://myaccount.google.com/permissions, or after 7 days while the app's consent screen "
    'is still in "Testing" mode; then simply sign in once more.'
)
_MICROSOFT_OAUTH_AGAIN = N_(
    "Sign in with Microsoft again and pick the account of this user name. Microsoft withdraws "
    "a sign-in when the password changes, when access is removed (for a personal account at "
    "https://account.live.com/consent/Manage), or by the organisation's sign-in policies."
)
_MS365_SMTP_AUTH_OAUTH = N_(
    "An administrator must turn authenticated SMTP on for this mailbox — this also applies to "
    "the Microsoft sign-in (OAuth): Microsoft 365 admin center → Users → Active users → this "
    'user → Mail → Manage email apps → tick "Authenticated SMTP", or in Exchange Online '
    "PowerShell: Set-CASMailbox -Identity <address> -SmtpClientAuthenticationDisabled $false. "
    "If it is off for the whole organisation: Set-TransportConfig "
    "-SmtpClientAuthenticationDisabled $false. Changes can take an hour to apply."
)
_ADMIN_CONSENT = N_(
    "Start the sign-in again and accept the permission to send email. If the page says an "
    "administrator must approve the app, your organisation's administrator has to grant "
    "consent for smtpwizard once."
)

_YAHOO_APP_PASSWORD = N_(
    "Create an app password in your Yahoo account: https://login.yahoo.com/account/security → "
    '"Generate app password" (or "App passwords"). Enter it here instead of your normal '
    "password; the user name is your full Yahoo email address."
)
_AOL_APP_PASSWORD = N_(
    "Create an app password in your AOL account: https://login.aol.com/account/security → "
    '"Generate app password". Enter it here instead of your normal password; the user name '
    "is your full AOL email address."
)
_ICLOUD_APP_PASSWORD = N_(
    "Create an app-specific password at https://appleid.apple.com → Sign-In and Security → "
    "App-Specific Passwords (two-factor authentication must be on). Enter it here instead of "
    "your Apple Account password; the user name is your full iCloud email address "
    "(for example name@icloud.com)."
)
_ZOHO_APP_PASSWORD = N_(
    "If two-factor authentication is on, create an app-specific password at "
    "https://accounts.zoho.com → Security → App Passwords and use it here. Also check that the "
    "server matches your account's region: smtp.zoho.com (US), smtp.zoho.eu (Europe), "
    "smtp.zoho.in (India), smtp.zoho.com.au (Australia); accounts with your own domain may "
    "need smtppro.zoho.com (or its regional twin)."
)
_FASTMAIL_APP_PASSWORD = N_(
    "Fastmail needs an app password for mail programs: Settings → Privacy & Security → "
    "Manage app passwords and access → New app password (allow SMTP). Enter it here; the "
    "user name is your full Fastmail email address."
)
_SENDGRID_KEY = N_(
    "For SendGrid the user name is literally the word apikey (all lower case), and the "
    'password is an API key that starts with "SG.". Create one at '
    'https://app.sendgrid.com → Settings → API Keys, with at least "Mail Send" permission.'
)
_SES_CREDENTIALS = N_(
    "Amazon SES SMTP credentials are not your AWS access keys and not your AWS console "
    'password. Create SMTP credentials in the Amazon SES console → SMTP settings → "Create '
    'SMTP credentials", in the same region as the server name '
    "(email-smtp.<region>.amazonaws.com, e.g. email-smtp.eu-west-1.amazonaws.com)."
)
_MAILGUN_CREDENTIALS = N_(
    "Mailgun SMTP credentials belong to one sending domain: in Mailgun open Sending → Domain "
    "settings → SMTP credentials for your domain, and use that login (for example "
    "postmaster@mg.yourdomain.com) with its SMTP password — not your Mailgun account "
    "password or API key. EU-region domains use smtp.eu.mailgun.org instead of "
    "smtp.mailgun.org."
)
_POSTMARK_TOKEN = N_(
    "Postmark uses the Server API Token (Servers → your server → API Tokens) as both the "
    "user name and the password — paste the same token into both fields. The Account API "
    "Token does not work for sending. Alternatively use an SMTP token (access key as user "
    "name, secret key as password) from the message stream's settings."
)
_BREVO_KEY = N_(
    "Brevo needs an SMTP key, not your account password and not an API key: open the account "
    "menu → SMTP & API → SMTP tab, and generate a new SMTP key. The user name is the SMTP "
    "login shown on that same page (it may differ from the address you sign in to Brevo with)."
)

_APP_PASSWORD_EXPLANATION = N_(
    "{provider_name} does not accept your normal account password from mail programs. It "
    "wants an app password: a separate password made just for one program."
)


def _key_based(fix: str, explanation: str, title: str) -> dict[FailureCode, Words]:
    """Refinements for sending services that sign in with a key or token, not a password."""
    return {
        C.AUTH_REJECTED: Words(explanation=explanation, fix=fix),
        C.AUTH_APP_PASSWORD_REQUIRED: Words(title=title, explanation=explanation, fix=fix),
        C.AUTH_NO_COMMON_MECHANISM: Words(fix=fix),
    }


_PROVIDER_WORDS: dict[str, dict[FailureCode, Words]] = {
    "gmail": {
        C.AUTH_APP_PASSWORD_REQUIRED: Words(
            title=N_("Gmail needs an app password"),
            explanation=N_(
                "Your Google account uses 2-Step Verification, so Gmail does not accept your "
                "normal password from mail programs. It wants an app password: a separate "
                "16-letter password made just for this program."
            ),
            fix=_GOOGLE_APP_PASSWORD,
        ),
        C.AUTH_REJECTED: Words(
            explanation=N_(
                "Gmail refused the user name or password. Gmail no longer accepts your normal "
                "Google password from mail programs; it needs an app password."
            ),
            fix=_GOOGLE_APP_PASSWORD,
        ),
        C.AUTH_WEB_LOGIN_REQUIRED: Words(
            title=N_("Google blocked the sign-in"), fix=_GOOGLE_WEB_LOGIN
        ),
        C.AUTH_NO_COMMON_MECHANISM: Words(fix=_GOOGLE_APP_PASSWORD),
        C.AUTH_OAUTH_TOKEN_REJECTED: Words(
            title=N_("Google did not accept the sign-in"), fix=_GOOGLE_OAUTH_AGAIN
        ),
        C.SEND_QUOTA_EXCEEDED: Words(
            fix=N_(
                "Gmail limits how many messages an account may send per day. Wait about 24 hours; "
                "for bulk or application mail use a sending service instead."
            )
        ),
    },
    "google-workspace": {
        C.AUTH_APP_PASSWORD_REQUIRED: Words(
            title=N_("Google Workspace needs an app password"),
            explanation=_APP_PASSWORD_EXPLANATION,
            fix=joined(
                _GOOGLE_APP_PASSWORD,
                N_(
                    "If app passwords are not offered, your Google Workspace administrator has "
                    "to allow 2-Step Verification (and app passwords) for your account."
                ),
            ),
        ),
        C.AUTH_REJECTED: Words(
            fix=joined(
                _GOOGLE_APP_PASSWORD,
                N_("If app passwords are not offered, ask your Google Workspace administrator."),
            )
        ),
        C.AUTH_WEB_LOGIN_REQUIRED: Words(
            title=N_("Google blocked the sign-in"), fix=_GOOGLE_WEB_LOGIN
        ),
        C.AUTH_OAUTH_TOKEN_REJECTED: Words(
            title=N_("Google did not accept the sign-in"),
            fix=joined(
                _GOOGLE_OAUTH_AGAIN,
                N_(
                    "Your Google Workspace administrator may also limit which apps may access "
                    "Gmail (Admin console → Security → API controls)."
                ),
            ),
        ),
        C.AUTH_OAUTH_CONSENT_REFUSED: Words(fix=_ADMIN_CONSENT),
        C.AUTH_BASIC_AUTH_DISABLED: Words(
            fix=N_(
                "Your Google Workspace administrator controls whether mail programs may sign in "
                "with a password. Ask them to allow app passwords for your account, or use a mail "
                'program that offers "Sign in with Google".'
            )
        ),
        C.SEND_SENDER_REJECTED: Words(
            fix=N_(
                "Send from your own Workspace address, or add {sender} in Gmail → Settings → "
                'Accounts → "Send mail as" (and confirm it) first.'
            )
        ),
    },
    "microsoft365": {
        C.AUTH_BASIC_AUTH_DISABLED: Words(
            title=N_("Microsoft 365 does not allow password sign-in for sending here"),
            explanation=N_(
                "Your organisation's Microsoft 365 does not let mail programs sign in with a "
                'password to send mail ("SMTP AUTH" is switched off for this mailbox or for '
                "the whole organisation)."
            ),
            fix=_MS365_ADMIN,
        ),
        C.AUTH_REJECTED: Words(
            fix=joined(
                N_(
                    "Use your full work email address as user name and check the password. If "
                    "your organisation uses multi-factor sign-in or has password sign-in for SMTP "
                    "switched off, a password cannot work: ask your administrator."
                ),
                _MS365_ADMIN,
            )
        ),
        C.AUTH_APP_PASSWORD_REQUIRED: Words(fix=_MS365_ADMIN),
        C.AUTH_NO_COMMON_MECHANISM: Words(fix=_MS365_ADMIN),
        C.AUTH_OAUTH_SMTP_DISABLED: Words(
            title=N_("Microsoft 365 has sending through mail programs switched off"),
            fix=_MS365_SMTP_AUTH_OAUTH,
        ),
        C.AUTH_OAUTH_TOKEN_REJECTED: Words(
            title=N_("Microsoft did not accept the sign-in"), fix=_MICROSOFT_OAUTH_AGAIN
        ),
        C.AUTH_OAUTH_CONSENT_REFUSED: Words(fix=_ADMIN_CONSENT),
        C.SEND_SENDER_REJECTED: Words(
            fix=N_(
                "Microsoft 365 only sends as the mailbox you signed in with, unless an "
                'administrator gives this account "Send As" permission for {sender}.'
            )
        ),
    },
    "outlook": {
        C.AUTH_BASIC_AUTH_DISABLED: Words(
            title=N_("Outlook.com needs a Microsoft sign-in"),
            explanation=N_(
                "Since September 2024 Outlook.com, Hotmail and Live accounts only accept "
                "Microsoft's own secure sign-in (OAuth) from mail programs, not a password."
            ),
            fix=N_(
                'Use a mail program that offers "Sign in with Microsoft" for Outlook.com. '
                "Programs that can only send with a user name and password cannot use an "
                "Outlook.com account; use a sending service or another mailbox for them."
            ),
        ),
        C.AUTH_REJECTED: Words(
            explanation=N_(
                "Outlook.com refused the sign-in. Since September 2024 Outlook.com, Hotmail "
                "and Live accounts only accept Microsoft's own secure sign-in (OAuth) from mail "
                "programs, so a password usually cannot work."
            ),
            fix=N_(
                'Use a mail program that offers "Sign in with Microsoft". If you believe '
                "your account still accepts passwords, check the user name (your full "
                "address) and use an app password from https://account.microsoft.com/security."
            ),
        ),
        C.AUTH_NO_COMMON_MECHANISM: Words(
            fix=N_(
                'Outlook.com only accepts "Sign in with Microsoft" (OAuth) from mail programs; '
                "use a program that supports it."
            )
        ),
        C.AUTH_OAUTH_TOKEN_REJECTED: Words(
            title=N_("Microsoft did not accept the sign-in"), fix=_MICROSOFT_OAUTH_AGAIN
        ),
        C.AUTH_OAUTH_SMTP_DISABLED: Words(
            fix=N_(
                "Sending through mail programs is switched off for this Outlook.com account. Check "
                "https://account.microsoft.com/security for a blocked sign-in or a required "
                "verification, wait a few hours after a new account was created, then try again."
            )
        ),
    },
    "yahoo": {
        C.AUTH_APP_PASSWORD_REQUIRED: Words(
            title=N_("Yahoo needs an app password"),
            explanation=_APP_PASSWORD_EXPLANATION,
            fix=_YAHOO_APP_PASSWORD,
        ),
        C.AUTH_REJECTED: Words(
            explanation=N_(
                "Yahoo refused the user name or password. Yahoo does not accept "
                "your normal password from mail programs; it needs an app "
                "password."
            ),
            fix=_YAHOO_APP_PASSWORD,
        ),
        C.AUTH_WEB_LOGIN_REQUIRED: Words(
            fix=joined(
                N_(
                    "Sign in at https://mail.yahoo.com in a web browser on this computer and "
                    "confirm any security prompt, then create an app password:"
                ),
                _YAHOO_APP_PASSWORD,
            )
        ),
    },
    "aol": {
        C.AUTH_APP_PASSWORD_REQUIRED: Words(
            title=N_("AOL needs an app password"),
            explanation=_APP_PASSWORD_EXPLANATION,
            fix=_AOL_APP_PASSWORD,
        ),
        C.AUTH_REJECTED: Words(
            explanation=N_(
                "AOL refused the user name or password. AOL does not accept your "
                "normal password from mail programs; it needs an app password."
            ),
            fix=_AOL_APP_PASSWORD,
        ),
        C.AUTH_WEB_LOGIN_REQUIRED: Words(fix=_AOL_APP_PASSWORD),
    },
    "icloud": {
        C.AUTH_APP_PASSWORD_REQUIRED: Words(
            title=N_("iCloud needs an app-specific password"),
            explanation=_APP_PASSWORD_EXPLANATION,
            fix=_ICLOUD_APP_PASSWORD,
        ),
        C.AUTH_REJECTED: Words(
            explanation=N_(
                "iCloud refused the user name or password. iCloud Mail does not "
                "accept your Apple Account password from mail programs; it needs an "
                "app-specific password."
            ),
            fix=_ICLOUD_APP_PASSWORD,
        ),
        C.SEND_SENDER_REJECTED: Words(
            fix=N_(
                "iCloud only sends from your iCloud addresses (and aliases or custom domains set "
                "up in iCloud Mail). Send from one of those."
            )
        ),
    },
    "zoho": {
        C.AUTH_APP_PASSWORD_REQUIRED: Words(
            title=N_("Zoho needs an app-specific password"),
            explanation=_APP_PASSWORD_EXPLANATION,
            fix=_ZOHO_APP_PASSWORD,
        ),
        C.AUTH_REJECTED: Words(
            fix=joined(N_("Use your full Zoho email address as user name."), _ZOHO_APP_PASSWORD)
        ),
        C.SEND_SENDER_REJECTED: Words(
            fix=N_(
                "Zoho only sends from the address you signed in with or its confirmed aliases; "
                "the sender must match the account."
            )
        ),
    },
    "fastmail": {
        C.AUTH_APP_PASSWORD_REQUIRED: Words(
            title=N_("Fastmail needs an app password"),
            explanation=_APP_PASSWORD_EXPLANATION,
            fix=_FASTMAIL_APP_PASSWORD,
        ),
        C.AUTH_REJECTED: Words(
            explanation=N_(
                "Fastmail refused the user name or password. Fastmail does not "
                "accept your normal password from mail programs; it needs an app "
                "password."
            ),
            fix=_FASTMAIL_APP_PASSWORD,
        ),
    },
    "sendgrid": {
        **_key_based(
            _SENDGRID_KEY,
            N_(
                "{provider_name} refused the sign-in. It does not use your account password "
                "for sending: it needs an API key, with the user name apikey."
            ),
            N_("SendGrid needs an API key"),
        ),
        C.SEND_SENDER_REJECTED: Words(
            fix=N_(
                "SendGrid only sends from verified senders: verify {sender} under Settings → "
                "Sender Authentication (single sender or your whole domain)."
            )
        ),
    },
    "amazon-ses": {
        **_key_based(
            _SES_CREDENTIALS,
            N_(
                "{provider_name} refused the sign-in. It does not use your account password "
                "for sending: it needs SMTP credentials created in the Amazon SES console."
            ),
            N_("Amazon SES needs its own SMTP credentials"),
        ),
        C.SEND_SENDER_REJECTED: Words(
            fix=N_(
                "Amazon SES only sends from verified identities: verify {sender} (or its domain) "
                "in the SES console → Identities, in the same region as the server."
            )
        ),
        C.SEND_RECIPIENT_REJECTED: Words(
            fix=N_(
                "While an SES account is in the sandbox it only sends to verified addresses. "
                "Verify {recipient} in the SES console, or request production access."
            )
        ),
        C.SEND_QUOTA_EXCEEDED: Words(
            fix=N_(
                "Amazon SES limits messages per day and per second. Check the sending quota in "
                "the SES console and request an increase if needed."
            )
        ),
    },
    "mailgun": {
        **_key_based(
            _MAILGUN_CREDENTIALS,
            N_(
                "{provider_name} refused the sign-in. It does not use your account password "
                "for sending: it needs the SMTP credentials of your sending domain."
            ),
            N_("Mailgun needs the domain's SMTP credentials"),
        ),
        C.SEND_SENDER_REJECTED: Words(
            fix=N_("Send from an address on the Mailgun domain these SMTP credentials belong to.")
        ),
    },
    "postmark": {
        **_key_based(
            _POSTMARK_TOKEN,
            N_(
                "{provider_name} refused the sign-in. It does not use your account password "
                "for sending: it needs a Server API Token as both user name and password."
            ),
            N_("Postmark needs a Server API Token"),
        ),
        C.SEND_SENDER_REJECTED: Words(
            fix=N_(
                "Postmark only sends from confirmed Sender Signatures: add and confirm {sender} "
                "(or its domain) under Sender Signatures."
            )
        ),
    },
    "brevo": {
        **_key_based(
            _BREVO_KEY,
            N_(
                "{provider_name} refused the sign-in. It does not use your account password "
                "for sending: it needs an SMTP key together with the SMTP login shown on the "
                "SMTP & API page."
            ),
            N_("Brevo needs an SMTP key"),
        ),
        C.SEND_SENDER_REJECTED: Words(
            fix=N_(
                "Brevo only sends from verified senders or domains: add {sender} under Senders, "
                "Domains & Dedicated IPs and verify it."
            )
        ),
    },
}

# Codes whose generic fix names "app passwords" in a way that every webmail provider shares.
for _pid in ("gmail", "google-workspace", "yahoo", "aol", "icloud", "zoho", "fastmail"):
    _PROVIDER_WORDS[_pid].setdefault(
        C.AUTH_RATE_LIMITED,
        Words(
            fix=N_(
                "Wait 15 minutes or more. Make sure no phone, tablet or other program keeps trying "
                "with an old password, then test again with the correct (app) password."
            )
        ),
    )


def provider_words(provider: str, code: FailureCode) -> Words | None:
    """The refinement for ``provider`` (an id such as ``"gmail"``) and ``code``, if any."""
    return _PROVIDER_WORDS.get(provider, {}).get(code)


# --- incoming mail (IMAP/POP3): applied over the words above when the failure is incoming -----

_ENABLE_IN_WEB_SETTINGS = N_(
    "{provider_name} lets mail programs fetch mail only after you allow it once: sign in at "
    'the {provider_name} website, open Settings → POP3/IMAP ("E-Mail → POP3/IMAP Abruf"), '
    'tick "Allow access via POP3 and IMAP" and save. Then test again with your normal '
    "password."
)
_GMAIL_INCOMING = N_(
    "Gmail accepts mail programs only with an app password "
    '(https://myaccount.google.com/apppasswords, needs 2-Step Verification) or with "Sign in '
    "with Google\" (OAuth). IMAP itself is always on in Gmail; POP must be enabled in Gmail's "
    "settings → Forwarding and POP/IMAP."
)
_OUTLOOK_INCOMING = N_(
    "Outlook.com no longer accepts passwords for IMAP and POP: use a mail program that signs "
    'in with Microsoft (OAuth, "modern authentication"). POP must also be switched on in '
    "Outlook.com → Settings → Mail → Forwarding and IMAP."
)

_INCOMING_PROVIDER_WORDS: dict[str, dict[FailureCode, Words]] = {
    provider: {
        C.AUTH_REJECTED: Words(fix=_ENABLE_IN_WEB_SETTINGS),
        C.IMAP_LOGIN_DISABLED: Words(fix=_ENABLE_IN_WEB_SETTINGS),
    }
    for provider in ("gmx", "gmx-com", "web-de", "mail-com")
}
_INCOMING_PROVIDER_WORDS["gmail"] = {
    C.AUTH_REJECTED: Words(fix=_GMAIL_INCOMING),
    C.IMAP_LOGIN_DISABLED: Words(fix=_GMAIL_INCOMING),
}
_INCOMING_PROVIDER_WORDS["outlook"] = {
    C.AUTH_REJECTED: Words(fix=_OUTLOOK_INCOMING),
    C.AUTH_BASIC_AUTH_DISABLED: Words(fix=_OUTLOOK_INCOMING),
    C.IMAP_LOGIN_DISABLED: Words(fix=_OUTLOOK_INCOMING),
}
_INCOMING_PROVIDER_WORDS["icloud"] = {
    C.IMAP_LOGIN_DISABLED: Words(fix=_ICLOUD_APP_PASSWORD),
}


def incoming_provider_words(provider: str, code: FailureCode) -> Words | None:
    """The refinement of an incoming-mail (IMAP/POP3) failure for ``provider``, if any."""
    return _INCOMING_PROVIDER_WORDS.get(provider, {}).get(code)


def refined_codes(provider: str) -> frozenset[FailureCode]:
    """The codes ``provider`` has its own words for, outgoing or incoming (used by the tests)."""
    return frozenset(_PROVIDER_WORDS.get(provider, {})) | frozenset(
        _INCOMING_PROVIDER_WORDS.get(provider, {})
    )
