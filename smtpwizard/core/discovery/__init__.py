"""From an email address to candidate server settings, offline first.

- ``pipeline``: bundled data, then Mozilla autoconfig, DNS SRV/MX, then guesses.
- ``autoconfig``: fetch and parse autoconfig documents safely (hardened XML, size caps).
- ``providers``: the bundled provider data, looked up by domain, MX host or SMTP host.
"""
