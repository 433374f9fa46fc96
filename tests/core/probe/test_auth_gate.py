"""The gate that allows at most one failed login per probe."""

from __future__ import annotations

import asyncio

import pytest

from smtpwizard.core.models import Pairing
from smtpwizard.core.probe.auth_gate import AuthGate, Turn
from smtpwizard.core.probe.ranking import rank

P465 = Pairing.parse("465/tls")
P587 = Pairing.parse("587/starttls")
P25 = Pairing.parse("25/starttls")


@pytest.mark.asyncio
async def test_best_ready_pairing_leads_and_failure_denies_the_rest() -> None:
    gate = AuthGate({P465, P587, P25}, rank)
    t25 = asyncio.ensure_future(gate.ask(P25))
    t465 = asyncio.ensure_future(gate.ask(P465))
    t587 = asyncio.ensure_future(gate.ask(P587))
    await asyncio.sleep(0)
    assert (await t465).turn is Turn.LEAD
    assert not t25.done() and not t587.done()
    gate.report(P465, ok=False)
    assert (await t25).turn is Turn.DENIED
    assert "465/tls" in (await t587).note
    assert (await gate.ask(Pairing.parse("2525/starttls"))).turn is Turn.DENIED


@pytest.mark.asyncio
async def test_success_lets_everyone_follow() -> None:
    gate = AuthGate({P465, P587}, rank)
    t587 = asyncio.ensure_future(gate.ask(P587))
    t465 = asyncio.ensure_future(gate.ask(P465))
    assert (await t465).turn is Turn.LEAD
    gate.report(P465, ok=True)
    assert (await t587).turn is Turn.FOLLOW


@pytest.mark.asyncio
async def test_a_blocked_better_pairing_delays_the_leader_only_briefly() -> None:
    gate = AuthGate({P465, P25}, rank, grace=0.05)
    loop = asyncio.get_running_loop()
    started = loop.time()
    decision = await gate.ask(P25)  # 465 is still "running" (e.g. blackholed)
    assert decision.turn is Turn.LEAD
    assert 0.04 <= loop.time() - started < 1.0
    gate.close()


@pytest.mark.asyncio
async def test_leader_vanishing_counts_as_failed() -> None:
    gate = AuthGate({P465, P587}, rank)
    t465 = asyncio.ensure_future(gate.ask(P465))
    assert (await t465).turn is Turn.LEAD
    t587 = asyncio.ensure_future(gate.ask(P587))
    await asyncio.sleep(0)
    gate.finished(P465)  # e.g. the attempt hit its deadline during AUTH
    assert (await t587).turn is Turn.DENIED


def test_ranking_prefers_rfc8314_and_never_plaintext() -> None:
    order = sorted(
        Pairing.parse(p)
        for p in ("25/none", "25/starttls", "587/starttls", "465/tls", "2525/starttls", "2525/none")
    )
    ranked = sorted(order, key=rank)
    assert [str(p) for p in ranked] == [
        "465/tls",
        "587/starttls",
        "2525/starttls",
        "25/starttls",
        "25/none",
        "2525/none",
    ]
    preferred = (P587,)
    assert rank(P587, preferred) < rank(P465, preferred)
