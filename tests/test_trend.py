"""Attention over time: counts per day and outlet, shares, peaks named, and a real PNG with Chinese text."""
from __future__ import annotations

import struct
from pathlib import Path
from zoneinfo import ZoneInfo

from corpus import CorpusIndex, Retriever
from corpus.answer.trend import font_path, png, trend
from tests.conftest import write_article

ZONE = ZoneInfo("Asia/Shanghai")


def _world(seeds_copy: Path, tmp_path: Path) -> Retriever:
    for i in range(5):  # a burst on 11-20, and one earlier report
        write_article(seeds_copy, f"quake/{i}.md", title="智利发生强烈地震", source=f"报{i % 3}",
                      date=f"2021-11-20T0{i}:00:00Z", body="<p>智利今天发生强烈地震，多栋建筑倒塌。</p>")
    write_article(seeds_copy, "quake/old.md", title="智利地震预警演习", source="报0", date="2021-11-10T02:00:00Z",
                  body="<p>智利举行地震预警演习。</p>")
    index = CorpusIndex(tmp_path / "t.db")
    index.update(seeds_copy)
    return Retriever(index)


def test_counts_per_day_and_outlet_with_the_peak_named(seeds_copy: Path, tmp_path: Path):
    data = trend(_world(seeds_copy, tmp_path), "智利 地震", ZONE)
    assert data.unit == "day" and data.buckets[0].isoformat() == "2021-11-10"
    assert sum(data.totals) == 6 and data.totals[-1] == 5
    assert data.peaks[0][0].isoformat() == "2021-11-20" and "智利发生强烈地震" in data.peaks[0][2]
    assert sum(v[-1] for v in data.series.values()) == 5
    shares = trend(_world(seeds_copy, tmp_path / "b"), "智利 地震", ZONE, share=True)
    assert all(0 <= x <= 100 for v in shares.series.values() for x in v)
    json = data.to_json()
    assert json["peaks"][0]["bucket"] == "2021-11-20" and json["unit"] == "day"


def test_the_chart_is_a_png_drawn_with_a_chinese_font(seeds_copy: Path, tmp_path: Path):
    image = png(trend(_world(seeds_copy, tmp_path), "智利 地震", ZONE), "zh")
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", image[16:24])
    assert width > 800 and height > 400
    assert Path(font_path()).is_file()  # shipped in a package, not taken from the host


def test_no_match_gives_an_empty_trend(seeds_copy: Path, tmp_path: Path):
    data = trend(_world(seeds_copy, tmp_path), "量子计算机", ZONE)
    assert data.buckets == [] and data.peaks == []
