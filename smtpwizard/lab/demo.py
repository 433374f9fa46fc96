"""The built-in demo provider: the wizard's offline target and ``smtpwizard probe --demo``.

A realistic provider on loopback, reached as ``localhost`` through a port map:

* 465  implicit TLS, AUTH (PLAIN, LOGIN)
* 587  STARTTLS required, AUTH only after TLS
* 25   a plaintext MX-like server: STARTTLS offered, no AUTH
* 2525 blocked: connect() hangs until the client gives up

One account: ``demo@smtpwizard.test`` / ``demo-password``, allowed to send only as itself.
"""

from __future__ import annotations

from smtpwizard.demo_account import DEMO_HOST, DEMO_PASSWORD, DEMO_SENDER, DEMO_USER
from smtpwizard.lab.blackhole import Blackhole
from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.lifecycle import AsyncStartStop
from smtpwizard.lab.records import ReceivedMessage
from smtpwizard.lab.server import LOOPBACK, LOOPBACK_V6, LabServer
from smtpwizard.lab.spec import AuthOffer, Mode, ServerSpec
from smtpwizard.lab.threads import ThreadedService

# localhost may resolve to ::1 first on some systems: listen on both where possible
DEMO_ADDRESSES = (LOOPBACK, LOOPBACK_V6)


def demo_specs() -> dict[int, ServerSpec]:
    """The demo's servers by logical port (2525 is the blackhole, not a server)."""
    accounts = {DEMO_USER: DEMO_PASSWORD}
    senders = frozenset({DEMO_SENDER})
    return {
        465: ServerSpec(
            mode=Mode.TLS,
            accounts=accounts,
            allowed_senders=senders,
            auth_required=True,
            hostname="smtp.demo.smtpwizard.test",
        ),
        587: ServerSpec(
            mode=Mode.STARTTLS_REQUIRED,
            accounts=accounts,
            allowed_senders=senders,
            auth_required=True,
            hostname="smtp.demo.smtpwizard.test",
        ),
        25: ServerSpec(mode=Mode.STARTTLS, auth=AuthOffer.NONE, hostname="mx.demo.smtpwizard.test"),
    }


class DemoLab(AsyncStartStop):
    """``async with DemoLab() as lab:`` — the demo provider on the current event loop."""

    host = DEMO_HOST
    username = DEMO_USER
    password = DEMO_PASSWORD
    sender = DEMO_SENDER

    def __init__(self, *, ca: LabCA | None = None) -> None:
        self.ca = ca if ca is not None else LabCA.shared()
        self.servers: dict[int, LabServer] = {
            port: LabServer(spec, ca=self.ca, hosts=DEMO_ADDRESSES)
            for port, spec in demo_specs().items()
        }
        self.blackhole = Blackhole(hosts=DEMO_ADDRESSES)

    @property
    def ca_pem(self) -> str:
        return self.ca.ca_pem

    @property
    def port_map(self) -> dict[int, int]:
        """Logical port (25/465/587/2525) -> the loopback port actually listening."""
        mapping = {port: server.port for port, server in self.servers.items()}
        mapping[2525] = self.blackhole.port
        return dict(sorted(mapping.items()))

    @property
    def received(self) -> list[ReceivedMessage]:
        """Messages accepted by any demo server, in server order (465, 587, 25)."""
        return [m for server in self.servers.values() for m in server.received]

    @property
    def running(self) -> bool:
        return self.blackhole.running

    async def start(self) -> DemoLab:
        try:
            for server in self.servers.values():
                await server.start()
            self.blackhole.start()
        except BaseException:
            await self.stop()
            raise
        return self

    async def stop(self) -> None:
        self.blackhole.stop()
        for server in self.servers.values():
            await server.stop()


class DemoLabThread(ThreadedService):
    """The demo provider in a daemon thread with its own event loop: ``start()`` / ``stop()``
    (or ``with``) from the GUI or the CLI. Same attributes as :class:`DemoLab`."""

    host = DEMO_HOST
    username = DEMO_USER
    password = DEMO_PASSWORD
    sender = DEMO_SENDER

    def __init__(self, *, ca: LabCA | None = None) -> None:
        self.lab = DemoLab(ca=ca)
        super().__init__(self.lab, "smtpwizard-demo-lab")

    @property
    def ca_pem(self) -> str:
        return self.lab.ca_pem

    @property
    def port_map(self) -> dict[int, int]:
        return self.lab.port_map

    @property
    def received(self) -> list[ReceivedMessage]:
        return self.lab.received
