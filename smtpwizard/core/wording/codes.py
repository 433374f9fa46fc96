"""The stable failure codes of the JSON contract (docs/failure-codes.md).

The string values are a public interface: other tools match on them. Never rename one;
add new codes instead.
"""

from __future__ import annotations

from enum import StrEnum


class FailureCode(StrEnum):
    DNS_NOT_FOUND = "dns.not_found"
    DNS_FAILED = "dns.failed"
    NET_UNREACHABLE = "net.unreachable"
    NET_REFUSED = "net.refused"
    NET_TIMEOUT = "net.timeout"
    # the port times out here *and* on neutral reference servers: this network blocks it
    NET_BLOCKED_LOCALLY = "net.blocked_locally"
    NET_NO_GREETING = "net.no_greeting"
    NET_CLOSED = "net.closed"
    SMTP_NOT_SMTP = "smtp.not_smtp"
    SMTP_GREETING_REJECTED = "smtp.greeting_rejected"
    SMTP_TEMPORARY = "smtp.temporary"
    TLS_WRONG_MODE = "tls.wrong_mode"
    TLS_STARTTLS_UNAVAILABLE = "tls.starttls_unavailable"
    TLS_STARTTLS_REFUSED = "tls.starttls_refused"
    TLS_HANDSHAKE_FAILED = "tls.handshake_failed"
    TLS_PROTOCOL_TOO_OLD = "tls.protocol_too_old"
    TLS_CERT_SELF_SIGNED = "tls.cert_self_signed"
    TLS_CERT_UNTRUSTED = "tls.cert_untrusted"
    TLS_CERT_EXPIRED = "tls.cert_expired"
    TLS_CERT_HOSTNAME_MISMATCH = "tls.cert_hostname_mismatch"
    TLS_CLIENT_CERT_REQUIRED = "tls.client_cert_required"
    AUTH_UNAVAILABLE_BEFORE_TLS = "auth.unavailable_before_tls"
    AUTH_UNAVAILABLE = "auth.unavailable"
    AUTH_CLEARTEXT_REFUSED = "auth.cleartext_refused"
    AUTH_NO_COMMON_MECHANISM = "auth.no_common_mechanism"
    AUTH_REJECTED = "auth.rejected"
    AUTH_APP_PASSWORD_REQUIRED = "auth.app_password_required"
    AUTH_WEB_LOGIN_REQUIRED = "auth.web_login_required"
    AUTH_BASIC_AUTH_DISABLED = "auth.basic_auth_disabled"
    AUTH_RATE_LIMITED = "auth.rate_limited"
    AUTH_ENCRYPTION_REQUIRED = "auth.encryption_required"
    # OAuth 2.0 sign-in (XOAUTH2): the server's refusals, then the browser sign-in's own failures
    AUTH_OAUTH_TOKEN_REJECTED = "auth.oauth_token_rejected"
    AUTH_OAUTH_SMTP_DISABLED = "auth.oauth_smtp_disabled"
    AUTH_OAUTH_CONSENT_REFUSED = "auth.oauth_consent_refused"
    AUTH_OAUTH_NOT_CONFIGURED = "auth.oauth_not_configured"
    AUTH_OAUTH_TIMED_OUT = "auth.oauth_timed_out"
    AUTH_OAUTH_FAILED = "auth.oauth_failed"
    SEND_UNAUTHENTICATED = "send.unauthenticated"
    SEND_SENDER_REJECTED = "send.sender_rejected"
    SEND_RELAY_DENIED = "send.relay_denied"
    SEND_RECIPIENT_REJECTED = "send.recipient_rejected"
    SEND_TEMPORARY = "send.temporary"
    SEND_QUOTA_EXCEEDED = "send.quota_exceeded"
    # incoming mail (IMAP and POP3 alike; the failure's "protocol" parameter says which)
    IMAP_WRONG_PROTOCOL = "imap.wrong_protocol"
    IMAP_GREETING_REJECTED = "imap.greeting_rejected"
    IMAP_LOGIN_DISABLED = "imap.login_disabled"
    IMAP_NO_INBOX = "imap.no_inbox"

    @property
    def family(self) -> str:
        """The part before the dot: dns, net, smtp, tls, auth, send or imap."""
        return self.value.split(".", 1)[0]


class FindingCode(StrEnum):
    """Stable codes of the probe's ``findings`` (docs/failure-codes.md): facts beyond one port.

    Like failure codes, the strings are a public interface: never rename one.
    """

    SENDER_SPF_MISSING = "sender.spf_missing"
    SENDER_SPF_FAIL = "sender.spf_fail"
    SENDER_SPF_ERROR = "sender.spf_error"
    SENDER_SPF_OK = "sender.spf_ok"
    SENDER_DMARC_MISSING = "sender.dmarc_missing"
    SENDER_DMARC_NONE = "sender.dmarc_none"
    SENDER_DMARC_OK = "sender.dmarc_ok"
    SENDER_DKIM_MISSING = "sender.dkim_missing"
    SENDER_DKIM_OK = "sender.dkim_ok"
    SENDER_LOOKUP_FAILED = "sender.lookup_failed"
    TLS_CERT_EXPIRING = "tls.cert_expiring"
    TLS_VERSION = "tls.version"
    TLS_LEGACY_ACCEPTED = "tls.legacy_accepted"
    TLS_LEGACY_UNTESTED = "tls.legacy_untested"
    SMTP_IDENTITY_DIFFERS = "smtp.identity_differs"
    NET_EGRESS_BLOCKED = "net.egress_blocked"
    NET_EGRESS_OPEN = "net.egress_open"
    FIREWALL_RULE = "firewall.rule"
    FIREWALL_ADVICE = "firewall.advice"

    @property
    def family(self) -> str:
        return self.value.split(".", 1)[0]


CERTIFICATE_CODES: frozenset[FailureCode] = frozenset(
    {
        FailureCode.TLS_CERT_SELF_SIGNED,
        FailureCode.TLS_CERT_UNTRUSTED,
        FailureCode.TLS_CERT_EXPIRED,
        FailureCode.TLS_CERT_HOSTNAME_MISMATCH,
    }
)
