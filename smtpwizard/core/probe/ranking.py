"""Which working pairing to recommend: RFC 8314 order, refined by the provider's own preference."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from smtpwizard.core.models import Attempt, Outcome, Pairing, Security, Settings

# RFC 8314: implicit TLS on 465 first, then STARTTLS on 587; then the usual fallbacks.
PREFERENCE: tuple[Pairing, ...] = tuple(
    Pairing.parse(p)
    for p in (
        "465/tls",
        "587/starttls",
        "2525/starttls",
        "2525/tls",
        "25/starttls",
        "465/starttls",
        "587/tls",
        "25/tls",
    )
)


def rank(pairing: Pairing, preferred: Sequence[Pairing] = ()) -> int:
    """Lower is better. Plaintext always ranks last."""
    if pairing.security is Security.NONE:
        return 10_000 + pairing.port
    if pairing in preferred:
        return list(preferred).index(pairing)
    base = len(preferred)
    if pairing in PREFERENCE:
        return base + PREFERENCE.index(pairing)
    # a custom port: implicit TLS before STARTTLS, then by port number
    return base + 100 + (0 if pairing.security is Security.TLS else 1) * 100_000 + pairing.port


def recommend(
    attempts: Iterable[Attempt],
    *,
    username: str | None,
    sender: str | None = None,
    provider: str | None = None,
    preferred: Sequence[Pairing] = (),
    pinned: frozenset[str] = frozenset(),
) -> Settings | None:
    """The best working pairing, never a plaintext one (with its pin, when the user's pin
    is what verified its certificate)."""
    usable = [
        a for a in attempts if a.outcome is Outcome.OK and a.pairing.security is not Security.NONE
    ]
    if not usable:
        return None
    best = min(usable, key=lambda a: rank(a.pairing, preferred))
    return Settings(
        host=best.host,
        port=best.pairing.port,
        security=best.pairing.security,
        username=username,
        sender=sender,
        provider=provider,
        pinned_sha256=(
            best.tls.sha256 if best.tls is not None and best.tls.sha256 in pinned else None
        ),
    )
