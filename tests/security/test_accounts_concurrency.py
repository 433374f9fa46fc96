"""The saved-accounts index keeps every row when several programs save at once.

Real processes (the wizard and ``probe --save`` are separate programs) each record accounts in
the same ``accounts.json``; before the lock, 2 × 50 writes kept 51 rows and 20 × 5 kept 16-19.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from smtpwizard.core.credentials.accounts import INDEX_SCHEMA, AccountIndex

WRITER = """
import sys
from smtpwizard.core.credentials.accounts import AccountIndex
from smtpwizard.core.models import Security, Settings
index = AccountIndex(sys.argv[1])
worker, count = int(sys.argv[2]), int(sys.argv[3])
for i in range(count):
    index.record_verified(Settings("smtp.example.com", 587, Security.STARTTLS, f"w{worker}-{i}"))
"""


@pytest.mark.timeout(240)
@pytest.mark.parametrize(("workers", "each"), [(2, 50), (20, 5)])
def test_concurrent_writers_lose_no_row(tmp_path: Path, workers: int, each: int) -> None:
    path = tmp_path / "accounts.json"
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(w), str(each)])
        for w in range(workers)
    ]
    assert all(p.wait(timeout=200) == 0 for p in procs)
    users = {a.user for a in AccountIndex(path).accounts()}
    assert users == {f"w{w}-{i}" for w in range(workers) for i in range(each)}
    data = json.loads(path.read_text(encoding="utf-8"))  # still one whole, valid document
    assert data["schema"] == INDEX_SCHEMA and len(data["accounts"]) == workers * each
    assert not list(tmp_path.glob(".accounts-*.tmp"))  # no temporary file left behind
