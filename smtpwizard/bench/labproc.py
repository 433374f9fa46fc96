"""The benchmark's servers, in a process of their own.

``python -m smtpwizard.bench.labproc [--fleet N]`` starts, on loopback:

* ``demo``    the demo provider: 465 implicit TLS, 587 STARTTLS, 25 MX-like, 2525 blackholed
* ``blocked`` 465 implicit TLS works; 25, 587 and 2525 are blackholed (connect() hangs)
* ``demo_wan`` / ``blocked_wan``  the same behind :class:`.latency.LatencyProxy` (each
              direction delayed by ``--delay-ms``, default 10 ms: a 20 ms round trip)
* ``fail_<scenario>`` / ``fail_<scenario>_wan``  the failure scenarios of :mod:`.failures`
              (closed ports stay closed behind the proxy too)
* ``fleet``   N hosts for the scale test, each its own 465 (TLS) and 587 (STARTTLS) server;
              25 and 2525 are closed (refused at once)

prints one JSON line (the CA, the host names and the port maps) and serves until its standard
input is closed. A separate process keeps the servers' Python work off the measured client's
interpreter lock, as with a real server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
from typing import Any

from smtpwizard.bench.failures import SCENARIOS
from smtpwizard.bench.latency import LatencyProxy
from smtpwizard.lab import DEMO_HOST, DEMO_PASSWORD, DEMO_USER, Blackhole, LabCA, LabServer
from smtpwizard.lab.demo import DEMO_ADDRESSES, demo_specs
from smtpwizard.lab.server import LOOPBACK, closed_port

FLEET_HOST = "127.0.0.1"


async def serve(fleet: int, delay: float) -> None:
    ca = LabCA.shared()
    specs = demo_specs()
    servers: list[LabServer] = []
    holes: list[Blackhole] = []
    proxies: list[LatencyProxy] = []

    async def server(port: int, hosts: tuple[str, ...] = DEMO_ADDRESSES) -> int:
        started = LabServer(specs[port], ca=ca, hosts=hosts)
        await started.start()
        servers.append(started)
        return started.port

    def hole() -> int:
        started = Blackhole(hosts=DEMO_ADDRESSES).start()
        holes.append(started)
        return started.port

    try:
        demo_hole = hole()
        demo = {
            465: await server(465),
            587: await server(587),
            25: await server(25),
            2525: demo_hole,
        }
        blocked_hole = hole()
        blocked = {465: await server(465), 587: blocked_hole, 25: blocked_hole, 2525: blocked_hole}

        async def slow(ports: dict[int, int], behind: tuple[int, ...]) -> dict[int, int]:
            slowed = dict(ports)
            for port in behind:
                proxy = await LatencyProxy(ports[port], delay, DEMO_ADDRESSES).start()
                proxies.append(proxy)
                slowed[port] = proxy.port
            return slowed

        demo_wan = await slow(demo, (465, 587, 25))
        blocked_wan = await slow(blocked, (465,))
        refused = closed_port(LOOPBACK)
        failing: dict[str, Any] = {}
        for scenario in SCENARIOS:
            if not scenario.available:
                continue
            scenario_specs = scenario.specs()
            ports: dict[int, int] = {}
            for port in (25, 465, 587, 2525):
                if port in scenario_specs:
                    started = LabServer(scenario_specs[port], ca=ca, hosts=DEMO_ADDRESSES)
                    await started.start()
                    servers.append(started)
                    ports[port] = started.port
                else:
                    ports[port] = refused
            failing[f"fail_{scenario.id}"] = {"host": DEMO_HOST, "port_map": ports}
            wan = await slow(ports, tuple(p for p in ports if p in scenario_specs))
            failing[f"fail_{scenario.id}_wan"] = {"host": DEMO_HOST, "port_map": wan}
        hosts = []
        for _ in range(fleet):
            hosts.append(
                {
                    465: await server(465, (LOOPBACK,)),
                    587: await server(587, (LOOPBACK,)),
                    25: refused,
                    2525: refused,
                }
            )
        config: dict[str, Any] = {
            "ca_pem": ca.ca_pem,
            "username": DEMO_USER,
            "password": DEMO_PASSWORD,
            "delay_ms": delay * 1000,
            "labs": {
                "demo": {"host": DEMO_HOST, "port_map": demo},
                "blocked": {"host": DEMO_HOST, "port_map": blocked},
                "demo_wan": {"host": DEMO_HOST, "port_map": demo_wan},
                "blocked_wan": {"host": DEMO_HOST, "port_map": blocked_wan},
                "fleet": [{"host": FLEET_HOST, "port_map": pm} for pm in hosts],
                **failing,
            },
        }
        print(json.dumps(config), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read)
    finally:
        for proxy in proxies:
            await proxy.stop()
        for bh in holes:
            bh.stop()
        for srv in servers:
            await srv.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m smtpwizard.bench.labproc")
    parser.add_argument("--fleet", type=int, default=0, help="hosts for the scale test")
    parser.add_argument(
        "--delay-ms",
        type=float,
        default=10.0,
        help="one-way delay of the *_wan labs (milliseconds)",
    )
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.fleet, args.delay_ms / 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
