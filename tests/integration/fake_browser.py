"""A stand-in for the system browser, for ``$BROWSER``: ``python fake_browser.py URL``.

Follows the authorization server's redirect to the loopback listener, like a person who clicks
"Allow" would. Exits 0 when the listener answered.
"""

from __future__ import annotations

import sys

import httpx


def main(url: str) -> int:
    with httpx.Client(timeout=10, follow_redirects=False) as http:
        response = http.get(url)
        location = response.headers.get("location")
        if location is None:
            return 1
        return 0 if http.get(location).status_code < 500 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
