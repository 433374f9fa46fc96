"""Every word a person reads about a failure, keyed by the stable failure codes.

- ``codes``: the stable failure codes of the JSON contract.
- ``messages``: code → title, explanation, fix (one place for all failure prose).
- ``provider_hints``: provider-specific refinements of those words.
- ``summary``: a probe's verdict in one plain paragraph.

Imports nothing of the other core packages but ``models`` (``tests/core/test_layering.py``).
"""
