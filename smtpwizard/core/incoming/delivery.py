"""The delivery proof: find the test message in the inbox over IMAP, by its unique Message-ID.

Read-only from start to end: the inbox is opened with ``EXAMINE`` and headers are fetched with
``BODY.PEEK`` (nothing is marked as read, moved or deleted). The search repeats until the
deadline; the answer is "delivered in N s" or "not in the inbox after N s". What the receiving
server judged (``Authentication-Results``: SPF, DKIM, DMARC) is read from the found copy.
"""

from __future__ import annotations

import email
import email.utils
import re
import socket
import ssl
import time

from smtpwizard.core.incoming.blocking import IMAPClient, WorkerLine
from smtpwizard.core.models import DeliveryProof, IncomingProtocol, IncomingSettings, Security
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.probe.tls_config import make_context, prepare_contexts
from smtpwizard.core.wording import notes

_VERDICT = re.compile(r"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)", re.IGNORECASE)
_HEADERS = "AUTHENTICATION-RESULTS DKIM-SIGNATURE"


def make_message_id(domain: str) -> str:
    """A Message-ID nobody else uses (the search must find exactly our message)."""
    message_id: str = email.utils.make_msgid("smtpwizard-test", domain=domain)
    return message_id


def verdicts(header_block: str) -> tuple[dict[str, str], bool]:
    """``({"spf": "pass", ...}, dkim_signed)`` from the fetched header fields."""
    message = email.message_from_string(header_block)
    found: dict[str, str] = {}
    for value in message.get_all("Authentication-Results") or []:
        for method, result in _VERDICT.findall(str(value)):
            found.setdefault(method.lower(), result.lower())
    return found, message.get("DKIM-Signature") is not None


class _Search:
    """The blocking part, run on a worker thread: sign in, EXAMINE, search until found."""

    def __init__(self, options: ProbeOptions, settings: IncomingSettings, line: WorkerLine) -> None:
        self.options = options
        self.settings = settings
        self.line = line

    def connect(self) -> IMAPClient:
        opts = self.options
        context: ssl.SSLContext = make_context(opts)
        timeout = opts.timeouts.command
        port = opts.dial_port(self.settings.port)
        sock = socket.create_connection((self.settings.host, port), opts.timeouts.connect)
        self.line.watch(sock)
        if self.settings.security is Security.TLS:
            sock = context.wrap_socket(sock, server_hostname=self.settings.host)
        client = IMAPClient(sock, self.settings.host, port, timeout)
        if self.settings.security is Security.STARTTLS:
            client.start_tls_only(context)
            client.capability_list()
        assert opts.username is not None and opts.password is not None
        client.login(opts.username, opts.password)
        typ, data = client.select("INBOX", readonly=True)
        if typ != "OK":
            raise IMAPClient.error(f"the inbox cannot be opened: {data!r}")
        return client

    def find(self, client: IMAPClient, message_id: str) -> str | None:
        """The header fields of the message, or None when it is not there (yet)."""
        client.noop()  # lets the server report mail that arrived since EXAMINE
        typ, data = client.uid("SEARCH", "HEADER", "Message-ID", f'"{message_id}"')
        uids = data[0].split() if typ == "OK" and data and isinstance(data[0], bytes) else []
        if not uids:
            return None
        typ, parts = client.uid(
            "FETCH", uids[-1].decode(), f"(BODY.PEEK[HEADER.FIELDS ({_HEADERS})])"
        )
        for part in parts:
            if isinstance(part, tuple) and len(part) > 1 and isinstance(part[1], bytes):
                return part[1].decode("utf-8", "replace")
        return ""

    def run(self, message_id: str, deadline: float, interval: float) -> str | None:
        client = self.connect()
        try:
            while True:
                found = self.find(client, message_id)
                if found is not None or time.monotonic() + interval > deadline:
                    return found
                time.sleep(interval)
        finally:
            self.line.forget()
            try:
                client.logout()
            except (OSError, IMAPClient.error):
                client.shutdown()


async def find_delivery(
    options: ProbeOptions,
    settings: IncomingSettings,
    message_id: str,
    *,
    sent_at: float,
    wait: float = 60.0,
    interval: float = 0.5,
) -> DeliveryProof:
    """Look for ``message_id`` in the inbox of ``settings`` (a proven IMAP server) until
    ``sent_at + wait`` (``time.monotonic()`` seconds); never raises for network problems."""
    if settings.protocol is not IncomingProtocol.IMAP or options.password is None:
        return DeliveryProof(message_id, False, 0.0, detail=notes.NO_IMAP_SIGN_IN)
    await prepare_contexts(options)
    line = WorkerLine("smtpwizard-delivery")
    search = _Search(options, settings, line)
    deadline = sent_at + wait
    try:
        headers = await line.call(lambda: search.run(message_id, deadline, interval))
    except (OSError, ssl.SSLError, IMAPClient.error) as exc:
        seconds = time.monotonic() - sent_at
        return DeliveryProof(message_id, False, seconds, detail=f"{type(exc).__name__}: {exc}")
    finally:
        line.close()
    seconds = time.monotonic() - sent_at
    if headers is None:
        return DeliveryProof(message_id, False, seconds, detail=notes.NOT_IN_INBOX)
    found, signed = verdicts(headers)
    return DeliveryProof(message_id, True, seconds, verdicts=found, dkim_signed=signed)
