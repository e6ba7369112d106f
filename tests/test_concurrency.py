"""Many chats at once: one chat's updates in order, other chats' at the same time, corpus work off the loop."""
from __future__ import annotations

import asyncio
import threading
import time

from telegram import Update

from bot.concurrency import CorpusPool, PerChatUpdateProcessor
from corpus import CorpusIndex


def _update(update_id: int, chat_id: int) -> Update:
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "text": "x", "chat": {"id": chat_id, "type": "private"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "u"}}}, None)


def test_one_chat_in_order_other_chats_meanwhile():
    events: list[str] = []

    async def work(name: str, delay: float) -> None:
        events.append(f"{name} start")
        await asyncio.sleep(delay)
        events.append(f"{name} end")

    async def run() -> None:
        processor = PerChatUpdateProcessor(8)
        async with processor:
            await asyncio.gather(
                processor.process_update(_update(1, 7), work("a1", 0.2)),
                processor.process_update(_update(2, 7), work("a2", 0.0)),
                processor.process_update(_update(3, 8), work("b1", 0.0)))
        assert not processor._locks  # a chat's lock is forgotten once nobody of it waits

    asyncio.run(run())
    assert events.index("a1 end") < events.index("a2 start")  # chat 7 in the order its updates came
    assert events.index("b1 end") < events.index("a1 end")  # chat 8 did not wait for chat 7


def test_corpus_work_runs_in_a_pool_thread_and_the_loop_stays_free(seed_index: CorpusIndex):
    pool = CorpusPool(2)
    ticks: list[float] = []

    def slow() -> str:
        time.sleep(0.3)
        return threading.current_thread().name

    async def ticker() -> None:
        for _ in range(5):
            ticks.append(time.monotonic())
            await asyncio.sleep(0.02)

    async def run() -> str:
        name, _ = await asyncio.gather(pool.run(slow), ticker())
        return name

    try:
        assert asyncio.run(run()).startswith("corpus")
        assert ticks[-1] - ticks[0] < 0.25  # the loop ticked while the work ran
        # a pool thread reads the store through a connection of its own, and sees the same articles
        count, conn = asyncio.run(pool.run(
            lambda: (seed_index.db.execute("SELECT COUNT(*) FROM files").fetchone()[0], seed_index.db)))
        assert conn is not seed_index.db and count == seed_index.db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    finally:
        pool.close()
