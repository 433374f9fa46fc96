"""``python -m smtpwizard`` and the ``smtpwizard`` console script."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
