"""Date and time expressions in Chinese news text, found and resolved against the publication time.

``find_dates(text, published)`` returns ``DateMention`` objects: the expression, its span, the start and end it
stands for, the granularity, the clock time and zone when stated, and a note on how it was resolved. Relative
words (今天, 下周二, 去年12月, 两周前) are resolved in the outlet's local time at publication; a clock time stated
without a zone word is read in the zone of the place the report puts it (``PLACE_ZONES``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from corpus.answer.outlet_types import outlet_type
from corpus.data_files import table_lines
from corpus.text.normalize import simplified

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")
_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
NUM = r"[0-9０-９〇零○一二两三四五六七八九十]+"
# before N年后, N天后: a word of what lasted (蒙冤近27年后, 被捕三天后), not the time to come (将在三天后, 于两周后)
_LASTED = re.compile(r"(?<![在于於将將])(?!近|约|約|逾|超|大|将|將)[\u4e00-\u9fff]"
                     r"(?:近|约|約|逾|超过|超過|大约|大約|将近|將近)?$")

# Where a clock time stated without a zone word (or in 当地时间) was read (``_Resolver.clock_zone_at``): the place
# its sentence says something happens at (在东京, 位于南加州, 抵达台北, 驻成都), else the place of the report's
# dateline (路透东京8月28日, 中央社记者…东京28日专电), else the place named nearest before it in its sentence (not
# as a country's office: 美国卫生部长), else the place its caller gives (``find_dates``'s ``clock_zone``: the one
# its headline names), else the outlet's zone. A country stands for its capital's zone (美国: Washington's).
# Simplified names (``data/places.tsv``): the text is folded before it is read.
PLACE_ZONES: dict[str, str] = dict(line.split("\t", 1) for line in table_lines("places.tsv"))
_PLACE = re.compile("|".join(sorted(PLACE_ZONES, key=len, reverse=True)))
_AT = re.compile("[在于抵驻]")  # before a place: where something happens (在东京, 位于南加州, 抵达台北, 驻成都)
# after a place: one of its offices or people, who may be anywhere (美国卫生部长, 中国驻美大使)
_OFFICE = re.compile(r"总统|副总统|总理|首相|国务卿|外长|外交|国防|卫生|商务|财政|部长|大使|驻|政府|官员|代表|议员|籍"
                     r"|公民")
# a dispatch's dateline: 路透东京8月28日 -, （中央社记者杨明珠东京28日专电）, 法新社华盛顿11日电
_DATELINE_PLACE = re.compile(rf"^\W{{0,3}}[^，。,；]{{0,16}}?({_PLACE.pattern})(?:{NUM}月)?{NUM}[日号]"
                             r"\s*(?:电|专电|讯|-|－|—)")


def place_zone(text: str) -> ZoneInfo | None:
    """The zone of the place ``text`` (folded) names first, not as a country's office (美国卫生部长), if it names
    one of ``PLACE_ZONES``."""
    m = next((p for p in _PLACE.finditer(text) if not _OFFICE.match(text, p.end())), None)
    return ZoneInfo(PLACE_ZONES[m.group(0)]) if m else None

ZONES = {"北京时间": "Asia/Shanghai", "新加坡时间": "Asia/Singapore", "罗马时间": "Europe/Rome",
         "香港时间": "Asia/Hong_Kong", "台北时间": "Asia/Taipei", "台湾时间": "Asia/Taipei", "东京时间": "Asia/Tokyo",
         "日本时间": "Asia/Tokyo", "首尔时间": "Asia/Seoul", "韩国时间": "Asia/Seoul", "印度时间": "Asia/Kolkata",
         "华盛顿时间": "America/New_York", "美东时间": "America/New_York", "美国东部时间": "America/New_York",
         "纽约时间": "America/New_York", "美西时间": "America/Los_Angeles", "美国西部时间": "America/Los_Angeles",
         "太平洋时间": "America/Los_Angeles", "伦敦时间": "Europe/London", "英国时间": "Europe/London",
         "巴黎时间": "Europe/Paris", "法国时间": "Europe/Paris", "柏林时间": "Europe/Berlin",
         "德国时间": "Europe/Berlin", "欧洲中部时间": "Europe/Paris", "莫斯科时间": "Europe/Moscow",
         "格林尼治时间": "UTC", "格林威治时间": "UTC",
         "格林威治标准时间": "UTC", "格林尼治标准时间": "UTC", "协调世界时": "UTC", "世界标准时间": "UTC"}
PARTS_OF_DAY = {"凌晨": (0, 5), "清晨": (5, 8), "早上": (6, 9), "早晨": (6, 9), "上午": (6, 11), "中午": (11, 12),
                "午间": (11, 12), "下午": (12, 17), "傍晚": (17, 19), "晚上": (18, 23), "晚间": (18, 23),
                "夜间": (20, 23), "深夜": (22, 23), "早": (6, 9), "晚": (18, 23)}
SEASONS = {"春": (3, 5), "夏": (6, 8), "秋": (9, 11), "冬": (12, 2)}
FIXED_HOLIDAYS = {"元旦": (1, 1, 1), "国庆节": (10, 1, 7), "国庆": (10, 1, 7), "劳动节": (5, 1, 5), "五一": (5, 1, 5),
                  "圣诞节": (12, 25, 1), "情人节": (2, 14, 1), "七一": (7, 1, 1), "八一": (8, 1, 1)}
SPRING_FESTIVAL = {2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25),
                   2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17),
                   2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3)}
_FUTURE = re.compile(r"^.{0,3}(将|将于|将会|即将|会|要|计划|拟|预计)")
_FUTURE_BEFORE = re.compile(r"(将|将于|将在|即将|预计|计划|拟于?)$")


@dataclass(frozen=True)
class DateMention:
    """One date or time expression: where it is, what it resolves to, and how."""

    expression: str
    span: tuple[int, int]
    start: date | datetime
    end: date | datetime
    granularity: str  # minute, part_of_day, day, day_range, week, month, season, quarter, half, year
    kind: str  # absolute, partial, relative, holiday
    zone: str | None = None
    note: str = ""
    # where a clock time's zone came from: "stated" (北京时间), "converted" (当地时间… with 北京时间… in brackets),
    # the place named in its "sentence", "dateline" or "headline", or the "outlet"'s own; None for dates
    zone_from: str | None = None

    def to_json(self) -> dict:
        """Return the mention as a JSON-ready dict."""
        return {"expression": self.expression, "span": list(self.span), "start": self.start.isoformat(),
                "end": self.end.isoformat(), "granularity": self.granularity, "kind": self.kind,
                "zone": self.zone, "zone_from": self.zone_from, "note": self.note}


def chinese_number(text: str) -> int | None:
    """Return the value of Arabic, full-width or Chinese numerals (二〇二一, 三十一, 50); None if not a number."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if all(c in _DIGITS for c in text):  # digit by digit: 二〇二一
        return int("".join(str(_DIGITS[c]) for c in text))
    if "十" in text and text.count("十") == 1:
        tens, _, ones = text.partition("十")
        t = _DIGITS.get(tens) if tens else 1
        o = _DIGITS.get(ones) if ones else 0
        if t is not None and o is not None:
            return t * 10 + o
    return None


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def _closest(candidates: list[date], base: date) -> date:
    return min(candidates, key=lambda d: (abs((d - base).days), d > base))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_part(day: date, part: str | None, zone: ZoneInfo) -> tuple[date | datetime, date | datetime, str]:
    if not part or part not in PARTS_OF_DAY:
        return day, day, "day"
    a, b = PARTS_OF_DAY[part]
    return (datetime.combine(day, time(a), tzinfo=zone),
            datetime.combine(day, time(b, 59, 59), tzinfo=zone), "part_of_day")


class _Resolver:
    def __init__(self, text: str, published: datetime, zone: ZoneInfo, original: str | None = None,
                 clock_zone: ZoneInfo | None = None) -> None:
        self.text = text  # folded to simplified characters, as long as the original
        self.original = original if original is not None else text
        self.zone = zone
        dateline = _DATELINE_PLACE.match(text)
        self.dateline_zone = ZoneInfo(PLACE_ZONES[dateline.group(1)]) if dateline else None
        self.clock_zone = clock_zone
        self.now = published.astimezone(zone)
        self.today = self.now.date()
        self.mentions: list[DateMention] = []
        self.taken = [False] * len(text)

    def add(self, m: re.Match, start, end, granularity: str, kind: str, note: str = "",
            zone: str | None = None, span: tuple[int, int] | None = None, zone_from: str | None = None) -> None:
        a, b = span or m.span()
        if any(self.taken[a:b]):
            return
        for i in range(a, b):
            self.taken[i] = True
        if not note:
            note = {"absolute": "stated in full", "holiday": "holiday"}.get(
                kind, f"counted from the publication date {self.today.isoformat()}, a {self.today.strftime('%A')}")
        self.mentions.append(DateMention(self.original[a:b], (a, b), start, end, granularity, kind, zone, note,
                                         zone_from))

    def clock_zone_at(self, position: int) -> tuple[ZoneInfo, str]:
        """The zone of a clock time without a zone word at ``position``, and where it came from (as
        ``DateMention.zone_from``), in the order ``PLACE_ZONES`` gives."""
        start = max(self.text.rfind(c, 0, position) for c in "。！？!?；;\n") + 1
        ends = [i for c in "。！？!?；;\n" if (i := self.text.find(c, position)) >= 0]
        places = list(_PLACE.finditer(self.text, start, min(ends, default=len(self.text))))
        at = [p for p in places if _AT.search(self.text, max(start, p.start() - 3), p.start())]
        if at:  # nearest the clock time
            place = min(at, key=lambda p: abs(p.start() - position)).group(0)
            return ZoneInfo(PLACE_ZONES[place]), "sentence"
        if self.dateline_zone is not None:
            return self.dateline_zone, "dateline"
        # before it, and not a country's office (美国卫生部长 visiting Taipei)
        before = [p for p in places if p.start() < position and not _OFFICE.match(self.text, p.end())]
        if before:
            return ZoneInfo(PLACE_ZONES[before[-1].group(0)]), "sentence"
        return (self.clock_zone, "headline") if self.clock_zone else (self.zone, "outlet")

    def part_zone(self, position: int, part: str | None, note: str
                  ) -> tuple[ZoneInfo | timezone, str | None, str | None, str]:
        """The zone a part of the day (早上, 晚上; ``时`` for a clock hour) at ``position`` is read in, as a clock
        time's is (``clock_zone_at``): (zone, its name, where it came from, ``note`` saying so); the outlet's zone,
        unnamed and the note unchanged, for a whole day."""
        if part != "时" and part not in PARTS_OF_DAY:
            return self.zone, None, None, note
        tz, zone_from = self.clock_zone_at(position)
        name = str(getattr(tz, "key", tz))
        return tz, name, zone_from, f"{note}; read in {name}, {_ZONE_FROM[zone_from]}"


_DAY_WORDS = {"今天": 0, "今日": 0, "今晨": 0, "今早": 0, "今晚": 0, "今夜": 0, "今午": 0, "今": 0,
              "昨天": -1, "昨日": -1,
              "昨晚": -1, "昨夜": -1, "昨晨": -1, "前天": -2, "大前天": -3, "明天": 1, "明日": 1, "明晚": 1,
              "后天": 2, "大后天": 3}
_BRACKET_WEEKDAY = re.compile(r"[（(](?:周|星期|礼拜)[一二三四五六日天][）)]")
_YEAR_WORDS = {"今年": 0, "去年": -1, "明年": 1, "前年": -2, "后年": 2}
_PART = "(凌晨|清晨|早上|早晨|上午|中午|午间|下午|傍晚|晚上|晚间|夜间|深夜|晚|早)"
_CLOCK = rf"{_PART}?({NUM})[点时:：](?:({NUM})分?|(半))?"
_ZONE_WORDS = "|".join(sorted([*ZONES, "当地时间"], key=len, reverse=True))  # 北京时间, 当地时间 ...


def find_dates(text: str, published: datetime, zone: ZoneInfo | None = None,
               clock_zone: ZoneInfo | None = None) -> list[DateMention]:
    """Return the date and time expressions in ``text``, resolved against ``published``, in reading order.

    ``zone`` is the outlet's local time zone (default: the zone of ``published`` if it has an offset other than
    UTC, else UTC+8): relative words (今天, 今下午) are read in it. A clock time stated without a zone word, or in
    当地时间, is read where its sentence (or the report's dateline) places it (``PLACE_ZONES``: 香港警方今早7时, in
    Hong Kong's time whichever outlet writes it), else in ``clock_zone`` (the place the report's headline names),
    else in ``zone``. Traditional characters are read as simplified. Durations, counts, vague words and idioms are
    not dates and are not returned.
    """
    if zone is None:
        offset = published.utcoffset()
        zone = LOCAL_ZONE if offset in (None, timedelta(0)) else published.tzinfo  # type: ignore[assignment]
    folded = simplified(text)
    r = _Resolver(folded if len(folded) == len(text) else text, published, zone,  # type: ignore[arg-type]
                  original=text, clock_zone=clock_zone)
    _clock_times(r)
    _absolute(r)
    _weekdays(r)
    _relative(r)
    _partial(r)
    return sorted(r.mentions, key=lambda m: m.span)


def _clock_pattern() -> re.Pattern[str]:
    zone = _ZONE_WORDS
    day_words = "|".join(sorted(_DAY_WORDS, key=len, reverse=True))
    part = _PART[1:-1]
    clock = rf"(?P<part{{n}}>{part})?(?P<hour{{n}}>{NUM})[点时:：](?:(?P<minute{{n}}>{NUM})分?|(?P<half{{n}}>半))?"
    weekday = r"(?P<wdpre>上个?|下个?|本|这个?)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天])"
    # a zone word may be followed by its abbreviation in brackets: 格林威治标准时间（GMT）27日晚间10时30分
    first = rf"(?:(?P<zone>{zone})(?:[（(][A-Za-z0-9+:： ]{{1,10}}[）)])?)?" \
        rf"(?:(?P<rel>{day_words})|{weekday}|(?:(?P<month>{NUM})月)?(?:(?P<day>{NUM})[日号])?)" \
        + clock.format(n="")
    second = rf"(?:[（(](?P<zone2>{zone})?(?:{NUM}月)?(?:{NUM}[日号])?" + clock.format(n="2") + "[）)])?"
    return re.compile(first + second)


_ZONE_FROM = {"sentence": "the place its sentence names", "dateline": "the place of the report's dateline",
              "headline": "the place the headline names", "outlet": "the outlet's own zone"}
_EVENING = ("下午", "晚上", "晚间", "傍晚", "夜间", "深夜", "晚")


def _wrapped(hours: int) -> int:
    """A difference of clock hours as the nearest between -12 and 12 (23 hours later is an hour earlier)."""
    return (hours + 12) % 24 - 12


def _hour(hour: str | None, part: str | None, evening_word: bool = False) -> int | None:
    h = chinese_number(hour) if hour else None
    if h is None or h > 24:
        return None
    return h + 12 if (part in _EVENING or (evening_word and not part)) and h < 12 else h


def _clock_times(r: _Resolver) -> None:
    """当地时间10月31日上午8点30分（北京时间15点30分）, 罗马时间早上8时30分（新加坡时间下午3时30分）, 明天上午10点,
    周五下午4时."""
    last: tuple[int, str, int] | None = None  # (where, part of day, hour as written) of the last clock time
    for m in _CLOCK_PATTERN.finditer(r.text):
        g = m.groupdict()
        if not (g["zone"] or g["part"] or g["minute"] or g["half"] or g["rel"] or g["wd"]):
            continue  # a bare "3点" is a count (三点共识), not a time
        if r.text[m.end("hour"):m.end("hour") + 1] in ":：" and g["minute"] is None:
            continue
        rel = g["rel"]
        if rel == "今" and not g["part"]:
            continue
        part = g["part"]
        written = chinese_number(g["hour"]) if g["hour"] else None
        if (part is None and not rel and last is not None and written is not None and written >= last[2]
                and not any(c in "。！？!?；;\n" for c in r.text[last[0]:m.start()])):
            part = last[1]  # 下午1时召开院会，约1时45分结果出炉: the same afternoon
        if part and written is not None:
            last = (m.start(), part, written)
        h = _hour(g["hour"], part, evening_word=bool(rel and rel[-1] in "晚夜"))
        mins = 30 if g["half"] else (chinese_number(g["minute"]) if g["minute"] else 0)
        if h is None or mins is None or mins > 59:
            continue
        base = r.today
        note = f"{rel} from the publication date {r.today.isoformat()}" if rel else ""
        if rel:
            base = r.today + timedelta(days=_DAY_WORDS[rel])
        elif g["wd"]:
            base, note = _weekday(r, g["wdpre"], g["wd"], m.span())
        elif g["month"] or g["day"]:
            base = _partial_date(r, chinese_number(g["month"]) if g["month"] else None,
                                 chinese_number(g["day"]) if g["day"] else None) or base
        else:  # the date said earlier in the sentence (罗马时间早上8时30分 after 10月31日)
            earlier = _MONTH_DAY.findall(r.text[:m.start()])
            if earlier:
                base = _partial_date(r, chinese_number(earlier[-1][0]), chinese_number(earlier[-1][1])) or base
        zone_name = ZONES.get(g["zone"] or "")
        tz: timezone | ZoneInfo | None = ZoneInfo(zone_name) if zone_name else None
        zone_from = "stated"
        h2 = _hour(g["hour2"], g["part2"])
        m2 = 30 if g["half2"] else (chinese_number(g["minute2"]) if g["minute2"] else 0)
        if h2 is not None and h2 < 12 and g["part"] and not g["part2"] and abs(_wrapped(h - h2 - 12)) < abs(
                _wrapped(h - h2)):
            h2 += 12  # 下午5时（台北时间4时）: the bracket's clock in the same half of the day
        if tz is None and h2 is not None and m2 is not None:  # 当地时间: offset from the clock in brackets
            other_zone = ZoneInfo(ZONES.get(g["zone2"] or "", "Asia/Shanghai"))
            other = datetime.combine(base, time(h2 % 24, m2), tzinfo=other_zone)
            diff = timedelta(minutes=(h * 60 + mins) - (h2 * 60 + m2)) + other.utcoffset()
            tz = timezone(timedelta(minutes=((diff.total_seconds() // 60 + 720) % 1440) - 720))
            note = f"local offset from the conversion to {g['zone2'] or '北京时间'}"
            zone_from = "converted"
        if tz is None:
            tz, zone_from = r.clock_zone_at(m.start())
            note = f"{note or 'clock time'}; read in {getattr(tz, 'key', tz)}, {_ZONE_FROM[zone_from]}"
        moment = datetime.combine(base, time(h % 24, mins), tzinfo=tz)
        r.add(m, moment, moment, "minute", "relative" if rel or g["wd"] else "partial", note=note or "clock time",
              zone=str(getattr(tz, "key", tz)), zone_from=zone_from)


_MONTH_DAY = re.compile(rf"({NUM})月({NUM})[日号]")
_CLOCK_PATTERN = _clock_pattern()


def _partial_date(r: _Resolver, month: int | None, day: int | None) -> date | None:
    if month is None and day is None:
        return None
    if month is not None and day is not None:
        candidates = [d for y in (r.today.year - 1, r.today.year, r.today.year + 1) if (d := _safe_date(y, month, day))]
    elif day is not None:
        candidates = []
        for delta in (-1, 0, 1):
            y, mo = divmod(r.today.year * 12 + r.today.month - 1 + delta, 12)
            if d := _safe_date(y, mo + 1, day):
                candidates.append(d)
    else:
        return None
    return _closest(candidates, r.today) if candidates else None


def _absolute(r: _Resolver) -> None:
    year = r"((?:1[89]|20)[0-9]{2}|[一二][〇零○一二三四五六七八九]{3})年"
    pattern = re.compile(
        rf"{year}(?:({NUM})月(?:({NUM})[日号](?:[至到\-—~～]({NUM})[日号])?|(上旬|中旬|下旬|初|底|末|中))?)?"
        rf"(?:(春天|夏天|秋天|冬天|春季|夏季|秋季|冬季|上半年|下半年|年初|年底|年末|初|底))?")
    for m in pattern.finditer(r.text):
        y = chinese_number(m.group(1))
        month = chinese_number(m.group(2)) if m.group(2) else None
        day = chinese_number(m.group(3)) if m.group(3) else None
        if y is None or (month is not None and not 1 <= month <= 12):
            continue
        if day is not None and month is not None:
            d = _safe_date(y, month, day)
            if not d:
                continue
            if m.group(4):
                d2 = _safe_date(y, month, chinese_number(m.group(4)) or 0)
                if d2:
                    r.add(m, d, d2, "day_range", "absolute")
                    continue
            r.add(m, d, d, "day", "absolute")
        elif month is not None:
            _month_or_part(r, m, y, month, m.group(5), "absolute")
        else:
            _year_or_period(r, m, y, m.group(6), "absolute")


def _month_or_part(r: _Resolver, m: re.Match, y: int, month: int, part: str | None, kind: str, note: str = "") -> None:
    first, last = date(y, month, 1), _month_end(y, month)
    spans = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "中": (11, 20), "下旬": (21, last.day),
             "底": (21, last.day), "末": (21, last.day)}
    if part in spans:
        a, b = spans[part]
        r.add(m, date(y, month, a), date(y, month, b), "period", kind, note)
    else:
        r.add(m, first, last, "month", kind, note)


def _year_or_period(r: _Resolver, m: re.Match, y: int, period: str | None, kind: str, note: str = "") -> None:
    if not period:
        r.add(m, date(y, 1, 1), date(y, 12, 31), "year", kind, note)
        return
    season = period[0]
    if season in SEASONS:
        a, b = SEASONS[season]
        end_year = y + 1 if b < a else y
        r.add(m, date(y, a, 1), _month_end(end_year, b), "season", kind, note)
    elif period == "上半年":
        r.add(m, date(y, 1, 1), date(y, 6, 30), "half", kind, note)
    elif period == "下半年":
        r.add(m, date(y, 7, 1), date(y, 12, 31), "half", kind, note)
    elif period in ("年初", "初"):
        r.add(m, date(y, 1, 1), date(y, 2, 28), "period", kind, note)
    else:  # 年底, 年末, 底
        r.add(m, date(y, 11, 1), date(y, 12, 31), "period", kind, note)


def _weekday(r: _Resolver, prefix: str | None, wd: str, span: tuple[int, int]) -> tuple[date, str]:
    """The day 周``wd`` (with 上/下/本 ``prefix``) at ``span`` stands for in a text published ``r.today``, and how it
    was worked out (将 around it: the coming one)."""
    target = _WEEKDAYS[wd]
    monday = r.today - timedelta(days=r.today.weekday())
    if prefix and prefix.startswith("上"):
        return monday - timedelta(days=7) + timedelta(days=target), f"周{wd} of the week before {r.today.isoformat()}"
    if prefix and prefix.startswith("下"):
        return monday + timedelta(days=7 + target), f"周{wd} of the week after {r.today.isoformat()}"
    if prefix:
        return monday + timedelta(days=target), f"周{wd} of the week of {r.today.isoformat()}"
    if _FUTURE.match(r.text[span[1]:span[1] + 6]) or _FUTURE_BEFORE.search(r.text[:span[0]]):
        return (r.today + timedelta(days=(target - r.today.weekday()) % 7),
                f"周{wd} on or after the publication date, a {r.today.strftime('%A')} (future tense)")
    back = r.today - timedelta(days=(r.today.weekday() - target) % 7)  # the nearest such day; a tie: the past
    ahead = r.today + timedelta(days=(target - r.today.weekday()) % 7)
    d = back if (r.today - back) <= (ahead - r.today) else ahead
    side = "before" if d <= r.today else "after"
    return d, f"周{wd} nearest the publication date, a {r.today.strftime('%A')} (the one {side})"


def _weekdays(r: _Resolver) -> None:
    pattern = re.compile(
        rf"(上个?|下个?|本|这个?)?(?:周|星期|礼拜)([一二三四五六日天末])"
        rf"(?:[（(](?:({NUM})月)?({NUM})[日号][）)])?(稍早|早些时候|晚些时候|早前)?{_PART}?")
    for m in pattern.finditer(r.text):
        prefix, wd, month, day, _early, part = m.groups()
        if day:  # the date in brackets decides
            d = _partial_date(r, chinese_number(month) if month else None, chinese_number(day))
            if d is None:
                continue
            note = "date given in brackets"
        else:
            d, note = _weekday(r, prefix, wd, m.span())
        tz, zone, zone_from, note = r.part_zone(m.start(), part, note)
        start, end, gran = _with_part(d, part, tz)
        r.add(m, start, end, gran, "partial" if day and month else "relative", note, zone=zone, zone_from=zone_from)
    for m in re.finditer(r"(上|下|本|这)(个)?(周|星期|礼拜)(?![一二三四五六日天末])", r.text):
        monday = r.today - timedelta(days=r.today.weekday())
        shift = {"上": -7, "下": 7}.get(m.group(1), 0)
        a = monday + timedelta(days=shift)
        r.add(m, a, a + timedelta(days=6), "week", "relative", "ISO week, Monday to Sunday")


def _relative(r: _Resolver) -> None:
    # 今年3月, 去年12月, 明年2月, 今年夏天, 去年下半年, 今年底
    for m in re.finditer(
            rf"(今年|去年|明年|前年|后年)(?:({NUM})月(?:({NUM})[日号])?(上旬|中旬|下旬|初|底|末)?)?"
            r"(春天|夏天|秋天|冬天|春季|夏季|秋季|冬季|上半年|下半年|年初|年底|年末|初|底|第[一二三四1-4]季度)?",
            r.text):
        y = r.today.year + _YEAR_WORDS[m.group(1)]
        month = chinese_number(m.group(2)) if m.group(2) else None
        note = f"{m.group(1)} = {y}"
        if month and m.group(3):
            d = _safe_date(y, month, chinese_number(m.group(3)) or 0)
            if d:
                r.add(m, d, d, "day", "relative", note)
        elif month and 1 <= month <= 12:
            _month_or_part(r, m, y, month, m.group(4), "relative", note)
        elif m.group(5) and m.group(5).startswith("第"):
            q = chinese_number(m.group(5)[1]) or 1
            r.add(m, date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter", "relative", note)
        else:
            _year_or_period(r, m, y, m.group(5), "relative", note)
    # 下半年, 年底 (this year)
    for m in re.finditer(r"(?<![今去明前后年0-9〇零一二三四五六七八九])(上半年|下半年|年初|年底|年末)", r.text):
        _year_or_period(r, m, r.today.year, m.group(1), "relative", f"year of publication {r.today.year}")
    # 第一季度 (this year)
    for m in re.finditer(r"第([一二三四1-4])季度", r.text):
        q = chinese_number(m.group(1)) or 1
        y = r.today.year
        r.add(m, date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter", "relative", f"year of publication {y}")
    # 上个月, 本月, 下个月, 上月14日
    for m in re.finditer(rf"(上个?|下个?|本|这个)月(?:({NUM})[日号]|(初|底|末|中旬|上旬|下旬))?", r.text):
        shift = -1 if m.group(1).startswith("上") else 1 if m.group(1).startswith("下") else 0
        y, mo = divmod(r.today.year * 12 + r.today.month - 1 + shift, 12)
        day = _safe_date(y, mo + 1, chinese_number(m.group(2)) or 0) if m.group(2) else None
        if day:
            r.add(m, day, day, "day", "relative", f"{m.group(1)}月 from the publication date {r.today.isoformat()}")
        elif not m.group(2):
            _month_or_part(r, m, y, mo + 1, m.group(3), "relative")
    # N年前, 两周前, 三个月后, 五天前
    for m in re.finditer(rf"({NUM})(年|个月|个星期|周|星期|天|日)(前|后|以前|之前|以后|之后)", r.text):
        n = chinese_number(m.group(1))
        if n is None or any(r.taken[m.start():m.end()]) or (m.group(2) == "年" and n >= 1000):
            continue  # 2060年前 is "before 2060", read as a year already, not 2060 years ago
        if r.text[max(0, m.start() - 1):m.start()] in ("的", "之"):
            continue  # 领馆关闭的三天前: counted from another event, not from the report
        sign = -1 if m.group(3) in ("前", "以前", "之前") else 1
        if sign > 0 and _LASTED.search(r.text, 0, m.start()):
            continue  # 蒙冤近27年后获释, 被捕三天后: how long something lasted, not a time from the report
        unit = m.group(2)
        if not 1 <= r.today.year + sign * n * {"年": 1, "个月": 1 / 12}.get(unit, 1 / 52) <= 9999:
            continue  # beyond the calendar
        if unit == "年":
            y = r.today.year + sign * n
            r.add(m, date(y, 1, 1), date(y, 12, 31), "year", "relative", f"{n} years from {r.today.year}")
        elif unit == "个月":
            y, mo = divmod(r.today.year * 12 + r.today.month - 1 + sign * n, 12)
            r.add(m, date(y, mo + 1, 1), _month_end(y, mo + 1), "month", "relative")
        elif unit in ("周", "个星期", "星期"):
            d = r.today + timedelta(weeks=sign * n)
            monday = d - timedelta(days=d.weekday())
            r.add(m, monday, monday + timedelta(days=6), "week", "relative")
        else:
            d = r.today + timedelta(days=sign * n)
            r.add(m, d, d, "day", "relative")
    # 今天（13日）, 昨晚, 今下午, 前天
    day_words = "|".join(sorted(_DAY_WORDS, key=len, reverse=True))
    for m in re.finditer(rf"({day_words})"
                         rf"(?:[（(]({NUM})[日号][）)])?(早前|稍早|早些时候|晚些时候)?({_PART[1:-1]}|{NUM}[点时])?",
                         r.text):
        word = m.group(1)
        before = r.text[max(0, m.start() - 4):m.start()]
        if word == "今" and not (m.group(4) or m.group(2)):
            continue  # 今 alone is not a date (今后, 至今)
        if _BRACKET_WEEKDAY.match(r.text, m.end()):
            continue  # 今天（周日）: the weekday in brackets dates it (a report stamped after midnight, in UTC)
        if re.search(r"(世纪|时代|年代|年)的$", before) or before.endswith("的") and word in ("今天", "今日"):
            continue  # 21世纪的今天: nowadays
        d = r.today + timedelta(days=_DAY_WORDS[word])
        note = f"{word} from the publication date {r.today.isoformat()}"
        if m.group(2):  # 今天（9日） in a report stamped after midnight, or in another zone: the bracket decides
            shift = next((k for k in (0, -1, 1, -2, 2, -3, 3)
                          if (d + timedelta(days=k)).day == chinese_number(m.group(2))), 0)
            if shift:
                d += timedelta(days=shift)
                note = f"{word}, the day in brackets nearest it"
        part = m.group(4)
        if word in ("今晚", "今夜", "昨晚", "昨夜", "明晚"):
            part = part or "晚上"
        if word in ("今晨", "今早", "昨晨"):
            part = part or "早上"
        if part and part[-1] in "点时" and part[:-1]:
            h = chinese_number(part[:-1])
            if h is not None and h <= 24:
                if word in ("今晚", "昨晚", "明晚", "今夜", "昨夜") and h < 12:
                    h += 12
                tz, zone, zone_from, note = r.part_zone(m.start(), "时", note)
                moment = datetime.combine(d, time(h % 24), tzinfo=tz)
                r.add(m, moment, moment, "minute", "relative", note, zone=zone, zone_from=zone_from)
                continue
        tz, zone, zone_from, note = r.part_zone(m.start(), part, note)
        start, end, gran = _with_part(d, part if part in PARTS_OF_DAY else None, tz)
        r.add(m, start, end, gran, "relative", note, zone=zone, zone_from=zone_from)
    # holidays
    names = "|".join(sorted([*FIXED_HOLIDAYS, "春节", "除夕"], key=len, reverse=True))
    for m in re.finditer(rf"(今年|去年|明年)?({names})", r.text):
        name = m.group(2)
        if m.group(1):
            y = r.today.year + _YEAR_WORDS[m.group(1)]
        else:  # the occurrence nearest the publication date
            month_day = FIXED_HOLIDAYS.get(name, SPRING_FESTIVAL.get(r.today.year, (2, 1)))[:2]
            y = _closest([date(r.today.year + k, month_day[0], month_day[1]) for k in (-1, 0, 1)], r.today).year
        if name in ("五一", "七一", "八一") and re.match(r"[0-9一二三四五六七八九十]", r.text[m.end():m.end() + 1]):
            continue
        if name in FIXED_HOLIDAYS:
            month, day, days = FIXED_HOLIDAYS[name]
            start = date(y, month, day)
        elif y in SPRING_FESTIVAL:
            month, day = SPRING_FESTIVAL[y]
            start = date(y, month, day) - timedelta(days=1 if name == "除夕" else 0)
            days = 1 if name == "除夕" else 7
        else:
            continue
        end = start + timedelta(days=days - 1)
        r.add(m, start, end, "day" if days == 1 else "day_range", "holiday", f"{name} of {y}")


def _partial(r: _Resolver) -> None:
    # 10月30日至31日, 10月31日, 9月下旬, 3月
    for m in re.finditer(rf"(?:{_ZONE_WORDS})?({NUM})月(?:({NUM})[日号](?:[至到\-—~～](?:({NUM})月)?({NUM})[日号])?"
                         rf"|(上旬|中旬|下旬|初|底|末))?", r.text):
        month = chinese_number(m.group(1))
        if month is None or not 1 <= month <= 12:
            continue
        if r.text[max(0, m.start() - 1):m.start()] in ("个", "几", "多"):
            continue
        if m.group(2):
            d = _partial_date(r, month, chinese_number(m.group(2)))
            if not d:
                continue
            if m.group(4):
                d2 = _safe_date(d.year, chinese_number(m.group(3)) or month if m.group(3) else month,
                                chinese_number(m.group(4)) or 0)
                if d2:
                    r.add(m, d, d2, "day_range", "partial", "year from the publication date")
                    continue
            r.add(m, d, d, "day", "partial", "year from the publication date")
        else:
            year = _closest([date(r.today.year + k, month, 1) for k in (-1, 0, 1)], r.today).year
            _month_or_part(r, m, year, month, m.group(5), "partial", "year from the publication date")
    # 21日, 27日 (day only; a month from the publication date)
    for m in re.finditer(rf"(?<![0-9月号])({NUM})日(?![本内])", r.text):
        day = chinese_number(m.group(1))
        if day is None or not 1 <= day <= 31 or (m.group(1)[0] in "一二三四五六七八九十" and len(m.group(1)) > 3):
            continue
        if m.group(1)[0] == "两":
            continue  # 两日 is two days (结束两日连涨); the second of a month is 二日
        if re.match(r"[以之]?[内前后来]", r.text[m.end():m.end() + 2]) and not r.text[m.end():].startswith("前"):
            continue
        d = _partial_date(r, None, day)
        if d:
            r.add(m, d, d, "day", "partial", "month from the publication date")


REGION_ZONES = {"CN": "Asia/Shanghai", "TW": "Asia/Taipei", "HK": "Asia/Hong_Kong", "MO": "Asia/Macau",
                "SG": "Asia/Singapore", "US": "America/New_York", "GB": "Europe/London", "DE": "Europe/Berlin",
                "FR": "Europe/Paris", "IT": "Europe/Rome", "JP": "Asia/Tokyo", "AU": "Australia/Sydney",
                "CA": "America/Toronto"}


def zone_of_source(source: str) -> ZoneInfo:
    """Return the local time zone of an outlet: that of its region in the outlet table (``data/outlets.tsv`` and
    the user's own), else UTC+8."""
    return ZoneInfo(REGION_ZONES.get(outlet_type(source).region, "Asia/Shanghai"))
