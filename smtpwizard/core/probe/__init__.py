"""The probe: test every port × security pairing of a host at once, safely.

- ``engine``: :func:`probe` / :func:`probe_async`, all pairings concurrently, early verdict.
- ``options``: :class:`ProbeOptions`, what a probe is asked to do.
- ``session``: one pairing, one connection, one staged SMTP session.
- ``recorder``: stages, durations, TLS facts and transcript of one attempt.
- ``auth_gate``: at most one failed login per probe.
- ``diagnosis``: an exception or server reply turned into a stable failure code.
- ``ranking`` / ``verdict``: which pairing to recommend; how the probe ended (exit codes).
- ``tls_config`` / ``tls_facts``: client TLS contexts; what a TLS connection tells.
- ``events``: progress events for whoever watches (GUI, CLI).

Nothing here imports ``export``, ``report`` or ``credentials`` (``tests/core/test_layering.py``).
"""
