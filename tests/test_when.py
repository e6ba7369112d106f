"""/when: the date of an event from the coverage, with evidence; question routing."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from corpus.answer.compare import is_compare_question
from corpus.answer.when import WhenAnswer, answer_when, is_when_question, strip_question
from corpus.retrieve.search import Retriever
from corpus.store.index import CorpusIndex
from tests.conftest import DATA, write_article


def test_event_questions_get_the_right_date(retriever: Retriever):
    cases = json.loads((DATA / "when_eval.json").read_text(encoding="utf-8"))
    wrong = []
    for case in cases:
        answer = answer_when(retriever, case["q"])
        got = (answer.date.start.isoformat(), answer.date.granularity) if answer.date else None
        if got != (case["start"], case["granularity"]):
            wrong.append((case["q"], got))
    assert len(wrong) <= len(cases) // 10, wrong


def test_answer_carries_time_zone_outlets_and_evidence(retriever: Retriever):
    answer = answer_when(retriever, "王毅和布林肯什么时候在罗马见面？")
    assert answer.date.time.isoformat() == "2021-10-31T08:30:00+01:00"
    assert {"联合早报", "观察者网"} <= set(answer.date.outlets)
    evidence = answer.date.evidence[0]
    assert evidence.mention.expression in evidence.sentence and evidence.sentence in evidence.hit.text
    payload = answer.to_json()
    assert payload["date"] == {"start": "2021-10-31", "end": "2021-10-31", "granularity": "day",
                               "time": "2021-10-31T08:30:00+01:00", "zone": "Europe/Rome",
                               "outlets": list(answer.date.outlets)}
    assert payload["basis"] == "stated"
    assert payload["evidence"][0]["expression"] and payload["evidence"][0]["source"]


def test_month_precision_is_kept(retriever: Retriever):
    answer = answer_when(retriever, "佩洛西 访问台湾")
    assert (answer.date.start.isoformat(), answer.date.end.isoformat()) == ("2022-08-01", "2022-08-31")


def ask_about(tmp_path: Path, question: str, articles: dict[str, dict]) -> WhenAnswer:
    """Answer ``question`` on a corpus of ``articles`` (file name: ``write_article``'s keywords)."""
    folder = tmp_path / "corpus"
    for name, fields in articles.items():
        write_article(folder, name, **fields)
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        return answer_when(Retriever(index), question)


def test_undated_event_is_answered_by_its_first_report_labelled_so(tmp_path: Path):
    answer = ask_about(tmp_path, "大熊猫什么时候抵达动物园", {
        "b.md": dict(title="熊猫抵达动物园", body="<p>大熊猫抵达动物园，受到游客欢迎。</p>",
                     date="2022-05-02T02:00:00Z"),
        "c.md": dict(title="大熊猫抵达动物园 游客排队", source="乙网", date="2022-05-02T05:00:00Z",
                     body="<p>游客排队观看刚抵达动物园的大熊猫。</p>"),
        "a.md": dict(title="熊猫将迁居", body="<p>大熊猫将迁居新的动物园。</p>", date="2022-04-01T02:00:00Z")})
    assert answer.basis == "first_report"  # no sentence dates it: the earliest report, said to be one
    assert answer.date.start.isoformat() == "2022-05-02" and answer.date.time.hour == 10  # 02:00 UTC in UTC+8
    assert answer.date.evidence[0].hit.path == "b.md" and answer.date.evidence[0].mention is None
    assert answer.to_json()["basis"] == "first_report"


def test_when_was_it_reported_is_the_first_report(retriever: Retriever):
    answer = answer_when(retriever, "王毅和布林肯罗马会面最早什么时候报道")
    assert answer.basis == "first_report"
    assert answer.date.evidence[0].hit.source == "联合早报"  # the Rome story's first report
    assert answer.date.start.isoformat() == "2021-10-31"


def test_undated_coverage_without_a_story_lists_by_publication(tmp_path: Path):
    answer = ask_about(tmp_path, "大熊猫什么时候抵达动物园", {
        "b.md": dict(title="动物园新闻", body="<p>大熊猫抵达动物园，受到游客欢迎。</p>", date="2022-05-02T02:00:00Z"),
        "a.md": dict(title="城市简讯", body="<p>大熊猫不久将抵达新的动物园。</p>", date="2022-04-01T02:00:00Z")})
    assert answer.date is None and answer.basis is None  # no headline names it: nothing to call its first report
    assert [h.path for h in answer.coverage] == ["a.md", "b.md"]


def test_nothing_found(retriever: Retriever):
    answer = answer_when(retriever, "量子计算机什么时候发明")
    assert answer.date is None and answer.coverage == []


def test_disagreeing_outlets_are_both_shown(tmp_path: Path):
    answer = ask_about(tmp_path, "新大桥什么时候通车", {
        "a.md": dict(title="甲报", source="甲报", date="2022-03-10T02:00:00Z",
                     body="<p>新大桥3月8日正式通车，市长出席仪式。</p>"),
        "b.md": dict(title="乙网", source="乙网", date="2022-03-10T03:00:00Z",
                     body="<p>新大桥3月9日正式通车，大批市民前往。</p>")})
    dates = {answer.date.start.isoformat()} | {a.start.isoformat() for a in answer.alternatives}
    assert dates == {"2022-03-08", "2022-03-09"}


@pytest.mark.parametrize("text, is_when", [
    ("王毅和布林肯什么时候在罗马见面？", True), ("视频会晤何时举行", True), ("峰会哪天开幕", True),
    ("会谈是几号", True), ("哪一年签署的", True), ("When did they meet?", True),
    ("王毅说了什么", False), ("谁报道了台湾问题", False), ("碰肘", False),
    ("黎智英什麼時候被捕？", True), ("黎智英何時被捕", True), ("誰報導了黎智英被捕", False),  # traditional script
])
def test_question_routing(text: str, is_when: bool):
    assert is_when_question(text) is is_when


def test_question_words_are_stripped():
    assert strip_question("王毅和布林肯什么时候在罗马见面？") == "王毅和布林肯 在罗马见面"
    assert strip_question("黎智英什麼時候被捕？") == "黎智英 被捕"  # in traditional script
    # a figure's thousands separator is no punctuation: 12,000 stays one figure (read as 1.2万), not 12 and 000
    assert strip_question("When did the US withdraw 12,000 troops, and why?") == "the US withdraw 12,000 troops and why"


def test_a_question_in_traditional_script_asks_who_reported_it():
    from corpus.answer.coverage import asked_event, is_coverage_question

    assert is_coverage_question("誰最先報導了黎智英被捕？") and is_coverage_question("哪些媒體報導了黎智英被捕")
    assert asked_event("誰最先報導了黎智英被捕？") == "黎智英被捕"
    assert strip_question("谁报道了台湾问题？") == "报道了台湾问题"
    assert strip_question("了解中美关系") == "了解中美关系"  # 了 inside a word stays
    assert strip_question("安倍是什么时候辞职的") == "安倍 辞职"  # 是 of 是…的 goes with the question word
    assert strip_question("是中秋节") == "是中秋节"


def test_the_words_that_frame_a_question_are_no_words_of_the_event():
    """请问…, 关于…的报道, …的新闻, …是怎么回事, 介绍一下…的情况 ask about the event; they are not searched for (关于
    and 报道 found round-ups and other reports), and 哪些媒体没有报道 asks who did not report it. A news word that
    is the event's own (假消息) stays."""
    from corpus.answer.coverage import asked_event, is_coverage_question

    for question in ("关于黎智英被捕的报道", "黎智英被捕的新闻", "黎智英被捕是怎么回事？", "请问谁报道了黎智英被捕",
                     "哪些媒体没有报道黎智英被捕", "有关黎智英被捕的最新进展", "黎智英被捕的相关报道有哪些",
                     "介绍一下黎智英被捕的情况"):
        assert asked_event(question) == "黎智英被捕", question
    assert is_coverage_question("哪些媒体没有报道黎智英被捕")
    # ... and the other ways of asking who reported it
    for question in ("黎智英被捕被哪些媒体报道了", "谁没报道黎智英被捕", "哪家媒体最早报道了黎智英被捕",
                     "哪些外媒报道了黎智英被捕", "黎智英被捕，都有谁报道", "哪些媒体跟进报道了黎智英被捕",
                     "黎智英被捕的报道有哪些媒体"):
        assert is_coverage_question(question) and asked_event(question) == "黎智英被捕", question
    assert not is_coverage_question("中国哪个省报道了新增病例")
    assert asked_event("脸书删除假消息") == "脸书删除假消息" and asked_event("疫情情况") == "疫情情况"
    assert asked_event("有关部门回应黎智英被捕") == "有关部门回应黎智英被捕"  # the authorities, no frame
    # ... and in English: tell me about…, news about…, coverage of…, what happened to…, who covered … first
    for question in ("Tell me about Jimmy Lai's arrest", "news about Jimmy Lai's arrest",
                     "coverage of Jimmy Lai's arrest", "Any news on Jimmy Lai's arrest?",
                     "Who covered Jimmy Lai's arrest first?"):
        assert asked_event(question) == "Jimmy Lai's arrest", question
    assert asked_event("What happened to Jimmy Lai?") == "Jimmy Lai"
    for question in ("Which media outlets first reported Jimmy Lai's arrest?",
                     "Who was first to report Jimmy Lai's arrest?",
                     "Who broke the news of Jimmy Lai's arrest?", "Which outlets reported on Jimmy Lai's arrest?",
                     "What outlets covered Jimmy Lai's arrest?", "Which outlets have reported Jimmy Lai's arrest?",
                     "Who didn't cover Jimmy Lai's arrest?"):
        assert is_coverage_question(question) and asked_event(question) == "Jimmy Lai's arrest", question
    assert asked_event("Hong Kong reports first reinfection") == "Hong Kong reports first reinfection"


def test_how_many_outlets_reported_it_and_who_reported_it_are_coverage_questions():
    """有多少家媒体报道了…, …有几家媒体报道, …，都有哪些媒体报道？, …是谁报的？, How many outlets reported …? ask who
    reported it; 谁报的警 (who called the police) does not, nor 多少人被捕."""
    from corpus.answer.coverage import asked_event, is_coverage_question

    for question in ("有多少家媒体报道了黎智英被捕", "多少媒体报道了黎智英被捕？", "黎智英被捕有几家媒体报道",
                     "黎智英被捕，都有哪些媒体报道？", "黎智英被捕是谁报的？"):
        assert is_coverage_question(question) and asked_event(question) == "黎智英被捕", question
    question = "How many outlets reported Jimmy Lai's arrest?"
    assert is_coverage_question(question) and asked_event(question) == "Jimmy Lai's arrest"
    assert not is_coverage_question("谁报的警") and not is_coverage_question("多少人被捕")


def test_the_words_pointing_at_the_event_and_asking_who_was_first_are_no_words_of_it():
    """…这件事，哪些媒体报道了, …一事, …的事, 这条新闻：…, …的消息是谁先报的, Which outlets are reporting …?; before
    /when's question words too (…这件事是什么时候). 一事无成 and 国家大事 stay whole."""
    from corpus.answer.coverage import asked_event, is_coverage_question

    for question in ("黎智英被捕这件事，哪些媒体报道了", "黎智英被捕一事，谁报道了", "谁报道了黎智英被捕的事",
                     "谁报道了黎智英被捕这个新闻", "哪些媒体报道了这条新闻：黎智英被捕", "黎智英被捕的消息是谁先报的",
                     "黎智英被捕是哪家媒体先报道的", "黎智英被捕这事哪些媒体报了"):
        assert is_coverage_question(question) and asked_event(question) == "黎智英被捕", question
    for question in ("Which outlets are reporting Jimmy Lai's arrest?", "Who is covering Jimmy Lai's arrest?"):
        assert is_coverage_question(question) and asked_event(question) == "Jimmy Lai's arrest", question
    assert strip_question("黎智英被捕这件事是什么时候") == "黎智英被捕"
    assert asked_event("一事无成") == "一事无成" and asked_event("国家大事") == "国家大事"


def test_the_words_around_a_when_question_are_no_words_of_the_event():
    """是什么时候的事, 发生在什么时候, …的日期, what day, on what date, when did … happen, when did he get arrested:
    each asks when, and none of its words is searched for."""
    for question in ("黎智英被捕是什么时候的事", "黎智英被捕发生在什么时候", "黎智英被捕的日期", "黎智英被捕是哪天？"):
        assert is_when_question(question) and strip_question(question) == "黎智英被捕", question
    for question in ("What day was Jimmy Lai arrested?", "On what date was Jimmy Lai arrested?",
                     "When did Jimmy Lai get arrested?"):
        assert is_when_question(question) and strip_question(question) == "Jimmy Lai arrested", question
    assert strip_question("When did the arrest of Jimmy Lai happen?") == "the arrest of Jimmy Lai"
    # ... and 的具体时间, 具体日期, 何日, 哪年哪月, 多久了, what time, how long ago
    for question in ("黎智英被捕的具体时间", "黎智英被捕的时间是？", "黎智英被捕具体日期", "黎智英被捕多久了",
                     "黎智英被捕距今多久", "黎智英被捕是哪年哪月"):
        assert is_when_question(question) and strip_question(question) == "黎智英被捕", question
    assert is_when_question("黎智英何日被捕") and strip_question("黎智英何日被捕") == "黎智英 被捕"
    for question in ("What time was Jimmy Lai arrested?", "How long ago was Jimmy Lai arrested?"):
        assert is_when_question(question) and strip_question(question) == "Jimmy Lai arrested", question
    assert not is_when_question("具体时间表") and not is_when_question("多久能到")
    assert not is_when_question("东京时间") and strip_question("Get Out wins award") == "Get Out wins award"


def test_the_day_something_was_ordered_is_not_the_day_it_was_done(tmp_path: Path):
    articles = {
        "a.md": dict(title="美国要求关闭领馆", source="甲报", date="2022-07-22T02:00:00Z",
                     body="<p>美国周三（7月22日）要求中国在72小时内关闭驻休斯顿总领馆。</p>"),
        "c.md": dict(title="美国限期关闭领馆", source="丙台", date="2022-07-22T05:00:00Z",
                     body="<p>美国7月22日下令中国关闭休斯顿总领馆，限期三天。</p>"),
        "b.md": dict(title="领馆关闭", source="乙网", date="2022-07-24T12:00:00Z",
                     body="<p>驻休斯顿总领馆7月24日正式关闭，工作人员撤离。</p>")}
    answer = ask_about(tmp_path / "1", "休斯顿总领馆关闭是什么时候", articles)  # two outlets date the order
    assert answer.date.start.isoformat() == "2022-07-24"
    answer = ask_about(tmp_path / "2", "美国什么时候要求关闭休斯顿总领馆", articles)  # the order itself
    assert answer.date.start.isoformat() == "2022-07-22"


def test_an_order_given_in_the_clause_before_the_event_is_still_an_order(tmp_path: Path):
    answer = ask_about(tmp_path, "休斯顿总领馆关闭是什么时候", {
        "a.md": dict(title="中方接获通知", source="甲报", date="2022-07-22T02:00:00Z",
                     body="<p>发言人表示，中方已在21日接获美方通知，必须关闭休斯顿总领馆。</p>"),
        "c.md": dict(title="美方通知中方", source="丙台", date="2022-07-22T05:00:00Z",
                     body="<p>美方21日通知中方，限期关闭休斯顿总领馆。</p>"),
        "b.md": dict(title="休斯顿总领馆关闭", source="乙网", date="2022-07-24T12:00:00Z",
                     body="<p>驻休斯顿总领馆24日正式关闭，工作人员撤离。</p>")})
    assert answer.date.start.isoformat() == "2022-07-24"


def test_follow_ups_weeks_later_do_not_push_the_event_out_of_its_days(tmp_path: Path):
    """The question's words match the follow-ups best (they name the event again), but the first reports match it
    nearly as well: the day they all give is the event's, not the day of a reaction."""
    first = {f"a{i}.md": dict(title=f"{n}名港人偷渡台湾被捕", source=s, date="2022-08-27T08:00:00Z",
                              body=f"<p>{n}名港人8月23日偷渡台湾时在海上被捕，家属今天才获悉。</p>")
             for i, (n, s) in enumerate([("12", "甲报"), ("十二", "乙网"), ("12", "戊报")])}
    later = {f"b{i}.md": dict(title=f"12名被捕港人家属发声 {s}", source=s, date=f"2022-09-12T0{i}:00:00Z",
                              body="<p>12名港人偷渡台湾被捕，家属今天召开记者会，称至今音讯全无。</p>" + (
                                  "<p>这12名港人8月23日偷渡台湾时在海上被捕。</p>" if i == 0 else ""))
             for i, s in enumerate(["甲报", "丙台", "丁社", "己台"])}
    answer = ask_about(tmp_path, "12名港人偷渡台湾被捕是什么时候", {**first, **later})
    assert answer.date.start.isoformat() == "2022-08-23"


def test_a_visit_dated_by_the_same_outlets_on_two_days_running_is_answered_as_both_days(tmp_path: Path):
    outlets = ["甲报", "乙网", "丙台"]
    arrival = {f"a{i}.md": dict(title=f"卫生部长访台 {s}", source=s, date="2022-08-09T08:00:00Z",
                                body="<p>卫生部长今天抵达台湾，开始访台行程。</p>") for i, s in enumerate(outlets)}
    meeting = {f"b{i}.md": dict(title=f"卫生部长访台 会见领导人 {s}", source=s, date="2022-08-10T08:00:00Z",
                                body="<p>卫生部长访台，今天会见台湾领导人。</p>") for i, s in enumerate(outlets)}
    answer = ask_about(tmp_path, "卫生部长访台是什么时候", {**arrival, **meeting})
    assert (answer.date.start.isoformat(), answer.date.end.isoformat(), answer.date.granularity) == \
        ("2022-08-09", "2022-08-10", "day_range")
    answer = ask_about(tmp_path / "one", "卫生部长访台是什么时候", {**arrival, **dict(list(meeting.items())[:1])})
    assert (answer.date.start.isoformat(), answer.date.granularity) == ("2022-08-09", "day")  # one outlet: a day


def test_a_visit_announced_days_before_is_dated_by_the_visit(tmp_path: Path):
    """The announcement's story matches the question best (将访台 in every headline); the visit is the next story of
    the topic, and its day is the answer."""
    outlets = ["甲报", "乙网", "丙台", "丁社"]
    announced = {f"a{i}.md": dict(title=f"美国卫生部长阿扎尔将访台 {s}", source=s, date="2022-08-05T03:00:00Z",
                                  body="<p>美国卫生部长阿扎尔将访台，外交部今天表示欢迎阿扎尔访台。</p>"
                                       "<p>阿扎尔访台期间将会见台湾领导人，阿扎尔访台引起关注。</p>")
                 for i, s in enumerate(outlets)}
    visit = {f"b{i}.md": dict(title=f"美国卫生部长阿扎尔抵达台湾 开始访台 {s}", source=s, date="2022-08-09T08:00:00Z",
                              body="<p>美国卫生部长阿扎尔今天抵达台湾，展开访台行程。</p>")
             for i, s in enumerate(outlets)}
    answer = ask_about(tmp_path, "阿扎尔访台是什么时候", {**announced, **visit})
    assert answer.date.start.isoformat() == "2022-08-09"


@pytest.mark.parametrize(("text", "asks"), [
    ("各家媒体如何报道黎智英被捕？", True), ("不同媒体怎么说", True), ("How did the outlets report the arrest?", True),
    ("How was the arrest of Jimmy Lai reported?", True), ("谁报道了黎智英被捕", False), ("黎智英被捕", False),
    ("How did Trump react?", False), ("Jimmy Lai reported missing", False), ("各家媒體如何報導黎智英被捕", True),
    ("黎智英被捕，各家怎么说", True), ("各媒体对黎智英被捕的报道有何不同", True), ("黎智英被捕各家报道对比", True),
    ("Compare the coverage of Jimmy Lai's arrest", True), ("中美比较", False), ("各家商店", False),
    ("黎智英被捕，外媒怎么报道的", True), ("媒体是如何报道黎智英被捕的", True), ("BBC怎么报道黎智英被捕的", False)])
def test_compare_questions_are_told_apart(text: str, asks: bool):
    assert is_compare_question(text) is asks


@pytest.mark.parametrize("text", ["各家媒体如何报道黎智英被捕", "黎智英被捕，各家怎么说",
                                  "各媒体对黎智英被捕的报道有何不同", "黎智英被捕各家报道对比",
                                  "黎智英被捕，外媒怎么报道的", "媒体是如何报道黎智英被捕的"])
def test_a_compare_question_asks_about_its_event_alone(text: str):
    from corpus.answer.compare import _HOW_REPORTED
    from corpus.answer.coverage import asked_event
    from corpus.text.normalize import simplified

    assert asked_event(_HOW_REPORTED.sub(" ", simplified(text))) == "黎智英被捕"


def test_the_stated_time_is_the_clock_reading_most_outlets_give_in_the_most_trusted_zone():
    from corpus.answer.when import _stated_time
    at = datetime.fromisoformat
    times = [(0, 0.3, at("2020-08-28T17:00:00+08:00"), "甲"),  # the outlet's own zone
             (3, 0.2, at("2020-08-28T17:00:00+09:00"), "乙"),  # converted: 下午5时（台北时间4时）
             (2, 0.25, at("2020-08-28T11:00:00-04:00"), "丙"),  # one outlet, three passages
             (2, 0.25, at("2020-08-28T11:00:00-04:00"), "丙"), (2, 0.25, at("2020-08-28T11:00:00-04:00"), "丙")]
    assert _stated_time(times) == at("2020-08-28T17:00:00+09:00")
    assert _stated_time([]) is None


def test_a_dates_evidence_shows_the_reports_of_its_days_before_a_later_review_counting_back():
    """A weekly review a week later (上周四 李登辉去世) matches the question best; the reports of the day itself
    are still shown first, each group strongest first."""
    from datetime import UTC, date

    from corpus.answer.when import Evidence, _evidence_order
    from corpus.models import Hit

    def evidence(source: str, published: datetime, weight: float) -> Evidence:
        hit = Hit(source=source, title="李登辉去世", url=None, published=published, path=f"{source}.md", passage=1,
                  kind="text", text="李登辉去世", score=80.0)
        return Evidence(hit, None, hit.text, weight)

    review = evidence("法广", datetime(2020, 8, 6, 12, tzinfo=UTC), 3.0)
    same_day = evidence("美国之音", datetime(2020, 7, 30, 12, tzinfo=UTC), 2.0)
    next_day = evidence("BBC", datetime(2020, 8, 1, 12, tzinfo=UTC), 2.5)
    ordered = _evidence_order([review, same_day, next_day], date(2020, 7, 30), date(2020, 7, 30))
    assert [e.hit.source for e in ordered] == ["BBC", "美国之音", "法广"]




def test_a_date_things_are_counted_since_is_not_the_events(tmp_path: Path):
    """One report gives the arrest's day; four later ones count arrests since the law took effect (7月1日…生效
    以来), a date of another event that their clause only starts from. The answer is the arrest's day. A date in a
    since-clause that holds the question's words (周庭8月10日被捕以来) still dates the event."""
    since = {f"s{i}.md": dict(title=f"民主派人士相继被捕 {source}", source=source, date=f"2022-08-2{i}T02:00:00Z",
                              body="<p>7月1日国安法生效以来，周庭被捕。</p>")
             for i, source in enumerate(["甲报", "丙台", "丁社", "戊报"])}
    dated = {"b.md": dict(title="周庭被捕", source="乙网", date="2022-08-11T03:00:00Z",
                          body="<p>警方表示，周庭10日晚间被捕。</p>")}
    answer = ask_about(tmp_path / "1", "周庭被捕是什么时候", {**since, **dated})
    assert answer.date is not None and answer.date.start.isoformat() == "2022-08-10"
    own = {name: {**fields, "body": "<p>周庭8月10日被捕以来，一直在家中。</p>"} for name, fields in since.items()}
    answer = ask_about(tmp_path / "2", "周庭被捕是什么时候", own)
    assert answer.date is not None and answer.date.start.isoformat() == "2022-08-10"
    # the same in traditional script (以來): the original text is read, not its folded form
    traditional = {name: {**fields, "body": "<p>7月1日國安法生效以來，周庭被捕。</p>"}
                   for name, fields in since.items()}
    answer = ask_about(tmp_path / "3", "周庭被捕是什么时候", {**traditional, **dated})
    assert answer.date is not None and answer.date.start.isoformat() == "2022-08-10"


def test_a_sentence_holding_the_whole_question_outweighs_two_holding_half_of_it():
    """黎智英获保释: ten outlets dated his arrest in sentences naming him, four his bail in sentences holding the
    whole question, and the arrest's day won. A date weighs more than in proportion to the share of the question
    its sentence holds: two sentences holding a little more than half of it weigh less than one holding all of it."""
    from corpus.answer.when import _weighed_mentions
    from corpus.models import Hit

    terms = ((("黎智英",), 5.2), (("保释",), 4.8))  # the name holds a little more than half of the question
    text = "黎智英周一被捕。黎智英周三获准保释。"
    published = datetime.fromisoformat("2020-08-13T08:00:00+08:00")
    hit = Hit(source="甲报", title="黎智英获准保释", url=None, published=published, path="a.md", passage=1,
              kind="text", text=text, score=100.0)
    weights = {sentence: weight for _mention, sentence, weight in _weighed_mentions(hit, terms)}
    assert set(weights) == {"黎智英周一被捕。", "黎智英周三获准保释。"}
    assert 2 * weights["黎智英周一被捕。"] < weights["黎智英周三获准保释。"]


def test_a_release_describing_someone_is_no_follow_up_of_the_sentence():
    """无罪获释的张玉环…提交了国家赔偿申请: 获释 followed by 的 describes him, and the application's date weighs in
    full; 张玉环获释后 dates what followed his release, and weighs half (``FOLLOW_UP_WEIGHT``)."""
    from corpus.answer.when import FOLLOW_UP_WEIGHT, _weighed_mentions
    from corpus.models import Hit

    terms = ((("张玉环",), 12.0), (("申请",), 4.7), (("国家赔偿",), 8.9))
    published = datetime.fromisoformat("2020-09-02T18:00:00+08:00")

    def weight(text: str) -> float:
        hit = Hit(source="甲报", title="张玉环申请国家赔偿", url=None, published=published, path="a.md", passage=1,
                  kind="text", text=text, score=100.0)
        (_mention, _sentence, w), = _weighed_mentions(hit, terms)
        return w

    described = weight("9月2日上午，无罪获释的张玉环向江西高院提交了国家赔偿申请。")
    plain = weight("9月2日上午，无罪的张玉环向江西高院提交了国家赔偿申请。")
    after = weight("9月2日上午，张玉环获释后向江西高院提交了国家赔偿申请。")
    assert described == pytest.approx(plain, rel=0.05)  # (the date two characters further from the name)
    assert after == pytest.approx(plain * FOLLOW_UP_WEIGHT, rel=0.05)


def test_the_days_before_an_archive_begins_are_read_as_unread():
    """A date before the event's story weighs as background, unless the archive carried next to nothing then (it
    began after the event: Hagia Sophia turned into a mosque on 10 July, the archive's days full from the 17th):
    fewer articles a day than a tenth of the usual day after them. A small archive has no usual day."""
    from array import array
    from types import SimpleNamespace

    from corpus.answer.when import _unread_days

    day = 86400
    start = int(datetime(2020, 7, 17, tzinfo=UTC).timestamp())
    times = [start - 7 * day + 3600, start - 7 * day + 7200]  # two articles on 10 July
    times += [start + d * day + i * 60 for d in range(70) for i in range(40)]  # forty a day from the 17th
    unread = _unread_days(SimpleNamespace(publication_times=lambda: array("q", sorted(times))))
    assert unread(date(2020, 7, 10), date(2020, 7, 10)) and unread(date(2020, 7, 12), date(2020, 7, 14))
    assert not unread(date(2020, 7, 20), date(2020, 7, 20))
    small = _unread_days(SimpleNamespace(publication_times=lambda: array("q", sorted(times[:200]))))
    assert not small(date(2020, 7, 10), date(2020, 7, 10))


def test_another_country_doing_the_same_is_not_the_day_of_the_question_s_country(tmp_path: Path):
    """Germany suspended its treaty on the 31st (one outlet dates it); France did the same three days later, and
    three outlets date France's move in the same words. Asked about Germany, the clauses of France's act weigh
    little; asked about France, France's day."""
    germany = {"g.md": dict(title="德国暂停与香港的引渡协议", source="甲报", date="2022-07-31T12:00:00Z",
                            body="<p>德国外长7月31日宣布，德国暂停与香港的引渡协议。</p>")}
    france = {f"f{i}.md": dict(title=f"法国中止与香港的引渡协议 {s}", source=s, date=f"2022-08-03T1{i}:00:00Z",
                               body="<p>继德国之后，法国8月3日宣布中止与香港的引渡协议。</p>")
              for i, s in enumerate(["乙网", "丙台", "丁社"])}
    answer = ask_about(tmp_path / "1", "德国什么时候暂停与香港的引渡协议", {**germany, **france})
    assert answer.date.start.isoformat() == "2022-07-31"
    answer = ask_about(tmp_path / "2", "法国什么时候中止与香港的引渡协议", {**germany, **france})
    assert answer.date.start.isoformat() == "2022-08-03"


def test_a_finer_date_within_the_best_one_and_about_as_strong_is_taken():
    """今年 weighs most (0.23); 本周 (0.20) and 周二 (0.19) lie within it, each within the one before: the Tuesday
    is the answer. A day outside the year, or one far weaker, is not taken."""
    from corpus.answer.when import DateAnswer, finest_within

    def dated(start: date, end: date, granularity: str, weight: float) -> DateAnswer:
        return DateAnswer(start, end, granularity, weight, ("甲报",), ())

    year = dated(date(2020, 1, 1), date(2020, 12, 31), "year", 0.23)
    week = dated(date(2020, 9, 21), date(2020, 9, 27), "week", 0.20)
    tuesday = dated(date(2020, 9, 22), date(2020, 9, 22), "day", 0.19)
    assert finest_within(year, [year, week, tuesday]) == tuesday
    assert finest_within(year, [year, dated(date(2021, 3, 2), date(2021, 3, 2), "day", 0.2)]) == year
    assert finest_within(year, [year, dated(date(2020, 3, 2), date(2020, 3, 2), "day", 0.05)]) == year
    assert finest_within(tuesday, [year, week, tuesday]) == tuesday


def test_a_date_something_was_once_planned_for_is_not_when_it_happened(tmp_path: Path):
    """原定于去年7月上映的，但…直到今年8月21日才正式上映: the first date is a plan given up (原定, 原计划), the
    second is when it happened."""
    sentence = "抗日电影《八佰》原定于去年7月上映的，但疑因政治问题突遭撤档，直到今年8月21日才正式上映，首日票房报捷。"
    answer = ask_about(tmp_path, "电影《八佰》上映", {
        "a.md": dict(title="《八佰》解禁 票房报捷", source="甲报", date="2022-08-22T10:00:00Z",
                     body=f"<p>{sentence}</p>"),
        "b.md": dict(title="影院观众增加", source="乙网", date="2022-08-23T10:00:00Z",
                     body="<p>多地影院观众增加，抗日电影《八佰》票房继续上升。</p>")})
    assert answer.date.start.isoformat() == "2022-08-21"


def test_a_compare_question_keeps_a_news_word_of_its_event():
    """外媒 and 媒体 alone ask how they reported it (…，外媒怎么报道的); 网站 and 报纸 alone are the event's words."""
    from corpus.answer.compare import _HOW_REPORTED
    from corpus.answer.coverage import asked_event
    from corpus.text.normalize import simplified

    assert asked_event(_HOW_REPORTED.sub(" ", simplified("各家媒体如何报道维基解密网站被封"))) == "维基解密网站被封"
