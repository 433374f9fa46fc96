"""The shared test lab: fixtures (``tests.lab.fixtures``), a recording TCP proxy and helpers.

Enable the fixtures with ``pytest_plugins = ["tests.lab.fixtures"]`` in ``tests/conftest.py``.
"""

from tests.lab.proxy import RecordingProxy, secret_forms

__all__ = ["RecordingProxy", "secret_forms"]
