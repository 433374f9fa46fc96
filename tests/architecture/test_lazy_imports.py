"""Every import inside a function says why it is there (``# lazy: <reason>``).

Most function-local imports are deliberate: the wizard draws its first page before loading the
engine, each command loads only what it uses, platform-specific modules load only where they
exist. Marking each one tells them apart from an import that only dodges a cycle (there are
none: ``test_import_graph`` forbids cycles), and makes a new one a decision, not an accident.
"""

from __future__ import annotations

import ast

from tests.architecture.import_graph import modules

MARK = "# lazy:"


def _unmarked() -> list[str]:
    found: list[str] = []
    for name, path in modules().items():
        lines = path.read_text(encoding="utf-8").split("\n")
        for function in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                here = lines[node.lineno - 1 : node.end_lineno]
                above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
                if not (any(MARK in line for line in here) or above.startswith(MARK)):
                    found.append(f"{name}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return sorted(set(found))


def test_every_function_local_import_gives_its_reason() -> None:
    assert _unmarked() == []
