"""The curated list and the converted ISPDB as one set of providers, and the checks between them.

Rules of the merge (done once, on first use of the bundled data):

* a curated entry keeps its own domains and servers; it lists in ``ispdb`` the ISPDB entries
  (by file name, ``gmx.net``) it stands for, and takes their other domains, their incoming
  servers when it has none, their documentation links and their "enable access" instruction
  when it has no before-login hint of its own;
* every other ISPDB entry becomes a provider of its own (``ispdb-…``) for the domains no curated
  entry claims;
* where the curated answer for a domain differs from the ISPDB's, ``ispdb_differs`` says why
  (:func:`compare_with_ispdb` finds the differences; the data tests require the reason).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from smtpwizard.core.discovery.ispdb_data import (
    IspdbData,
    IspdbEntry,
    before_login,
    entry_provider,
    incoming_servers,
)
from smtpwizard.core.discovery.provider_model import Provider, ProviderData


def _absorb(provider: Provider, entries: Sequence[IspdbEntry], claimed: set[str]) -> Provider:
    domains = list(provider.domains)
    taken: list[str] = []
    for entry in entries:
        for domain in entry.domains:
            if domain not in claimed and domain not in domains:
                domains.append(domain)
                taken.append(domain)
                claimed.add(domain)
    incoming = provider.incoming
    for entry in entries:
        incoming = incoming or incoming_servers(entry)
    docs = tuple(
        dict.fromkeys(provider.documentation + tuple(u for e in entries for u in e.documentation))
    )
    hints_first = provider.before_login
    for entry in entries:
        hints_first = hints_first or before_login(entry)
    return replace(
        provider,
        domains=tuple(domains),
        ispdb_domains=tuple(taken),
        incoming=incoming,
        documentation=docs,
        before_login=hints_first,
    )


def merge(curated: Sequence[Provider], ispdb: IspdbData) -> tuple[Provider, ...]:
    """Curated entries first (they win every look-up), then the ISPDB's own entries."""
    claimed = {d for p in curated for d in p.domains}
    by_key = {e.key: e for e in ispdb.entries}
    linked = {key for p in curated for key in p.ispdb}
    merged = [
        _absorb(p, [by_key[k] for k in p.ispdb if k in by_key], claimed) if p.ispdb else p
        for p in curated
    ]
    for entry in ispdb.entries:
        if entry.key in linked:
            continue
        domains = [d for d in entry.domains if d not in claimed]
        if domains:
            claimed.update(domains)
            merged.append(entry_provider(entry, domains, ispdb.snapshot_date))
    return tuple(merged)


def merge_problems(curated: Sequence[Provider], ispdb: IspdbData) -> list[str]:
    """What makes the merge ambiguous: unknown or doubly linked ISPDB entries, and ISPDB entries
    that share domains with a curated entry without being linked to it."""
    problems: list[str] = []
    keys = {e.key for e in ispdb.entries}
    linked_by: dict[str, str] = {}
    for p in curated:
        for key in p.ispdb:
            if key not in keys:
                problems.append(f"provider {p.id!r}: no ISPDB entry {key!r}")
            elif key in linked_by:
                problems.append(f"ISPDB entry {key!r} is linked by {linked_by[key]!r} and {p.id!r}")
            linked_by[key] = p.id
    owner = {d: p.id for p in curated for d in p.domains}
    for entry in ispdb.entries:
        shared = sorted({owner[d] for d in entry.domains if d in owner})
        if shared and entry.key not in linked_by:
            problems.append(
                f"ISPDB entry {entry.key!r} shares domains with {', '.join(shared)}: "
                f"list {entry.key!r} in that entry's 'ispdb'"
            )
    return problems


@dataclass(frozen=True)
class Comparison:
    """The bundled answer for one ISPDB domain against the ISPDB's own."""

    domain: str
    ispdb_key: str
    provider_id: str | None
    difference: str | None  # None: the same server, port, security and user name
    reason: str | None  # the curated entry's ``ispdb_differs``

    @property
    def agrees(self) -> bool:
        return self.difference is None

    @property
    def explained(self) -> bool:
        return self.difference is None or self.reason is not None


def compare_domain(provider: Provider | None, entry: IspdbEntry, domain: str) -> Comparison:
    """Compare the first bundled server and the user name with the ISPDB's servers."""
    if provider is None:
        return Comparison(domain, entry.key, None, "no bundled answer", None)
    email = f"someone@{domain}"
    servers = provider.servers_for(domain)
    listed = [(s.host_for(domain), s.port, s.security) for s in entry.outgoing]
    difference = None
    if not servers:
        difference = "no outgoing server bundled"
    else:
        best = (servers[0].host, servers[0].port, servers[0].security)
        if best not in listed:
            host, port, security = best
            difference = f"{host}:{port}/{security.value} is not among the ISPDB's " + ", ".join(
                f"{h}:{p}/{s.value}" for h, p, s in listed
            )
        elif provider.username_for(email) != entry.username_for(email):
            difference = (
                f"user name {provider.username_for(email)!r} where the ISPDB says "
                f"{entry.username_for(email)!r}"
            )
    return Comparison(domain, entry.key, provider.id, difference, provider.ispdb_differs)


def compare_with_ispdb(data: ProviderData, ispdb: IspdbData) -> list[Comparison]:
    """One comparison per ISPDB domain."""
    return [
        compare_domain(data.for_domain(domain), entry, domain)
        for entry in ispdb.entries
        for domain in entry.domains
    ]
