"""Many chats at once: ``python -m bot`` long-polls a local fake Bot API while many chats ask at the same time.

    python -m bench.load [--chats 50] [--rounds 3] [--corpus DIR --db PATH]

Each round, every chat sends one question at the same moment (a mix of /search, /when, /coverage, /compare and
plain questions); the reply time of a chat is from its message's arrival in the queue to its first reply. Then one
round of heavy questions with a /help from one more chat in the middle: how long the light reply waits behind the
heavy ones. Prints replies per second and the latencies (median, 90th percentile, max). Telegram's own limit of
about 30 messages a second is applied by the bot (its rate limiter), as in production.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:LOAD-test"
SEED_QUESTIONS = ["/search 碰肘", "/when 王毅 布林肯 通电话", "/coverage 王毅 布林肯 罗马",
                  "/compare 王毅 布林肯 通电话", "王毅和布林肯什么时候在罗马会面", "/search 台湾问题",
                  "/when 习近平 拜登 视频会晤"]
REAL_QUESTIONS = ["/search 黎智英被捕", "/when 贝鲁特爆炸", "/coverage 菅义伟当选自民党总裁", "/compare 纳瓦尔尼中毒",
                  "李登辉什么时候去世", "/search 成都总领馆", "/when 拜登选择贺锦丽为竞选搭档"]


class TimedAPI(FakeBotAPI):
    """The fake server, stamping each call with the time it arrived."""

    def _handle(self, method: str, params: dict) -> tuple[int, dict]:
        params["_t"] = time.monotonic()
        return super()._handle(method, params)


def _message(chat_id: int, text: str) -> dict:
    msg = {"message_id": chat_id, "date": int(time.time()), "text": text,
           "chat": {"id": chat_id, "type": "private"},
           "from": {"id": chat_id, "is_bot": False, "first_name": "u", "language_code": "zh"}}
    if text.startswith("/"):
        msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"message": msg}


def _round(api: TimedAPI, chats: list[int], questions: list[str], timeout: float) -> tuple[list[float], float]:
    """Send one question from each chat at once; return each chat's reply time and the round's span."""
    start = time.monotonic()
    before = len(api.calls)
    for i, chat in enumerate(chats):
        api.push(_message(chat, questions[i % len(questions)]))
    wanted = set(chats)
    api.wait_for(lambda m, p: m == "sendMessage" and int(p["chat_id"]) in wanted and p["_t"] >= start,
                 timeout=timeout, count=len(chats))
    first: dict[int, float] = {}
    for method, params in api.calls[before:]:
        chat = int(params.get("chat_id") or 0)
        if method == "sendMessage" and chat in wanted and chat not in first:
            first[chat] = params["_t"] - start
    return [first[c] for c in chats], max(first.values())


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", default=str(ROOT / "seeds"))
    parser.add_argument("--db", help="index path (default: a fresh one in a temporary folder)")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    questions = SEED_QUESTIONS if Path(args.corpus).resolve() == (ROOT / "seeds").resolve() else REAL_QUESTIONS
    work = Path(tempfile.mkdtemp(prefix="load-"))
    api = TimedAPI().start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ALLOWED_", "ADMIN_"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url, CORPUS_DIR=args.corpus,
               COVERAGE_DB=args.db or str(work / "c.db"), LOG_LEVEL="WARNING", CHAT_RATE_LIMIT="1000")
    with (work / "stderr.log").open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "bot", "--env-file", str(work / "none.env")],
                                cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            api.wait_for(lambda m, p: m == "getUpdates", timeout=args.timeout)
            _round(api, [10], questions, args.timeout)  # warm: dictionaries, caches
            latencies: list[float] = []
            spans: list[float] = []
            for r in range(args.rounds):
                chats = [1000 * (r + 1) + i for i in range(args.chats)]
                times, span = _round(api, chats, questions, args.timeout)
                latencies.extend(times)
                spans.append(span)
                print(f"round {r + 1}: {args.chats} replies in {span:.2f} s ({args.chats / span:.1f}/s), "
                      f"median {statistics.median(times):.2f} s, max {max(times):.2f} s")
            heavy = [q for q in questions if q.startswith(("/compare", "/when", "/coverage"))]
            chats = [9000 + i for i in range(args.chats)]
            start = time.monotonic()
            for i, chat in enumerate(chats):
                api.push(_message(chat, heavy[i % len(heavy)]))
                if i == len(chats) // 2:
                    api.push(_message(8999, "/help"))
            api.wait_for(lambda m, p: m == "sendMessage" and int(p["chat_id"]) == 8999 and p["_t"] >= start,
                         timeout=args.timeout)
            light = next(p["_t"] for m, p in api.calls if m == "sendMessage" and int(p["chat_id"]) == 8999) - start
            api.wait_for(lambda m, p: m == "sendMessage" and 9000 <= int(p["chat_id"]) < 9000 + args.chats
                         and p["_t"] >= start, timeout=args.timeout, count=args.chats)
            heavy_span = time.monotonic() - start
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            api.stop()
    print(f"{args.chats} chats at once, {args.rounds} rounds, corpus {args.corpus}:")
    print(f"  replies per second: median {statistics.median(args.chats / s for s in spans):.1f}")
    print(f"  reply time: median {statistics.median(latencies):.2f} s, p90 {_quantile(latencies, 0.9):.2f} s,"
          f" max {max(latencies):.2f} s")
    print(f"  a /help sent amid {args.chats} heavy questions: answered after {light:.2f} s"
          f" (the heavy round took {heavy_span:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
