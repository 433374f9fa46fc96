"""Settings shared by every test: no display, no real keyring, no traffic off loopback."""

from __future__ import annotations

import os

# the shared SMTP lab: lab_ca, smtp_server, threaded_smtp_server, blackhole, demo_lab, ...
pytest_plugins = ["tests.fixtures.servers", "tests.fixtures.dovecot"]

# Qt never needs a screen in the tests unless the runner asks for one (the Xvfb pass).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch a developer's own keyring: tests that need one set a backend explicitly
# (an in-memory one, or a private gnome-keyring in its own D-Bus session).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
# No traffic off loopback: the command line's and the wizard's default extra checks (sender-domain
# DNS look-ups, reference servers for a silent port) stay off; tests that check them pass
# loopback name servers and references explicitly.
os.environ["SMTPWIZARD_EXTRA_CHECKS"] = "off"
# Tests read English unless they choose a language (a German desktop must not change results);
# tests that switch the language switch it back (the ``english_after`` fixture below).
os.environ["LANGUAGE"] = "en"

# Hypothesis checks properties, not speed: on a busy 2-core CI machine its default 200 ms
# per-example deadline would fail runs for timing alone (speed lives in the benchmarks).
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("smtpwizard", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("smtpwizard")


import pytest  # noqa: E402

from smtpwizard.core.wording.translation import set_language  # noqa: E402


@pytest.fixture(autouse=True)
def english_after() -> object:
    """Every test starts and ends in English, whatever language a test switched to."""
    set_language("en")
    yield
    set_language("en")
