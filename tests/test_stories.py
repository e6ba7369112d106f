"""Stories across outlets: grouping, identity as the corpus grows, and /coverage."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.render import render_coverage
from corpus import CorpusIndex, Retriever, best_story, story_of_article
from corpus.__main__ import main
from corpus.answer.compare import compare
from corpus.answer.coverage import query_terms_weighed, stated_day
from corpus.answer.stories import Story, topic_stories
from corpus.answer.stories import story as load
from corpus.answer.when import answer_when
from tests.conftest import SEEDS, write_article

ROME, CALL, WASHINGTON = ("000_ceca840310306e7c.txt", "001_3ee58391ed132a80.txt"), \
    ("002_740b901baec55788.txt", "003_2330414f3a895630.txt"), ("004_28db49f97dcf3802.txt",)

FOURTH_OUTLET_ON_THE_CALL = """<p>据中国外交部消息，国务委员兼外长王毅13日应约同美国国务卿布林肯通电话。</p>
<p>王毅表示，两国元首即将举行视频会晤，双方要相向而行，为会晤做好准备，确保会晤取得成功。</p>
<p>布林肯表示，美方期待此次美中元首视频会晤，愿与中方保持沟通。双方还就台湾问题交换了意见。</p>"""


def stories_by_path(index: CorpusIndex) -> dict[str, int]:
    return {path: story_of_article(index, index.article_id(path)) for path in
            [r[0] for r in index.db.execute("SELECT path FROM files WHERE status = 'ok'")]}


def groups(index: CorpusIndex) -> set[frozenset[str]]:
    by_story: dict[int, set[str]] = {}
    for path, story in stories_by_path(index).items():
        by_story.setdefault(story, set()).add(path)
    return {frozenset(v) for v in by_story.values()}


def test_seeds_form_three_stories(seed_index: CorpusIndex):
    assert groups(seed_index) == {frozenset(ROME), frozenset(CALL), frozenset(WASHINGTON)}


def test_a_fourth_outlet_joins_its_story_and_stories_keep_their_identity(seeds_copy: Path, tmp_path: Path):
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(seeds_copy)
        before = stories_by_path(index)
        write_article(seeds_copy, "new/cctv.md", title="王毅同布林肯通电话", source="央视新闻",
                      date="2021-11-13T09:30:00Z", url="https://news.cctv.com/x", body=FOURTH_OUTLET_ON_THE_CALL)
        index.update(seeds_copy)
        after = stories_by_path(index)
        assert {k: v for k, v in after.items() if k in before} == before  # nobody moved
        assert after["new/cctv.md"] == before[CALL[0]]
        story = load(index, after["new/cctv.md"])
        assert [a.source for a in story.articles] == ["新浪财经", "联合早报", "央视新闻"]


def test_same_people_other_event_same_day_is_another_story(seeds_copy: Path, tmp_path: Path):
    write_article(seeds_copy, "climate.md", title="王毅出席气候变化部长级会议", source="中新网",
                  date="2021-11-13T10:00:00Z",
                  body="<p>国务委员兼外长王毅13日以视频方式出席气候变化部长级会议，介绍中国碳达峰碳中和的进展。</p>"
                       "<p>王毅表示，中方将继续推动能源转型，发展可再生能源，支持发展中国家应对气候变化。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(seeds_copy)
        by_path = stories_by_path(index)
        assert by_path["climate.md"] not in {by_path[p] for p in CALL + ROME}


def test_far_apart_in_time_is_another_story(seeds_copy: Path, tmp_path: Path):
    text = (SEEDS / CALL[0]).read_text(encoding="utf-8").replace("Sat, 13 Nov 2021", "Mon, 13 Dec 2021")
    (seeds_copy / "later.txt").write_text(text, encoding="utf-8")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(seeds_copy)
        by_path = stories_by_path(index)
        assert by_path["later.txt"] != by_path[CALL[0]]


def test_deleting_the_first_report_keeps_the_story(seeds_copy: Path, tmp_path: Path):
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(seeds_copy)
        story = stories_by_path(index)[CALL[1]]
        (seeds_copy / CALL[0]).unlink()
        index.update(seeds_copy)
        assert stories_by_path(index)[CALL[1]] == story
        assert [a.source for a in load(index, story).articles] == ["联合早报"]


def test_coverage_lists_outlets_first_first_and_missing(retriever: Retriever):
    story = best_story(retriever, "王毅 布林肯 罗马 会晤")
    payload = story.to_json()
    assert [a["source"] for a in payload["articles"]] == ["联合早报", "观察者网"]
    first, second = payload["articles"]
    assert first["first"] and not second["first"]
    assert first["published"] < second["published"]
    assert first["url"].startswith("https://www.zaobao.com/") and second["url"] is None
    assert first["lede"].startswith("美国国务院称") and second["lede"].startswith("（观察者网讯）")
    # 新浪财经 and 大纪元 published nothing from the day before to the day after: they could not have reported it
    assert payload["missing"] == [] and payload["outlets_publishing"] == 2


def test_missing_lists_only_outlets_publishing_during_the_story(seeds_copy: Path, tmp_path: Path):
    write_article(seeds_copy, "same-day.md", title="中国经济数据公布", source="央视新闻", date="2021-11-13T08:00:00Z",
                  body="<p>国家统计局13日公布十月份经济数据，工业增加值同比增长，社会消费品零售总额保持增长。</p>")
    write_article(seeds_copy, "weeks-later.md", title="新冬奥场馆启用", source="中新网", date="2021-12-20T08:00:00Z",
                  body="<p>北京冬奥会新场馆20日正式启用，各项赛事准备工作进入最后阶段，志愿者培训全面展开。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(seeds_copy)
        story = load(index, story_of_article(index, index.article_id(CALL[0])))
        assert [a.source for a in story.articles] == ["新浪财经", "联合早报"]
        assert story.missing == ("央视新闻",)  # it published that day, about something else
        assert story.publishing == 3  # 中新网 and the outlets of other days are not counted


def test_joined_stories_show_as_one_and_an_outlet_is_shown_by_its_matching_article(seed_index: CorpusIndex):
    call, rome = (story_of_article(seed_index, seed_index.article_id(p)) for p in (CALL[0], ROME[0]))
    zaobao_rome = seed_index.article_id(ROME[0])
    assert [a.source for a in load(seed_index, call).articles] == ["新浪财经", "联合早报"]
    both = load(seed_index, call, joined=(rome,))
    assert sorted(a.source for a in both.articles) == ["新浪财经", "联合早报", "观察者网"]
    assert both.to_json()["joined"] == [rome] and both.story_id == call
    zaobao_call = next(seed_index.article_id(p) for p in CALL if seed_index.article_id(p) != zaobao_rome
                       and "联合早报" in (SEEDS / p).read_text(encoding="utf-8"))
    zaobao = next(a for a in both.articles if a.source == "联合早报")
    assert zaobao.article_id == zaobao_rome  # its earliest article, unless another one matches the question:
    preferred = load(seed_index, call, joined=(rome,), preferred=frozenset({zaobao_call}))
    assert next(a for a in preferred.articles if a.source == "联合早报").article_id == zaobao_call


def test_stories_of_the_same_topic_link_each_other_both_ways(seeds_copy: Path, tmp_path: Path):
    text = (SEEDS / CALL[0]).read_text(encoding="utf-8").replace("Sat, 13 Nov 2021", "Thu, 18 Nov 2021")
    (seeds_copy / "follow-up.txt").write_text(text, encoding="utf-8")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(seeds_copy)
        later, call = (story_of_article(index, index.article_id(p)) for p in ("follow-up.txt", CALL[0]))
        assert later != call  # five days on: a story of its own
        earlier = topic_stories(index.db, (later,))[0]
        assert [e.story_id for e in earlier] == [call]
        assert earlier[0].similarity >= 0.5 and earlier[0].published.day == 13
        assert topic_stories(index.db, (call,))[0] == ()  # Rome, two weeks before, is too unlike the call
        after = topic_stories(index.db, (call,))[1]  # a question that finds the first story is shown the next one
        assert [e.story_id for e in after] == [later] and after[0].published.day == 18
        assert topic_stories(index.db, (later,))[1] == ()  # nothing of the topic came after it
        # the stories' centroids kept for the store's generation give the same answer without reading the vectors
        kept = index.story_centroids()
        assert topic_stories(index.db, (later,), kept) == topic_stories(index.db, (later,)) and call in kept
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("corpus.answer.stories.json.loads", lambda _text: pytest.fail("a vector was read"))
            assert topic_stories(index.db, (later,), index.story_centroids())[0] == earlier
        shown = replace(load(index, call), later=after)
        zh, en = (render_coverage(shown, "王毅 布林肯", lang, ZoneInfo("Asia/Shanghai")) for lang in ("zh", "en"))
        assert "后续相关报道：\n• 2021-11-18" in zh and "Later in this story:\n• 2021-11-18" in en


def test_coverage_finds_nothing_for_nonsense(retriever: Retriever):
    assert best_story(retriever, "量子计算机 超导芯片") is None


def test_coverage_command_json(seeds_copy: Path, tmp_path: Path, capsys):
    assert main(["coverage", "王毅", "布林肯", "通电话", "--json", "--corpus", str(seeds_copy),
                 "--db", str(tmp_path / "c.db")]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [a["source"] for a in payload["articles"]] == ["新浪财经", "联合早报"]
    assert {"source", "title", "url", "published", "lede"} <= set(payload["articles"][0])
    assert payload["missing"] == [] and payload["missing_count"] == 0 and payload["outlets_publishing"] == 2
    mixes = payload["outlet_mix"]
    assert mixes["covered"]["kind"] == {"commercial": 2} and mixes["silent"]["kind"] == {}
    assert payload["earlier"] == [] and payload["later"] == [] and payload["joined"] == []


@pytest.mark.parametrize("copies", [2])
def test_an_exact_reprint_is_marked(seeds_copy: Path, tmp_path: Path, copies: int):
    text = (SEEDS / ROME[0]).read_text(encoding="utf-8")
    for i in range(copies):
        reprint = text.replace("联合早报", f"转载网{i}").replace("04:47:35", f"0{5 + i}:00:00")
        (seeds_copy / f"reprint{i}.md").write_text(reprint, encoding="utf-8")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(seeds_copy)
        story = load(index, story_of_article(index, index.article_id(ROME[0])))
        marks = {a.source: a.reprint_of for a in story.articles}
        assert marks["转载网0"] == "联合早报" and marks["转载网1"] == "联合早报" and marks["联合早报"] is None


def test_sources_command(seeds_copy: Path, tmp_path: Path, capsys):
    assert main(["sources", "--json", "--corpus", str(seeds_copy), "--db", str(tmp_path / "c.db")]) == 0
    sources = {s["source"]: s["articles"] for s in json.loads(capsys.readouterr().out)}
    assert sources == {"联合早报": 2, "观察者网": 1, "新浪财经": 1, "大纪元": 1}


def test_coverage_of_an_announced_visit_lists_the_visit_and_a_plan_question_the_announcement(tmp_path: Path):
    """Every headline of the first story announces the visit (将访台) and its text names it more often; /coverage
    of the visit lists the next story of the topic, the visit itself, with the announcement linked as earlier; a
    question about the plan (将访台) keeps the announcement."""
    outlets = ["甲报", "乙网", "丙台", "丁社"]
    folder = tmp_path / "corpus"
    for i, s in enumerate(outlets):
        write_article(folder, f"a{i}.md", title=f"美国卫生部长阿扎尔将访台 {s}", source=s, date="2022-08-05T03:00:00Z",
                      body="<p>美国卫生部长阿扎尔将访台，外交部今天表示欢迎阿扎尔访台。</p>"
                           "<p>阿扎尔访台期间将会见台湾领导人，阿扎尔访台引起关注。</p>")
        write_article(folder, f"b{i}.md", title=f"美国卫生部长阿扎尔抵达台湾 开始访台 {s}", source=s,
                      date="2022-08-09T08:00:00Z", body="<p>美国卫生部长阿扎尔今天抵达台湾，展开访台行程。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        visit = best_story(retriever, "阿扎尔访台")
        assert visit is not None and {a.path for a in visit.articles} == {f"b{i}.md" for i in range(4)}
        assert [e.title for e in visit.earlier] == ["美国卫生部长阿扎尔将访台 甲报"]
        plan = best_story(retriever, "阿扎尔将访台")
        assert plan is not None and {a.path for a in plan.articles} == {f"a{i}.md" for i in range(4)}
        # ... and in English, a plan as headlines write it: "will", a subject's "to" and a verb
        plan = best_story(retriever, "US health secretary will visit Taiwan")
        assert plan is not None and {a.path for a in plan.articles} == {f"a{i}.md" for i in range(4)}
        visit = best_story(retriever, "US health secretary visits Taiwan")
        assert visit is not None and {a.path for a in visit.articles} == {f"b{i}.md" for i in range(4)}
    from corpus.answer.coverage import _ASKS_PLAN_ENGLISH
    assert _ASKS_PLAN_ENGLISH.search("Japan to send Yoshiro Mori to Lee Teng-hui's funeral")
    assert not _ASKS_PLAN_ENGLISH.search("Canada says requirements to extradite Meng Wanzhou are met")


def test_a_day_the_question_states_chooses_that_days_story(tmp_path: Path):
    """Two typhoons landed in Zhejiang a month apart, the first reported by more outlets. Asked without a day,
    /coverage lists the first; asked with the second's day (9月7日, in any place of the question, or with its year,
    or as 2022-09-07 or September 7), the second's, the day no word to look for. Asked with a day no report is
    of, it lists the best match and says that nothing matching was reported that day."""
    folder = tmp_path / "corpus"
    write_reports(folder, "a", ["甲报", "乙网", "丙台", "丁社"], "强台风登陆浙江 数十万人撤离",
                  lambda i: f"2022-08-10T0{i}:00:00Z",
                  "<p>强台风今天凌晨在浙江沿海登陆，当局撤离数十万居民。</p><p>气象部门发布红色预警。</p>")
    write_reports(folder, "b", ["戊报", "己网"], "强台风登陆浙江 多地停课", lambda i: f"2022-09-07T0{i}:00:00Z",
                  "<p>又一个强台风今天在浙江登陆，多地学校停课。</p><p>气象部门发布橙色预警。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        first = best_story(retriever, "强台风登陆浙江")
        assert first is not None and {a.path for a in first.articles} == {f"a{i}.md" for i in range(4)}
        for question in ("9月7日强台风登陆浙江", "强台风9月7日登陆浙江", "2022年9月7日 强台风登陆浙江",
                         "2022-09-07 强台风登陆浙江", "强台风登陆浙江 on September 7"):
            second = best_story(retriever, question)
            assert second is not None and {a.path for a in second.articles} == {"b0.md", "b1.md"}, question
        assert stated_day(retriever, "10日强台风登陆浙江") == (None, "10日强台风登陆浙江")  # a day alone is none
        assert first.asked_day is None and second.asked_day is None
        # a day of no such report: the best match, and the reply says nothing matching was reported that day
        other = best_story(retriever, "7月1日强台风登陆浙江")
        assert other is not None and other.asked_day == date(2022, 7, 1) and other.to_json()["asked_day_unmatched"]
        shown = render_coverage(other, "7月1日强台风登陆浙江", "zh", ZoneInfo("Asia/Shanghai"))
        assert shown.startswith("⚠️ 2022-07-01 没有相符的报道")


def test_a_story_of_the_same_days_is_joined_only_when_its_headlines_name_the_event(tmp_path: Path):
    """The reports of a border clash mention the ministers' meeting planned for the same days, and their passages
    match the question nearly as well as the meeting's own; /coverage of the meeting does not list them, because
    none of their headlines names it."""
    folder = tmp_path / "corpus"
    for i, s in enumerate(["甲报", "乙网", "丙台", "丁社"]):
        write_article(folder, f"meet{i}.md", title=f"中印外长在莫斯科会晤 达成五点共识 {s}", source=s,
                      date=f"2022-09-10T1{i}:00:00Z",
                      body="<p>中印外长10日在莫斯科会晤，双方达成五点共识。</p>"
                           "<p>两国外长同意边防部队尽快脱离接触，缓和边境紧张局势。</p>")
    for i, s in enumerate(["戊报", "己网", "庚台", "辛社"]):
        write_article(folder, f"clash{i}.md", title=f"印军在班公湖鸣枪示警 解放军巡逻队对峙 {s}", source=s,
                      date=f"2022-09-09T1{i}:00:00Z",
                      body="<p>印军士兵在班公湖南岸向解放军巡逻队鸣枪示警，双方巡逻队对峙数小时，解放军西部战区谴责印军挑衅。</p>"
                           "<p>班公湖一带的对峙已持续数月，解放军和印军各自增派部队，鸣枪事件是四十五年来首次。</p>"
                           "<p>中印外长预计在莫斯科会晤。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        meeting = {story_of_article(index, index.article_id(f"meet{i}.md")) for i in range(4)}
        clash = {story_of_article(index, index.article_id(f"clash{i}.md")) for i in range(4)}
        assert len(meeting) == len(clash) == 1 and meeting != clash
        found = best_story(Retriever(index), "中印外长莫斯科会晤")
        assert found is not None and {a.path for a in found.articles} == {f"meet{i}.md" for i in range(4)}
        assert found.joined == ()


def write_delay_story(folder: Path, outlets: list[str]) -> None:
    """甲报's leak that the election may be delayed (leak.md), 乙网's article on the epidemic that mentions it
    (virus.md), and the reports of the delay by ``outlets``, delay0.md, delay1.md, …, an hour apart."""
    write_article(folder, "leak.md", title="港媒：香港立法会选举可能推迟一年 甲报", source="甲报",
                  date="2022-07-31T01:00:00Z",
                  body="<p>据港媒报道，因疫情升温，香港特首将宣布立法会选举推迟一年举行。</p>"
                       "<p>民主派批评港府借疫情推迟选举。</p>")
    write_article(folder, "virus.md", title="香港疫情升温 医院告急 乙网", source="乙网", date="2022-07-31T02:00:00Z",
                  body="<p>香港疫情升温，医院告急。香港特首今天宣布，以疫情严峻为由，香港立法会选举推迟一年举行。</p>"
                       "<p>民主派批评港府借疫情推迟选举。</p>")
    write_reports(folder, "delay", outlets, "香港特首宣布立法会选举推迟一年", lambda i: f"2022-07-31T1{i}:00:00Z",
                  "<p>香港特首今天宣布，以疫情严峻为由，香港立法会选举推迟一年举行。</p><p>民主派批评港府借疫情推迟选举。</p>")


def test_an_outlet_is_shown_by_its_report_of_the_event_not_by_a_leak_or_a_report_on_something_else(tmp_path: Path):
    """甲报 first wrote that the election may be delayed (可能推迟), 乙网 first wrote about the epidemic, mentioning
    the election in its text; both reported the delay hours later. /coverage shows each by that report, and the
    first report is one of the delay itself."""
    folder = tmp_path / "corpus"
    write_delay_story(folder, ["甲报", "乙网", "丙台", "丁社"])
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        story_ids = {story_of_article(index, index.article_id(p)) for p in
                     ["leak.md", "virus.md", *(f"delay{i}.md" for i in range(4))]}
        assert len(story_ids) == 1  # one story: the listing chooses within it
        found = best_story(Retriever(index), "香港立法会选举推迟")
        assert found is not None
        assert {a.source: a.path for a in found.articles} == {"甲报": "delay0.md", "乙网": "delay1.md",
                                                             "丙台": "delay2.md", "丁社": "delay3.md"}
        assert found.articles[0].path == "delay0.md"
        # /when of the report names the same first report
        reported = answer_when(Retriever(index), "香港立法会选举推迟是什么时候报道的").date
        assert reported is not None and reported.time == found.articles[0].published


def test_a_report_of_another_event_in_the_story_does_not_show_its_outlet(tmp_path: Path):
    """The story of the election's delay also holds 戊报's and 己网's reports of Germany suspending its extradition
    treaty in answer to it. Asked about the suspension, /coverage lists those two; the delay's reports, whose
    headlines do not name the suspension and whose text does not speak of it, show no outlet: 甲报 to 丁社 are
    silent about it. Asked about the delay, they are listed as before."""
    folder = tmp_path / "corpus"
    write_reports(folder, "delay", ["甲报", "乙网", "丙台", "丁社"], "香港特首宣布立法会选举推迟一年",
                  lambda i: f"2022-07-31T1{i}:00:00Z",
                  "<p>香港特首今天宣布，以疫情严峻为由，香港立法会选举推迟一年举行。</p><p>民主派批评港府借疫情推迟选举。</p>")
    write_reports(folder, "germany", ["戊报", "己网"], "德国暂停与香港的引渡协议 回应立法会选举推迟一年",
                  lambda i: f"2022-07-31T1{6 + i}:00:00Z",
                  "<p>香港特首今天宣布，以疫情严峻为由，香港立法会选举推迟一年举行。</p>"
                  "<p>德国外长随即宣布，德国暂停与香港的引渡协议，批评港府借疫情推迟选举。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        assert len({story_of_article(index, index.article_id(f"{name}{i}.md"))
                    for name, n in (("delay", 4), ("germany", 2)) for i in range(n)}) == 1  # one story
        retriever = Retriever(index)
        found = best_story(retriever, "德国暂停与香港的引渡协议")
        assert found is not None
        assert {a.source: a.path for a in found.articles} == {"戊报": "germany0.md", "己网": "germany1.md"}
        assert {"甲报", "乙网", "丙台", "丁社"} <= set(found.missing)
        assert found.first_report is not None and found.first_report.path == "germany0.md"
        delay = best_story(retriever, "香港立法会选举推迟")
        assert delay is not None and {"甲报", "乙网", "丙台", "丁社"} <= {a.source for a in delay.articles}


def test_a_silent_outlets_report_that_a_listed_one_reposts_is_listed(tmp_path: Path):
    """中国数字时代 reposts 戊台's report under "戊台｜" and its headline; 戊台's own report, wherever the clustering
    put it, is found as its outlet's report of the event (己网's, under a shorter headline, is not)."""
    from corpus.answer.coverage import headline_core, same_reports

    assert headline_core("BBC | 香港示威者要求重启立法会选举 8小时前") == "香港示威者要求重启立法会选举"
    assert headline_core("港人九龙游行 近300人被警拘捕 – 法国国际广播电台 - RFI") == "港人九龙游行 近300人被警拘捕"
    folder = tmp_path / "corpus"
    headline = "香港示威者要求重启立法会选举，警民冲突再现"
    write_reports(folder, "r", ["甲报", "乙网"], "港人九龙游行 近三百人被捕", lambda i: f"2022-09-07T0{i}:00:00Z",
                  "<p>港人周日在九龙游行，警方拘捕近三百人。</p>")
    write_article(folder, "repost.md", title=f"戊台｜{headline}", source="中国数字时代", date="2022-09-06T20:00:00Z",
                  body="<p>港人周日在九龙游行，警方拘捕近三百人。</p>")
    write_article(folder, "own.md", title=headline, source="戊台", date="2022-09-06T11:00:00Z",
                  body="<p>网民号召到九龙一带示威，演变成警民冲突。</p>")
    write_article(folder, "other.md", title="香港示威者要求重启立法会选举", source="己网", date="2022-09-06T12:00:00Z",
                  body="<p>网民号召到九龙一带示威。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        outlets = ["甲报", "乙网", "中国数字时代", "戊台", "己网"]
        listed = load(index, story_of_article(index, index.article_id("r0.md")), outlets)
        repost = index.article_id("repost.md")
        shown = replace(listed.articles[0], article_id=repost, source="中国数字时代", title=f"戊台｜{headline}")
        found = replace(listed, articles=(*(a for a in listed.articles if a.source in ("甲报", "乙网")), shown),
                        missing=("戊台", "己网"))
        copies = same_reports(index.db, found)
        assert {aid: (source, of) for aid, (source, _published, of) in copies.items()} == {
            index.article_id("own.md"): ("戊台", repost)}


def write_reports(folder: Path, name: str, outlets: list[str], title: str, date: Callable[[int], str],
                  body: str) -> None:
    """One article per outlet, NAME0.md, NAME1.md, …: the same body, the headline followed by the outlet's name,
    the i-th published at ``date(i)``."""
    for i, s in enumerate(outlets):
        write_article(folder, f"{name}{i}.md", title=f"{title} {s}", source=s, date=date(i), body=body)


def write_turns(folder: Path, earlier: tuple[list[str], str, str, str], event: tuple[list[str], str, str, str],
                singles: dict[str, tuple[str, str, str]]) -> None:
    """A topic's earlier turn (``d0.md``, …) and the event (``m0.md``, …), each as (outlets, headline, the first
    report's time less its last digit of the hour, body), and one report each of ``singles`` (outlet -> (file,
    headline, body)), an hour apart after the event's first report."""
    for name, (outlets, title, hour, body) in (("d", earlier), ("m", event)):
        write_reports(folder, name, outlets, title, lambda i, hour=hour: f"{hour}{i}:00:00Z", body)
    for i, (source, (path, title, body)) in enumerate(singles.items()):
        write_article(folder, path, title=f"{title} {source}", source=source, date=f"{event[2]}{5 + i}:00:00Z",
                      body=body)


def in_one_story(index: CorpusIndex, *paths: str) -> bool:
    """Whether the articles at ``paths`` are in one story."""
    return len({story_of_article(index, index.article_id(p)) for p in paths}) == 1


def story_holding(index: CorpusIndex, path: str, *, inside: str, apart: str) -> int:
    """The story of the article at ``path``, checked to hold the one at ``inside`` and not the one at ``apart``."""
    story_id = story_of_article(index, index.article_id(path))
    assert story_of_article(index, index.article_id(inside)) == story_id
    assert story_of_article(index, index.article_id(apart)) != story_id
    return story_id


def stories_apart(index: CorpusIndex, names: tuple[str, ...], count: int) -> tuple[int, ...]:
    """The story of each group of reports NAME0.md … NAME{count-1}.md (``write_reports``), checked to be one story
    per group and a story of its own."""
    ids = {n: {story_of_article(index, index.article_id(f"{n}{i}.md")) for i in range(count)} for n in names}
    assert all(len(v) == 1 for v in ids.values()) and len(set.union(*ids.values())) == len(names)
    return tuple(next(iter(ids[n])) for n in names)


def test_an_outlet_shown_by_a_leak_is_shown_by_its_report_the_clustering_put_elsewhere(tmp_path: Path):
    """甲报's article in the story only expects the delay (可能推迟); its report of the delay, in words of its own,
    is a story apart. /coverage shows 甲报 by that report, and the first report is one of the delay itself."""
    folder = tmp_path / "corpus"
    write_delay_story(folder, ["乙网", "丙台", "丁社"])
    write_article(folder, "own.md", title="特区政府引紧急法 香港立法会选举推迟", source="甲报",
                  date="2022-07-31T12:30:00Z",
                  body="<p>行政长官会同行政会议引用紧急情况规例条例，把原定九月举行的换届投票押后，新一届议员任期顺延。</p>"
                       "<p>泛民主派形容这是剥夺市民投票权。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        main_story = story_holding(index, "delay0.md", inside="leak.md", apart="own.md")
        found = best_story(Retriever(index), "香港立法会选举推迟")
        assert found is not None and found.story_id == main_story
        assert {a.source: a.path for a in found.articles} == {
            "甲报": "own.md", "乙网": "delay0.md", "丙台": "delay1.md", "丁社": "delay2.md"}
        assert found.first_report is not None and found.first_report.path == "delay0.md"


RESIGNATION = ("<p>贝鲁特大爆炸引发抗议，黎巴嫩总理迪亚卜今晚发表电视讲话，宣布政府辞职。</p>"
               "<p>总理说，爆炸是长期腐败的结果，政府将承担责任。</p>")  # the words of the resignation's reports


def write_resignation_reports(folder: Path, outlets: list[str]) -> None:
    """One report per outlet, r0.md, r1.md, …, an hour apart, of Lebanon's government resigning."""
    for i, s in enumerate(outlets):
        write_article(folder, f"r{i}.md", title=f"黎巴嫩总理宣布政府辞职 {s}", source=s, date=f"2022-08-10T1{i}:00:00Z",
                      body=RESIGNATION)


def write_own_words_resignation(folder: Path, name: str, date: str) -> None:
    """戊报's report of Lebanon's government resigning, in words of its own: a story apart from the others'."""
    write_article(folder, name, title="黎巴嫩政府辞职 戊报", source="戊报", date=date,
                  body="<p>内阁全体成员向总统递交辞呈，看守内阁将留任至新政府组成。</p>"
                       "<p>分析人士认为，组阁谈判可能旷日持久，国际援助的发放也将受到影响。</p>")


def write_something_else(folder: Path, source: str) -> None:
    """``source``'s report of something else on the resignation's day (other.md): it published then."""
    write_article(folder, "other.md", title=f"巴西总统确诊 {source}", source=source, date="2022-08-10T15:00:00Z",
                  body="<p>巴西总统今天宣布新冠检测呈阳性，将居家隔离两周。</p>")


def test_an_outlet_whose_report_the_clustering_put_elsewhere_is_listed_not_called_silent(tmp_path: Path):
    """戊报 reported the resignation in words of its own, so its report is a story apart; /coverage lists it with
    the others instead of calling it silent. 己网, which published only about something else those days, stays
    silent, and so does 庚台, whose headline only expects the resignation."""
    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    write_own_words_resignation(folder, "own.md", "2022-08-10T16:00:00Z")
    write_something_else(folder, "己网")
    write_article(folder, "maybe.md", title="黎巴嫩政府可能辞职 庚台", source="庚台", date="2022-08-10T09:00:00Z",
                  body="<p>据当地媒体报道，多名部长已经请辞，黎巴嫩政府可能在今晚辞职。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        main_story = story_of_article(index, index.article_id("r0.md"))
        assert story_of_article(index, index.article_id("own.md")) != main_story  # a story apart
        found = best_story(Retriever(index), "黎巴嫩政府辞职")
        assert found is not None and found.story_id == main_story
        assert {a.source: a.path for a in found.articles} == {
            "甲报": "r0.md", "乙网": "r1.md", "丙台": "r2.md", "丁社": "r3.md", "戊报": "own.md"}
        assert "戊报" not in found.missing and {"己网", "庚台"} <= set(found.missing)


def test_an_outlet_that_broke_the_news_before_the_story_began_is_listed_by_that_report(tmp_path: Path):
    """戊报 reported the resignation a day and a half before the others (in words of its own, a story apart): the
    search for reports elsewhere looks from two days before the story's first report, so it is listed, not silent;
    its report of a week before is not looked at."""
    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    write_own_words_resignation(folder, "early.md", "2022-08-08T20:00:00Z")
    write_article(folder, "week.md", title="黎巴嫩政府辞职传闻 戊报", source="戊报", date="2022-08-01T20:00:00Z",
                  body="<p>内阁全体成员递交辞呈的传闻再起，看守内阁之说流传。</p>")
    write_something_else(folder, "戊报")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        apart = story_of_article(index, index.article_id("early.md"))
        assert apart != story_of_article(index, index.article_id("r0.md"))
        found = best_story(Retriever(index), "黎巴嫩政府辞职")
        assert found is not None and {a.source: a.path for a in found.articles}.get("戊报") == "early.md"
        assert "戊报" not in found.missing


def test_a_silent_outlets_report_in_a_story_whose_other_reports_found_elsewhere_name_the_event_is_listed(
        tmp_path: Path):
    """戊报's and 己网's reports of the resignation, in words of their own, are a story apart with 庚台's, whose
    headline tells of the caretaker cabinet and whose text tells of the resignation: the two are found elsewhere
    by their headlines, and 庚台's report, of the story they are of, with them. 辛社's report of the same words,
    alone in a story of its own, is not taken by that: 辛社 stays silent."""
    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社", "壬报", "癸网"])
    body = ("<p>内阁全体成员向总统递交辞呈，黎巴嫩政府辞职后，看守内阁将留任至新政府组成。</p>"
            "<p>分析人士认为，组阁谈判可能旷日持久，国际援助的发放也将受到影响。</p>")
    write_reports(folder, "own", ["戊报", "己网"], "黎巴嫩政府辞职 看守内阁留任",
                  lambda i: f"2022-08-10T1{6 + i}:00:00Z", body)
    write_article(folder, "own2.md", title="看守内阁留任 组阁谈判恐旷日持久 庚台", source="庚台",
                  date="2022-08-10T18:30:00Z",
                  body="<p>分析人士认为，组阁谈判可能旷日持久，看守内阁将留任至新政府组成。</p>"
                       "<p>内阁全体成员向总统递交辞呈，黎巴嫩政府辞职，国际援助的发放也将受到影响。</p>")
    write_article(folder, "alone.md", title="贝鲁特港口重建计划出炉 辛社", source="辛社", date="2022-08-10T19:00:00Z",
                  body="<p>港口重建预计耗资数十亿美元，黎巴嫩政府辞职后由看守内阁推动。</p><p>世界银行将提供部分资金。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        apart = story_holding(index, "own0.md", inside="own2.md", apart="r0.md")
        assert story_of_article(index, index.article_id("alone.md")) not in (apart, story_of_article(
            index, index.article_id("r0.md")))
        found = best_story(Retriever(index), "黎巴嫩政府辞职")
        assert found is not None
        listed = {a.source: a.path for a in (*found.articles, *found.late)}
        assert listed.get("戊报") == "own0.md" and listed.get("己网") == "own1.md"
        assert listed.get("庚台") == "own2.md" and "庚台" not in found.missing
        assert "辛社" not in listed and "辛社" in found.missing


def test_in_a_topic_s_story_a_report_whose_text_lacks_the_question_s_name_is_not_of_its_turn(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Asked whether Japan sends 森喜朗 to 李登辉's funeral, in the story of his death and what followed: 庚台's
    report of the death, whose headline does not name the funeral and whose text never names 森喜朗, is not of it
    (庚台 is silent) when the story is a topic's (``TOPIC_MEMBERS`` reports or more); in a smaller story it is
    listed, as its text holds enough of the question."""
    from corpus.answer import coverage

    folder = tmp_path / "corpus"
    death = "<p>台湾前总统李登辉今晚病逝，享寿九十七岁。日本政府发表声明致哀，多国政要表示悼念。</p>"
    write_reports(folder, "d", ["甲报", "乙网", "丙台", "丁社"], "李登辉病逝 享寿97岁",
                  lambda i: f"2022-07-30T1{i}:00:00Z", death)
    write_reports(folder, "m", ["戊报", "己网"], "李登辉病逝 享寿97岁 日本拟派森喜朗出席告别式",
                  lambda i: f"2022-07-31T0{i}:00:00Z", f"{death}<p>日本政府拟派前首相森喜朗出席告别式。</p>")
    write_article(folder, "g.md", title="民主先生辞世 庚台", source="庚台", date="2022-07-31T05:00:00Z",
                  body=f"{death}<p>告别式将于下月举行，多国将派代表出席。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        assert len({story_of_article(index, index.article_id(p)) for p in ("d0.md", "m0.md", "g.md")}) == 1
        question = "日本派森喜朗出席李登辉告别式"
        found = best_story(Retriever(index), question)
        assert found is not None and {a.source: a.path for a in found.articles}.get("庚台") == "g.md"
        monkeypatch.setattr(coverage, "TOPIC_MEMBERS", 7)
        found = best_story(Retriever(index), question)
        assert found is not None and {"戊报", "己网"} <= {a.source for a in found.articles}
        assert "庚台" not in {a.source for a in found.articles} and "庚台" in found.missing


def test_an_outlet_s_round_ups_do_not_use_up_the_look_for_its_report_elsewhere(tmp_path: Path):
    """戊报's round-ups (headlines holding nothing of the question) match the question better than its own report,
    a story apart; they are looked at without using up the outlet's look, so its report is still found and
    listed rather than the outlet called silent."""
    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    write_article(folder, "own.md", title="黎巴嫩政府辞职 内阁全体成员向总统递交辞呈 组阁谈判恐旷日持久 戊报",
                  source="戊报", date="2022-08-10T16:00:00Z",
                  body="<p>内阁全体成员向总统递交辞呈，看守内阁将留任至新政府组成。</p>"
                       "<p>分析人士认为，组阁谈判可能旷日持久，国际援助的发放也将受到影响。</p>")
    items = ["油价大涨", "台风登陆浙江", "欧洲热浪持续", "世界杯抽签结果"]
    for i, item in enumerate(items):
        write_article(folder, f"digest{i}.md", title=f"早安世界 第{i + 1}期", source="戊报",
                      date=f"2022-08-1{1 + i % 2}T0{i}:00:00Z",
                      body=f"<p>今日要闻第{i + 1}则：{item}，各地关注。</p><p>黎巴嫩政府辞职 {item}</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        found = best_story(Retriever(index), "黎巴嫩政府辞职")
        assert found is not None
        assert {a.source: a.path for a in found.articles}.get("戊报") == "own.md" and "戊报" not in found.missing


def test_an_outlet_shown_by_a_headline_without_the_question_s_name_is_shown_by_its_report_with_it(tmp_path: Path):
    """Asked about 黎智英's bail, 戊报 was shown by its report of 周庭's (its headline names a bail, not his), in the
    story; its report of his bail, with his name, is a story apart of the same day: that one shows it now."""
    folder = tmp_path / "corpus"
    body = ("<p>香港壹传媒创办人黎智英周二深夜获准保释离开警署，同案被捕的周庭等人也获准保释。</p>"
            "<p>警方周一以涉嫌勾结外国势力拘捕十人。</p>")
    for i, s in enumerate(["甲报", "乙网", "丙台", "丁社"]):
        write_article(folder, f"r{i}.md", title=f"黎智英获准保释 {s}", source=s, date=f"2022-08-11T1{i}:00:00Z",
                      body=body)
    write_article(folder, "chow.md", title="周庭获准保释 护照被没收 戊报", source="戊报",
                  date="2022-08-11T14:00:00Z", body=body)
    write_article(folder, "own.md", title="黎智英五十万港元保释 戊报", source="戊报", date="2022-08-11T15:00:00Z",
                  body="<p>黎智英获准以五十万港元保释，须交出旅行证件，每月到警署报到。</p><p>其名下资产据报已被冻结。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        story_holding(index, "r0.md", inside="chow.md", apart="own.md")
        found = best_story(Retriever(index), "黎智英获准保释")
        assert found is not None and {a.source: a.path for a in found.articles}["戊报"] == "own.md"


def test_a_silent_outlets_headline_writing_the_act_in_another_word_of_its_group_is_listed(tmp_path: Path):
    """戊报 reported the resignation as 总辞, a word of 辞职's group in ``data/verbs.txt``, in a story apart: it is
    listed. The groups are read only in that search: the same headline does not name the event elsewhere."""
    from corpus.answer.coverage import (
        EXPECTING,
        UNNAMED,
        query_terms_weighed,
        representative_rank,
        verb_groups,
        with_other_verbs,
    )

    assert {"辞职", "请辞", "总辞"} <= set(verb_groups()["辞职"]) and verb_groups()["逮捕"] == verb_groups()["被捕"]
    terms = ((("黎巴嫩",), 6.0), (("政府",), 2.5), (("辞职",), 5.0))
    assert representative_rank("黎巴嫩内阁总辞 戊报", terms) == UNNAMED
    assert representative_rank("黎巴嫩政府总辞 戊报", with_other_verbs(terms)) == 0
    assert representative_rank("黎巴嫩政府将总辞 戊报", with_other_verbs(terms)) == EXPECTING
    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    write_article(folder, "own.md", title="黎巴嫩内阁总辞 戊报", source="戊报", date="2022-08-10T16:00:00Z",
                  body="<p>内阁全体成员向总统递交辞呈，看守内阁留任至新内阁组成。</p>"
                       "<p>分析人士认为，组阁谈判可能旷日持久，国际援助的发放也将受到影响。</p>"
                       "<p>黎巴嫩政府辞职的消息传出后，部分民众上街庆祝。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        main_story = story_of_article(index, index.article_id("r0.md"))
        assert story_of_article(index, index.article_id("own.md")) != main_story  # a story apart
        weighed = query_terms_weighed(Retriever(index), Retriever(index).parse("黎巴嫩政府辞职"))
        assert representative_rank("黎巴嫩内阁总辞 戊报", weighed) == UNNAMED  # not without the groups
        found = best_story(Retriever(index), "黎巴嫩政府辞职")
        assert found is not None and found.story_id == main_story
        assert {a.source: a.path for a in found.articles}["戊报"] == "own.md" and "戊报" not in found.missing


def write_lede_report(folder: Path, date: str, name: str = "lede.md", source: str = "戊报",
                      lede: str = "黎巴嫩政府周一宣布集体辞职，看守内阁留任至新内阁组成。") -> None:
    """戊报's report lede.md, whose headline leads with the aid talks and whose lede says the government resigned."""
    write_article(folder, name, title="组阁谈判恐旷日持久 国际援助受影响", source=source, date=date,
                  body=f"<p>{lede}</p><p>分析人士认为，组阁谈判可能旷日持久，国际援助的发放也将受到影响。</p>")


def test_a_silent_outlets_report_naming_the_event_in_its_lede_only_is_listed(tmp_path: Path):
    """戊报's headline leads with what followed (组阁谈判), its lede says the government resigned: it is listed, not
    called silent. 己网's report, neither headline nor lede naming the resignation, leaves it silent."""
    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    write_lede_report(folder, "2022-08-10T16:00:00Z")
    write_article(folder, "aid.md", title="组阁谈判恐旷日持久 援助国观望", source="己网",
                  date="2022-08-10T17:00:00Z",
                  body="<p>分析人士认为，黎巴嫩组阁谈判可能旷日持久，援助国正在观望。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        shown_and_silent(index, "黎巴嫩政府辞职", ("戊报", "lede.md"), "己网")


def test_an_outlet_shown_by_a_report_a_day_later_is_shown_by_its_report_of_the_day_found_elsewhere(tmp_path: Path):
    """戊报's report a day after the resignation, in the others' words, is in their story; its report of the day,
    in words of its own, is a story apart. Both headlines name the event: /coverage shows 戊报 by its report of the
    day, the nearer to the first report (as it would an outlet shown by a headline not naming the event)."""
    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    write_own_words_resignation(folder, "own.md", "2022-08-10T16:00:00Z")
    write_article(folder, "late.md", title="黎巴嫩总理宣布政府辞职 民众次日上街", source="戊报",
                  date="2022-08-11T12:00:00Z", body=RESIGNATION)
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        story_holding(index, "r0.md", inside="late.md", apart="own.md")
        assert shown_by(index, "黎巴嫩政府辞职", "戊报") == "own.md"


def test_a_silent_outlets_lede_naming_the_event_without_its_place_leaves_it_silent(tmp_path: Path):
    """己网's report, in a story apart, tells in its lede of a government resigning, but neither it nor the rest of
    its text names Lebanon, the question's place: it is of another government, and 己网 stays silent (as a lede
    naming Lebanon would show it: ``test_a_silent_outlets_report_naming_the_event_in_its_lede_only_is_listed``)."""
    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    write_lede_report(folder, "2022-08-10T17:00:00Z", name="other.md", source="己网",
                      lede="总理周一率全体阁员宣布辞职，政府以看守身份留任，直到国会选出新总理。")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        story_holding(index, "r0.md", inside="r3.md", apart="other.md")
        assert shown_by(index, "黎巴嫩政府辞职", "己网") is None


def test_a_report_found_elsewhere_by_its_lede_alone_is_not_the_first_report(tmp_path: Path):
    """戊报's report, in a story apart, leads with the aid talks and tells of the resignation in its lede; it came
    before the others: it is listed, but the first report is the earliest whose headline names the event."""
    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    write_lede_report(folder, "2022-08-10T09:00:00Z")  # before the others
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        found = best_story(Retriever(index), "黎巴嫩政府辞职")
        assert found is not None and {a.source: a.path for a in found.articles}["戊报"] == "lede.md"
        assert found.first_report is not None and found.first_report.path == "r0.md"


def shown_by(index: CorpusIndex, question: str, outlet: str) -> str | None:
    """The path of the report by which /coverage of ``question`` shows ``outlet``, if it shows it."""
    found = best_story(Retriever(index), question)
    assert found is not None
    return {a.source: a.path for a in found.articles}.get(outlet)


def shown_and_silent(index: CorpusIndex, question: str, shown: tuple[str, str], silent: str) -> None:
    """Check that /coverage of ``question`` shows the outlet of ``shown`` by the article at its path, and calls
    ``silent`` silent."""
    found = best_story(Retriever(index), question)
    assert found is not None
    listed = {a.source: a.path for a in found.articles}
    outlet, path = shown
    assert listed.get(outlet) == path and outlet not in found.missing
    assert silent not in listed and silent in found.missing


def test_a_silent_outlets_headline_without_the_key_name_its_text_holds_is_listed(tmp_path: Path):
    """Asked about the FinCEN files, 戊报's headline names the banks' money laundering but not the files, which its
    report names further on: it is listed, not called silent. 己网's report of a laundering case, its text never
    naming the files, leaves it silent."""
    from corpus.answer.coverage import _named_but_for_key

    terms = ((("fincen",), 9.0), (("文件",), 4.0), (("银行",), 4.0), (("洗钱",), 7.0))
    title = "多家大银行涉嫌帮罪犯洗钱"
    assert _named_but_for_key(title, ("报告依据金融犯罪执法网络（FinCEN）的可疑活动报告。",), terms, ("fincen",))
    assert not _named_but_for_key(title, ("调查显示，多家银行多年来替罪犯转移资金。",), terms, ("fincen",))
    assert not _named_but_for_key("FinCEN文件：银行洗钱", ("FinCEN",), terms, ("fincen",))  # the name in view
    assert not _named_but_for_key("银行股价重挫", ("FinCEN",), terms, ("fincen",))  # one word alone names nothing
    folder = tmp_path / "corpus"
    write_reports(folder, "r", ["甲报", "乙网", "丙台", "丁社"], "FinCEN文件外泄 银行洗钱两万亿",
                  lambda i: f"2022-09-21T1{i}:00:00Z",
                  "<p>外泄的FinCEN文件显示，多家跨国银行在可疑情况下仍替客户转账，总额超过两万亿美元。</p>")
    write_article(folder, "own.md", title="调查显示多家大型金融机构涉嫌帮罪犯洗钱 戊报", source="戊报",
                  date="2022-09-21T16:00:00Z",
                  body="<p>一份国际调查指出，大量脏钱多年来透过世界首屈一指的大型金融机构流动。</p>"
                       "<p>八十八国的媒体参与调查，依据各地银行提交给美国财政部金融犯罪执法网络（FinCEN）的可疑活动报告。"
                       "</p>")
    write_article(folder, "case.md", title="地下钱庄银行洗钱案宣判 己网", source="己网", date="2022-09-21T17:00:00Z",
                  body="<p>法院今天宣判一宗利用地下钱庄和银行账户洗钱的案件，主犯获刑七年。</p>")
    for i, item in enumerate(["内部文件显示工厂排污", "银行下调利率", "机密文件显示官员受贿", "央行与银行座谈"]):
        write_article(folder, f"news{i}.md", title=item, source="庚台", date=f"2022-09-1{i}T08:00:00Z",
                      body=f"<p>{item}，引起各界关注。</p>")  # the question's common words are common here too
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        story_holding(index, "r0.md", inside="r3.md", apart="own.md")
        shown_and_silent(index, "FinCEN文件显示银行洗钱", ("戊报", "own.md"), "己网")


def test_a_silent_outlets_copy_folded_into_another_outlets_hit_is_looked_at_as_its_own(tmp_path: Path):
    """戊报 and 己网 carry the same agency report of the resignation in a story apart. Where the search folds 己网's
    copy into 戊报's hit (``Hit.also``, as it does for reprints among many hits), the search for reports elsewhere
    still looks at it as 己网's: both are found."""
    from corpus.answer.coverage import query_terms_weighed, reports_elsewhere
    from corpus.models import Also

    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    agency = ("<p>（法新社贝鲁特10日电）黎巴嫩内阁全体成员今晚向总统递交辞呈，政府辞职，看守内阁留任至新政府组成。</p>"
              "<p>分析人士认为，组阁谈判可能旷日持久，国际援助的发放也将受到影响。</p>")
    for name, source, minute in (("own.md", "戊报", "00"), ("copy.md", "己网", "30")):
        write_article(folder, name, title=f"黎巴嫩政府辞职 看守内阁留任 {source}", source=source,
                      date=f"2022-08-10T16:{minute}:00Z", body=agency)
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        story_id = story_holding(index, "r0.md", inside="r3.md", apart="own.md")
        outlets = ["甲报", "乙网", "丙台", "丁社", "戊报", "己网"]
        found = replace(load(index, story_id, outlets), missing=("戊报", "己网"))
        query = retriever.parse("黎巴嫩政府辞职")
        terms = query_terms_weighed(retriever, query)
        search = retriever.search

        def folding(query, **options):  # 己网's hits folded into 戊报's
            result = search(query, **options)
            copies = [h for h in result.hits if h.source == "己网"]
            hits = [replace(h, also=tuple(Also(c.source, c.url, c.path, c.title, c.published) for c in copies))
                    if h.source == "戊报" else h for h in result.hits if h.source != "己网"]
            return replace(result, hits=hits)

        retriever.search = folding
        shown = {source for source, _published in reports_elsewhere(retriever, query, terms, found).values()}
        assert shown == {"戊报", "己网"}


def test_a_silent_outlets_round_up_naming_the_event_in_its_lede_gives_way_to_its_own_report(tmp_path: Path):
    """戊报's weekly round-up names the resignation in its lede and matches the question best; its own report,
    further down, names it in its headline: /coverage lists that one, not the round-up (a lede naming the event
    shows an outlet only when none of its next articles names it in the headline)."""
    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    write_article(folder, "week.md", title="本周国际要闻回顾 戊报", source="戊报", date="2022-08-11T06:00:00Z",
                  body="<p>黎巴嫩政府辞职，黎巴嫩总理迪亚卜宣布政府辞职，黎巴嫩政府辞职引发关注。</p>"
                       "<p>油价大涨，台风登陆浙江，欧洲热浪持续，世界杯抽签结果揭晓。</p>")
    write_article(folder, "own.md", title="黎巴嫩政府辞职 看守内阁留任 戊报", source="戊报",
                  date="2022-08-10T16:00:00Z",
                  body="<p>内阁全体成员向总统递交辞呈，看守内阁将留任至新政府组成。</p>"
                       "<p>分析人士认为，组阁谈判可能旷日持久，国际援助的发放也将受到影响。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        story_holding(index, "r0.md", inside="r3.md", apart="week.md")
        story_holding(index, "r0.md", inside="r3.md", apart="own.md")
        found = best_story(Retriever(index), "黎巴嫩政府辞职")
        assert found is not None
        assert {a.source: a.path for a in found.articles}.get("戊报") == "own.md"


def test_the_first_report_is_the_earliest_that_names_the_event_not_an_article_on_something_else(tmp_path: Path):
    """The story holds 甲报's earlier article on the explosion's aftermath, which mentions the pressure on the
    government; the first report /coverage marks (and its headline, the story's title) is the earliest that names
    the resignation, and /when of when it was reported gives that report's time."""
    folder = tmp_path / "corpus"
    write_article(folder, "before.md", title="贝鲁特爆炸后的街头 甲报", source="甲报", date="2022-08-10T02:00:00Z",
                  body="<p>贝鲁特大爆炸引发抗议，黎巴嫩总理迪亚卜面临压力，民众要求政府辞职。</p>"
                       "<p>总理说，爆炸是长期腐败的结果，政府将承担责任。</p>")
    write_resignation_reports(folder, ["乙网", "丙台", "丁社"])
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        assert len({story_of_article(index, index.article_id(p))
                    for p in ["before.md", "r0.md", "r1.md", "r2.md"]}) == 1
        retriever = Retriever(index)
        found = best_story(retriever, "黎巴嫩政府辞职")
        assert found is not None and [a.path for a in found.articles] == ["before.md", "r0.md", "r1.md", "r2.md"]
        assert [a.path for a in found.articles if a.first] == ["r0.md"]
        assert found.title == "黎巴嫩总理宣布政府辞职 乙网"
        reported = answer_when(retriever, "黎巴嫩政府辞职是什么时候报道的").date
        assert reported is not None and reported.time == found.articles[1].published


def test_an_outlet_that_reported_only_what_followed_is_set_apart_and_one_shown_by_a_nearer_report(tmp_path: Path):
    """己网's only article in the story came more than two days after the first report, on the protests that
    followed, without naming the resignation: it is listed apart as late, neither as a report of the event nor as
    silent. 戊报's article in the story, hours before the resignation, does not name it either; its own report of
    the resignation, in words of its own and so in another story, came nearer the first report and represents it."""
    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    body = ("<p>贝鲁特大爆炸引发抗议，黎巴嫩总理迪亚卜发表电视讲话，民众要求政府辞职。</p>"
            "<p>总理说，爆炸是长期腐败的结果，政府将承担责任。</p>")
    write_article(folder, "next.md", title="黎巴嫩总统接受政府辞职 甲报", source="甲报", date="2022-08-11T12:00:00Z",
                  body=body)
    write_article(folder, "after.md", title="贝鲁特街头抗议持续 己网", source="己网", date="2022-08-12T11:00:00Z",
                  body=body)
    write_article(folder, "protest.md", title="贝鲁特抗议者冲击议会 戊报", source="戊报", date="2022-08-10T04:00:00Z",
                  body=body)
    write_article(folder, "own.md", title="黎巴嫩政府总辞 戊报", source="戊报", date="2022-08-10T12:30:00Z",
                  body="<p>内阁全体成员向总统递交辞呈，看守内阁将留任至新政府组成。</p>"
                       "<p>分析人士认为，组阁谈判可能旷日持久，国际援助的发放也将受到影响。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        main_story = story_of_article(index, index.article_id("r0.md"))
        assert {story_of_article(index, index.article_id(p)) for p in ["after.md", "protest.md"]} == {main_story}
        assert story_of_article(index, index.article_id("own.md")) != main_story
        found = best_story(Retriever(index), "黎巴嫩政府辞职")
        assert found is not None and found.story_id == main_story
        assert {a.source: a.path for a in found.articles} == {
            "甲报": "r0.md", "乙网": "r1.md", "丙台": "r2.md", "丁社": "r3.md", "戊报": "own.md"}
        assert [a.path for a in found.late] == ["after.md"] and "己网" not in found.missing
        assert [a["path"] for a in found.to_json()["late"]] == ["after.md"]
        shown = render_coverage(found, "黎巴嫩政府辞职", "zh", ZoneInfo("Asia/Shanghai"))
        assert "首发 48 小时后才报道" in shown and "贝鲁特街头抗议持续 己网" in shown


LISTED_BEFORE = {"甲报": "r0.md", "乙网": "r1.md", "丙台": "r2.md", "丁社": "r3.md",
                 "庚台": "chain2.md"}  # resignation_after_days_before's outlets listed with their reports


def resignation_after_days_before(tmp_path: Path, more: list[tuple[str, str, str, str]] = ()) -> Story:
    """/coverage of the resignation (``write_days_before``), its story checked to hold every article written and
    its first report checked to be r0.md."""
    folder = tmp_path / "corpus"
    write_days_before(folder, more)
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        main_story = story_of_article(index, index.article_id("r0.md"))
        paths = ["before.md", "chain.md", "chain2.md", *(m[0] for m in more)]
        assert {story_of_article(index, index.article_id(p)) for p in paths} == {main_story}
        found = best_story(Retriever(index), "黎巴嫩政府辞职")
    assert found is not None and found.first_report is not None and found.first_report.path == "r0.md"
    return found


def write_days_before(folder: Path, more: list[tuple[str, str, str, str]] = ()) -> None:
    """The resignation's reports (``write_resignation_reports``) and, on the protests of the days before it, not
    naming it: 己网's before.md two days before, 戊报's chain.md and 庚台's chain2.md the day before (which keep
    them in one story), then ``more`` of the same body: (path, headline, outlet, time)."""
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    body = ("<p>贝鲁特大爆炸引发抗议，黎巴嫩总理迪亚卜发表电视讲话，民众要求政府辞职。</p>"
            "<p>总理说，爆炸是长期腐败的结果，政府将承担责任。</p>")
    for path, title, source, when in [("before.md", "贝鲁特大爆炸后的废墟 己网", "己网", "2022-08-08T06:00:00Z"),
                                      ("chain.md", "贝鲁特民众上街抗议 戊报", "戊报", "2022-08-09T00:00:00Z"),
                                      ("chain2.md", "贝鲁特抗议者与警察冲突 庚台", "庚台", "2022-08-09T16:00:00Z"),
                                      *more]:
        write_article(folder, path, title=title, source=source, date=when, body=body)


def test_an_outlet_that_reported_only_what_preceded_is_set_apart(tmp_path: Path):
    """己网's only article in the story, on the explosion's ruins, came more than two days before the first report
    of the resignation and does not name it: it is listed apart as early, neither as a report of the event nor as
    silent. So is 戊报's, on the protests, not naming it either: it came less than two days before the first
    report, but more than a day before the hours most outlets reported the resignation. 庚台's, of the evening
    before, stays listed."""
    found = resignation_after_days_before(tmp_path)
    assert {a.source: a.path for a in found.articles} == {**LISTED_BEFORE}
    assert [a.path for a in found.early] == ["before.md", "chain.md"] and found.late == ()
    assert "己网" not in found.missing and "戊报" not in found.missing
    assert [a["path"] for a in found.to_json()["early"]] == ["before.md", "chain.md"]
    shown = render_coverage(found, "黎巴嫩政府辞职", "en", ZoneInfo("Asia/Shanghai"))
    assert "Only earlier (48 hours or more before the first report" in shown
    assert "贝鲁特大爆炸后的废墟 己网" in shown


def test_an_outlet_with_a_report_nearer_the_event_is_shown_by_it_not_set_apart(tmp_path: Path):
    """己网's earliest article in the story, on the explosion's ruins, came more than two days before the first
    report of the resignation, but 己网 also has one of the evening of the resignation (neither names it): it is
    shown by that one, not set apart as having reported only what preceded."""
    found = resignation_after_days_before(
        tmp_path, [("night.md", "贝鲁特民众彻夜集会 己网", "己网", "2022-08-10T20:00:00Z")])
    assert {a.source: a.path for a in found.articles} == {**LISTED_BEFORE, "己网": "night.md"}
    assert [a.path for a in found.early] == ["chain.md"] and found.late == ()


def test_coverage_goes_to_the_days_the_reports_date_the_event_not_to_a_later_follow_up(tmp_path: Path):
    """Three outlets reported the arrest of twelve people at sea four days after it happened; two weeks later six
    outlets reported their families' appeal, recalling the arrest in words that match the question better. The
    reports date the arrest on the 23rd, so /coverage lists the arrest's reports, /when of when it was reported
    names the first of them, and /compare compares them."""
    folder = tmp_path / "corpus"
    write_reports(folder, "arrest", ["甲报", "乙网", "丙台"], "12名港人偷渡台湾途中被海警拘捕",
                  lambda i: f"2022-08-27T0{i + 1}:00:00Z",
                  "<p>十二名港人8月23日乘快艇前往台湾途中被广东海警截获拘捕，目前被关押在深圳。</p>"
                  "<p>香港警方表示正了解事件，台湾陆委会称不鼓励非法入境。</p>")
    write_reports(folder, "appeal", ["甲报", "乙网", "丙台", "丁社", "戊报", "己网"],
                  "被捕12名港人家属首度发声 要求自选律师", lambda i: f"2022-09-12T0{i + 1}:00:00Z",
                  "<p>8月23日偷渡台湾被捕的12名港人，其家属首度发声，要求让家人自选律师。</p>"
                  "<p>12名港人偷渡台湾被捕后，官方指派的律师已与多名家属联系。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        arrest = story_of_article(index, index.article_id("arrest0.md"))
        appeal = story_of_article(index, index.article_id("appeal0.md"))
        assert arrest != appeal
        retriever = Retriever(index)
        found = best_story(retriever, "12名港人偷渡台湾被捕")
        assert found is not None and found.story_id == arrest
        assert {a.path for a in found.articles} == {f"arrest{i}.md" for i in range(3)}
        reported = answer_when(retriever, "12名港人偷渡台湾被捕是什么时候报道的").date
        assert reported is not None and reported.time == found.first_report.published
        compared = compare(retriever, "12名港人偷渡台湾被捕")  # /compare typed with words: the same story
        assert compared is not None and compared.story.story_id == arrest


def test_a_story_none_of_whose_headlines_names_the_event_says_so_and_calls_no_outlet_silent(tmp_path: Path):
    """The only passages about two carriers drilling in the South China Sea are paragraphs of weekly round-ups
    whose headlines are about something else: /coverage shows that story, says that no headline names the event,
    and lists no outlet as silent (丁社, publishing those days, did not fail to report an event the archive does not
    show). A question whose event the headlines name is answered as before."""
    folder = tmp_path / "corpus"
    write_reports(folder, "week", ["甲报", "乙网", "丙台"], "英国宣布制裁中国官员 中方称将坚决回击",
                  lambda i: f"2022-07-19T1{i}:00:00Z",
                  "<p>英国外交大臣宣布制裁多名中国官员，中国驻英国大使表示中方将坚决回击。</p>"
                  "<p>本周其他要闻：美军两艘航母在南海举行联合演习，中国外交部批评美方炫耀武力。</p>")
    write_article(folder, "other.md", title="本地暴雨成灾 丁社", source="丁社", date="2022-07-19T15:00:00Z",
                  body="<p>连日暴雨导致多地积水，交通一度中断。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        found = best_story(retriever, "两艘航母南海演习")
        assert found is not None and not found.named and found.missing == ()
        assert found.to_json()["named"] is False and found.to_json()["missing_count"] == 0
        shown = render_coverage(found, "两艘航母南海演习", "zh", ZoneInfo("Asia/Shanghai"))
        assert "没有哪篇报道的标题提到" in shown and "未报道（" not in shown
        assert "No headline names" in render_coverage(found, "两艘航母南海演习", "en", ZoneInfo("Asia/Shanghai"))
        named = best_story(retriever, "英国制裁中国官员")
        assert named is not None and named.named and named.missing == ("丁社",)
        shown = render_coverage(named, "英国制裁中国官员", "zh", ZoneInfo("Asia/Shanghai"))
        assert "没有哪篇报道的标题提到" not in shown and "未报道（" in shown


def test_coverage_asked_as_a_question_answers_as_the_event_alone(tmp_path: Path):
    """`/coverage 谁最先报道了黎巴嫩政府辞职？` (or 哪些媒体报道了…) lists what `/coverage 黎巴嫩政府辞职` lists: the
    words that ask who reported it are not searched for (报道 is in every report's text)."""
    folder = tmp_path / "corpus"
    write_resignation_reports(folder, ["甲报", "乙网", "丙台", "丁社"])
    write_article(folder, "said.md", title="媒体报道称黎巴嫩局势紧张 戊报", source="戊报", date="2022-08-10T09:00:00Z",
                  body="<p>据媒体报道，贝鲁特街头再次爆发抗议，报道称民众要求政府辞职。报道还说总理将讲话。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        plain = best_story(retriever, "黎巴嫩政府辞职")
        assert plain is not None
        for question in ["谁最先报道了黎巴嫩政府辞职？", "哪些媒体报道了黎巴嫩政府辞职"]:
            asked = best_story(retriever, question)
            assert asked is not None and asked.to_json() == plain.to_json()
        # only the words that ask: nothing is looked for (rather than a story of 报道)
        assert best_story(retriever, "谁报道了？") is None and compare(retriever, "各家媒体如何报道？") is None


def test_a_headline_holding_only_a_common_word_of_the_question_does_not_name_the_event():
    """美国总统大选 holds the heavier word of 白俄罗斯总统大选 but not the name: it does not name the Belarusian
    election. A headline holding only the name does name it (李登辉病逝 for 李登辉去世)."""
    from corpus.answer.coverage import UNNAMED, representative_rank

    belarus = ((("白俄罗斯", "白俄"), 4.6), (("总统大选",), 5.7))
    assert representative_rank("美国总统大选：两党党代会在即 五大值得关注的悬念", belarus) == UNNAMED
    assert representative_rank("白俄罗斯总统大选 卢卡申科宣布胜选", belarus) == 0
    lee = ((("李登辉",), 8.0), (("去世",), 3.0))
    assert representative_rank("李登辉病逝 享年97岁", lee) == 0
    assert representative_rank("前总统去世 各界哀悼", lee) == UNNAMED


def test_a_headline_expects_the_event_by_a_word_in_or_before_the_clauses_that_name_it():
    """准备提名 expects the nomination; a hedge in a later clause about something else (誓言他将结束…, 据报其资产
    被冻结) does not make a report of the event an expectation of it; one in a clause holding the question's words
    (菅义伟有望接任) or leading the headline (据报：) does."""
    from corpus.answer.coverage import EXPECTING, representative_rank

    biden = ((("民主党",), 4.7), (("正式",), 4.4), (("提名",), 5.6), (("拜登",), 4.7))
    assert representative_rank("分析：民主党准备提名拜登为总统候选人 但许多人担心选举不公", biden) == EXPECTING
    assert representative_rank("美国民主党提名拜登为总统竞选人 誓言他将结束特朗普造成的“混乱”", biden) == 0
    lai = ((("黎智英",), 5.5), (("获准",), 6.5), (("保释",), 6.7))
    assert representative_rank("黎智英50万港元保释 据报其5000万港元资产被冻结", lai) == 0
    assert representative_rank("据报：黎智英获准保释", lai) == EXPECTING
    suga = ((("菅义伟",), 5.8), (("当选",), 4.0), (("自民党",), 6.0), (("总裁",), 5.0))
    assert representative_rank("日本自民党今天选举新总裁 菅义伟有望接任安倍", suga) == EXPECTING
    assert representative_rank("菅义伟当选自民党总裁", suga) == 0
    summit = ((("中欧",), 6.1), (("峰会",), 5.9), (("视频",), 4.8))  # 召开在即: about to be held
    assert representative_rank("中欧视频峰会召开在即 双方关系降温", summit) == EXPECTING
    assert representative_rank("中欧视频峰会召开 双方关系降温", summit) == 0


def test_a_headline_dating_the_event_to_a_later_day_of_its_outlet_expects_it():
    """法官4日裁定, published in Taipei on the evening of the 3rd, expects the ruling on the detention; published
    after midnight there it is the day's own report. Without its time a headline is read by its words alone. A day
    more than ``LATER_DAY_DAYS`` ahead, or one already past, is no expectation; 两日 is two days, not a date."""
    from corpus.answer.coverage import EXPECTING, LATER_DAY_DAYS, representative_rank

    detained = ((("立委",), 5.0), (("收贿",), 6.0), (("羁押",), 6.5))
    headline = "立委涉收賄案羈押庭結束 法官4日裁定"
    cna = "(臺)中央社CNA"
    assert representative_rank(headline, detained) == 0
    assert representative_rank(headline, detained, datetime(2020, 8, 3, 13, 57, tzinfo=UTC), cna) == EXPECTING
    assert representative_rank(headline, detained, datetime(2020, 8, 3, 17, 0, tzinfo=UTC), cna) == 0
    assert representative_rank(headline, detained, datetime(2020, 8, 5, 2, 0, tzinfo=UTC), cna) == 0
    assert LATER_DAY_DAYS < 15  # published on 20 July, the 4th is 4 August, 15 days ahead
    assert representative_rank(headline, detained, datetime(2020, 7, 20, 2, 0, tzinfo=UTC), cna) == 0
    ceremony = ((("抗击",), 5.0), (("表彰大会",), 7.0), (("疫情",), 3.0))
    assert representative_rank("中国明天举行全国抗击冠病疫情表彰大会", ceremony,
                               datetime(2020, 9, 7, 2, 17, tzinfo=UTC), "联合早报") == EXPECTING
    shares = ((("创业板",), 7.0), (("连涨",), 6.0))
    assert representative_rank("创业板指数结束两日连涨收低2.1%", shares,
                               datetime(2020, 8, 26, 8, 26, tzinfo=UTC), "路透") == 0


def test_a_plan_named_in_a_headline_is_no_expectation():
    """计划 in 复苏计划 is the plan agreed on, not a plan to act: the headline reports the agreement."""
    from corpus.answer.coverage import EXPECTING, representative_rank

    eu = ((("欧盟",), 4.4), (("峰会",), 5.9), (("达成",), 4.7), (("经济",), 2.9), (("复苏",), 5.1), (("协议",), 4.0))
    assert representative_rank("欧盟就经济复苏计划达成历史性协议", eu) == 0
    assert representative_rank("欧盟峰会有望就复苏计划达成协议", eu) == EXPECTING


def test_a_word_of_planning_inside_a_word_of_the_question_is_the_events():
    """拟 of 模拟 (simulated) and 传 of 宣传 are not 拟 (plans to) and 传 (rumoured): a headline reporting the video
    the question names, or a story of such headlines, neither expects nor announces it; 拟 standing alone does."""
    from corpus.answer.coverage import EXPECTING, announced, representative_rank

    video = ((("中国空军",), 8.3), (("视频",), 4.4), (("模拟",), 7.0), (("轰炸",), 7.2), (("关岛",), 7.9))
    assert representative_rank("美指挥官：中国模拟轰炸关岛空军基地的视频纯属宣传", video) == 0
    assert representative_rank("中国空军拟发布模拟轰炸关岛的视频", video) == EXPECTING
    members = [(1, "法广", "美指挥官称中国空军模拟攻击关岛的视频是宣传"), (2, "路透", "中国空军视频模拟轰炸关岛")]
    assert not announced(members, video)
    assert announced([(3, "法广", "中国空军将发布模拟轰炸关岛视频")], video)


def test_a_question_about_a_plan_is_named_by_headlines_that_expect_it_and_a_compound_written_in_full():
    """美国拟禁止新疆棉制品进口 asks about the plan itself (拟): a headline saying the US may or will ban the goods
    (美国可能对…实施禁令, 美国将禁止…) reports what was asked, not an expectation of it. The reports write the
    compound 棉制品 in full (棉花制品) and 美防部 as 美国防部: a headline holds it with a character or two inserted at
    one place, no more."""
    from corpus.answer.coverage import EXPECTING, folded_share, representative_rank

    plan = ((("美国",), 2.0), (("拟",), 6.5), (("禁止",), 4.4), (("新疆",), 4.2), (("棉制品",), 9.7), (("进口",), 4.8))
    assert representative_rank("美国将禁止新疆产棉花制品进口", plan) == 0
    assert representative_rank("美国可能对新疆棉制品实施禁令", plan) == 0
    ban = ((("美国",), 2.0), (("禁止",), 4.4), (("新疆",), 4.2), (("棉制品",), 9.7), (("进口",), 4.8))
    assert representative_rank("美国将禁止新疆棉制品进口", ban) == EXPECTING  # asked about the ban, not the plan
    cotton = ((("棉制品",), 1.0),)
    assert folded_share("美国考虑对新疆棉花制品发布禁令", cotton) == 1.0
    assert folded_share("新疆产棉花和番茄制品", cotton) == 0.0  # too far apart: other goods between
    assert folded_share("美国国防部发布报告", ((("美防部",), 1.0),)) == 1.0


def test_of_equally_dense_runs_of_reports_the_one_on_the_events_day_is_the_events():
    """A single outlet's analysis two days before a summit and a single outlet's report of it on its day make runs
    as dense: the one on the day the reports date the event is taken, not the earlier."""
    from corpus.answer.coverage import Event, _burst

    summit = ((("中欧",), 6.8), (("峰会",), 5.9))
    before = datetime(2020, 9, 12, 21, 56, tzinfo=UTC).timestamp()
    on_the_day = datetime(2020, 9, 14, 15, 57, tzinfo=UTC).timestamp()
    rows = [(1, "法广", "中欧高峰会 习近平面对的已不是从前的法德", None, "", "a.md", before),
            (2, "中央社", "中欧峰会 陆媒：确认加快投资协定谈判", None, "", "b.md", on_the_day)]
    scores = {1: 68.2, 2: 70.8}
    assert _burst(rows, Event(1, (), frozenset({1, 2}), scores=scores), summit) == (before, before)
    dated = Event(1, (), frozenset({1, 2}), scores=scores, day=(date(2020, 9, 14), date(2020, 9, 14)))
    assert _burst(rows, dated, summit) == (on_the_day, on_the_day)


def test_the_run_of_reports_counts_the_eves_reports_dating_the_event_to_the_next_day():
    """The densest run of headlines is found by their words, not their time: the eve's reports of the ceremony
    (中国明天举行…表彰大会, 表彰大会8日上午在京隆重举行) are of the days it was reported, and a round-up two days
    later, alone, is not the run (the day's own reports would then be set apart as what preceded)."""
    from corpus.answer.coverage import Event, _burst

    ceremony = ((("抗击",), 5.0), (("表彰大会",), 7.0), (("疫情",), 3.0))
    eve = datetime(2020, 9, 7, 2, 17, tzinfo=UTC).timestamp()
    later = datetime(2020, 9, 10, 11, 0, tzinfo=UTC).timestamp()
    rows = [(1, "联合早报", "中国明天举行全国抗击冠病疫情表彰大会", None, "", "a.md", eve),
            (2, "CCTV新闻联播", "全国抗击新冠肺炎疫情表彰大会8日上午在京隆重举行", None, "", "b.md", eve + 31000),
            (3, "法广", "习近平抗疫表彰大会“金句”引争议", None, "", "c.md", later)]
    event = Event(1, (), frozenset({1, 2, 3}), scores=dict.fromkeys((1, 2, 3), 80.0),
                  day=(date(2020, 9, 8), date(2020, 9, 8)))
    assert _burst(rows, event, ceremony) == (eve, eve + 31000)


def test_without_a_headline_naming_the_event_its_days_stand_for_the_run_of_reports():
    """No headline writes the detained opposition leader's name (白俄罗斯反对派领袖失踪, asked about
    科列斯尼科娃被捕): there is no run of headlines naming the event, and the days the reports date it stand in. An
    outlet shown by its report of two days before (the story's weeks of protests) is shown by its report of those
    days (its disappearance the evening before counts, as for a run); without a date there is nothing to go by, nor
    for a question in English."""
    from corpus.answer.coverage import UNNAMED, Event, _reports_in_burst, _run_of_reports
    from corpus.answer.stories import Story, StoryArticle

    terms = ((("白俄罗斯",), 4.0), (("反对派",), 4.0), (("领袖",), 3.0), (("科列斯尼科娃",), 9.0), (("被捕",), 4.0))
    before = datetime(2020, 9, 6, 16, 56, tzinfo=UTC)
    on_the_day = datetime(2020, 9, 7, 14, 56, tzinfo=UTC)
    rows = [(1, "法广", "立陶宛外长：欧盟对白俄局势缺乏行动", None, "", "a.md", before.timestamp()),
            (2, "法广", "绑架还是逮捕？ 白罗斯反对派领袖在明斯克失踪", None, "", "b.md", on_the_day.timestamp()),
            (3, "德国之声", "白俄罗斯反对派领袖失踪", None, "", "c.md", on_the_day.timestamp())]
    undated = Event(1, (), frozenset({1, 2, 3}), scores={1: 60.0, 2: 70.0, 3: 70.0})
    assert _run_of_reports(rows, undated, terms) is None
    event = replace(undated, day=(date(2020, 9, 8), date(2020, 9, 8)))  # dated by her arrest at the border
    assert _run_of_reports(rows, event, terms) == (datetime(2020, 9, 8, tzinfo=UTC).timestamp(),
                                                   datetime(2020, 9, 9, tzinfo=UTC).timestamp())
    assert _run_of_reports(rows, event, terms, by_day=False) is None  # a question in English: not so
    span = _run_of_reports(rows, event, terms)
    found = Story(1, (StoryArticle(1, "法广", rows[0][2], None, before, "a.md", ""),
                      StoryArticle(3, "德国之声", rows[2][2], None, on_the_day, "c.md", "")), ())
    assert _reports_in_burst(rows, event, found, terms, span) == {1: UNNAMED + 2, 2: UNNAMED}


def test_a_run_of_headlines_holding_only_a_name_of_the_question_counts_less_than_one_holding_all_of_it():
    """周庭被捕: her bail the next day was reported by more outlets under headlines holding her name alone; the
    arrest's run, fewer outlets under headlines holding the whole question, is the event's."""
    from corpus.answer.coverage import Event, _burst

    chow = ((("周庭",), 9.5), (("被捕",), 5.2))
    day0 = datetime(2020, 8, 10, 13, 0, tzinfo=UTC).timestamp()
    day1 = datetime(2020, 8, 11, 23, 0, tzinfo=UTC).timestamp()
    rows = [(1, "联合早报", "香港众志前成员周庭被捕", None, "", "a.md", day0),
            (2, "中央社", "港警擴大搜捕 香港眾志前成員周庭被捕", None, "", "b.md", day0 + 3600),
            (3, "法广", "周庭等10人因煽动分裂罪被捕", None, "", "c.md", day0 + 7200),
            (4, "联合早报", "前香港众志成员周庭获准保释 特区护照被没收", None, "", "d.md", day1),
            (5, "德国之声", "黎智英等人获释 周庭：这是最可怕的一次", None, "", "e.md", day1 + 3600),
            (6, "自由亚洲电台", "日本人心中香港民主女神周庭", None, "", "f.md", day1 + 7200),
            (7, "中国数字时代", "黎智英、周庭等被捕者获得保释", None, "", "g.md", day1 + 9000)]
    event = Event(1, (), frozenset(range(1, 8)), scores=dict.fromkeys(range(1, 8), 90.0))
    assert _burst(rows, event, chow) == (day0, day0 + 7200)


def test_an_outlet_shown_by_a_report_not_naming_the_event_is_shown_by_its_report_that_does():
    """An outlet was shown by its report whose passages matched the question (a reaction, its headline not naming
    the event) rather than by its report of the same days whose headline names the event, none of whose passages
    was among the best: the latter now shows it."""
    from corpus.answer.coverage import UNNAMED, Event, _reports_in_burst
    from corpus.answer.stories import Story, StoryArticle

    ban = ((("微信",), 5.0), (("禁止",), 5.0), (("下载",), 5.0))
    t0 = datetime(2020, 9, 18, 13, 53, tzinfo=UTC)
    naming = (1, "甲台", "美商务部宣布禁止下载微信", None, t0.isoformat(), "a.md", t0.timestamp())
    later = t0 + timedelta(hours=21)
    reaction = (2, "甲台", "用户体验恐暴跌 中国出手反制", None, later.isoformat(), "b.md", later.timestamp())
    event = Event(1, (), frozenset({2}), ranks={2: UNNAMED}, scores={2: 87.2})
    found = Story(1, (StoryArticle(2, "甲台", reaction[2], None, later, "b.md", ""),), ())
    ranks = _reports_in_burst([naming, reaction], event, found, ban, (t0.timestamp(), t0.timestamp()))
    assert ranks == {1: 0, 2: UNNAMED + 2}


@contextmanager
def three_outlets_stories(tmp_path: Path, question: str, groups: list[tuple[str, str, str, str]]
                          ) -> Iterator[tuple[CorpusIndex, tuple[int, ...], tuple]]:
    """An index of groups of reports (name, headline, day, body), one a group by each of three outlets an hour
    apart, each group a story of its own (``stories_apart``): the index, the groups' story ids and the weighed words
    of ``question``."""
    from corpus.answer.coverage import query_terms_weighed

    folder = tmp_path / "corpus"
    outlets = ["甲报", "乙网", "丙台"]
    for name, title, day, body in groups:
        write_reports(folder, name, outlets, title, lambda i, day=day: f"{day}T1{i}:00:00Z", body)
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        ids = stories_apart(index, tuple(name for name, *_rest in groups), len(outlets))
        retriever = Retriever(index)
        yield index, ids, query_terms_weighed(retriever, retriever.parse(question))


def test_on_the_day_prefers_the_story_of_the_event_itself_to_a_better_voted_one_days_later(tmp_path: Path):
    """The best voted story (a sanctions story two weeks later) is not on the election's days. Of the stories
    that are, the election's own story (its day) is taken, not the protests' story four days later that more
    passages matched."""
    from corpus.answer.coverage import on_the_day

    with three_outlets_stories(tmp_path, "白俄罗斯总统大选", [
            ("vote", "白俄罗斯总统大选投票 卢卡申科宣布胜选", "2022-08-09",
             "<p>白俄罗斯9日举行总统大选，中央选举委员会公布初步结果，卢卡申科得票八成，宣布胜选。</p>"),
            ("protest", "白俄罗斯总统大选后抗议不断 警方拘留数千人", "2022-08-13",
             "<p>白俄罗斯首都明斯克连日爆发抗议，示威者指控大选舞弊，警方出动防暴部队拘留数千人。</p>"),
            ("eu", "欧盟宣布制裁白俄罗斯官员", "2022-08-25",
             "<p>欧盟外长会议同意制裁涉及镇压示威的白俄罗斯官员，冻结其在欧盟的资产。</p>")]) as (index, ids, terms):
        vote_id, protest_id, eu_id = ids
        totals = {eu_id: 300.0, protest_id: 200.0, vote_id: 100.0}
        day = (date(2022, 8, 9), date(2022, 8, 9))
        assert on_the_day(index.db, totals, eu_id, day, terms) == vote_id
        # a best voted story on the event's days is kept
        assert on_the_day(index.db, {protest_id: 300.0, vote_id: 100.0}, protest_id, day, terms) == protest_id


def test_a_story_holding_the_event_s_day_wins_over_a_better_voted_one_days_after_it(tmp_path: Path):
    """Germany suspended its treaty on the 31st; France's suspension three days later is the best voted story
    (its reports recall Germany's), within the days after the event that a story may begin. A story that holds the
    event's day itself and names it is taken when it has half the votes; with fewer, or not naming the event, the
    best voted one stands."""
    from corpus.answer.coverage import on_the_day, query_terms_weighed

    with three_outlets_stories(tmp_path, "德国暂停与香港的引渡协议", [
            ("germany", "德国暂停与香港的引渡协议", "2022-07-31",
             "<p>德国外长宣布，德国暂停与香港的引渡协议，以回应香港推迟立法会选举。</p>"),
            ("france", "法国中止与香港的引渡条约", "2022-08-03",
             "<p>继德国暂停与香港的引渡协议之后，法国也宣布中止批准与香港的引渡条约。</p>")]) as (index, ids, terms):
        germany, france = ids
        day = (date(2022, 7, 31), date(2022, 7, 31))
        assert on_the_day(index.db, {france: 300.0, germany: 200.0}, france, day, terms) == germany
        assert on_the_day(index.db, {france: 300.0, germany: 100.0}, france, day, terms) == france
        # asked about something else of that day, which Germany's headlines do not name
        retriever = Retriever(index)
        other = query_terms_weighed(retriever, retriever.parse("希腊山火蔓延 居民连夜撤离"))
        assert on_the_day(index.db, {france: 300.0, germany: 200.0}, france, day, other) == france


def picks_on_the_day(tmp_path: Path, question: str, groups: list[tuple[str, str, str, str]],
                     cases: list[tuple[dict[str, float], str, date, str]]) -> None:
    """For each case (votes by group name, the voted group, the day /when gives, the group expected), the story
    ``on_the_day`` takes among the groups' stories (``three_outlets_stories``) is the expected group's."""
    from corpus.answer.coverage import on_the_day

    with three_outlets_stories(tmp_path, question, groups) as (index, ids, terms):
        story = dict(zip((name for name, *_rest in groups), ids, strict=True))
        for votes, voted, day, expected in cases:
            totals = {story[name]: count for name, count in votes.items()}
            assert on_the_day(index.db, totals, story[voted], (day, day), terms) == story[expected]


_CONSULATES = [("closed", "美国要求关闭领事馆 中方报复关闭美国驻成都领事馆", "2022-07-22",
                "<p>美国要求中国关闭驻休斯敦领事馆，中方宣布关闭美国驻成都领事馆作为报复。</p>"),
               ("attack", "美国驻香港领事馆保安遇袭", "2022-08-25",
                "<p>美国驻香港领事馆一名保安今天在街头遇袭受伤，袭击者已被捕。</p>")]


def test_a_small_story_matching_the_question_far_better_wins_over_a_large_one_of_its_common_words(tmp_path: Path):
    """The month's story of consulates closed has five times the votes, from many passages matching the question's
    common words (美国, 领事馆) half well; the attack's own three reports match it far better (81 against 58) and
    their headlines name it: the attack's story is taken. Matching only a little better, or with too few votes, or
    not naming the event, it is not, when the days of the event are known; when they are not, a story of later days
    matching better at all is taken from a voted story whose headlines do not name the event (as here)."""
    from corpus.answer.coverage import _matched_far_better, query_terms_weighed

    with three_outlets_stories(tmp_path, "美国驻香港领事馆保安遇袭", _CONSULATES) as (index, (closed, attack), terms):
        many = {n: 58.0 - n % 3 for n in range(20)}  # twenty articles of the closures' story

        def pick(best: float, own_votes: int = 3, question: tuple = terms, later: bool = False) -> int:
            votes = {closed: many, attack: {100 + n: best for n in range(own_votes)}}
            return _matched_far_better(index.db, votes, {s: sum(v.values()) for s, v in votes.items()}, closed,
                                       question, later=later)

        assert pick(81.0) == attack
        assert pick(66.0) == closed  # 1.14 times as well
        assert pick(66.0, later=True) == attack  # the days unknown, and no headline of the closures names it
        assert pick(81.0, own_votes=1) == closed  # 81 against 1,140: under 0.15 of the votes
        assert pick(81.0, own_votes=1, later=True) == closed
        retriever = Retriever(index)
        other = query_terms_weighed(retriever, retriever.parse("希腊山火蔓延 居民连夜撤离"))
        assert pick(81.0, question=other) == closed
        assert pick(81.0, question=other, later=True) == closed


def test_a_story_of_the_day_before_the_date_given_holds_the_event_s_day(tmp_path: Path):
    """A later report dates the party's decision a day late (the 9th: it was announced on the 8th). The best voted
    story, of the controversy three days later, does not hold that day; the decision's own story, of the day
    before it, does, and is taken. Two days before the date given is not the event's day."""
    votes = {"row": 300.0, "decide": 200.0}
    picks_on_the_day(tmp_path, "国民党决定派王金平率团参加海峡论坛", [
        ("decide", "国民党决定参加海峡论坛 王金平率团", "2022-09-08",
         "<p>国民党中常会决定派团参加海峡论坛，由王金平担任团长。</p>"),
        ("row", "王金平率团参加海峡论坛引发求和争议", "2022-09-11",
         "<p>官媒节目称王金平率团参加海峡论坛是来求和，国民党提出抗议。</p>")],
        [(votes, "row", date(2022, 9, 9), "decide"), (votes, "row", date(2022, 9, 10), "row")])


def test_a_story_of_the_day_before_the_event_gives_way_to_the_story_of_its_day(tmp_path: Path):
    """The reports of the day before the ban, fearing it, are voted best; the ban's own story, of the day itself
    and naming it, has two thirds of their votes: it is taken, though the other holds the day before the event's."""
    picks_on_the_day(tmp_path, "中国禁止进口德国猪肉", [
        ("fear", "德国发现非洲猪瘟 担心中国暂停进口猪肉", "2022-09-11",
         "<p>德国发现首例非洲猪瘟，业界担心中国暂停进口德国猪肉。</p>"),
        ("ban", "中国禁止进口德国猪肉", "2022-09-12", "<p>中国海关总署宣布禁止进口德国猪肉及其制品。</p>")],
        [({"fear": 300.0, "ban": 200.0}, "fear", date(2022, 9, 12), "ban")])


def test_an_event_known_later_is_the_first_story_after_its_day_not_the_best_voted_one(tmp_path: Path):
    """A detention of 14 August was made known on 31 August; the official confirmation a week later is voted for
    by more passages. No story is of the detention's days, so the first after them that names it is taken, when
    it has enough of the votes; one with too few is not."""
    from corpus.answer.coverage import on_the_day

    groups = [("known", "澳籍主播成蕾被中国拘留", "2022-08-31",
               "<p>澳洲外长称，澳籍主播成蕾8月14日起被中国当局拘留。</p>"),
              ("confirmed", "中国外交部证实成蕾被拘留 涉嫌危害国家安全", "2022-09-08",
               "<p>中国外交部首次证实，成蕾因涉嫌危害国家安全被依法拘留，澳洲两名记者同日撤离中国。</p>")]
    with three_outlets_stories(tmp_path, "成蕾被拘留", groups) as (index, ids, terms):
        known_id, confirmed_id = ids
        day = (date(2022, 8, 14), date(2022, 8, 14))
        assert on_the_day(index.db, {confirmed_id: 300.0, known_id: 120.0}, confirmed_id, day, terms) == known_id
        assert on_the_day(index.db, {confirmed_id: 300.0, known_id: 60.0}, confirmed_id, day, terms) == confirmed_id


def test_an_earlier_story_whose_headlines_name_the_event_outvotes_the_later_ones_that_recall_it(tmp_path: Path):
    """An ongoing topic: the order to sell (its reports' headlines name it), then a month of talks on the sale whose
    reports recall the order in their text, so that more passages vote for them. The order's own story is taken;
    not a later story naming the event (another turn of the topic), nor an earlier one lacking a name the voted
    story's headlines hold."""
    from corpus.answer.coverage import _most_named, query_terms_weighed

    folder = tmp_path / "corpus"
    outlets = ["甲报", "乙网", "丙台"]
    write_reports(folder, "order", outlets, "特朗普下令字节跳动出售TikTok", lambda i: f"2022-08-14T1{i}:00:00Z",
                  "<p>美国总统特朗普周五签署行政令，要求中国公司字节跳动在九十天内出售短视频应用TikTok的美国业务。</p>")
    write_reports(folder, "talks", outlets, "甲骨文胜出微软出局", lambda i: f"2022-09-14T1{i}:00:00Z",
                  "<p>软件公司甲骨文在竞购中胜出，微软宣布退出谈判，交易仍需两国政府批准。</p>"
                  "<p>特朗普此前下令字节跳动出售TikTok美国业务。</p>")
    write_reports(folder, "deadline", outlets, "特朗普下令字节跳动出售TikTok期限届满",
                  lambda i: f"2022-11-12T1{i}:00:00Z",
                  "<p>白宫设定的期限今天届满，商务部表示将延长审查，法院同时受理了相关诉讼。</p>")
    write_reports(folder, "threat", outlets, "特朗普下令出售TikTok", lambda i: f"2022-08-01T1{i}:00:00Z",
                  "<p>美国总统特朗普表示，短视频应用若不在九月中旬前卖给美国企业，将被禁止在美国营运。</p>")
    write_article(folder, "bid.md", title="字节跳动与甲骨文就TikTok达成协议", source="丁社",
                  date="2022-09-20T10:00:00Z",
                  body="<p>软件公司甲骨文在竞购中胜出，交易仍需两国政府批准。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        order, talks, deadline, threat = stories_apart(index, ("order", "talks", "deadline", "threat"), 3)
        bid = story_of_article(index, index.article_id("bid.md"))
        assert bid not in (order, talks, deadline, threat)
        retriever = Retriever(index)
        terms = query_terms_weighed(retriever, retriever.parse("特朗普下令字节跳动出售TikTok"))
        assert _most_named(index.db, {talks: 300.0, order: 100.0}, talks, terms) == order
        # too few of the voted story's votes
        assert _most_named(index.db, {talks: 300.0, order: 60.0}, talks, terms) == talks
        # a later story naming the event is another turn of the topic
        assert _most_named(index.db, {talks: 300.0, deadline: 200.0}, talks, terms) == talks
        # the voted story's headline holds 字节跳动: an earlier story naming the event without it does not win
        assert _most_named(index.db, {bid: 300.0, threat: 200.0}, bid, terms) == bid
        assert _most_named(index.db, {bid: 300.0, threat: 200.0, order: 100.0}, bid, terms) == order


def test_a_later_story_matching_better_wins_over_a_voted_story_whose_headlines_do_not_name_the_event(tmp_path: Path):
    """特朗普称美国研发秘密新型核武器: a convention's many reports, whose passages share the question's common words
    (特朗普声称美国…研发出新型疫苗), outvote the claim's two reports two weeks later, whose headline names it and whose
    best passage matches better. The later story is the event's, unless the voted story's headlines name the event,
    its best passage matches as well, or the days of the event are known (``later=False``); an earlier story is not
    taken so (a ship's oil spill, asked about the protests weeks later)."""
    from corpus.answer.coverage import _matched_far_better, query_terms_weighed

    folder = tmp_path / "corpus"
    outlets = ["甲报", "乙网", "丙台"]
    write_reports(folder, "speech", outlets, "共和党大会落幕 特朗普接受提名", lambda i: f"2022-08-28T1{i}:00:00Z",
                  "<p>特朗普声称美国年底前就可以研发出新型疫苗，他在白宫南草坪发表演说，接受共和党的总统提名。</p>")
    write_reports(folder, "claim", outlets[:2], "特朗普称美国研发秘密新型核武器", lambda i: f"2022-09-10T1{i}:00:00Z",
                  "<p>记者在新书中披露，特朗普称美国正在秘密研发新型核武器系统，专家对此感到困惑。</p>")
    write_reports(folder, "before", outlets[:2], "特朗普称美国研发秘密新型核武器", lambda i: f"2022-08-01T1{i}:00:00Z",
                  "<p>特朗普在采访中称美国正在秘密研发新型核武器系统，引发外界关注。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        speech, claim = stories_apart(index, ("speech", "claim"), 2)
        before = story_of_article(index, index.article_id("before0.md"))
        assert before not in (speech, claim)
        retriever = Retriever(index)
        terms = query_terms_weighed(retriever, retriever.parse("特朗普称美国研发秘密新型核武器"))

        def chosen(speech_best: float, other: int = claim, **kwargs) -> int:
            votes = {speech: {1: speech_best, 2: 55.0, 3: 54.0, 4: 53.0, 5: 52.0}, other: {6: 72.0, 7: 57.0}}
            return _matched_far_better(index.db, votes, {s: sum(v.values()) for s, v in votes.items()}, speech,
                                       terms, **kwargs)

        assert chosen(56.7) == claim  # 72 against 56.7: not the 1.3 times the rule asks of a voted story naming it
        assert chosen(72.0) == speech  # matching no better
        assert chosen(56.7, later=False) == speech
        assert chosen(56.7, before) == speech  # an earlier story
        votes = {before: {8: 56.7, 9: 55.0}, claim: {6: 72.0, 7: 57.0}}  # the voted story's headlines name it
        assert _matched_far_better(index.db, votes, {s: sum(v.values()) for s, v in votes.items()}, before,
                                   terms) == before


def test_an_earlier_story_naming_the_event_wins_without_a_name_most_passages_hold(tmp_path: Path):
    """The detention made known (its headlines name it without 中国, which nearly every passage holds), then the
    official confirmation a week later, voted for by more passages, whose one naming headline holds 中国. A name
    that common tells no event from another: the earlier story is taken all the same."""
    from corpus.answer.coverage import _most_named, query_terms_weighed

    folder = tmp_path / "corpus"
    outlets = ["甲报", "乙网", "丙台"]
    write_reports(folder, "known", outlets, "澳籍主播成蕾被拘留", lambda i: f"2022-08-31T1{i}:00:00Z",
                  "<p>澳洲外长称，澳籍主播成蕾8月14日起被中国当局拘留，澳方已要求中国说明原因。</p>")
    for i, (source, title) in enumerate(zip(outlets, ("中国证实澳籍主播成蕾被拘留", "两名澳洲记者撤离中国",
                                                       "澳洲记者连夜离开中国"), strict=True)):
        write_article(folder, f"confirmed{i}.md", title=f"{title} {source}", source=source,
                      date=f"2022-09-08T1{i}:00:00Z",
                      body="<p>中国外交部首次证实，成蕾因涉嫌危害中国国家安全被依法采取强制措施，"
                           "澳洲两名驻中国记者同日撤离中国。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        known, confirmed = stories_apart(index, ("known", "confirmed"), 3)
        retriever = Retriever(index)
        terms = query_terms_weighed(retriever, retriever.parse("澳籍主播成蕾被中国拘留"))
        assert dict(terms)[("中国",)] < 2.0  # held by most passages
        assert _most_named(index.db, {confirmed: 300.0, known: 120.0}, confirmed, terms) == known


def test_a_story_of_the_same_days_whose_headlines_name_the_event_more_strongly_is_joined_with_fewer_votes(
        tmp_path: Path):
    """The government resigned in the evening: its reports are the last of the aftermath's story (whose many
    passages on ministers resigning vote for it) and the first of the next. The next story, with fewer votes but
    more headlines naming the event, is shown with it; a story of the same days naming it no more strongly, or one
    of other days, is not."""
    from corpus.answer.coverage import _joined, query_terms_weighed

    folder = tmp_path / "corpus"
    outlets = ["甲报", "乙网", "丙台", "丁社", "戊刊"]
    write_reports(folder, "aftermath", outlets[:4], "黎巴嫩部长辞职", lambda i: f"2022-08-{7 + i:02d}T12:00:00Z",
                  "<p>黎巴嫩首都港口大爆炸后，民众连日示威，已有两名部长辞职，抗议者要求追究责任。</p>")
    write_reports(folder, "resign", outlets, "黎巴嫩总理宣布政府辞职", lambda i: f"2022-08-10T1{5 + i}:00:00Z",
                  "<p>总理迪亚卜在电视讲话中宣布内阁集体下台，总统接受请辞，看守政府将继续运作。</p>")
    write_reports(folder, "later", outlets, "黎巴嫩新政府辞职", lambda i: f"2022-09-26T1{i}:00:00Z",
                  "<p>候任总理组阁失败，宣布放弃组建新内阁，各派系未能就部长人选达成一致。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        aftermath, resign, later = stories_apart(index, ("aftermath", "resign", "later"), 4)
        retriever = Retriever(index)
        terms = query_terms_weighed(retriever, retriever.parse("黎巴嫩政府辞职"))
        votes = {s: {s * 10: 1.0} for s in (aftermath, resign, later)}
        titles = dict.fromkeys((s * 10 for s in votes), "")
        totals = {aftermath: 400.0, resign: 100.0, later: 100.0}
        assert _joined(index.db, votes, titles, totals, aftermath, terms) == [resign]
        # too few votes
        assert _joined(index.db, votes, titles, {**totals, resign: 60.0}, aftermath, terms) == []
        # the other way round: the aftermath's headlines name the event less strongly than the resignation's
        assert _joined(index.db, votes, titles, {resign: 400.0, aftermath: 100.0}, resign, terms) == []

def test_a_story_of_the_same_days_is_joined_only_when_its_headlines_hold_the_names_the_event_s_own_hold(
        tmp_path: Path):
    """A story of Suga's first call with Trump, the day before his first call with Xi, has nearly as many votes and
    its voting headlines hold most of the question (菅义伟, 首次, 通话): it is not the same event, as they lack
    习近平, which the event's own headlines hold. A story whose voting headlines hold both names is joined."""
    from corpus.answer.coverage import _joined, is_name, query_terms_weighed

    folder = tmp_path / "corpus"
    outlets = ["甲报", "乙网", "丙台"]
    write_reports(folder, "xi", outlets, "习近平与菅义伟首次通话", lambda i: f"2022-09-25T1{i}:00:00Z",
                  "<p>中国国家主席习近平与日本新首相菅义伟通电话，双方同意保持高层交往，推动两国关系发展。</p>")
    # two other stories of those days; the headlines their voting articles have are given below
    write_reports(folder, "trump", outlets, "东京奥运会确定明年举行", lambda i: f"2022-09-24T1{i}:00:00Z",
                  "<p>国际奥委会与东京组委会确认赛事明年夏天举行，观众人数将视疫情决定。</p>")
    write_reports(folder, "views", outlets, "钓鱼岛附近再现海警船", lambda i: f"2022-09-26T1{i}:00:00Z",
                  "<p>日本海上保安厅称，四艘海警船只连续第三天在争议岛屿附近海域航行。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        xi, trump, views = stories_apart(index, ("xi", "trump", "views"), 3)
        retriever = Retriever(index)
        terms = query_terms_weighed(retriever, retriever.parse("习近平与菅义伟首次通话"))
        headline = {xi: "习近平与菅义伟首次通话", trump: "菅义伟首次与特朗普通话",
                    views: "评论：菅义伟与习近平首次通话释放善意"}
        votes = {s: {s * 10 + i: 1.0 for i in range(3)} for s in headline}
        titles = {a: headline[s] for s, per in votes.items() for a in per}
        assert _joined(index.db, votes, titles, {xi: 100.0, trump: 90.0, views: 80.0}, xi, terms) == [views]
    # a figure of the question is no name (100 of 全球新冠死亡超过100万: headlines writing 破百万 name the event),
    # nor one with a decimal point or in Chinese numerals with its unit (1.2 and 万人 of 1.2万人, 三百 of 近三百人)
    assert not is_name(("100",)) and is_name(("菅义伟",))
    assert not any(is_name((figure,)) for figure in ("1.2", "万人", "三百", "20万", "5%"))


def test_a_report_whose_lede_is_of_something_else_is_quoted_by_its_passage_about_the_event(tmp_path: Path):
    """A morning round-up's lede is of its first item; /coverage quotes, under its headline, the item about the
    event, and keeps the lede of a report whose lede holds the question, or some of it under a headline of one
    item. The JSON carries both."""
    from corpus.answer.coverage import query_terms_weighed, quoted

    folder = tmp_path / "corpus"
    write_article(folder, "brief.md", title="简报：香港高调打击异见人士；黎巴嫩政府集体辞职", source="甲报",
                  date="2022-08-11T01:00:00Z",
                  body="<p>香港政府周一以涉嫌违反国安法拘捕多名民主派人士，并搜查了一家报社的办公室。</p>"
                       "<p>• 贝鲁特大爆炸后，黎巴嫩政府集体辞职，总理在电视讲话中宣布内阁下台。</p>"
                       "<p>• 美国多个州的学校开始以网课方式开学。</p>")
    write_article(folder, "view.md", title="贝鲁特的愤怒", source="丙台", date="2022-08-11T03:00:00Z",
                  body="<p>港口爆炸一周后，黎巴嫩民众仍在废墟中寻找亲人，街头的怒火没有平息。</p>"
                       "<p>黎巴嫩政府周一集体辞职，但示威者说这还远远不够。</p>")
    write_article(folder, "news.md", title="黎巴嫩总理宣布政府辞职", source="乙网", date="2022-08-10T20:00:00Z",
                  body="<p>黎巴嫩总理周一晚间宣布政府辞职，以回应民众对港口大爆炸的愤怒。</p>"
                       "<p>总统已接受辞呈，看守政府将继续运作。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        found = load(index, story_of_article(index, index.article_id("news.md")),
                     joined=tuple({story_of_article(index, index.article_id(f"{n}.md")) for n in ("brief", "view")}))
        retriever = Retriever(index)
        terms = query_terms_weighed(retriever, retriever.parse("黎巴嫩政府集体辞职"))
        articles = {a.source: a for a in quoted(index.db, found.articles, terms)}
    brief, news, view = articles["甲报"], articles["乙网"], articles["丙台"]
    # its lede holds a little of the question (政府), under a headline of several items
    assert brief.lede.startswith("香港政府") and brief.quote.startswith("• 贝鲁特大爆炸后")
    assert brief.shown == brief.quote
    assert news.quote == "" and news.shown == news.lede
    # a lede that holds some of the question, under a headline of one item, is kept
    assert view.quote == "" and view.shown.startswith("港口爆炸一周后")
    assert brief.to_json()["lede"] == brief.lede and brief.to_json()["quote"] == brief.quote
    assert news.to_json()["quote"] == news.lede
    page = render_coverage(replace(found, articles=(brief, news)), "黎巴嫩政府辞职", "zh", ZoneInfo("Asia/Shanghai"))
    assert "黎巴嫩政府集体辞职，总理" in page and "香港政府周一" not in page


def test_an_outlet_set_apart_is_shown_by_its_report_nearest_the_first_not_by_another_as_unnamed(tmp_path: Path):
    """乙网's reports not naming the event: two of the day before, one two hours after the first report. Its
    earliest is set apart; it is shown by the one nearest the first report, not by its other report of the day
    before, which ranked the same (as unnamed) and came earlier."""
    from corpus.answer.coverage import UNNAMED, _nearest_reports
    from corpus.answer.stories import members_of

    folder = tmp_path / "corpus"
    body = "<p>黎巴嫩首都贝鲁特港口大爆炸后，愤怒的民众连日走上街头示威，要求政府为爆炸负责。</p>"
    for name, source, when in (("a", "乙网", "2022-08-09T00:00:00Z"), ("b", "乙网", "2022-08-09T12:00:00Z"),
                               ("d", "甲报", "2022-08-10T00:00:00Z"), ("e", "乙网", "2022-08-10T02:00:00Z")):
        write_article(folder, f"{name}.md", title="贝鲁特民众怒火难平", source=source, date=when, body=body)
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        ids = {n: index.article_id(f"{n}.md") for n in "abde"}
        (story_id,) = {story_of_article(index, i) for i in ids.values()}
        first = datetime(2022, 8, 10, tzinfo=UTC)
        ranks = _nearest_reports(members_of(index.db, (story_id,)), {"乙网": ids["a"]}, first)
        assert ranks == {ids["a"]: UNNAMED + 1, ids["e"]: UNNAMED - 0.5}
        preferred = {**dict.fromkeys((ids["a"], ids["b"], ids["e"]), UNNAMED), **ranks}
        shown = {a.source: a.path for a in load(index, story_id, preferred=preferred).articles}
    assert shown["乙网"] == "e.md"


def write_rumour(folder: Path, source: str, title: str) -> None:
    """``source``'s article of the day before the delay (rumour.md): the election may be put off (或推迟), a
    headline naming it without a word that marks it as expected."""
    write_article(folder, "rumour.md", title=title, source=source, date="2022-07-30T12:00:00Z",
                  body="<p>消息称，港府正在考虑以疫情为由推迟立法会选举，尚未作出决定。</p>"
                       "<p>民主派批评港府借疫情推迟选举。</p>")


def test_an_outlet_is_shown_by_its_report_of_the_events_time_not_by_one_from_the_day_before(tmp_path: Path):
    """甲报 wrote the day before that the election may be put off (或推迟, named, not marked as expecting), in the
    same story; the reports that match the question best are of the next day's announcement. 甲报 is shown by its
    report of the announcement, which is also the first report, not by the day before's."""
    folder = tmp_path / "corpus"
    write_rumour(folder, "甲报", "香港立法会选举或推迟 港府正在考虑 甲报")
    write_reports(folder, "delay", ["甲报", "乙网", "丙台", "丁社"], "港府宣布立法会选举推迟一年",
                  lambda i: f"2022-07-31T0{6 + i}:00:00Z",
                  "<p>香港特首今天宣布，以疫情严峻为由，香港立法会选举推迟一年举行。</p><p>民主派批评港府借疫情推迟选举。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        story_ids = {story_of_article(index, index.article_id(p)) for p in
                     ["rumour.md", *(f"delay{i}.md" for i in range(4))]}
        assert len(story_ids) == 1  # one story: the listing chooses within it
        found = best_story(Retriever(index), "香港立法会选举推迟一年")
        assert found is not None
        assert {a.source: a.path for a in found.articles}["甲报"] == "delay0.md"
        assert found.first_report is not None and found.first_report.path == "delay0.md"


def test_the_first_report_is_not_one_from_the_day_before_the_reports_that_match_best(tmp_path: Path):
    """戊报's only article is the day before's (或推迟): it is listed, but the first report is the first of the
    announcement's reports, which match the question best."""
    folder = tmp_path / "corpus"
    write_rumour(folder, "戊报", "香港立法会选举或推迟 港府正在考虑")
    reports = [("甲报", "港府宣布立法会选举推迟一年", "香港特首今天宣布，以疫情严峻为由，香港立法会选举推迟一年举行。"),
               ("乙网", "香港立法会选举推迟一年", "港府今天宣布立法会选举推迟一年，特首称疫情严峻。"),
               ("丙台", "特首宣布立法会选举延后一年", "香港立法会选举推迟一年：特首今天以疫情严峻为由宣布。"),
               ("丁社", "香港宣布推迟立法会选举", "特首今天宣布香港立法会选举推迟一年举行，理由是疫情严峻。")]
    for i, (source, title, text) in enumerate(reports):
        write_article(folder, f"delay{i}.md", title=title, source=source, date=f"2022-07-31T0{6 + i}:00:00Z",
                      body=f"<p>{text}</p><p>民主派批评港府借疫情推迟选举。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        assert len({story_of_article(index, index.article_id(p)) for p in
                    ["rumour.md", *(f"delay{i}.md" for i in range(4))]}) == 1
        found = best_story(Retriever(index), "香港立法会选举推迟一年")
        assert found is not None and {a.source: a.path for a in found.articles}["戊报"] == "rumour.md"
        assert found.first_report is not None and found.first_report.path == "delay0.md"



_NEXT_STAGE = ("<p>下一阶段将由多国专家在武汉展开流行病学研究，追查动物宿主与中间宿主。</p>"
               "<p>美国政府批评世卫调查缺乏独立性，世卫称调查将以科学为本。</p>")


def test_a_report_of_the_day_the_reports_date_the_event_stays_first_though_others_match_better(tmp_path: Path):
    """甲报 reported the team's work done on the 3rd, in words of its own; the next day's reports match the question
    best, and all date the event to the 3rd: 甲报's report, a day before them, is the first report."""
    folder = tmp_path / "corpus"
    write_article(folder, "early.md", title="世卫小组完成在华前期工作 甲报", source="甲报", date="2022-08-03T14:00:00Z",
                  body="<p>世卫8月3日表示，赴华的小组已完成在华调查病毒起源的前期探路。</p>" + _NEXT_STAGE)
    write_reports(folder, "team", ["乙网", "丙台", "丁社"], "世卫先遣小组完成在华病毒溯源前期工作",
                  lambda i: f"2022-08-04T0{6 + i}:00:00Z",
                  "<p>世卫总干事8月3日表示，世卫先遣小组已完成在华病毒溯源的前期工作。</p>" + _NEXT_STAGE)
    write_reports(folder, "other", ["乙网", "丙台"], "台风登陆广东 多地停课", lambda i: f"2022-08-03T0{6 + i}:00:00Z",
                  "<p>台风今天在广东登陆，多地停课停工，航班取消。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        paths = ["early.md", *(f"team{i}.md" for i in range(3))]
        assert len({story_of_article(index, index.article_id(p)) for p in paths}) == 1
        found = best_story(Retriever(index), "世卫先遣小组完成在华病毒溯源前期工作")
        assert found is not None and found.first_report is not None and found.first_report.path == "early.md"


def test_an_outlet_is_shown_by_its_report_of_the_days_most_outlets_reported_the_event(tmp_path: Path):
    """甲报 asked two days before the decision whether the election would be put off (推迟？), a headline holding the
    whole question; on the day, three outlets report the delay by name and 甲报 reports it in other words (押后).
    甲报 is shown by its report of the day, and the first report is the first of the day's: the early question
    matches as well as they do, but is far from the days most outlets reported the event (戊报's article of the day
    between links them in one story)."""
    folder = tmp_path / "corpus"
    body = ("<p>香港特首今天宣布，以疫情严峻为由，把原定九月举行的香港立法会选举推迟一年举行。</p>"
            "<p>民主派批评港府借疫情推迟选举。</p>")
    write_article(folder, "asked.md", title="香港立法会选举因疫情推迟？暂无定论 甲报", source="甲报",
                  date="2022-07-29T08:00:00Z",
                  body="<p>有消息称港府考虑以疫情严峻为由推迟香港立法会选举一年，港府表示暂无定论。</p>"
                       "<p>民主派批评港府借疫情推迟选举。</p>")
    write_article(folder, "between.md", title="港府考虑押后选举 戊报", source="戊报", date="2022-07-30T08:00:00Z",
                  body="<p>港府据报考虑以疫情严峻为由推迟香港立法会选举一年，最快明天宣布。</p>"
                       "<p>民主派批评港府借疫情推迟选举。</p>")
    write_article(folder, "own.md", title="立法会选举押后一年 甲报", source="甲报", date="2022-07-31T09:30:00Z",
                  body=body)
    write_reports(folder, "delay", ["乙网", "丙台", "丁社"], "港府宣布香港立法会选举推迟",
                  lambda i: f"2022-07-31T0{6 + i}:00:00Z", body)
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        paths = ["asked.md", "between.md", "own.md", *(f"delay{i}.md" for i in range(3))]
        assert len({story_of_article(index, index.article_id(p)) for p in paths}) == 1
        found = best_story(Retriever(index), "香港立法会选举推迟")
        assert found is not None
        assert {a.source: a.path for a in found.articles}["甲报"] == "own.md"
        assert found.first_report is not None and found.first_report.path == "delay0.md"


_UK_TREATY = "<p>英国外交大臣今天宣布，{verb}与香港的引渡条约，并把对华武器禁运扩大到香港。</p><p>{more}</p>"


@pytest.mark.parametrize(("asked", "uk_verb", "uk_more", "second", "title", "day", "body", "common"), [
    # Asked about New Zealand's, the United Kingdom's story has more votes (its reports hold every word but the
    # country), but none of its headlines holds 新西兰, the question's most specific name.
    ("新西兰暂停与香港的引渡条约", "暂停", "中国驻英使馆表示将坚决回击。", "nz", "新西兰暂停与香港的引渡条约",
     "2022-07-28", "<p>新西兰外长今天宣布，暂停与香港的引渡条约，并限制军用技术出口到香港。</p>"
                   "<p>中国驻新西兰使馆表示坚决反对。</p>", False),
    # Asked about the United States', 美国 is in more passages than 香港 (the British reports, and others, name
    # it), so 香港 is the most specific name, and the British headlines hold it: a headline holding both names
    # tells the event.
    ("美国中止与香港的引渡协议", "中止", "据消息人士称，美国也计划跟进。", "us", "美国中止与香港的逃犯引渡协议",
     "2022-08-19", "<p>美国国务院今天宣布，中止与香港的逃犯引渡协议等三项双边协议。</p><p>港府强烈谴责美国的决定。</p>",
     True),
], ids=["new-zealand", "united-states"])
def test_a_story_holding_the_questions_names_wins_over_a_better_voted_one_without_them(
        tmp_path: Path, asked: str, uk_verb: str, uk_more: str, second: str, title: str, day: str, body: str,
        common: bool):
    """Five outlets reported the United Kingdom suspending its extradition treaty with Hong Kong; later three
    reported another country doing the same. Asked about the other country's, the answer is its story."""
    folder = tmp_path / "corpus"
    write_reports(folder, "uk", ["甲报", "乙网", "丙台", "丁社", "戊报"], f"英国{uk_verb}与香港的引渡条约",
                  lambda i: f"2022-07-20T0{1 + i}:00:00Z", _UK_TREATY.format(verb=uk_verb, more=uk_more))
    write_reports(folder, second, ["甲报", "乙网", "丙台"], title, lambda i: f"{day}T0{1 + i}:00:00Z", body)
    if common:  # more passages name the country than Hong Kong
        write_reports(folder, "other", ["甲报", "乙网", "丙台", "丁社"], "美国经济数据好于预期",
                      lambda i: f"2022-06-0{1 + i}T08:00:00Z", "<p>美国公布的经济数据好于预期，美国股市上涨。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        uk, other = (story_of_article(index, index.article_id(f"{name}0.md")) for name in ("uk", second))
        assert uk != other
        assert len({story_of_article(index, index.article_id(f"uk{i}.md")) for i in range(5)}) == 1
        found = best_story(Retriever(index), asked)
        assert found is not None and found.story_id == other
        assert {a.source for a in found.articles} == {"甲报", "乙网", "丙台"}


def test_stories_of_the_same_days_holding_the_questions_names_count_together():
    """德国暂停与香港的引渡协议: the British suspension's story has the most votes and does not hold 德国; Hong Kong
    suspending its agreements with France and Germany two weeks later holds both names and has more votes than
    each of the two stories the clustering split Germany's own suspension into, but fewer than both together."""
    from corpus.answer.coverage import _holding_the_name

    day = 86400
    terms = ((("德国",), 3.1), (("暂停",), 3.9), (("香港",), 2.4), (("引渡",), 4.6), (("协议",), 3.0))
    titles = {1: "英国中止与香港的引渡条约", 2: "香港暂停履行与法国和德国的引渡协议", 3: "德国中止与香港的引渡协议",
              4: "德国暂停与香港的引渡协议"}
    votes = {10: {1: 755.0}, 20: {2: 535.0}, 30: {3: 361.0}, 40: {4: 341.0}}
    spans = {10: (0, day), 20: (25 * day, 26 * day), 30: (12 * day, 13 * day), 40: (11 * day, 12 * day)}
    totals = {story: sum(v.values()) for story, v in votes.items()}
    assert _holding_the_name(votes, titles, totals, 10, terms, spans.get) == 30
    # Germany's second story two weeks apart from the first: each alone is outvoted by Hong Kong's
    spans[40] = (40 * day, 41 * day)
    assert _holding_the_name(votes, titles, totals, 10, terms, spans.get) == 20


def test_a_name_no_headline_holds_leaves_the_question_to_its_next_name():
    """路威酩轩取消收购蒂芙尼: no voting headline writes the company's Chinese brand name; an essay that recalls the
    Tiffany deal of the year before outvotes the report of the deal called off, whose headline names Tiffany. A name
    some headline holds stops the search: the next one is not tried when it fails."""
    from corpus.answer.coverage import _holding_the_name

    terms = ((("路威酩轩",), 10.8), (("取消",), 4.8), (("收购",), 5.1), (("蒂芙尼", "tiffany"), 9.9))
    titles = {1: "为何奢侈品牌在富人比例较高的美国不吃香", 2: "路易威登有意取消蒂芙尼tiffany收购案"}
    votes = {10: {1: 75.0}, 20: {2: 65.0}}
    totals = {story: sum(v.values()) for story, v in votes.items()}
    spans = {10: (0, 1), 20: (9000, 9001)}
    assert _holding_the_name(votes, titles, totals, 10, terms, spans.get) == 20
    # the brand name in a headline of a story with too few votes: the question stays with the best voted story
    titles[3], votes[30] = "路威酩轩集团发布财报", {3: 5.0}
    totals[30], spans[30] = 5.0, (20000, 20001)
    assert _holding_the_name(votes, titles, totals, 10, terms, spans.get) == 10


@contextmanager
def topic_and_turn(tmp_path: Path) -> Iterator[tuple[Retriever, int, int]]:
    """A topic's large story (a sale ordered, the first buyer's talks, dated in its reports) and, a week later, the
    small story of another buyer's talks, its reports undated: the retriever, the topic's story and the turn's."""
    folder = tmp_path / "corpus"
    write_reports(folder, "topic", ["甲报", "乙网", "丙台", "丁社", "戊报"], "特朗普限期出售TikTok",
                  lambda i: f"2022-08-03T1{i}:00:00Z",
                  "<p>微软8月3日表示，将继续与TikTok洽谈收购其美国业务。</p>"
                  "<p>特朗普8月3日称，TikTok须在9月15日前出售美国业务，否则将被禁止。</p>")
    write_reports(folder, "turn", ["甲报", "乙网", "丙台"], "推特洽谈收购TikTok美国业务",
                  lambda i: f"2022-08-09T1{i}:00:00Z",
                  "<p>知情人士称，推特已与TikTok初步洽谈收购其美国业务，双方未予置评。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        topic, turn = stories_apart(index, ("topic", "turn"), 3)
        yield Retriever(index), topic, turn


def test_the_day_of_an_event_is_not_read_from_reports_without_its_name(tmp_path: Path):
    """Asked about the other buyer's talks, /when finds only the topic's dates, in sentences that do not name the
    buyer: /coverage takes no day from them. Asked about the first buyer, it does."""
    from corpus.answer.coverage import event_day

    with topic_and_turn(tmp_path) as (retriever, _topic, _turn):
        assert event_day(retriever, "推特与TikTok洽谈收购其美国业务") is None
        assert event_day(retriever, "微软与TikTok洽谈收购其美国业务") == (date(2022, 8, 3), date(2022, 8, 3))


def test_the_day_of_an_event_is_read_from_reports_holding_its_name_beyond_the_dating_sentence(tmp_path: Path):
    """The sentence dating the denial and its headline leave the strait's name out (海峡中线); the reports hold
    it further on (台海局势): the day is read from them."""
    from corpus.answer.coverage import event_day, key_name, query_terms_weighed

    folder = tmp_path / "corpus"
    write_reports(folder, "deny", ["甲报", "乙网", "丙台"], "北京称不存在海峡中线",
                  lambda i: f"2022-09-21T1{i}:00:00Z",
                  "<p>外交部发言人21日称，不存在所谓“海峡中线”。</p><p>台海局势近来持续紧张，军机多次飞越。</p>")
    write_reports(folder, "other", ["甲报", "乙网"], "台海局势紧张 学者分析", lambda i: f"2022-09-10T1{i}:00:00Z",
                  "<p>学者认为台海局势短期内难以缓和。</p>")
    write_reports(folder, "briefing", ["甲报", "乙网", "丙台", "丁社"], "外交部例行记者会",
                  lambda i: f"2022-09-05T1{i}:00:00Z", "<p>外交部发言人在例行记者会上回答提问。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        question = "外交部称台海中线不存在"
        assert key_name(query_terms_weighed(retriever, retriever.parse(question))) == ("台海",)
        assert event_day(retriever, question) == (date(2022, 9, 21), date(2022, 9, 21))


def test_a_story_naming_the_event_far_more_strongly_by_its_name_wins_with_fewer_votes(tmp_path: Path):
    """The topic's story outvotes the other buyer's, whose headlines alone hold its name and name the event: with
    0.3 of the votes or more it wins all the same (its headlines name the event far more strongly); with less, not."""
    from corpus.answer.coverage import _holding_the_name, query_terms_weighed
    from corpus.answer.stories import members_of, story_span

    with topic_and_turn(tmp_path) as (retriever, topic, turn):
        db = retriever.index.db
        terms = query_terms_weighed(retriever, retriever.parse("推特与TikTok洽谈收购其美国业务"))
        titles = {m[0]: m[2] for story in (topic, turn) for m in members_of(db, (story,))}
        votes = {story: {m[0]: 1.0 for m in members_of(db, (story,))} for story in (topic, turn)}

        def held(turn_votes: float) -> int:
            totals = {topic: 300.0, turn: turn_votes}
            return _holding_the_name(votes, titles, totals, topic, terms, lambda s: story_span(db, s), db)

        assert held(120.0) == turn
        assert held(60.0) == topic


def test_the_outlets_publishing_during_a_story_are_read_through_the_time_index(seed_index: CorpusIndex):
    """Which outlets published during a story's days is read through the index on publication times: the one on
    status the planner would choose reads every article of the store."""
    from corpus.answer.stories import PUBLISHING

    plan = " ".join(str(row) for row in seed_index.db.execute(f"EXPLAIN QUERY PLAN {PUBLISHING}", (0, 1)))
    assert "files_published" in plan
    assert {r[0] for r in seed_index.db.execute(PUBLISHING, (0, 2**40))} == set(seed_index.source_names())


def test_an_outlet_is_shown_by_its_headline_that_says_what_happened():
    """Of an outlet's headlines naming the event, the one holding the question's most specific name and most of
    its other words ranks first (the earliest on a tie); expecting or not naming it still rank after."""
    import sqlite3

    from corpus.answer.coverage import _naming_best_first
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, title TEXT)")
    titles = {1: "港大校委会今开会审议戴耀廷教席去留", 2: "港大解雇戴耀廷", 3: "港大解雇两名教授",
              4: "戴耀廷被港大解雇", 5: "戴耀廷将被解雇？"}
    db.executemany("INSERT INTO files VALUES (?, ?)", titles.items())
    terms = ((("港大",), 5.0), (("解雇",), 4.0), (("戴耀廷",), 9.0))  # 戴耀廷: the most specific name
    ranks = _naming_best_first(db, {1: 0, 2: 0, 3: 0, 4: 0, 5: 1}, terms)
    assert ranks[2] == ranks[4] < ranks[1] < ranks[3] < 0  # 3 lacks the name, 1 what happened
    assert ranks[5] == 1
    # a question of names alone: every headline naming it ranks alike, so the earliest stays
    names = ((("港大",), 5.0), (("戴耀廷",), 9.0))
    assert len({_naming_best_first(db, {1: 0, 2: 0, 4: 0}, names)[a] for a in (1, 2, 4)}) == 1


def test_a_word_of_the_question_written_in_full_is_held_by_its_parts():
    """美国国防部 holds 美国防部 by 美国 and 国防部, the words the search mode cuts it into; 美国防长 does not (防长
    is not 国防部), nor a text holding only one of them. (A headline's share holds it too, as a compound written
    with a character inserted: ``_loosely``.)"""
    from corpus.answer.coverage import _spelled_out, share
    terms = ((("美国防部",), 9.3), (("发布",), 3.8), (("报告",), 3.9))
    assert share("美国国防部：中国核弹头十年内将翻番", terms) > 0.5
    assert share(_spelled_out("美国国防部：中国核弹头十年内将翻番", terms), terms) > 0.5
    assert share(_spelled_out("美国防长：中国核弹头十年内将翻番", terms), terms) == 0
    assert share(_spelled_out("国防部：中国核弹头十年内将翻番", terms), terms) == 0


def test_a_name_the_segmenter_cuts_keeps_its_weight_in_the_question(tmp_path: Path):
    """Three outlets bracket 克莱芬哲 (Mike Clevinger), which the segmenter cuts into 克莱 and 芬哲: asked by his full
    name in English, the name counts as a word of the question by the passages holding both pieces, rather than
    being left out as a spelling no passage holds."""
    from corpus.answer.coverage import query_terms_weighed

    folder = tmp_path / "corpus"
    for i, source in enumerate(["甲报", "乙网", "丙台"]):
        write_article(folder, f"a{i}.md", title=f"投手克莱芬哲被交易 {source}", source=source,
                      date=f"2020-08-2{i}T08:00:00Z",
                      body="<p>印第安人队投手克莱芬哲（Mike Clevinger）周一被交易到教士队。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        query = retriever.parse("Mike Clevinger traded")
        assert "克莱芬哲" in query.alternatives["mike clevinger"]
        assert index.searcher().doc_freq("words", "克莱芬哲") == 0  # a word of neither the index nor its question
        weighed = dict(query_terms_weighed(retriever, query))
        assert any("克莱芬哲" in spellings for spellings in weighed)


def test_a_report_set_apart_before_the_days_of_the_event_preceded_it_though_after_the_first():
    """A first report of days before the event's days (a headline read as naming it), then another outlet's report
    the next day, still a day before most outlets reported the event: that one preceded the event, it did not
    follow it. A report set apart after the event's days followed it."""
    from corpus.answer.coverage import _sides
    from corpus.answer.stories import StoryArticle

    def report(aid: int, day: int, hour: int) -> StoryArticle:
        return StoryArticle(aid, f"{aid}报", "标题", None, datetime(2020, 9, day, hour, tzinfo=UTC), f"{aid}.md", "")

    before_the_days = datetime(2020, 9, 20, tzinfo=UTC) - timedelta(hours=24)
    late, early = _sides([report(1, 16, 12), report(2, 18, 20), report(3, 22, 12)],
                         datetime(2020, 9, 18, 14, tzinfo=UTC), lambda a: a.published < before_the_days)
    assert [a.article_id for a in early] == [1, 2] and [a.article_id for a in late] == [3]


def test_an_english_question_s_word_read_only_in_english_text_is_left_out(tmp_path: Path):
    """``negotiators`` has no Chinese reading here and only an English-language report holds it, where its rarity
    made it the question's heaviest word and most specific name; it is left out while words with Chinese readings
    remain, and kept when none would (a question of such words alone)."""
    from corpus.answer.coverage import query_terms_weighed

    folder = tmp_path / "corpus"
    for i, source in enumerate(["甲报", "乙网", "丙台"]):
        write_article(folder, f"r{i}.md", title=f"中美贸易代表通话 {source}", source=source,
                      date=f"2022-08-2{i}T08:00:00Z", body="<p>中美贸易代表周二通话，同意继续推动贸易协议落实。</p>")
    write_article(folder, "en.md", title="Trade negotiators talk", source="English Weekly", date="2022-08-21T09:00:00Z",
                  body="<p>American and Chinese trade negotiators spoke by phone on Tuesday.</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        words = [spellings[0] for spellings, _w in query_terms_weighed(retriever, retriever.parse(
            "trade negotiators agreement"))]
        assert "negotiators" not in words and {"trade", "agreement"} <= set(words)
        alone = query_terms_weighed(retriever, retriever.parse("negotiators"))
        assert [spellings[0] for spellings, _w in alone] == ["negotiators"]


def test_a_foreign_name_the_cutter_cut_in_pieces_is_one_word_of_the_question():
    """季哈/诺夫/斯卡娅, 金/斯伯格 and 纳瓦尔/尼 are joined, their characters being those of bracketed foreign
    names (金, a name, may begin one); 称 before 纳瓦尔尼 stays apart (a verb), and 阿富汗/塔利班, two dictionary
    words, stay two."""
    from types import SimpleNamespace

    from corpus.answer.coverage import _names_joined
    from corpus.retrieve.search import parse_query

    foreign = set("哈诺夫斯卡娅伯格纳瓦尔尼塔阿")
    searcher = SimpleNamespace(doc_freq=lambda _field, ch: 100)
    names = {ch: (50 if ch in foreign else 1) for ch in set("".join(
        ["季哈诺夫斯卡娅", "金斯伯格", "纳瓦尔尼", "阿富汗塔利班", "德国称"]))}
    table = SimpleNamespace(name_characters=names)

    def joined(question: str) -> list[str]:
        return _names_joined(parse_query(question), searcher, table)

    assert "季哈诺夫斯卡娅" in joined("白俄罗斯反对派候选人季哈诺夫斯卡娅出走立陶宛")
    assert joined("金斯伯格去世")[0] == "金斯伯格"
    assert joined("德国称纳瓦尔尼中毒") == ["德国", "称", "纳瓦尔尼", "中毒"]
    assert {"阿富汗", "塔利班"} <= set(joined("阿富汗政府与塔利班和谈"))


@contextmanager
def stories_of(tmp_path: Path, groups: list[tuple[str, list[str], str, str, str]]
               ) -> Iterator[tuple[Retriever, tuple[int, ...]]]:
    """A retriever over groups of reports (name, outlets, headline, day, body), one a group by each outlet an hour
    apart, each group a story of its own (``stories_apart``), with the groups' story ids."""
    folder = tmp_path / "corpus"
    for name, outlets, title, day, body in groups:
        write_reports(folder, name, outlets, title, lambda i, day=day: f"{day}T0{i}:00:00Z", body)
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        yield Retriever(index), stories_apart(index, tuple(name for name, *_rest in groups),
                                              min(len(outlets) for _n, outlets, *_rest in groups))


def test_coverage_and_when_tell_a_mirror_event_by_which_way_its_names_are_related(tmp_path: Path):
    """Taiwan opens an office in Somaliland, reported by six outlets; three weeks later Somaliland opens one in
    Taipei, reported by three: the same words, the names the other way round. Each question finds its own event,
    though the larger story's passages hold its words as well, and /when dates each by its own reports."""
    with stories_of(tmp_path, [
        ("tw", ["甲报", "乙网", "丙台", "丁社", "戊报", "己网"], "台湾驻索马利兰代表处揭牌", "2022-08-17",
         "<p>台湾驻索马利兰代表处17日在哈尔格萨揭牌，台湾驻索马利兰代表出席揭牌仪式。</p>"
         "<p>索马利兰外长出席台湾驻索马利兰代表处的揭牌仪式，双方签署合作协议。</p>"),
        ("so", ["甲报", "乙网", "丙台"], "索马利兰驻台湾代表处揭牌", "2022-09-09",
         "<p>索马利兰驻台湾代表处9日在台北揭牌，外交部长出席揭牌仪式。</p>"
         "<p>索马利兰驻台湾代表表示，代表处将推动双边关系。</p>"),
    ]) as (retriever, (taiwan, somaliland)):
        found = best_story(retriever, "索马利兰驻台湾代表处揭牌")
        assert found is not None and found.story_id == somaliland
        assert {a.path for a in found.articles} == {f"so{i}.md" for i in range(3)}
        found = best_story(retriever, "台湾驻索马利兰代表处揭牌")
        assert found is not None and found.story_id == taiwan
        when = answer_when(retriever, "索马利兰驻台湾代表处什么时候揭牌")
        assert when.date is not None and when.date.start == date(2022, 9, 9)
        when = answer_when(retriever, "台湾驻索马利兰代表处什么时候揭牌")
        assert when.date is not None and when.date.start == date(2022, 8, 17)


def test_a_mirror_event_s_reports_in_the_event_s_own_story_are_not_listed(tmp_path: Path):
    """The Czech Republic summons China's ambassador and China summons the Czech one the same day: one story holds
    both. Asked about the first, an outlet that reported only the second is not listed; one whose headline tells
    the second before the first (its news) is."""
    folder = tmp_path / "corpus"
    body = ("<p>捷克外交部31日召见中国大使，抗议中国外长王毅的威胁言论。</p>"
            "<p>中国外交部同日召见捷克驻华大使，就捷克参议长访台提出严正交涉。</p>")
    at = lambda i: f"2020-08-31T0{i}:00:00Z"  # noqa: E731
    write_reports(folder, "cz", ["甲报", "乙网", "丙台"], "捷克召见中国大使抗议王毅言论", at, body)
    write_reports(folder, "cn", ["丁社", "戊报"], "中国召见捷克驻华大使交涉", at, body)
    write_reports(folder, "both", ["己网"], "中国召见捷克驻华大使后 捷克召见中国大使抗议", at, body)
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        one = story_of_article(index, index.article_id("cz0.md"))
        assert story_of_article(index, index.article_id("cn0.md")) == one  # one story holds both
        found = best_story(Retriever(index), "捷克召见中国大使抗议王毅言论")
        assert found is not None
        assert {a.source for a in found.articles} == {"甲报", "乙网", "丙台", "己网"}


def test_a_headline_is_read_by_its_clause_holding_the_most_of_the_question_for_the_mirror_test():
    """台湾驻港代表被逼离后 台北拒绝两名香港官员签证申请 relates Taiwan and Hong Kong the other way round in what
    preceded its news, and 美国突然要求中国关闭驻休斯敦总领馆 中国威胁报复 tells what followed its news (China's
    threat) after it: the news is the clause that holds the most of the question, wherever it stands."""
    from corpus.answer.coverage import _news_clause

    terms = ((("台湾", "台北"), 3.0), (("香港",), 2.0), (("签证",), 4.0), (("拒绝",), 4.0))
    headline = "台湾驻港代表被逼离后 台北拒绝两名香港官员签证申请 快讯"
    assert _news_clause(headline, terms) == ("台北拒绝两名香港官员签证申请", "台湾驻港代表被逼离后 ")
    assert _news_clause("与此无关", terms) == ("与此无关", "")
    closing = ((("中国",), 1.0), (("要求",), 2.0), (("美国",), 1.0), (("关闭",), 3.0), (("总领馆",), 4.0))
    us_order = "美国突然要求中国关闭驻休斯敦总领馆"
    assert _news_clause(f"{us_order} 中国威胁报复", closing) == (us_order, "")
    chengdu = "中国要求美国关闭驻成都总领馆"
    assert _news_clause(f"中国回应 {chengdu}", closing) == (chengdu, "中国回应 ")


@pytest.mark.parametrize(("question", "marker", "before"), [
    ("黎智英被捕后壹传媒股价暴涨", "后", {"黎智英", "被捕"}),
    ("捷克参议长访台期间美国驱逐舰通过台湾海峡", "期间", {"捷克", "参议长", "访台"}),
    ("印度客机降落时冲出跑道断成两截", "时", {"印度", "客机", "降落"}),
    ("最后一架客机降落", None, set()),  # 最后 is a word of its own, not 后
    ("安倍卸任后", None, set()),  # nothing after it: the question's event itself
    ("中美贸易战以来", None, set()),
])
def test_a_question_s_clause_of_what_came_before_its_event(question, marker, before):
    from corpus.answer.coverage import background

    assert background(question) == (marker, frozenset(before))


def test_in_the_story_of_what_came_before_the_event_a_report_of_that_alone_is_not_of_it(tmp_path: Path):
    """Asked about the US destroyer's transit during the Czech senate leader's visit, in the visit's story: the
    outlets whose reports tell the visit alone (their text never names the strait) are not listed, those that
    reported the transit are. Without the clause read as what came before, the visit's reports hold enough of the
    question in their text to be listed."""
    folder = tmp_path / "corpus"
    visit = ("<p>捷克参议长维特齐周日率团抵达台北，展开为期六天的访问，将在立法院发表演说。</p>"
             "<p>中国外交部表示强烈反对，称捷克参议长访台严重干涉中国内政。</p>"
             "<p>美国国务院表示支持捷克参议长访台。立法院通过决议，欢迎访问团。</p>")
    at = lambda i: f"2022-08-30T0{i}:00:00Z"  # noqa: E731
    write_reports(folder, "v", ["甲报", "乙网", "丙台", "丁社"], "捷克参议长访台 中方强烈反对", at, visit)
    write_reports(folder, "t", ["戊报", "己网"], "捷克参议长访台期间 美国驱逐舰通过台湾海峡",
                  lambda i: f"2022-08-31T0{i}:00:00Z", visit + "<p>美国海军一艘驱逐舰周一通过台湾海峡。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        assert story_of_article(index, index.article_id("v0.md")) == story_of_article(index, index.article_id("t0.md"))
        retriever = Retriever(index)
        found = best_story(retriever, "捷克参议长访台期间美国驱逐舰通过台湾海峡")
        assert found is not None
        assert {a.source for a in found.articles} == {"戊报", "己网"}
        # the clause's words weigh half, and 期间 nothing
        weighed = {s[0]: w for s, w in query_terms_weighed(retriever, retriever.parse("捷克参议长访台期间美国驱逐舰"))}
        plain = {s[0]: w for s, w in query_terms_weighed(retriever, retriever.parse("捷克参议长访台 美国驱逐舰"))}
        assert "期间" not in weighed and weighed["驱逐舰"] == plain["驱逐舰"]
        assert weighed["捷克"] == pytest.approx(plain["捷克"] / 2)


def test_a_headline_of_another_country_s_act_names_no_event_of_the_question():
    """法国…在室内公共场所强制戴口罩 holds most of 香港室内公共场所强制戴口罩, but tells France's rule; with the test of
    another country's act left out, it would name the event."""
    from corpus.answer.coverage import WeighedTerms, names_event
    from corpus.text.relations import other_actor

    words = ((("香港",), 2.4), (("室内",), 4.0), (("公共场所",), 5.0), (("强制",), 4.0), (("戴口罩",), 5.0))
    terms = WeighedTerms(words)
    terms.other_actor = other_actor(spellings for spellings, _w in words[:1])
    assert names_event("香港23日起室内公共场所强制戴口罩", terms)
    assert not names_event("法国集群感染增加 在室内公共场所强制戴口罩", terms)
    assert names_event("法国集群感染增加 在室内公共场所强制戴口罩", words)  # plain words: no such test


def test_an_outlet_not_naming_the_event_is_shown_by_its_report_holding_the_question_s_name():
    """Asked about Wang Yi's "heavy price", an outlet whose reports all word it otherwise is shown by its report of
    the threat, which holds 王毅, rather than by its report of the visit the day before; not so for a question in
    English, whose "name" may be a loose reading."""
    import sqlite3

    from corpus.answer.coverage import UNNAMED, _naming_best_first

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, title TEXT)")
    db.executemany("INSERT INTO files VALUES (?, ?)", [(1, "议长带队 捷克代表团抵达台湾"),
                                                       (2, "王毅发出威胁 捷克召见中国大使抗议")])
    terms = ((("王毅",), 8.0), (("捷克",), 4.0), (("访台",), 5.0), (("沉重",), 6.0), (("代价",), 6.0))
    ranks = _naming_best_first(db, {1: UNNAMED, 2: UNNAMED}, terms)
    assert ranks[2] < ranks[1] == UNNAMED
    english = ((("wang yi", "王毅"), 8.0), (("czech", "捷克"), 4.0), (("price", "代价"), 6.0))
    assert _naming_best_first(db, {1: UNNAMED, 2: UNNAMED}, english) == {1: UNNAMED, 2: UNNAMED}

def test_a_question_in_english_tells_the_mirror_event_s_headlines():
    """Asked in English whether China restricted US diplomats, the headlines of the United States restricting
    China's are of the mirror event; China's own are not, nor are those of a question that relates no names."""
    from corpus.answer.coverage import mirror_test

    terms = ((("china", "中国", "大陆"), 1.5), (("restricts", "限制", "管制"), 4.0), (("activities", "活动"), 3.0),
             (("us", "美国", "美方"), 1.9), (("diplomats", "外交官", "外交人员"), 6.0))
    mirror = mirror_test("China restricts activities of US diplomats", terms)
    assert mirror("美再限制中国外交官 后续锁定中企捐赠")
    assert not mirror("中国宣布限制美国驻华外交官活动")
    assert not mirror_test("activities of US diplomats", terms[2:])("美再限制中国外交官")


def test_a_story_whose_headline_tells_the_whole_question_wins_over_a_later_larger_one(tmp_path: Path):
    """Canada says the requirements to extradite a Huawei executive are met (two outlets, their headlines the whole
    question); two months later her hearing (five outlets, whose reports recall the extradition, Canada and its
    requirements, and name her and Canada in their headlines, so their passages vote more). /coverage answers the
    first; asked about the hearing, the hearing."""
    with stories_of(tmp_path, [
        ("met", ["甲报", "乙网"], "加拿大称将孟晚舟引渡至美国的要求已满足", "2022-07-31",
         "<p>加拿大司法部在提交法院的文件中称，将孟晚舟引渡至美国的要求已经满足。</p>"
         "<p>文件称，孟晚舟的律师对引渡要求提出的质疑没有依据。</p>"),
        ("hearing", ["甲报", "乙网", "丙台", "丁社", "戊报"], "孟晚舟出庭要求获释 控美国在引渡案误导加拿大",
         "2022-09-28",
         "<p>孟晚舟引渡案再度开庭，辩方称美国在引渡要求中误导加拿大，要求法院中止引渡程序。</p>"
         "<p>加拿大政府此前称，将孟晚舟引渡至美国的要求已经满足，辩方对此提出质疑。</p>"
         "<p>辩方律师要求加拿大法院公布更多文件，称引渡要求遗漏关键证据。</p>"),
        ("other", ["甲报", "乙网", "丙台", "丁社", "戊报", "己网"], "市政府称已满足居民供水要求", "2022-08-15",
         "<p>市政府称，全市供水已恢复，已满足居民的基本要求。</p><p>官员称，各区已完成检修。</p>"),
    ]) as (retriever, (met, hearing, _other)):
        found = best_story(retriever, "加拿大称引渡孟晚舟的要求已满足")
        assert found is not None and found.story_id == met
        found = best_story(retriever, "孟晚舟再度出庭")
        assert found is not None and found.story_id == hearing


def test_jiang_before_a_thing_marks_its_object_not_a_plan():
    """将 before a noun, a name or 其 and then a verb is 把 (将孟晚舟引渡至美国, 将其驱逐): the headline reports what
    was done; before a verb, a preposition or a character jieba may read as a name (将访问, 将于, 将对, 将任首相), or
    before a word with no verb after it in its clause (内阁将总辞, 总辞 a noun to the dictionary), it is "will"."""
    from corpus.answer.coverage import EXPECTING, representative_rank

    meng = ((("加拿大",), 5.1), (("引渡",), 6.0), (("孟晚舟",), 12.8), (("要求",), 3.3), (("满足",), 5.9))
    assert representative_rank("加拿大称将孟晚舟引渡至美国的要求已满足", meng) == 0
    assert representative_rank("加拿大将于下周裁定孟晚舟引渡要求是否满足", meng) == EXPECTING
    expel = ((("北京",), 3.0), (("驱逐",), 6.0), (("记者",), 4.0))
    assert representative_rank("北京将其驱逐 记者离境", expel) == 0
    assert representative_rank("北京将驱逐记者", expel) == EXPECTING
    suga = ((("菅义伟",), 5.8), (("首相",), 5.0))
    assert representative_rank("菅义伟将任日本首相", suga) == EXPECTING
    cabinet = ((("黎巴嫩",), 6.0), (("政府",), 2.5), (("总辞",), 5.0))
    assert representative_rank("黎巴嫩政府将总辞 总理发表讲话", cabinet) == EXPECTING


def test_a_question_without_again_finds_the_first_time_not_the_repeat_its_reports_recall(tmp_path: Path):
    """A prime minister goes to hospital (two outlets); a week later he goes again (five outlets, whose reports
    recall the first visit, so their passages match the question best). Asked without "again", /coverage answers
    the first visit; asked with it, the second."""
    with stories_of(tmp_path, [
        ("first", ["甲报", "乙网"], "首相前往医院检查身体", "2022-08-17",
         "<p>首相今天上午前往东京一家医院检查身体，官邸称这是例行体检，首相下午返回官邸办公。</p>"
         "<p>首相前往医院检查身体的消息传出后，外界对其健康状况议论纷纷。</p>"),
        ("again", ["甲报", "乙网", "丙台", "丁社", "戊报"], "首相再次前往医院", "2022-08-24",
         "<p>首相今天再次前往庆应大学医院，停留七个多小时，上周他曾前往该医院检查身体。</p>"
         "<p>首相连续两周前往医院检查身体，执政党干事长表示首相需要休息，外界猜测其健康恶化。</p>"),
    ]) as (retriever, (first, again)):
        found = best_story(retriever, "首相前往医院检查身体")
        assert found is not None and found.story_id == first
        found = best_story(retriever, "首相再次前往医院")
        assert found is not None and found.story_id == again


def test_a_report_whose_headline_holds_next_to_nothing_of_the_question_needs_half_of_it_in_its_text(tmp_path: Path):
    """Asked whether Japan sends 森喜朗 to 李登辉's funeral: 庚台's report under a headline that holds nothing of the
    question, whose text tells the death and what followed (李登辉, 日本 and 出席: under half of the question), is
    not of the event and its outlet is silent; 辛网's, under such a headline too, whose text tells the envoy, is
    listed."""
    from corpus.answer.coverage import BARE_HEADLINE, BARE_TEXT_FLOOR, TEXT_FLOOR, query_terms_weighed, share

    folder = tmp_path / "corpus"
    death = "<p>台湾前总统李登辉今晚病逝，享寿九十七岁。日本政府发表声明致哀，多国政要表示悼念。</p>"
    envoy = "<p>日本政府拟派前首相森喜朗出席告别式。</p>"
    write_turns(folder, (["丁社", "戊报"], "李登辉病逝 享寿97岁", "2022-07-30T1", death),
                (["甲报", "乙网", "丙台"], "李登辉病逝 享寿97岁 日本拟派森喜朗出席告别式", "2022-07-31T0",
                 f"{death}{envoy}"),
                {"庚台": ("g.md", "民主先生辞世", f"{death}<p>多国政要将出席追思会。</p>"),
                 "辛网": ("x.md", "民主先生辞世", f"{death}{envoy}")})
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        assert in_one_story(index, "d0.md", "m0.md", "g.md", "x.md")
        question = "日本派森喜朗出席李登辉告别式"
        retriever = Retriever(index)
        terms = query_terms_weighed(retriever, retriever.parse(question))
        text = "台湾前总统李登辉今晚病逝，享寿九十七岁。日本政府发表声明致哀，多国政要表示悼念。多国政要将出席追思会。"
        assert share("民主先生辞世 庚台", terms) < BARE_HEADLINE
        assert TEXT_FLOOR <= share(text, terms) < BARE_TEXT_FLOOR  # enough for a headline holding some of it
        found = best_story(retriever, question)
        assert found is not None
        assert {"甲报", "乙网", "丙台", "辛网"} <= {a.source for a in found.articles}
        assert "庚台" not in {a.source for a in found.articles} and "庚台" in found.missing


def test_a_headline_holding_a_question_s_compound_written_in_full_only_is_read_without_error():
    """路透社：莫德纳为北京支持黑客的攻击目标 holds 黑客攻击 only written in full (黑客的攻击), which counts towards the
    share of the question it holds; whether it names the event is read from the words it holds as written (none
    here: it names no event), not from an empty list."""
    from corpus.answer.coverage import ABOUT_STORY, folded_share, names_event

    terms = ((("中国",), 1.6), (("黑客攻击",), 8.2), (("梵蒂冈", "教廷"), 6.1))
    headline = "路透社：莫德纳为北京支持黑客的攻击目标"
    assert folded_share(headline, terms) >= ABOUT_STORY
    assert not names_event(headline, terms)  # a compound held only so is no name held alone
    assert names_event("梵蒂冈遭中国黑客的攻击", terms)


def test_in_a_topic_s_story_a_report_whose_text_holds_none_of_the_question_s_act_is_not_of_its_turn(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Asked about Trump's call with Abe, in the story of Abe's resignation and what followed (a topic's story):
    庚台's report of the race to succeed him, whose text names both men but holds no word of the question's act
    (通电话), is not of the call; 辛网's, under the same headline, whose text tells the call, is. In a smaller story
    both are listed."""
    from corpus.answer import coverage

    folder = tmp_path / "corpus"
    resign = ("<p>日本首相安倍晋三因病宣布辞职，结束长达七年八个月的任期，自民党将选出新总裁接任首相。</p>"
              "<p>安倍晋三表示，溃疡性结肠炎复发，不能再以完美状态回应国民的托付。</p>")
    write_turns(folder, (["甲报", "乙网", "丙台", "丁社"], "安倍宣布辞职", "2022-08-30T1", resign),
                (["戊报", "己网"], "安倍辞职 特朗普与安倍通电话", "2022-08-31T0",
                 f"{resign}<p>美国总统特朗普与安倍通电话，称赞他是日本历史上最伟大的首相。</p>"),
                {"庚台": ("g.md", "安倍接班人之争",
                          f"{resign}<p>特朗普曾称赞安倍是日本历史上最伟大的首相，接班人之争已经开始。</p>"),
                 "辛网": ("x.md", "安倍接班人之争", f"{resign}<p>特朗普与安倍通电话后，接班人之争已经开始。</p>")})
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        assert in_one_story(index, "d0.md", "m0.md", "g.md", "x.md")
        question = "特朗普与安倍通电话"
        found = best_story(Retriever(index), question)
        assert found is not None and {"庚台", "辛网"} <= {a.source for a in found.articles}
        monkeypatch.setattr(coverage, "TOPIC_MEMBERS", 7)
        found = best_story(Retriever(index), question)
        assert found is not None and {"戊报", "己网", "辛网"} <= {a.source for a in found.articles}
        assert "庚台" not in {a.source for a in found.articles} and "庚台" in found.missing


def test_a_report_of_another_country_s_figures_under_the_event_s_words_is_not_of_it(tmp_path: Path):
    """Asked about America's consumer confidence, 丁社's report of Taiwan's survey (its headline holds every word of
    the question but 美国, its lede tells of Taiwan) is not listed: the question's country is in none of its
    headline and lede, another country is in its lede."""
    folder = tmp_path / "corpus"
    us = ("<p>美国谘商会周二公布，9月消费者信心指数大幅反弹至101.8，创17年来最大单月升幅。</p>"
          "<p>分析人士指出，就业市场改善提振了消费者信心。</p>")
    write_reports(folder, "us", ["甲报", "乙网", "丙台"], "美国9月消费者信心大幅反弹",
                  lambda i: f"2022-09-29T1{i}:00:00Z", us)
    write_article(folder, "tw.md", title="9月消费者信心大幅反弹 房市看旺 丁社", source="丁社",
                  date="2022-09-29T09:00:00Z",
                  body="<p>（丁社记者台北28日电）台湾中央大学台经中心今天发布9月消费者信心指数，升至71.6点，"
                       "反映房市的指标创新高。</p><p>六项子指标中，投资股票时机指标下降，消费者信心大幅反弹的力道有限。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        found = best_story(Retriever(index), "美国9月消费者信心大幅反弹")
        assert found is not None
        assert {a.source for a in found.articles} == {"甲报", "乙网", "丙台"} and "丁社" in found.missing


def test_a_question_word_no_passage_holds_stands_for_the_held_words_it_is_made_of(tmp_path: Path):
    """The cutter glues 案表证 of 黎智英涉嫌恐吓记者案表证成立, a word no passage holds: weighed as the rarest of
    all and in no headline, it left the later verdict's story, which more outlets reported, to win over the reports
    of the case found to answer (表证成立), which the verdict's reports recall. Read as 表证, the index's word, it
    finds the earlier story."""
    folder = tmp_path / "corpus"
    write_reports(folder, "p", ["甲报", "乙网"], "黎智英涉嫌恐吓记者 法院裁定表证成立",
                  lambda i: f"2020-08-24T0{i}:00:00Z",
                  "<p>香港法院裁定黎智英涉嫌恐吓记者一案表证成立，案件押后审理。</p>")
    write_reports(folder, "v", ["丙台", "丁社", "戊报", "己网", "庚报", "辛社"], "黎智英恐吓记者 被裁定罪名不成立",
                  lambda i: f"2020-09-03T0{i}:00:00Z",
                  "<p>香港法院裁定黎智英涉嫌恐吓记者罪名不成立，法官指证人作供可信但证据不足。</p>"
                  "<p>黎智英涉嫌恐吓记者一案此前被裁定表证成立。</p>")
    question = "黎智英涉嫌恐吓记者案表证成立"
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        searcher = index.searcher()
        glued = [w for w in retriever.parse(question).terms if searcher.doc_freq("words", w) == 0]
        assert glued == ["案表证"] and searcher.doc_freq("words", "表证") > 0
        words = [s[0] for s, _w in query_terms_weighed(retriever, retriever.parse(question))]
        assert "表证" in words and "案表证" not in words
        found = best_story(retriever, question)
        assert found is not None and {a.source for a in found.articles} == {"甲报", "乙网"}


def test_a_glued_question_word_made_of_no_held_word_stays(tmp_path: Path):
    """Asked about a case found to answer in an archive that never writes 表证, the glued 案表证 has no held word to
    stand for: it stays a word of the question, which no headline holds, rather than leaving the question to its
    other words (any report of 黎智英 and a reporter would then name it)."""
    folder = tmp_path / "corpus"
    write_reports(folder, "v", ["丙台", "丁社"], "黎智英恐吓记者 被裁定罪名不成立",
                  lambda i: f"2020-09-03T0{i}:00:00Z", "<p>香港法院裁定黎智英涉嫌恐吓记者罪名不成立。</p>")
    question = "黎智英涉嫌恐吓记者案表证成立"
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        assert index.searcher().doc_freq("words", "表证") == 0
        words = [s[0] for s, _w in query_terms_weighed(retriever, retriever.parse(question))]
        assert "案表证" in words and "黎智英" in words


def test_an_ordinals_pieces_are_no_words_of_the_event(tmp_path: Path):
    """第 and 届 of 第72届艾美奖颁奖 tell which of a series: rare, they weighed half the question, and a headline
    that leaves the edition out (艾美奖颁奖典礼登场) did not name the event, so its outlet was called silent. The
    number stays a word of the question."""
    folder = tmp_path / "corpus"
    write_reports(folder, "w", ["甲报"], "第72届艾美奖得奖名单", lambda i: f"2020-09-21T0{i + 4}:00:00Z",
                  "<p>第72届艾美奖颁奖典礼今天在线上举行，以下是主要得奖名单。</p>")
    write_reports(folder, "c", ["乙网"], "艾美奖颁奖典礼登场 主持人开病毒玩笑", lambda i: f"2020-09-21T0{i + 3}:00:00Z",
                  "<p>艾美奖颁奖典礼登场，主持人在几乎空无一人的会场开病毒玩笑。</p>")
    write_reports(folder, "x", ["丙台", "丁社"], "第三届进博会将如期举办", lambda i: f"2020-09-21T0{i}:00:00Z",
                  "<p>第三届中国国际进口博览会将于11月如期举办，主办方今天说。</p>")
    question = "第72届艾美奖颁奖"
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        words = [s[0] for s, _w in query_terms_weighed(retriever, retriever.parse(question))]
        assert "72" in words and "艾美奖" in words and "第" not in words and "届" not in words
        found = best_story(retriever, question)
        assert found is not None and {a.source for a in found.articles} == {"甲报", "乙网"}


def test_what_a_question_has_someone_say_may_expect_in_a_headline():
    """特朗普称明年4月前…都能接种疫苗 asks what Trump said: a headline that has him say it expecting (特朗普称预计…)
    reports the saying. Asked without the saying, the same headline expects; hearsay before the saying still does."""
    from corpus.answer.coverage import EXPECTING, representative_rank

    said = ((("特朗普", "川普"), 3.0), (("称",), 3.0), (("接种",), 4.0), (("疫苗",), 4.0))
    title = "特朗普称预计4月全民都能接种疫苗"
    assert representative_rank(title, said) == 0
    assert representative_rank(title, said[:1] + said[2:]) == EXPECTING
    assert representative_rank("据报特朗普称4月全民都能接种疫苗", said) == EXPECTING
    assert representative_rank("特朗普：预计4月全民都能接种疫苗", said) == 0


def test_a_story_naming_nothing_of_the_question_gives_way_to_a_matching_report_that_names_it(tmp_path: Path):
    """Four outlets' story of China's vaccine trials shares the question's common words and outvotes the one report
    of what Trump said, whose headline names the event: the event is taken as that report's story when its best
    passage matches nearly as well as the best of all (``NAMED_BEST``), not when it matches far worse, and not when
    the report is of the event's own story."""
    from corpus.answer.coverage import Event, _best_named

    body = "<p>中国扩大新冠疫苗紧急接种，所有参加试验的人都能接种。</p>"
    with stories_of(tmp_path, [
        ("trials", ["甲报", "乙网", "丙台", "丁社"], "中国扩大紧急使用试验性新冠疫苗", "2020-09-28", body),
        ("said", ["戊报"], "特朗普称预计到4月每个美国人都能获得疫苗", "2020-09-21", body),
    ]) as (retriever, (trials, said)):
        index = retriever.index
        report = index.article_id("said0.md")
        others = [index.article_id(f"trials{i}.md") for i in range(4)]
        ranks = {report: 0, **dict.fromkeys(others, 2)}
        event = Event(trials, (), frozenset(ranks), ranks=ranks, scores={report: 58.0, **dict.fromkeys(others, 70.0)})
        named = _best_named(index, event)
        assert named is not None and named.story_id == said and named.joined == ()
        assert _best_named(index, replace(event, scores={**event.scores, report: 40.0})) is None
        assert _best_named(index, replace(event, story_id=said)) is None


def test_an_outlet_shown_by_a_report_from_before_the_event_is_shown_by_its_report_best_matching_it():
    """RTI is shown by its report of a suspected case, two days before Kim's speech; of its two reports of the
    speech's time, neither naming the speech in the question's words, the one holding more of the question (不會放棄
    核武 金正恩…) shows it, not the earlier one of the day before (北韓罕見公布疑似染疫病例)."""
    from corpus.answer.coverage import UNNAMED, Event, _reports_near_best
    from corpus.answer.stories import Story, StoryArticle

    terms = ((("金正恩",), 6.6), (("称",), 3.1), (("核武",), 6.8), (("保证",), 5.4), (("朝鲜", "北韩"), 5.3))
    speech = datetime(2020, 7, 28, 0, 55, tzinfo=UTC)
    at = lambda hours: (speech + timedelta(hours=hours)).timestamp()  # noqa: E731
    members = [(1, "丁台", "北韩首传肺炎疑似病例", at(-50)), (2, "丁台", "北韩罕见公布疑似染疫病例", at(-10)),
               (3, "甲社", "金正恩称朝鲜拥有核武将使战争不再发生", at(0)),
               (4, "丁台", "不会放弃核武 金正恩：核子吓阻力很重要", at(1))]
    shown = StoryArticle(1, "丁台", "北韩首传肺炎疑似病例", None, speech - timedelta(hours=50), "a.md", "")
    found = Story(10, (shown,), ())
    event = Event(10, (), frozenset({3}), speech, ranks={3: 0}, scores={3: 80.0})
    assert _reports_near_best(members, event, found, terms) == {1: UNNAMED + 1, 4: UNNAMED}


def test_a_report_not_naming_the_event_holds_one_of_the_questions_most_specific_words(tmp_path: Path):
    """HSBC's shares fall on a report that it would be put on China's unreliable entity list, and China publishes
    the list's rules: one story holds both. Asked about the fall, an outlet whose only report is of the rules (its
    text holds 不可靠, 实体 and 清单, none of 跌至, 低点 and 25) is not listed."""
    folder = tmp_path / "corpus"
    at = lambda i: f"2020-09-21T0{i}:00:00Z"  # noqa: E731
    fall = ("<p>汇丰控股股价周一跌至25年低点，此前有报道称汇丰将被列入不可靠实体清单。</p>"
            "<p>商务部上周公布不可靠实体清单规定，列入清单的外国实体的贸易和投资将受限制。</p>")
    rules = ("<p>商务部公布不可靠实体清单规定，汇丰控股等外国实体被列入不可靠实体清单后贸易和投资将受限制。</p>"
             "<p>商务部上周公布不可靠实体清单规定，列入清单的外国实体的贸易和投资将受限制。</p>")
    write_reports(folder, "fall", ["甲报", "乙网", "丙台"], "汇丰股价跌至25年低点 传将被列入不可靠实体清单", at, fall)
    later = lambda i: f"2020-09-21T0{i + 4}:00:00Z"  # noqa: E731
    write_reports(folder, "rules", ["丁社"], "商务部公布不可靠实体清单规定", later, rules)
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        assert story_of_article(index, index.article_id("rules0.md")) == story_of_article(
            index, index.article_id("fall0.md"))  # one story holds both
        found = best_story(Retriever(index), "传汇丰将被列入不可靠实体清单 股价跌至25年低点")
        assert found is not None
        assert {a.source for a in found.articles} == {"甲报", "乙网", "丙台"}


def test_an_english_words_reading_weighs_at_most_a_cap_unless_it_is_a_name(tmp_path: Path, monkeypatch):
    """How rarely reports write an English word's Chinese reading tells how rarely they word it so, not how specific
    the word is: ``students protest`` read as 学潮 weighed more than the city beside it. A reading weighs at most
    ``TRANSLATED_MOST``; a name keeps its rarity. (The cap is lowered here: a small corpus has no rare words.)"""
    import corpus.answer.coverage as coverage

    folder = tmp_path / "corpus"
    write_reports(folder, "a", ["甲报", "乙网"], "泰国学生在曼谷抗议", lambda i: f"2020-09-19T0{i}:00:00Z",
                  "<p>泰国学生在曼谷抗议，要求改革。</p>")
    write_reports(folder, "b", ["丙台"], "学潮再起", lambda i: "2020-09-20T01:00:00Z",
                  "<p>学潮再起，曼谷街头人潮汹涌。</p>")
    write_reports(folder, "c", ["丁社", "戊报"], "进博会将如期举办", lambda i: f"2020-09-21T0{i}:00:00Z",
                  "<p>第三届中国国际进口博览会将于11月如期举办，主办方今天说。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        question = retriever.parse("Bangkok students protest")
        before = {s[0]: w for s, w in query_terms_weighed(retriever, question)}
        monkeypatch.setattr(coverage, "TRANSLATED_MOST", min(before.values()) / 2, raising=False)
        after = {s[0]: w for s, w in query_terms_weighed(retriever, question)}
    assert "bangkok" in after and len(after) >= 2
    assert after["bangkok"] == before["bangkok"]  # a place's name keeps its rarity
    assert all(w == coverage.TRANSLATED_MOST for term, w in after.items() if term != "bangkok")
