"""The allowed arrows between the core's capabilities, and no import cycle anywhere.

Read from the source (``import_graph``), so a function-local import counts like any other.
"""

from __future__ import annotations

from collections import defaultdict

from tests.architecture.import_graph import Edge, cycles, edges, modules

CORE = "smtpwizard.core"

# capability -> the core capabilities it may import (besides itself and ``errors``, the base
# exception every capability may derive from).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "models": {"wording.codes"},
    "validation": {"wording.translation"},  # its messages are translated when shown
    "servertext": set(),
    "jsoninput": {"validation"},
    "paths": set(),
    "environment": {"paths"},
    "redaction": set(),
    "contract": {"models", "wording"},
    "wording": {"models", "validation"},
    "discovery": {"models", "validation", "wording", "servertext"},
    "credentials": {"models", "validation", "jsoninput", "paths", "wording"},
    "probe": {
        "models",
        "validation",
        "wording",
        "discovery",
        "redaction",
        "servertext",
        "sender_domain",
        "egress",
        "cert_audit",
    },
    "sender_domain": {"models", "wording"},
    "egress": {"models", "wording"},
    "cert_audit": {"models", "wording"},
    "incoming": {"models", "validation", "wording", "discovery", "redaction", "probe"},
    "oauth": {"models", "validation", "paths", "wording", "discovery", "credentials"},
    "export": {"models", "validation", "wording", "credentials", "oauth", "contract"},
    "report": {
        "models",
        "validation",
        "wording",
        "environment",
        "redaction",
        "contract",
        "discovery",
    },
    "installer": {
        "models",
        "validation",
        "jsoninput",
        "paths",
        "wording",
        "discovery",
        "credentials",
        "contract",
    },
}


def _capability(module: str) -> str | None:
    """``probe`` for ``smtpwizard.core.probe.engine``; ``wording.codes`` for the codes module and
    ``wording.translation`` for the language state (both import nothing of smtpwizard)."""
    if not module.startswith(CORE + "."):
        return None
    rest = module[len(CORE) + 1 :]
    if rest in ("wording.codes", "wording.translation"):
        return rest
    return rest.split(".")[0]


def _allowed(source: str, target: str) -> bool:
    mine, theirs = _capability(source), _capability(target)
    if mine is None:
        return True  # outside the core: the GUI and CLI may use all of it
    if target == "smtpwizard" or target.startswith("smtpwizard.core") is False:
        # the core never reaches up into the GUI, CLI, lab, benchmarks or self-test
        return target == "smtpwizard"
    if theirs in (None, "errors") or mine.split(".")[0] == theirs.split(".")[0]:
        return True
    allowed = ALLOWED[mine.split(".")[0]] if mine not in ALLOWED else ALLOWED[mine]
    return theirs in allowed or theirs.split(".")[0] in allowed


def test_every_core_capability_has_rules() -> None:
    capabilities = {c.split(".")[0] for m in modules() if (c := _capability(m)) is not None}
    assert capabilities <= set(ALLOWED), capabilities - set(ALLOWED)


def test_core_arrows_point_only_where_allowed() -> None:
    wrong: list[Edge] = [e for e in edges() if not _allowed(e.source, e.target)]
    assert not wrong, "\n".join(f"{e.source}:{e.line} imports {e.target}" for e in wrong)


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in edges():
        graph[edge.source].add(edge.target)
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
