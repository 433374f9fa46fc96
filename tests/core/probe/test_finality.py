"""The final-answer rule on plain records: when can no running attempt change the answer?"""

from __future__ import annotations

from smtpwizard.core.models import AuthState, Pairing
from smtpwizard.core.probe.finality import (
    Answer,
    Finished,
    Knowledge,
    Login,
    Phase,
    Running,
    answer_of,
    futures,
    is_final,
)
from smtpwizard.core.probe.ranking import rank
from smtpwizard.core.probe.verdict import Facts, Verdict
from smtpwizard.core.wording.codes import FailureCode as C

P465 = Pairing.parse("465/tls")
P587 = Pairing.parse("587/starttls")
P465S = Pairing.parse("465/starttls")
P25 = Pairing.parse("25/starttls")
P2525 = Pairing.parse("2525/starttls")
P587N = Pairing.parse("587/none")


def failed(pairing: Pairing, code: C, **facts: object) -> Finished:
    return Finished(pairing, False, Facts(code=code, **facts), True)  # type: ignore[arg-type]


def ok(pairing: Pairing) -> Finished:
    return Finished(pairing, True, Facts(auth=AuthState.OK, answered=True, secure=True), False)


def running(pairing: Pairing, phase: Phase, **kwargs: object) -> Running:
    return Running(pairing, phase, Facts(), **kwargs)  # type: ignore[arg-type]


def final(done: list[Finished], runs: list[Running], know: Knowledge) -> bool:
    return is_final(done, runs, know, rank)


REFUSED = failed(P465, C.AUTH_REJECTED, auth=AuthState.FAILED, answered=True, secure=True)


def test_a_refused_password_is_final_at_once() -> None:
    runs = [
        running(P587, Phase.CHANNEL, answered=True, secure=True),  # held by the gate
        running(P465S, Phase.OPENING),  # waiting for a greeting on a TLS port
        running(P2525, Phase.CONNECTING),  # maybe blocked
    ]
    assert final([REFUSED], runs, Knowledge(login=Login.REFUSED))


def test_before_the_refusal_the_leader_can_still_change_everything() -> None:
    runs = [running(P465, Phase.CHANNEL, answered=True, secure=True)]
    assert not final([], runs, Knowledge(login=Login.OPEN, leader=P465))


def test_a_follower_cannot_produce_a_sign_in_failure() -> None:
    found = futures(
        running(P587, Phase.CHANNEL, answered=True, secure=True),
        Knowledge(login=Login.OPEN, leader=P465),
    )
    assert not any(f.facts.auth is AuthState.FAILED for f in found)
    assert any(f.facts.skipped for f in found)


def test_certificate_failures_with_only_greeting_waiters_left_are_final() -> None:
    cert = dict(answered=True)
    done = [
        failed(P465, C.TLS_CERT_SELF_SIGNED, **cert),
        failed(P587, C.TLS_CERT_SELF_SIGNED, **cert),
        failed(P25, C.TLS_CERT_SELF_SIGNED, **cert),
    ]
    # 587/none waits for its greeting: plaintext can neither be recommended nor sign in
    runs = [running(P587N, Phase.OPENING)]
    assert final(done, runs, Knowledge(login=Login.OPEN))


def test_a_starttls_attempt_that_may_still_verify_holds_a_certificate_failure() -> None:
    """Waiting would change the answer here: 25/starttls may have a good certificate."""
    done = [failed(P465, C.TLS_CERT_SELF_SIGNED, answered=True)]
    runs = [running(P25, Phase.TALKING, answered=True)]
    assert not final(done, runs, Knowledge(login=Login.OPEN))


def test_a_temporary_failure_after_the_sign_in_is_final() -> None:
    signed = dict(auth=AuthState.OK, answered=True, secure=True)
    done = [failed(P465, C.SEND_TEMPORARY, **signed)]
    runs = [running(P587, Phase.SIGNED_IN, answered=True, secure=True)]
    know = Knowledge(login=Login.ACCEPTED, temporary_after_signin=True)
    assert final(done, runs, know)
    # without the temporary failure, the other pairing could still work
    assert not final(done, runs, Knowledge(login=Login.ACCEPTED))


def test_a_top_tier_answer_does_not_wait_for_a_port_still_connecting() -> None:
    runs = [running(P587, Phase.CONNECTING)]
    assert final([ok(P465)], runs, Knowledge(login=Login.ACCEPTED))


def test_a_lesser_answer_waits_for_a_better_pairing_that_is_connected() -> None:
    runs = [running(P587, Phase.OPENING)]
    assert not final([ok(P25)], runs, Knowledge(login=Login.ACCEPTED))


def test_a_settled_attempt_reading_its_certificate_holds_the_answer() -> None:
    assert not final([], [running(P465, Phase.SETTLED)], Knowledge(login=Login.OPEN))


def test_nothing_running_is_final() -> None:
    assert final([REFUSED], [], Knowledge(login=Login.REFUSED))


def test_the_answer_names_recommendation_headline_and_exit() -> None:
    assert answer_of([REFUSED], rank) == Answer(None, C.AUTH_REJECTED, Verdict.AUTH_FAILED)
    assert answer_of([ok(P587), REFUSED], rank) == Answer(P587, None, Verdict.WORKING)


def test_without_credentials_a_secure_channel_may_still_work() -> None:
    found = futures(running(P587, Phase.CHANNEL, answered=True, secure=True), Knowledge())
    assert any(f.ok for f in found)
    plain = futures(running(P587N, Phase.CHANNEL, answered=True), Knowledge())
    assert not any(f.ok for f in plain)
