"""Which certificate may be trusted, how risky it is, and its fingerprint in readable groups —
decided from real probes against lab servers with self-signed, expired and wrong-name
certificates."""

from __future__ import annotations

import pytest

from smtpwizard.core.credentials.accounts import AccountIndex
from smtpwizard.core.environment import collect_environment
from smtpwizard.core.models import Pairing, Security, Settings
from smtpwizard.core.probe.trust import name_matches, trust_offer
from smtpwizard.core.report.content import build_content
from smtpwizard.core.validation import InputError
from smtpwizard.core.wording.certificate import (
    fingerprint_groups,
    fingerprint_lines,
    normalize_fingerprint,
)
from smtpwizard.lab.certs import CertKind
from smtpwizard.lab.spec import Mode, ServerSpec
from tests.core.probe.test_probe_scenarios import ACCOUNTS, run

SHA = "3a7f09c2" * 8


def test_fingerprint_reads_out_in_sixteen_groups_of_four() -> None:
    groups = fingerprint_groups(SHA)
    assert groups[:2] == ("3A7F", "09C2") and len(groups) == 16
    assert fingerprint_lines(SHA) == ("3A7F 09C2 3A7F 09C2",) * 4
    colons = ":".join(SHA.upper()[i : i + 2] for i in range(0, 64, 2))
    assert normalize_fingerprint(colons) == SHA
    with pytest.raises(InputError):
        normalize_fingerprint("3A:7F")


def test_names() -> None:
    assert name_matches("mail.example.com", ("*.example.com",))
    assert not name_matches("a.b.example.com", ("*.example.com",))
    assert name_matches("127.0.0.1", ("localhost", "127.0.0.1"))
    assert not name_matches("127.0.0.1", ("wrong.example",))


@pytest.mark.asyncio
async def test_self_signed_is_an_ordinary_offer_and_a_pin_is_carried() -> None:
    spec = ServerSpec(mode=Mode.TLS, cert=CertKind.SELF_SIGNED, accounts=ACCOUNTS)
    first, _ = await run({465: spec}, "465/tls")
    offer = trust_offer(first)
    assert offer is not None and offer.pairing == Pairing(465, Security.TLS)
    assert not offer.risky and len(offer.sha256) == 64
    pinned, _ = await run({465: spec}, "465/tls", pinned_sha256=frozenset({offer.sha256}))
    assert pinned.ok and pinned.recommended is not None
    assert pinned.recommended.pinned_sha256 == offer.sha256
    assert trust_offer(pinned) is None
    # a different pin: the offer says the certificate changed, and that is risky
    changed = trust_offer(first, frozenset({"ab" * 32}))
    assert changed is not None and changed.changed_from == "ab" * 32 and changed.risky
    # the report names the pinned certificate
    content = build_content(pinned, discovery_source=None, env=collect_environment())
    shown = {f.label: f.value for f in content.origin}
    assert shown["Certificate trusted by you (pinned)"] == " ".join(
        fingerprint_groups(offer.sha256)
    )


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", [CertKind.EXPIRED, CertKind.WRONG_NAME])
async def test_expired_and_wrong_name_are_risky(kind: CertKind) -> None:
    report, _ = await run({465: ServerSpec(mode=Mode.TLS, cert=kind)}, "465/tls", password=None)
    offer = trust_offer(report)
    assert offer is not None and offer.risky
    assert offer.expired is (kind is CertKind.EXPIRED)
    assert offer.wrong_name is (kind is CertKind.WRONG_NAME)


def test_the_pin_is_saved_with_the_account(tmp_path: object) -> None:
    index = AccountIndex(f"{tmp_path}/accounts.json")
    settings = Settings("mail.example.com", 465, Security.TLS, username="me", pinned_sha256=SHA)
    index.record_verified(settings)
    row = index.find("mail.example.com", "me")
    assert row is not None and row.pinned_sha256 == SHA
    assert row.to_settings().pinned_sha256 == SHA
    assert settings.to_dict()["pinned_sha256"] == SHA
    assert Settings.from_dict(settings.to_dict()).pinned_sha256 == SHA
    plain = Settings("mail.example.com", 465, Security.TLS, username="you")
    assert "pinned_sha256" not in plain.to_dict()
