"""/compare: shared statements, each outlet's own, labels and spellings of names, figures that differ."""
from __future__ import annotations

import json
from pathlib import Path

from corpus import Retriever, compare
from corpus.__main__ import main
from corpus.answer.compare import split_sentences
from tests.conftest import write_article


def test_datelines_are_cut_from_sentences():
    assert split_sentences("（中央社記者張謙香港10日電）黎智英今早被捕。港警稱7人被捕。") == \
        ["黎智英今早被捕。", "港警稱7人被捕。"]
    assert split_sentences("路透伦敦8月10日 - 英国指责中国。")[0] == "英国指责中国。"


def test_the_phone_call_compared_across_two_outlets(retriever: Retriever):
    found = compare(retriever, "王毅 布林肯 通电话")
    assert found is not None and set(found.outlets) == {"新浪财经", "联合早报"}
    assert found.shared and all(len(s.outlets) == 2 for s in found.shared)
    assert any("相向而行" in q.text for s in found.shared for q in s.quotes)
    # statements only 联合早报 makes (the White House's statement it added) are its own, not shared
    own = [o.quote.text for o in found.only if o.quote.outlet == "联合早报"]
    assert any("普萨基" in text for text in own)
    assert not any("普萨基" in q.text for s in found.shared for q in s.quotes)
    # the label each outlet puts before Wang Yi
    wang = next(n for n in found.names if n.name == "王毅")
    labels = dict(wang.labels)
    assert "新浪财经" in labels["国务委员兼外长"] and "联合早报" in labels["中国国务委员兼外长"]


def test_a_story_of_one_outlet_says_so_and_gives_its_key_statements(retriever: Retriever):
    found = compare(retriever, "王毅 布林肯 华盛顿 会面 白宫")
    assert found is not None and found.outlets == ("大纪元",)
    assert not found.shared and found.only and all(o.quote.outlet == "大纪元" for o in found.only)


def test_a_second_outlet_brings_its_own_label_and_statements(seeds_copy: Path, tmp_path: Path, capsys):
    write_article(seeds_copy, "washington.md", source="测试日报", date="2023-10-27T01:00:00Z",
                  title="王毅布林肯华盛顿会面 白宫称确保美中关系不再恶化",
                  body="<p>国务委员兼外长王毅26日在华盛顿同美国国务卿布林肯会面，白宫称双方同意确保美中关系不再恶化。</p>"
                       "<p>川普政府时期中断的对话机制，双方表示将逐步恢复，共有12个工作组参加。</p>"
                       "<p>王毅表示，中美关系正处于关键时刻，双方应当相向而行，推动关系回到正轨。</p>")
    db = str(tmp_path / "c.db")
    assert main(["compare", "王毅", "布林肯", "白宫", "会面", "--json", "--corpus", str(seeds_copy), "--db", db]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"story", "outlets", "shared", "only", "names", "differ"}
    assert set(out["outlets"]) == {"大纪元", "测试日报"}
    wang = next(n for n in out["names"] if n["name"] == "王毅")
    by_label = {entry["label"]: entry["outlets"] for entry in wang["labels"]}
    assert by_label.get("国务委员兼外长") == ["测试日报"]
    assert any("测试日报" in entry["outlets"] for entry in wang["labels"])
    # what only the new outlet says is its own, with where to open it
    own = [o for o in out["only"] if o["outlet"] == "测试日报"]
    assert own and all(o["path"].endswith("washington.md") for o in own)


def test_nothing_found_prints_an_empty_comparison(seeds_copy: Path, tmp_path: Path, capsys):
    db = str(tmp_path / "c.db")
    assert main(["compare", "zzqqxx", "--json", "--corpus", str(seeds_copy), "--db", db]) == 0
    assert json.loads(capsys.readouterr().out)["story"] is None


def test_the_reply_escapes_once_names_the_other_outlets_and_stays_valid_html():
    from datetime import UTC, datetime

    from bot import render
    from corpus.answer.compare import Comparison, Own, Quote, Shared
    from corpus.answer.stories import Story, StoryArticle
    from tests.test_render import assert_valid_telegram_html

    when = datetime(2020, 8, 10, tzinfo=UTC)
    outlets = ["A&B 报", "乙", "丙", "丁", "戊"]
    quotes = tuple(Quote(o, f"{o} 说：警方 <逮捕> 了七人。", "t", f"https://x.test/{i}?a=1&b=2", f"p{i}", 1, when)
                   for i, o in enumerate(outlets[:4]))
    story = Story(1, tuple(StoryArticle(i, o, "标题 <b>", None, when, f"p{i}", "") for i, o in enumerate(outlets)), ())
    own = tuple(Own(Quote("戊", f"只有戊说的第{n}句话。", "t", None, "p4", n, when), ()) for n in range(3))
    found = Comparison(story, tuple(outlets), (Shared(quotes, ("戊",)),), own)
    body = render.render_compare(found, "q", "zh")
    assert_valid_telegram_html(body)
    assert "A&amp;B 报" in body and "&amp;amp;" not in body and "&lt;a" not in body
    assert "标题 &lt;b&gt;" in body and "&lt;逮捕&gt;" in body
    assert "同样说的还有：" in body and 'href="https://x.test/3?a=1&amp;b=2">丁</a>' in body  # the 4th, named
    assert "未提及：戊" in body
    assert body.count("只有戊说的") == 2  # two own statements an outlet in the reply, all three in the JSON
    assert "also stated by" in render.render_compare(found, "q", "en")


def test_a_name_spelt_otherwise_by_sound_is_shown_as_its_spelling(tmp_path: Path):
    """Two outlets write 阿扎尔, a third 阿萨尔, which no bracket pairs with it, said with the same words
    (卫生部长阿萨尔): one person, two spellings. 可以肆意 in a sentence does not become a spelling of anyone."""
    folder = tmp_path / "corpus"
    for i, (source, name) in enumerate([("甲报", "阿扎尔"), ("乙网", "阿扎尔"), ("丙台", "阿萨尔")]):
        write_article(folder, f"v{i}.md", source=source, date=f"2020-08-09T0{i}:00:00Z",
                      title=f"美国卫生部长{name}抵台访问",
                      body=f"<p>美国卫生部长{name}周日搭乘专机抵达台北，展开为期三天的访问。</p>"
                           f"<p>卫生部长{name}表示，美国不会让北京可以肆意施压，此行将深化双方的防疫合作。</p>"
                           f"<p>中国外交部强烈谴责{name}访台，称其挑战一个中国原则。</p>")
    from corpus import CorpusIndex

    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        found = compare(Retriever(index), "美国卫生部长访台")
    assert found is not None and set(found.outlets) == {"甲报", "乙网", "丙台"}
    azar = next(n for n in found.names if n.name == "阿扎尔")
    assert dict(azar.spellings) == {"阿扎尔": ("甲报", "乙网"), "阿萨尔": ("丙台",)}
    assert not any("可以肆" in spelling for n in found.names for spelling, _o in n.spellings)


def test_names_that_sound_alike():
    from corpus.answer.compare import _sounds_like

    assert _sounds_like("蒲亭", "普京") and _sounds_like("阿萨尔", "阿扎尔") and _sounds_like("维特奇", "维特齐")
    assert _sounds_like("麦康内尔", "麦康奈尔") and _sounds_like("马克洪", "马克龙")
    assert not _sounds_like("台湾不是", "台湾独立") and not _sounds_like("格斯", "罗斯")
    assert not _sounds_like("纳瓦尔", "纳瓦尔尼")  # not as many characters


def test_figures_that_differ_are_read_in_either_script(tmp_path: Path):
    """Two outlets give 享年98岁, a Taiwanese one 享年97歲 in traditional script: the figures differ, and the
    traditional figure is shown as it was written."""
    folder = tmp_path / "corpus"
    for i, (source, sentence) in enumerate([("甲报", "台湾前总统李登辉周四晚间病逝，享年98岁。"),
                                            ("乙网", "台湾前总统李登辉周四晚间在台北病逝，享年98岁。"),
                                            ("丙台", "台灣前總統李登輝週四晚間病逝，享年97歲。")]):
        write_article(folder, f"l{i}.md", source=source, date=f"2020-07-30T1{i}:00:00Z",
                      title="台湾前总统李登辉病逝", body=f"<p>{sentence}</p><p>李登辉曾任台湾总统十二年。</p>")
    from corpus import CorpusIndex

    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        found = compare(Retriever(index), "李登辉病逝")
    assert found is not None and found.differ
    figures = {q.outlet: figure for figure, q in found.differ[0].figures}
    assert figures["丙台"] == "97歲" and figures["甲报"] == "98岁"
