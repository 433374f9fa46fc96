"""The data checks CI runs on the bundled provider data: curated and ISPDB together.

* the curated file keeps its schema; every host in both files is a real host name;
* no domain belongs to two providers after the merge, and the merge is unambiguous;
* coverage: the bundled answer for every ISPDB domain recorded in the committed
  ``resources/ispdb/ispdb.json`` agrees with the ISPDB's, or the curated entry says why not,
  and at least 98 % agree;
* the committed file is what the converter makes of the snapshot — when a snapshot folder is
  at hand (``SMTPWIZARD_ISPDB_SNAPSHOT``, else ``/work/shared/data/ispdb``); skipped otherwise.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from smtpwizard.core.discovery import ispdb_data
from smtpwizard.core.discovery.ispdb_data import DOMAIN_PLACEHOLDER, IspdbData, load_ispdb
from smtpwizard.core.discovery.provider_merge import compare_with_ispdb, merge_problems
from smtpwizard.core.discovery.providers import (
    Origin,
    ProviderData,
    bundled_providers,
    data_path,
    load_providers,
)
from smtpwizard.core.validation import normalize_host

ROOT = Path(__file__).resolve().parents[3]
SNAPSHOT_ENV = "SMTPWIZARD_ISPDB_SNAPSHOT"


def _snapshot() -> Path | None:
    folder = Path(os.environ.get(SNAPSHOT_ENV, "/work/shared/data/ispdb"))
    return folder if folder.is_dir() and any(folder.glob("*.xml")) else None


def _converter() -> ModuleType:
    path = ROOT / "packaging" / "providers" / "import_ispdb.py"
    spec = importlib.util.spec_from_file_location("import_ispdb", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ispdb() -> IspdbData:
    return load_ispdb()


@pytest.fixture(scope="module")
def curated() -> ProviderData:
    return load_providers(data_path())


def test_ispdb_file_carries_its_licence_and_notice(ispdb: IspdbData) -> None:
    folder = ispdb_data.data_path().parent
    assert (
        (folder / "LICENSE")
        .read_text(encoding="utf-8")
        .startswith("Mozilla Public License Version 2.0")
    )
    raw = json.loads(ispdb_data.data_path().read_text(encoding="utf-8"))
    assert raw["license"] == "MPL-2.0"
    assert "Thunderbird" in raw["notice"] and "Mozilla Public License 2.0" in raw["notice"]
    assert (folder / "NOTICE").read_text(encoding="utf-8").strip() == raw["notice"]
    assert len(ispdb.entries) >= 150 and ispdb.domain_count >= 900


def test_every_ispdb_host_is_a_host_name(ispdb: IspdbData) -> None:
    for entry in ispdb.entries:
        for server in entry.outgoing + entry.incoming:
            host = server.host.replace(DOMAIN_PLACEHOLDER, entry.domains[0])
            assert normalize_host(host) == host, (entry.key, server.host)
            assert 1 <= server.port <= 65535


def test_no_domain_belongs_to_two_providers() -> None:
    counts = Counter(d for p in bundled_providers().providers for d in p.domains)
    assert [d for d, n in counts.items() if n > 1] == []


def test_the_merge_is_unambiguous(curated: ProviderData, ispdb: IspdbData) -> None:
    assert merge_problems(curated.providers, ispdb) == []


def test_merged_entries_are_checked_data() -> None:
    data = bundled_providers()
    for p in data.providers:
        assert p.last_checked, p.id
        assert p.origin is Origin.CURATED or p.sources == ("ispdb",)
        for server in p.smtp:
            assert normalize_host(server.host) == server.host, (p.id, server.host)
        for incoming in p.incoming:
            assert incoming.protocol in ("imap", "pop3")
            assert normalize_host(incoming.host) == incoming.host


def test_every_ispdb_domain_answers_and_differences_are_explained(
    ispdb: IspdbData,
) -> None:
    comparisons = compare_with_ispdb(bundled_providers(), ispdb)
    assert len(comparisons) == ispdb.domain_count
    assert [c.domain for c in comparisons if c.provider_id is None] == []
    unexplained = [(c.domain, c.provider_id, c.difference) for c in comparisons if not c.explained]
    assert unexplained == []
    agreeing = sum(c.agrees for c in comparisons)
    assert agreeing / len(comparisons) >= 0.98, f"{agreeing} of {len(comparisons)}"


def test_every_override_reason_is_used(curated: ProviderData, ispdb: IspdbData) -> None:
    """A curated ``ispdb_differs`` that no longer differs is stale: remove it."""
    differing = {
        c.provider_id for c in compare_with_ispdb(bundled_providers(), ispdb) if not c.agrees
    }
    stale = [p.id for p in curated.providers if p.ispdb_differs and p.id not in differing]
    assert stale == []


@pytest.mark.skipif(_snapshot() is None, reason="no ISPDB snapshot folder on this machine")
def test_committed_file_is_the_conversion_of_the_snapshot() -> None:
    folder = _snapshot()
    assert folder is not None
    converter = _converter()
    document, _notes = converter.convert(folder)
    committed = ispdb_data.data_path().read_text(encoding="utf-8")
    assert converter.render(document) == committed, "re-run packaging/providers/import_ispdb.py"
    domains = sum(len(p["domains"]) for p in document["providers"])
    assert (len(document["providers"]), domains) == (
        len(load_ispdb().entries),
        load_ispdb().domain_count,
    )


def test_readme_counts_are_the_measured_ones(ispdb: IspdbData, curated: ProviderData) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    data = bundled_providers()
    assert (
        f"the built-in list of {len(data)} providers and {data.domain_count} domains: "
        f"{len(curated)} curated entries"
    ) in readme
    assert f"so all {ispdb.domain_count} of its domains answer offline" in readme
    assert f"provider discovery ({len(data)} providers" in readme
    comparisons = compare_with_ispdb(data, ispdb)
    agree = sum(c.agrees for c in comparisons)
    share = f"{100 * agree / len(comparisons):.1f} %"
    assert f"Measured: {agree} of the {len(comparisons)} ISPDB\ndomains ({share})" in readme
    assert f"the other {len(comparisons) - agree} are those\nrecorded differences" in readme
