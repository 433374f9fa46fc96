"""The probe: test every port × security pairing of a host at once, safely."""

from __future__ import annotations

import asyncio
from typing import Any

from smtpwizard.core.events import EventSink
from smtpwizard.core.models import ProbeReport
from smtpwizard.core.options import ProbeOptions


async def probe_async(options: ProbeOptions, on_event: EventSink | None = None) -> ProbeReport:
    raise NotImplementedError


def probe(host: str, **kwargs: Any) -> ProbeReport:
    """Blocking convenience wrapper: ``probe("smtp.example.com", username=..., password=...)``."""
    return asyncio.run(probe_async(ProbeOptions(host, **kwargs)))
