"""``async with`` for anything with coroutine ``start()``/``stop()`` (servers, the demo lab)."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class AsyncStartStop:
    """Mixin: ``async with thing:`` starts it and always stops it."""

    async def start(self) -> Self:
        raise NotImplementedError

    async def stop(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
