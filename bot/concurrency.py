"""Many chats at once: updates handled concurrently, each chat's in order, and corpus work off the event loop.

The event loop only waits: questions are answered in a pool of threads (``CORPUS_WORKERS``, one per core by
default), so a chat asking for /help is answered while other chats' /when and /compare are worked out. Updates are
handled up to ``CONCURRENT_UPDATES`` at a time, but one chat's (or one user's, for inline queries) strictly in the
order they came: a /subscribe followed by /unsubscribe never lands the other way round.
"""
from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from telegram import Update
from telegram.ext import BaseUpdateProcessor

T = TypeVar("T")


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Handles updates concurrently, but those of one chat (or one user without a chat) one after another."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[object, asyncio.Lock] = {}
        self._waiting: dict[object, int] = {}

    @staticmethod
    def key(update: object) -> object:
        """What orders an update: its chat, else its user, else nothing (handled at once)."""
        if isinstance(update, Update):
            if update.effective_chat is not None:
                return ("chat", update.effective_chat.id)
            if update.effective_user is not None:
                return ("user", update.effective_user.id)
        return None

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        """Run ``coroutine`` after the updates of the same chat that came before it."""
        key = self.key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # nobody else of this chat is waiting: forget its lock
                del self._waiting[key]
                self._locks.pop(key, None)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


class CorpusPool:
    """The threads that answer questions, so that the event loop stays free for other chats."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="corpus")

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """Return ``work(*args)``, worked out in a pool thread (with the caller's context variables)."""
        loop = asyncio.get_running_loop()
        call = functools.partial(contextvars.copy_context().run, work, *args)
        return await loop.run_in_executor(self._executor, call)

    def close(self) -> None:
        """Let running questions finish and stop the threads."""
        self._executor.shutdown(wait=True, cancel_futures=True)
