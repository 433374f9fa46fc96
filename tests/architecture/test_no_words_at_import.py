"""No word is translated while a module is imported: the language is chosen later.

A table built at import with ``_("…")`` keeps the language of that moment (English in the
tests, the environment's in the CLI) even after the GUI or an installer preset picks another.
Mark such text with ``N_("…")`` and translate it where it is looked up (see
``smtpwizard/core/wording/base.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "smtpwizard"
TRANSLATING = {"_", "ngettext", "gettext"}


def _calls_at_import(tree: ast.Module) -> list[int]:
    """Line numbers of translating calls that run when the module is imported."""
    found: list[int] = []
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    pending.append(default)
            continue  # a body runs when called, not at import
        if isinstance(node, ast.ClassDef):
            pending.extend(node.body)
            continue
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in TRANSLATING
        ):
            found.append(node.lineno)
        pending.extend(ast.iter_child_nodes(node))
    return sorted(found)


def test_no_text_is_translated_at_import_time() -> None:
    wrong = [
        f"{path.relative_to(ROOT.parent)}:{line}"
        for path in sorted(ROOT.rglob("*.py"))
        for line in _calls_at_import(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not wrong, "translated at import (use N_ and translate when shown):\n" + "\n".join(wrong)


def test_the_check_sees_a_table_built_at_import() -> None:
    tree = ast.parse('X = {"a": _("A")}\n\ndef f():\n    return _("B")\n')
    assert _calls_at_import(tree) == [1]
