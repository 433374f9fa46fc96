"""The wizard's page ids (one place; pages and the window both use them)."""

from __future__ import annotations

from enum import IntEnum


class PageId(IntEnum):
    ACCOUNT = 0
    SERVER = 1
    SIGNIN = 2
    TESTING = 3
    RESULT = 4
    SAVE = 5
    SAVED = 6  # the saved accounts, shown first when there are any (its nextId says where next)


#: Pages a preset can skip, by the names the preset uses.
SKIPPABLE_PAGES = {"account": PageId.ACCOUNT, "server": PageId.SERVER}
