"""Attention over time: how many articles a day (or a week) held a query, per outlet, with the peaks named.

An article counts once in a bucket when one of its passages holds every word of the query (each word or one of its
other spellings or readings); filters apply. The buckets are days, or weeks when the span is over ``WEEKLY_FROM``
days. The ``MAIN_OUTLETS`` outlets with most articles get a line each, the rest one line summed. With ``share``,
each outlet's count is divided by all that outlet published in the bucket (per cent), so a prolific outlet does not
drown the others. The ``PEAKS`` highest buckets are labelled with the headline of their most reported story (the
digest's ranking).
"""
from __future__ import annotations

import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import tantivy

from corpus.answer.digest import stories_of
from corpus.retrieve.search import Query, Retriever

WEEKLY_FROM = 120  # days of span from which buckets are weeks
MAIN_OUTLETS = 6
PEAKS = 3
PEAK_GAP = 3  # buckets between two labelled peaks
MAX_PASSAGES = 500_000


@dataclass
class Trend:
    """Counts of matching articles per bucket and outlet, and the labelled peaks."""

    query: str
    unit: str  # day or week
    buckets: list[date] = field(default_factory=list)
    series: dict[str, list[float]] = field(default_factory=dict)  # outlet (or "others") -> value per bucket
    totals: list[int] = field(default_factory=list)  # matching articles per bucket, all outlets
    peaks: list[tuple[date, int, str]] = field(default_factory=list)  # bucket, articles, headline
    share: bool = False

    def to_json(self) -> dict:
        return {"query": self.query, "unit": self.unit, "share": self.share,
                "buckets": [b.isoformat() for b in self.buckets], "totals": self.totals,
                "series": {k: [round(v, 3) for v in vs] for k, vs in self.series.items()},
                "peaks": [{"bucket": b.isoformat(), "articles": n, "headline": h} for b, n, h in self.peaks]}


def _all_words(retriever: Retriever, query: Query) -> tantivy.Query:
    schema = retriever.index.schema
    readings = query.alternatives
    clauses = [(tantivy.Occur.Must, tantivy.Query.term_set_query(schema, "words", [t, *readings.get(t, ())]))
               for t in query.terms]
    return tantivy.Query.boolean_query(clauses + retriever.filter_clauses(query))


def trend(retriever: Retriever, raw: str, zone: ZoneInfo, share: bool = False) -> Trend:
    """The attention the query got over time (raises QueryError for an empty query or a bad filter)."""
    query = retriever.parse(raw)
    out = Trend(query=query.text or raw, unit="day", share=share)
    if not query.terms:
        return out
    searcher = retriever.index.searcher()
    hits = searcher.search(_all_words(retriever, query), limit=MAX_PASSAGES, count=False).hits
    if not hits:
        return out
    addresses = [a for _s, a in hits]
    aids = [int(a) for a in searcher.fast_field_values("aid", addresses)]
    stamps = [int(t) for t in searcher.fast_field_values("ts", addresses)]
    articles: dict[int, int] = dict(zip(aids, stamps, strict=True))
    sources = {a: meta[0] for a, meta in retriever.index.article_meta(articles).items()}
    days = {a: datetime.fromtimestamp(ts, zone).date() for a, ts in articles.items() if a in sources}
    if not days:
        return out
    ordered = sorted(days.values())
    # A few old articles (an archive republishing its past) neither stretch the chart nor turn days into weeks:
    # the chart spans the 1st to the 99th percentile of the articles' days.
    first, last = ordered[len(ordered) // 100], ordered[-1 - len(ordered) // 100]
    days = {a: d for a, d in days.items() if first <= d <= last}
    weekly = (last - first).days > WEEKLY_FROM
    out.unit = "week" if weekly else "day"

    def bucket(day: date) -> date:
        return day - timedelta(days=day.weekday()) if weekly else day

    step = 7 if weekly else 1
    start = bucket(first)
    out.buckets = [start + timedelta(days=i) for i in range(0, (bucket(last) - start).days + 1, step)]
    position = {b: i for i, b in enumerate(out.buckets)}
    per_outlet: dict[str, Counter[int]] = defaultdict(Counter)
    members: dict[int, list[int]] = defaultdict(list)
    for article, day in days.items():
        i = position[bucket(day)]
        per_outlet[sources[article]][i] += 1
        members[i].append(article)
    out.totals = [len(members[i]) for i in range(len(out.buckets))]
    ranked = sorted(per_outlet, key=lambda s: -sum(per_outlet[s].values()))
    main, rest = ranked[:MAIN_OUTLETS], ranked[MAIN_OUTLETS:]
    published = _published(retriever, zone, bucket, position, main) if share else {}
    for outlet in main:
        values = [float(per_outlet[outlet][i]) for i in range(len(out.buckets))]
        if share:
            values = [100.0 * v / published[outlet][i] if published[outlet][i] else 0.0 for i, v in enumerate(values)]
        out.series[outlet] = values
    if rest and not share:
        out.series["others"] = [float(sum(per_outlet[o][i] for o in rest)) for i in range(len(out.buckets))]
    chosen: list[int] = []
    for i in sorted(range(len(out.buckets)), key=lambda i: (-out.totals[i], i)):
        if len(chosen) == PEAKS or not out.totals[i]:
            break
        if all(abs(i - j) > PEAK_GAP for j in chosen):  # one label a burst, not three on its three days
            chosen.append(i)
    for i in chosen:
        top = stories_of(retriever.index, members[i])
        out.peaks.append((out.buckets[i], out.totals[i], top[0].title if top else ""))
    return out


def _published(retriever: Retriever, zone: ZoneInfo, bucket, position, outlets: list[str]) -> dict[str, Counter]:
    """All articles each outlet published per bucket (for shares)."""
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    marks = ",".join("?" * len(outlets))
    for source, ts in retriever.index.db.execute(
            f"SELECT source, published_ts FROM files WHERE status = 'ok' AND source IN ({marks})", outlets):
        i = position.get(bucket(datetime.fromtimestamp(ts, zone).date()))
        if i is not None:
            counts[source][i] += 1
    return counts


def font_path() -> str:
    """Noto Sans SC (SIL OFL 1.1), from the ``pylopdf-fonts-zh-cn`` package: Chinese labels render everywhere."""
    from importlib import resources

    return str(resources.files("pylopdf_fonts_zh_cn") / "NotoSansSC-Regular.otf")


def png(data: Trend, lang: str = "zh") -> bytes:
    """The chart as a PNG: one line per main outlet (and the rest), the peaks labelled with their headlines."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    font_manager.fontManager.addfont(font_path())
    family = font_manager.FontProperties(fname=font_path()).get_name()
    with matplotlib.rc_context({"font.family": family, "axes.unicode_minus": False}):
        fig, ax = plt.subplots(figsize=(11, 5.5), dpi=110)
        for outlet, values in data.series.items():
            label = ("其他" if lang == "zh" else "others") if outlet == "others" else outlet
            ax.plot(data.buckets, values, label=label, linewidth=1.6, marker="o" if len(values) < 40 else None,
                    markersize=3)
        top = max((max(v) for v in data.series.values() if v), default=1) or 1
        ax.set_ylim(0, top * 1.45)  # room above the lines for the peaks' labels
        index_of = {b: i for i, b in enumerate(data.buckets)}
        for n, (day, articles, headline) in enumerate(sorted(data.peaks)):  # labels left to right, as the days
            short = headline if len(headline) <= 20 else headline[:19] + "…"
            height = max(v[index_of[day]] for v in data.series.values())
            ax.annotate(f"{day.isoformat()} · {articles}\n{short}", xy=(day, height),
                        xytext=((n + 0.5) / max(len(data.peaks), 1), 0.97), textcoords="axes fraction",
                        fontsize=8, ha="center", va="top", color="#333333",
                        bbox={"boxstyle": "round,pad=0.3", "fc": "#fff8dc", "ec": "#c8b27d", "alpha": 0.95},
                        arrowprops={"arrowstyle": "->", "color": "#8a7440", "lw": 0.8})
        unit = {"day": ("每天", "per day"), "week": ("每周", "per week")}[data.unit][0 if lang == "zh" else 1]
        if data.share:
            ylabel = f"占该媒体{unit}文章的百分比" if lang == "zh" else f"% of the outlet's articles {unit}"
        else:
            ylabel = f"{unit}报道数" if lang == "zh" else f"articles {unit}"
        ax.set_ylabel(ylabel)
        ax.set_title(f"“{data.query}”" + (" 的报道量" if lang == "zh" else " — attention over time"))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
        fig.autofmt_xdate()
        buffer = io.BytesIO()
        fig.tight_layout()
        fig.savefig(buffer, format="png")
        plt.close(fig)
    return buffer.getvalue()
