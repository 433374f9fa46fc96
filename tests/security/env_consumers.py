"""The real readers of a ``.env`` file, each run on one file holding many values at once.

Every reader returns ``{key: value}`` for the keys asked, exactly as that consumer sees them:
POSIX ``sh`` (dash) and ``bash`` sourcing it with ``set -a``, Laravel's phpdotenv (Debian
``php-vlucas-phpdotenv``), python-dotenv, ``node --env-file`` and Node's ``dotenv`` package
(installed by ``packaging/dev.sh`` under ``.venv/node``). A reader that is not installed is
left out; :func:`available` says which ones run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

ROOT = Path(__file__).resolve().parents[2]
PHPDOTENV = Path("/usr/share/php/Dotenv/autoload.php")
NODE_DOTENV = ROOT / ".venv" / "node" / "node_modules" / "dotenv"

Reader = Callable[[Path, Sequence[str]], dict[str, str]]


class ConsumerFailed(Exception):
    """The consumer refused the file (or ran something it should not have)."""


@dataclass(frozen=True)
class Consumer:
    name: str
    read: Reader


def _run(argv: list[str], cwd: Path) -> bytes:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}
    before = sorted(p.name for p in cwd.iterdir())
    done = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=60, env=env)
    after = sorted(p.name for p in cwd.iterdir())
    if after != before:  # a value ran a command (e.g. $(touch PWNED))
        raise ConsumerFailed(f"{argv[0]} created {set(after) - set(before)} while reading")
    if done.returncode != 0:
        raise ConsumerFailed(done.stderr.decode("utf-8", "replace")[-2000:])
    return done.stdout


def _shell(shell: str) -> Reader:
    def read(path: Path, keys: Sequence[str]) -> dict[str, str]:
        script = 'set -a; . "$1"; printf "%s\\0" ' + " ".join(f'"${k}"' for k in keys)
        out = _run([shell, "-c", script, shell, str(path)], path.parent)
        values = out.decode("utf-8", "surrogateescape").split("\0")[: len(keys)]
        return dict(zip(keys, values, strict=True))

    return read


_PHP = """
require '/usr/share/php/Dotenv/autoload.php';
$values = Dotenv\\Dotenv::createArrayBacked($argv[1], $argv[2])->load();
echo json_encode($values, JSON_THROW_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE);
"""


def _php(path: Path, keys: Sequence[str]) -> dict[str, str]:
    out = _run(
        ["php", "-d", "display_errors=stderr", "-r", _PHP, str(path.parent), path.name], path.parent
    )
    values = json.loads(out) or {}  # PHP encodes an empty array as []
    return {k: values.get(k) for k in keys}


def _python_dotenv(path: Path, keys: Sequence[str]) -> dict[str, str]:
    values = dotenv_values(path)
    return {k: values.get(k) for k in keys}  # type: ignore[misc]


_NODE_PRINT = (
    "process.stdout.write(JSON.stringify(Object.fromEntries(process.argv.slice(1)"
    ".map((k) => [k, process.env[k]]))))"
)


def _node_env_file(path: Path, keys: Sequence[str]) -> dict[str, str]:
    out = _run(["node", f"--env-file={path}", "-e", _NODE_PRINT, "--", *keys], path.parent)
    values = json.loads(out)
    return {k: values.get(k) for k in keys}


def _node_dotenv(path: Path, keys: Sequence[str]) -> dict[str, str]:
    script = (
        f"const d = require({json.dumps(str(NODE_DOTENV))});"
        "const v = d.parse(require('fs').readFileSync(process.argv[1]));"
        "process.stdout.write(JSON.stringify(v));"
    )
    out = _run(["node", "-e", script, str(path)], path.parent)
    values = json.loads(out)
    return {k: values.get(k) for k in keys}


def _node_has_env_file() -> bool:
    if shutil.which("node") is None:
        return False
    version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout
    found = re.match(r"v(\d+)\.(\d+)", version)
    return bool(found) and (int(found[1]), int(found[2])) >= (20, 6)  # type: ignore[index]


def available() -> list[Consumer]:
    found = [Consumer("python-dotenv", _python_dotenv)]
    for shell in ("dash", "bash"):
        if shutil.which(shell):
            found.append(Consumer(f"{shell} (set -a; . FILE)", _shell(shell)))
    if shutil.which("php") and PHPDOTENV.exists():
        found.append(Consumer("phpdotenv (Laravel)", _php))
    if _node_has_env_file():
        found.append(Consumer("node --env-file", _node_env_file))
    if shutil.which("node") and NODE_DOTENV.exists():
        found.append(Consumer("node dotenv", _node_dotenv))
    return found


def missing() -> list[str]:
    """The consumers this machine lacks (a test names them when it skips)."""
    names = {c.name.split(" ")[0] for c in available()}
    wanted = {
        "dash": "dash",
        "bash": "bash",
        "phpdotenv": "php-vlucas-phpdotenv",
        "node": "node >= 20.6 (--env-file) and Node's dotenv (packaging/dev.sh setup)",
    }
    return [what for name, what in wanted.items() if name not in names]
