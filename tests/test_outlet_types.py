"""Outlet types: the reviewed table, a user's own table, unknown outlets, and the mix /coverage shows."""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus.answer import outlet_types
from corpus.answer.outlet_types import OutletType, mix, outlet_type, parse_table


@pytest.fixture(autouse=True)
def fresh_tables(monkeypatch):
    monkeypatch.delenv(outlet_types.ENV, raising=False)
    outlet_types._tables.cache_clear()
    yield
    outlet_types._tables.cache_clear()


def test_reviewed_names_match_folded_and_in_any_spelling():
    assert outlet_type("(臺)中央社CNA") == OutletType("TW", "public")
    assert outlet_type("中央社") == outlet_type("(臺)中央社CNA")
    assert outlet_type("大紀元") == OutletType("US", "movement")  # traditional folded
    assert outlet_type("bbc") == outlet_type("BBC") == OutletType("GB", "public")
    assert outlet_type("CCTV新闻联播").kind == "state"


def test_an_outlet_nobody_listed_is_unknown_and_counted_so():
    assert outlet_type("某某自媒体") == OutletType("unknown", "unknown")
    counts = mix(["BBC", "美国之音", "路透", "某某自媒体"])
    assert counts["kind"] == {"public": 2, "commercial": 1, "unknown": 1}  # most first, unknown last
    assert list(counts["region"]) == ["GB", "US", "unknown"] and counts["region"]["GB"] == 2


def test_a_users_table_adds_outlets_and_wins(tmp_path: Path, monkeypatch):
    own = tmp_path / "mine.tsv"
    own.write_text("# mine\n某某自媒体\tCN\tindependent\tblog\n路透|Reuters\tGB\tpublic\tdisagreeing on purpose\n"
                   "broken line without tabs\nX\tUS\tnot-a-kind\t\n", encoding="utf-8")
    monkeypatch.setenv(outlet_types.ENV, str(own))
    assert outlet_type("某某自媒体") == OutletType("CN", "independent")
    assert outlet_type("路透").kind == "public"
    assert outlet_type("X").kind == "unknown"  # a line with an unknown kind is skipped, not guessed


def test_a_missing_user_table_keeps_the_reviewed_one(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(outlet_types.ENV, str(tmp_path / "nowhere.tsv"))
    assert outlet_type("BBC").kind == "public"


def test_parse_table_reads_every_name_and_leaves_an_empty_region_unknown():
    table = parse_table("甲报|甲日报\t\tcommercial\tnote\n")
    assert table["甲报"] == table["甲日报"] == OutletType("unknown", "commercial")


def test_the_mix_says_when_no_state_outlet_publishing_those_days_covered_it():
    from datetime import UTC, datetime

    from bot.render import render_mix
    from corpus.answer.stories import Story, StoryArticle

    when = datetime(2020, 8, 10, tzinfo=UTC)

    def story(covered: list[str], missing: list[str]) -> Story:
        return Story(1, tuple(StoryArticle(i, o, "标题", None, when, f"p{i}", "") for i, o in enumerate(covered)),
                     tuple(missing))

    silent_state = render_mix(story(["美国之音", "联合早报"], ["新华社", "Solidot"]), "en")
    assert "none from the state media publishing those days" in silent_state
    assert "官方媒体都没有报道" in render_mix(story(["美国之音"], ["新华社"]), "zh")
    assert "none from the state media" not in render_mix(story(["新华社", "美国之音"], ["Solidot"]), "en")
    assert "none from the state media" not in render_mix(story(["美国之音"], ["Solidot"]), "en")  # none publishing
