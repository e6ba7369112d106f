"""All Telegram HTML: escaping, quotes, highlights, links, wording in two languages, message splitting.

Results arrive as plain ``corpus`` data classes; this is the one place that turns them into text.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode

from corpus import (
    APART_HOURS,
    Comparison,
    DateMention,
    DigestStory,
    Evidence,
    Hit,
    IndexStats,
    OutletVerdict,
    Quote,
    Story,
    StoryArticle,
    WhenAnswer,
)
from corpus.retrieve.semantic import Coverage

MESSAGE_LIMIT = 4096  # Telegram's limit on a message's text, in UTF-16 code units after entity parsing
DIGEST_STORIES = 10  # stories on one page of a digest (the bot's setting DIGEST_STORIES)
DIGEST_OUTLETS_NAMED = 5  # outlets named under a story besides the first
QUOTE_LIMIT = 700  # longest passage quoted whole

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "start": "你好！我回答关于新闻报道的问题：谁报道了什么、何时报道。\n\n"
                 "发送 /search 关键词 搜索报道，或直接发问题。/sources 查看收录的媒体，/help 查看用法。",
        "help": "<b>用法</b>\n"
                "/search 关键词 — 搜索报道，例如 <code>/search 王毅 布林肯</code>\n"
                "/when 事件 — 事件发生的日期及依据，例如 <code>/when 习近平 拜登 视频会晤</code>\n"
                "/coverage 事件 — 哪些媒体报道了、谁首发、谁没报道（只报道了事前或后续的另列；"
                "没有标题提到该事件时会注明，不列未报道），报道媒体的类型与地区，此前与后续的相关报道；"
                "写上日期（<code>8月10日 黎智英被捕</code>）则取当天的事件\n"
                "/compare 事件 — 各媒体报道的异同：共同陈述、只有一家说的、对人名的称呼与写法、不一致的数字；"
                "列出媒体（<code>/compare BBC 纽约时报 黎智英被捕</code>）则只比较这几家\n"
                "/digest [日期] — 新报道摘要（按报道媒体数排列）；/subscribe HH:MM — 每日摘要；/unsubscribe 取消\n"
                "/mute 媒体 — 在本聊天的搜索结果和摘要中屏蔽某家媒体（/coverage 仍计入）；/unmute 取消；/muted 查看\n"
                "/alert 关键词 — 有符合的新报道时通知（每个报道一次）；/alerts 查看；/unalert 编号 删除\n"
                "/trend 关键词 [share] — 报道量随时间变化的图，按媒体分线，标出高峰\n"
                "筛选：<code>source:联合早报</code>　<code>since:2021-11-01</code>　<code>until:2021-11-30</code>\n"
                "/sources — 收录的媒体与日期范围；/help — 本说明\n"
                "管理员：/stats — 索引概况；/reindex — 立即读入新文件\n"
                "也可以直接发问题：含“什么时候、何时、哪天、…的日期、…的具体时间、…多久了”的问题按 /when 回答，"
                "“各家媒体如何报道…、BBC和纽约时报对…的报道有何不同”按 /compare，"
                "“谁报道了…、哪些媒体报道…、有多少家媒体报道…”按 /coverage，"
                "“BBC报道了…吗、…，纽约时报有没有报道？、BBC怎么报道…的”按 /coverage 并先回答所问的媒体，"
                "其余按 /search。\n"
                "不必用原文的词：换个说法或用英文提问也行（例如 <code>/search Rome meeting</code>），"
                "按语义或英文词义找到的结果会注明。",
        "usage_search": "用法：/search 关键词（例如 <code>/search 台湾问题</code>）",
        "nothing": "没有找到与 <b>{query}</b> 相关的报道。\n试试更少或不同的关键词、繁简写法，或去掉筛选条件。",
        "results": "🔎 <b>{query}</b> · {count} 条结果",
        "aliases": "🔁 同时查找：{pairs}",
        "by_meaning": "<i>按语义找到</i>",
        "by_translation": "<i>按英文词义找到</i>",
        "meaning_pending": "（语义检索仍在准备中，已覆盖 {share}% 的段落；目前只按词语查找其余部分。）",
        "also": "另见",
        "sources_title": "<b>收录的媒体</b>（{articles} 篇文章，{passages} 段）",
        "sources_line": "{source}：{count} 篇，{first} 至 {last}",
        "no_sources": "索引中还没有文章。",
        "bad_query": "无法处理这个查询：{reason}",
        "error": "抱歉，出了点问题，请稍后再试。",
        "no_link": "无链接",
        "usage_when": "用法：/when 事件（例如 <code>/when 习近平 拜登 视频会晤</code>）",
        "when_answer": "📅 <b>{query}</b>\n<b>{date}</b>{time} · {outlets}",
        "when_disagree": "⚖️ 也有报道给出：<b>{date}</b>{time} · {outlets}",
        "when_none": "报道中没有找到 <b>{query}</b> 的日期。",
        "when_closest": "按发布时间排列的相关报道：",
        "when_first_report": "📰 <b>{query}</b>\n最早的报道：<b>{date}</b>{time} · {outlets}\n"
                             "（报道中没有写明事件日期的句子，这是最早一篇报道的发布时间，不一定是事件发生的日期）",
        "when_reported": "📰 <b>{query}</b>\n最早的报道：<b>{date}</b>{time} · {outlets}",
        "evidence": "依据",
        "resolved": "「{expression}」→ {value}（{how}）",
        "published_on": "发布于 {date}",
        "results_page": "🔎 <b>{query}</b> · 第 {page}/{pages} 页，共 {count} 条",
        "expired": "这个按钮已过期，请重新搜索。",
        "refused": "抱歉，这个机器人不对此聊天开放。",
        "admin_only": "只有管理员可以使用这个命令。",
        "reindexed": "索引已更新：新增 {added}，修改 {changed}，删除 {removed}，跳过 {skipped}（{seconds} 秒）。",
        "stats": "<b>索引</b>\n文章 {articles} 篇，段落 {passages} 段，跳过文件 {skipped} 个\n"
                 "发布时间 {first} 至 {last}\n存储 {store} MB，检索 {search} MB\n最近更新 {updated}",
        "inline_hint": "输入关键词搜索报道",
        "previous": "◀ 上一页",
        "next": "下一页 ▶",
        "digest_title": "📰 <b>新闻摘要</b> · {when} · {count} 个报道",
        "digest_range": "按报道媒体数排列，第 {first}–{last} 个，共 {count} 个",
        "digest_line": "{outlets} 家媒体 · 首发 {first} {time}",
        "digest_line_one": "1 家媒体 · 首发 {first} {time}",
        "digest_more_outlets": " 等另 {count} 家",
        "digest_earlier": "此前已有 {count} 家报道",
        "digest_day": "📰 <b>{day} 的报道</b> · {count} 个报道",
        "digest_nothing": "自 {since} 以来没有新的报道。",
        "digest_nothing_day": "{day} 没有报道。",
        "new": "新",
        "subscribed": "已订阅每日摘要：每天 {at}（{zone}）。用 /unsubscribe 取消。",
        "subscription": "你的每日摘要：每天 {at}（{zone}）。更改：/subscribe HH:MM 时区；取消：/unsubscribe。",
        "unsubscribed": "已取消每日摘要。",
        "not_subscribed": "这个聊天没有订阅每日摘要。用 /subscribe 订阅。",
        "usage_subscribe": "用法：/subscribe [HH:MM] [时区]，例如 <code>/subscribe 08:00 Asia/Singapore</code>",
        "usage_digest": "用法：/digest 或 /digest YYYY-MM-DD",
        "usage_coverage": "用法：/coverage 关键词（例如 <code>/coverage 王毅 布林肯 通电话</code>）",
        "usage_compare": "用法：/compare 关键词（例如 <code>/compare 王毅 布林肯 通电话</code>）",
        "compare_button": "⚖️ 比较各媒体",
        "compare_title": "⚖️ <b>{title}</b>\n{count} 家媒体：{outlets}",
        "compare_one": "只有 {outlet} 报道了这件事，无从比较。它的要点：",
        "compare_one_asked": "问到的媒体中只有 {outlet} 报道了这件事，无从比较。它的要点：",
        "compare_none_asked": "问到的媒体都没有这件事的报道可比较。",
        "compare_story": "⚖️ <b>{title}</b>",
        "compare_shared": "<b>共同陈述</b>（多家媒体都说的）",
        "compare_silent": "未提及：{outlets}",
        "compare_also": "同样说的还有：{outlets}",
        "compare_only": "<b>只有一家说的</b>",
        "compare_names": "<b>称呼与写法</b>",
        "compare_spelled": "写作",
        "compare_differ": "<b>不一致的数字</b>",
        "compare_nothing": "没有找到多家媒体共同的陈述。",
        "compare_expired": "这个报道已不在索引中，请重新 /compare。",
        "coverage_muted": "（本聊天屏蔽的 {count} 家媒体在此照常计入：{outlets}）",
        "search_muted": "（本聊天屏蔽的 {count} 家媒体不在结果中，见 /muted）",
        "alert_new": "🔔 新报道符合提醒 <b>{query}</b>",
        "usage_trend": "用法：/trend 关键词 [share]（例如 <code>/trend 黎智英</code>；"
                       "加 share 按各媒体自身发文量换算成百分比）",
        "trend_title": "📈 <b>{query}</b> · {articles} 篇报道 · {first} 至 {last}（按{unit}）",
        "trend_day": "天",
        "trend_week": "周",
        "trend_share": "（各媒体自身发文中的占比）",
        "alert_update": "🔔 提醒 <b>{query}</b> 的报道有更多媒体跟进",
        "alert_many": "🔔 提醒 <b>{query}</b> 等：{count} 个新报道",
        "alert_more": "……另有 {count} 个",
        "usage_alert": "用法：/alert 关键词（与 /search 相同，可加筛选，例如 <code>/alert 黎智英 source:BBC</code>）；"
                       "/alerts 查看；/unalert 编号 删除",
        "alert_added": "已设提醒 {number}：<b>{query}</b>。有新报道符合时会通知你（每个报道一次）。",
        "alert_refused_words": "提醒需要关键词：只有筛选条件会匹配所有新文章。",
        "alert_refused_common": "“{query}” 太常见，几乎所有新文章都会匹配。请加上更具体的词。",
        "alert_too_many": "每个聊天最多 {count} 个提醒，请先用 /unalert 删除一些。",
        "alerts_list": "本聊天的提醒：\n{lines}",
        "alerts_none": "本聊天没有提醒。用 /alert 关键词 设置。",
        "alert_removed": "已删除提醒 {number}。",
        "alert_unknown": "没有编号为 {number} 的提醒。/alerts 查看。",
        "usage_mute": "用法：/mute 媒体名（例如 <code>/mute 大纪元</code>）；/unmute 媒体名 取消；/muted 查看",
        "muted_now": "已屏蔽：{outlets}。搜索结果和摘要中不再出现；/coverage 仍计入。",
        "muted_already": "{outlets} 已在屏蔽列表中。",
        "unmuted_now": "已取消屏蔽：{outlets}。",
        "unmute_unknown": "没有屏蔽 {outlet}。/muted 查看屏蔽列表。",
        "muted_list": "本聊天屏蔽的媒体：{outlets}",
        "muted_none": "本聊天没有屏蔽任何媒体。",
        "mute_ambiguous": "“{value}” 对应多家媒体：{outlets}。请写出完整名称。",
        "coverage_title": "🗞 <b>{title}</b> · {count} 家媒体报道",
        "coverage_first": "首发",
        "reprint_of": "转载自 {source}",
        "coverage_early": "首发 {hours} 小时以前、或多数媒体报道此事一天以前就报道，标题未提此事（报道的是此前的事）：",
        "coverage_late": "首发 {hours} 小时后才报道、标题未提此事（报道的是后续）：",
        "coverage_missing": "未报道（这几天有发稿的 {publishing} 家中的 {count} 家）：{outlets}",
        "coverage_none": "没有找到与 <b>{query}</b> 相关的报道。",
        "coverage_unnamed": "⚠️ 没有哪篇报道的标题提到 <b>{query}</b>。以下是与之最相关的段落所在的报道，"
                            "讲的可能是别的事，因此不列出“未报道”的媒体。",
        "coverage_off_day": "⚠️ {day} 没有相符的报道；以下是最相符的事件，报道于 {first}。",
        "coverage_mix": "报道媒体构成：{kinds}｜{regions}",
        "coverage_silent_mix": "未报道媒体构成：{kinds}",
        "coverage_no_state": "（这几天有发稿的官方媒体都没有报道）",
        "coverage_earlier": "此前相关报道：",
        "coverage_later": "后续相关报道：",
        "asked_reported": "✅ <b>{outlet}</b> 报道了：",
        "asked_earlier": "🕒 <b>{outlet}</b> 只报道了此前的事：",
        "asked_later": "🕒 <b>{outlet}</b> 只报道了后续：",
        "asked_silent": "❌ <b>{outlet}</b> 没有报道（这几天它发了 {count} 篇稿）",
        "asked_absent": "❔ <b>{outlet}</b>：这几天档案里没有它的文章，无从判断",
        "asked_unknown": "❔ <b>{outlet}</b>：没有哪篇报道的标题提到此事，无从判断",
        "asked_not_carried": "❔ <b>{outlet}</b>：档案里没有这家媒体的文章，无从判断",
        "slow_down": "请求太频繁了，请稍等一分钟再试。",
    },
    "en": {
        "start": "Hello! I answer questions about news coverage: who reported what, and when.\n\n"
                 "Send /search WORDS to search the coverage, or just ask. /sources lists the outlets, /help "
                 "explains the rest.",
        "help": "<b>Usage</b>\n"
                "/search WORDS — search the coverage, e.g. <code>/search 王毅 布林肯</code>\n"
                "/when EVENT — the date it happened, with the evidence, e.g. <code>/when 习近平 拜登 视频会晤</code>\n"
                "/coverage EVENT — which outlets reported it, who was first, who did not (those that reported only "
                "what preceded or followed, apart; when no headline names the event, it says so and calls no outlet "
                "silent); the outlets' kinds and regions; earlier and later stories of the topic; with a date "
                "(<code>8月10日 黎智英被捕</code>), that day's event\n"
                "/compare EVENT — how the outlets differ: what several state, what only one says, how each labels "
                "and spells the names, figures that differ; name outlets "
                "(<code>/compare BBC 纽约时报 黎智英被捕</code>) to compare those alone\n"
                "/digest [DATE] — what is new, most reported first; /subscribe HH:MM — a daily digest; "
                "/unsubscribe to stop\n"
                "/mute OUTLET — leave an outlet out of this chat's results and digests (/coverage still counts it); "
                "/unmute to undo; /muted to list\n"
                "/alert WORDS — hear of each new story that matches, once; /alerts to list; /unalert N to remove\n"
                "/trend WORDS [share] — a chart of the attention over time, a line per outlet, peaks named\n"
                "Filters: <code>source:联合早报</code>  <code>since:2021-11-01</code>  <code>until:2021-11-30</code>\n"
                "/sources — outlets and their date ranges; /help — this text\n"
                "Administrators: /stats — the index; /reindex — read new files now\n"
                "You can also just ask: questions with 什么时候, 何时, 哪天, “when”, “what day” or “what time” are "
                "answered like "
                "/when, “how did the outlets report …”, “how did the BBC and Reuters report …” or 各家媒体如何报道 "
                "like /compare, “who reported …”, “how many "
                "outlets reported …”, "
                "谁报道了 or 哪些媒体报道 like /coverage, “did the BBC report …”, “how did the BBC cover …” or "
                "BBC报道了…吗 like /coverage, "
                "answered for that outlet first, others like /search.\n"
                "Ask in your own words or in English (e.g. <code>/search Rome meeting</code>): results found by "
                "meaning or through the dictionary say so.",
        "usage_search": "Usage: /search WORDS (e.g. <code>/search 台湾问题</code>)",
        "nothing": "Nothing found for <b>{query}</b>.\nTry fewer or other words, another spelling, or no filters.",
        "results": "🔎 <b>{query}</b> · {count} results",
        "aliases": "🔁 Also matched: {pairs}",
        "by_meaning": "<i>found by meaning</i>",
        "by_translation": "<i>found through the dictionary</i>",
        "meaning_pending": "(Search by meaning is still being prepared: {share}% of passages so far; the rest is "
                           "searched by words only.)",
        "also": "Also reported by",
        "sources_title": "<b>Outlets</b> ({articles} articles, {passages} passages)",
        "sources_line": "{source}: {count} articles, {first} to {last}",
        "no_sources": "No articles are indexed yet.",
        "bad_query": "Cannot run this query: {reason}",
        "error": "Sorry, something went wrong. Please try again later.",
        "no_link": "no link",
        "usage_when": "Usage: /when EVENT (e.g. <code>/when 习近平 拜登 视频会晤</code>)",
        "when_answer": "📅 <b>{query}</b>\n<b>{date}</b>{time} · {outlets}",
        "when_disagree": "⚖️ Other coverage says: <b>{date}</b>{time} · {outlets}",
        "when_none": "No date for <b>{query}</b> was found in the coverage.",
        "when_closest": "The closest coverage, by publication date:",
        "when_first_report": "📰 <b>{query}</b>\nFirst reported: <b>{date}</b>{time} · {outlets}\n"
                             "(no sentence in the coverage states when it happened; this is when the earliest report "
                             "was published, not necessarily the day of the event)",
        "when_reported": "📰 <b>{query}</b>\nFirst reported: <b>{date}</b>{time} · {outlets}",
        "evidence": "Evidence",
        "resolved": "“{expression}” → {value} ({how})",
        "published_on": "published {date}",
        "results_page": "🔎 <b>{query}</b> · page {page}/{pages}, {count} results",
        "expired": "This button has expired; please search again.",
        "refused": "Sorry, this bot is not open to this chat.",
        "admin_only": "Only the bot's administrators can use this command.",
        "reindexed": "Index updated: {added} added, {changed} changed, {removed} removed, {skipped} skipped "
                     "({seconds} s).",
        "stats": "<b>Index</b>\n{articles} articles, {passages} passages, {skipped} skipped files\n"
                 "published {first} to {last}\nstore {store} MB, search {search} MB\nlast updated {updated}",
        "inline_hint": "Type words to search the coverage",
        "previous": "◀ Previous",
        "next": "Next ▶",
        "digest_title": "📰 <b>News digest</b> · {when} · {count} stories",
        "digest_range": "by number of outlets: {first}–{last} of {count}",
        "digest_line": "{outlets} outlets · first {first} {time}",
        "digest_line_one": "1 outlet · first {first} {time}",
        "digest_more_outlets": " and {count} more",
        "digest_earlier": "{count} reported it earlier",
        "digest_day": "📰 <b>Coverage of {day}</b> · {count} stories",
        "digest_nothing": "Nothing new since {since}.",
        "digest_nothing_day": "No coverage on {day}.",
        "new": "new",
        "subscribed": "Subscribed to the daily digest: every day at {at} ({zone}). /unsubscribe to stop.",
        "subscription": "Your daily digest: every day at {at} ({zone}). "
                        "Change: /subscribe HH:MM ZONE; stop: /unsubscribe.",
        "unsubscribed": "The daily digest is cancelled.",
        "not_subscribed": "This chat has no daily digest. /subscribe to get one.",
        "usage_subscribe": "Usage: /subscribe [HH:MM] [ZONE], e.g. <code>/subscribe 08:00 Asia/Singapore</code>",
        "usage_digest": "Usage: /digest or /digest YYYY-MM-DD",
        "usage_coverage": "Usage: /coverage WORDS (e.g. <code>/coverage 王毅 布林肯 通电话</code>)",
        "usage_compare": "Usage: /compare WORDS (e.g. <code>/compare 王毅 布林肯 通电话</code>)",
        "compare_button": "⚖️ Compare the outlets",
        "compare_title": "⚖️ <b>{title}</b>\n{count} outlets: {outlets}",
        "compare_one": "Only {outlet} reported this, so there is nothing to compare. Its key statements:",
        "compare_one_asked": "Of the outlets asked about, only {outlet} reported this, so there is nothing to compare."
                             " Its key statements:",
        "compare_none_asked": "None of the outlets asked about has a report of this to compare.",
        "compare_story": "⚖️ <b>{title}</b>",
        "compare_shared": "<b>Shared</b> (stated by several outlets)",
        "compare_silent": "not stated by: {outlets}",
        "compare_also": "also stated by: {outlets}",
        "compare_only": "<b>Only one outlet says</b>",
        "compare_names": "<b>Names and labels</b>",
        "compare_spelled": "spelled",
        "compare_differ": "<b>Figures that differ</b>",
        "compare_nothing": "No statement was found in several outlets.",
        "compare_expired": "This story is no longer in the index; please run /compare again.",
        "coverage_muted": "(The {count} outlets this chat muted still count here: {outlets})",
        "search_muted": "({count} outlets muted in this chat are left out: /muted)",
        "alert_new": "🔔 A new story matches your alert <b>{query}</b>",
        "usage_trend": "Usage: /trend WORDS [share] (e.g. <code>/trend 黎智英</code>; with share, as a per cent "
                       "of each outlet's own output)",
        "trend_title": "📈 <b>{query}</b> · {articles} articles · {first} to {last} (by {unit})",
        "trend_day": "day",
        "trend_week": "week",
        "trend_share": "(each outlet's share of its own articles)",
        "alert_update": "🔔 More outlets now report a story of your alert <b>{query}</b>",
        "alert_many": "🔔 Your alert <b>{query}</b> and others: {count} new stories",
        "alert_more": "… and {count} more",
        "usage_alert": "Usage: /alert WORDS (as /search, filters included, e.g. <code>/alert 黎智英 source:BBC</code>);"
                       " /alerts to list; /unalert N to remove",
        "alert_added": "Alert {number} set: <b>{query}</b>. You will hear of each new story that matches, once.",
        "alert_refused_words": "An alert needs words: filters alone match every new article.",
        "alert_refused_common": "“{query}” is so common that nearly every new article would match. Add a more "
                                "specific word.",
        "alert_too_many": "A chat may keep {count} alerts; remove some with /unalert first.",
        "alerts_list": "Alerts of this chat:\n{lines}",
        "alerts_none": "No alerts in this chat. Set one with /alert WORDS.",
        "alert_removed": "Alert {number} removed.",
        "alert_unknown": "There is no alert {number}. /alerts lists them.",
        "usage_mute": "Usage: /mute OUTLET (e.g. <code>/mute 大纪元</code>); /unmute OUTLET to undo; /muted to list",
        "muted_now": "Muted: {outlets}. They are left out of search results and digests; /coverage still counts them.",
        "muted_already": "{outlets} is already muted.",
        "unmuted_now": "Unmuted: {outlets}.",
        "unmute_unknown": "{outlet} is not muted. /muted lists the muted outlets.",
        "muted_list": "Outlets muted in this chat: {outlets}",
        "muted_none": "No outlet is muted in this chat.",
        "mute_ambiguous": "“{value}” matches several outlets: {outlets}. Please give the full name.",
        "coverage_title": "🗞 <b>{title}</b> · covered by {count} outlets",
        "coverage_first": "first",
        "reprint_of": "reprint of {source}",
        "coverage_early": "Only earlier ({hours} hours or more before the first report, or a day before most outlets"
                          " reported it; on what preceded, the headline not naming it):",
        "coverage_late": "Only later ({hours} hours or more after the first report, on what followed, the headline not"
                         " naming it):",
        "coverage_missing": "Not covered by ({count} of the {publishing} outlets publishing those days): {outlets}",
        "coverage_none": "No coverage found for <b>{query}</b>.",
        "coverage_unnamed": "⚠️ No headline names <b>{query}</b>. Below is the story of the passages that match it"
                            " best, which may be about something else, so no outlet is listed as silent.",
        "coverage_off_day": "⚠️ Nothing matching was reported on {day}; below is the best match, reported {first}.",
        "coverage_mix": "Who covered it: {kinds} | {regions}",
        "coverage_silent_mix": "Who did not: {kinds}",
        "coverage_no_state": " (none from the state media publishing those days)",
        "coverage_earlier": "Earlier in this story:",
        "coverage_later": "Later in this story:",
        "asked_reported": "✅ <b>{outlet}</b> reported it:",
        "asked_earlier": "🕒 <b>{outlet}</b> reported only what preceded it:",
        "asked_later": "🕒 <b>{outlet}</b> reported only what followed:",
        "asked_silent": "❌ <b>{outlet}</b> did not report it ({count} articles of its own those days)",
        "asked_absent": "❔ <b>{outlet}</b>: no article of it in the archive those days; cannot tell",
        "asked_unknown": "❔ <b>{outlet}</b>: no headline names the event; cannot tell",
        "asked_not_carried": "❔ <b>{outlet}</b>: the archive holds no article of this outlet; cannot tell",
        "slow_down": "Too many requests from this chat; please wait a minute.",
    },
}


def language_of(code: str | None) -> str:
    """Return ``zh`` for Chinese language codes (and when unknown), ``en`` otherwise."""
    if not code:
        return "zh"
    return "zh" if code.lower().startswith("zh") else "en"


def text(lang: str, key: str, **values: object) -> str:
    """Return a piece of bot wording in ``lang``, with ``values`` HTML-escaped and filled in."""
    template = TEXTS.get(lang, TEXTS["zh"])[key]
    return template.format(**{k: html.escape(str(v), quote=False) for k, v in values.items()})


def highlight(passage: str, matched: Iterable[str]) -> str:
    """Return ``passage`` escaped, with every occurrence of the matched substrings in bold."""
    words = sorted({m for m in matched if m.strip()}, key=len, reverse=True)
    if words and len(words[0]) > 1:
        words = [w for w in words if len(w) > 1 or w.isascii()]  # no lone characters beside real words
    if not words:
        return html.escape(passage, quote=False)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(passage):
        out.append(html.escape(passage[last:m.start()], quote=False))
        out.append(f"<b>{html.escape(m.group(0), quote=False)}</b>")
        last = m.end()
    out.append(html.escape(passage[last:], quote=False))
    return "".join(out)


def _clip(passage: str, limit: int = QUOTE_LIMIT) -> str:
    return passage if len(passage) <= limit else passage[:limit].rstrip() + "…"


def format_date(moment: datetime, zone: ZoneInfo) -> str:
    """Return the calendar day of ``moment`` in ``zone`` (YYYY-MM-DD)."""
    return moment.astimezone(zone).strftime("%Y-%m-%d")


def link(label: str, url: str | None) -> str:
    """Return an HTML link, or the escaped label alone when there is no (safe) URL."""
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}">{html.escape(label, quote=False)}</a>'
    return html.escape(label, quote=False)


def render_hit(rank: int, hit: Hit, lang: str, zone: ZoneInfo, *, quote_limit: int = QUOTE_LIMIT,
               numbered: bool = True) -> str:
    """Return one hit: outlet, date and linked title, the quoted passage with highlights, and its reprints."""
    number = f"{rank}. " if numbered else ""
    byline = f" · {html.escape(hit.author, quote=False)}" if hit.author else ""
    head = (f"<b>{number}{html.escape(hit.source, quote=False)}</b>{byline} · {format_date(hit.published, zone)} · "
            f"{link(hit.title, hit.url)}")
    how = set(hit.found)
    if how and not how & {"words", "alias"}:  # found without the query's own words: say how
        head += " · " + text(lang, "by_translation" if "translation" in how else "by_meaning")
    quote = f"<blockquote>{highlight(_clip(hit.text, quote_limit), hit.matched)}</blockquote>"
    lines = [head, quote]
    if hit.also:
        others = ", ".join(
            f"{link(a.source, a.url)} ({format_date(a.published, zone)})" for a in hit.also)
        lines.append(f"↪ {text(lang, 'also')}: {others}")
    return "\n".join(lines)


def page_count(hits: int, per_page: int) -> int:
    """How many pages ``hits`` results make (at least one)."""
    return max(1, -(-hits // per_page))


def render_aliases(aliases: Iterable[tuple[str, tuple[str, ...]]], lang: str) -> str:
    """Return the line saying which other spellings a query's words were matched to (empty when none)."""
    parts = [f"{html.escape(word, quote=False)} → {html.escape('、'.join(others), quote=False)}"
             for word, others in aliases]
    return text(lang, "aliases", pairs="; ".join(parts)) if parts else ""


def render_search_page(query: str, hits: list[Hit], page: int, per_page: int, lang: str,
                       zone: ZoneInfo, aliases: Iterable[tuple[str, tuple[str, ...]]] = (),
                       meaning: Coverage | None = None, muted: int = 0) -> str:
    """Return one page (numbered from 0) of a search reply, shortened to fit in a single message.

    ``aliases`` are the other spellings (and Chinese readings of English words) the query's words were matched
    to, said under the header; ``meaning`` how much of the corpus search by meaning reached, said when it is not
    all of it and nothing was found.
    """
    pages = page_count(len(hits), per_page)
    shown = hits[page * per_page:(page + 1) * per_page]
    short = query if len(query) <= 80 else query[:80] + "…"
    if not shown:
        reply = text(lang, "nothing", query=short)
        if meaning is not None and not meaning.complete:
            reply += "\n" + text(lang, "meaning_pending", share=f"{100 * meaning.share:.0f}")
        if muted:
            reply += "\n" + text(lang, "search_muted", count=muted)
        return reply
    header = text(lang, "results", query=short, count=len(hits)) if pages == 1 else \
        text(lang, "results_page", query=short, page=page + 1, pages=pages, count=len(hits))
    matched_as = render_aliases(aliases, lang)
    if matched_as:
        header += "\n" + matched_as
    for limit in (QUOTE_LIMIT, 300, 120):
        body = "\n\n".join([header] + [render_hit(page * per_page + i + 1, h, lang, zone, quote_limit=limit)
                                       for i, h in enumerate(shown)])
        if visible_length(body) <= MESSAGE_LIMIT and len(body) <= 3 * MESSAGE_LIMIT:  # one message, for buttons
            return body
    return split_message(body)[0]


def page_keyboard(key: str, page: int, pages: int, lang: str) -> InlineKeyboardMarkup | None:
    """Return previous / page counter / next buttons for a result page, or None for a single page.

    Callback data is ``pg:<key>:<page>``: a short key for the query kept in the store, within 64 bytes.
    """
    if pages <= 1:
        return None
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(text(lang, "previous"), callback_data=f"pg:{key}:{page - 1}"))
    row.append(InlineKeyboardButton(f"{page + 1}/{pages}", callback_data=f"pg:{key}:{page}"))
    if page < pages - 1:
        row.append(InlineKeyboardButton(text(lang, "next"), callback_data=f"pg:{key}:{page + 1}"))
    return InlineKeyboardMarkup([row])


def render_stats(stats: IndexStats, lang: str, zone: ZoneInfo) -> str:
    """Return the index's size, date range and last update, then its outlets."""
    summary = text(lang, "stats", articles=stats.articles, passages=stats.passages, skipped=stats.skipped,
                   first=format_date(stats.first, zone) if stats.first else "-",
                   last=format_date(stats.last, zone) if stats.last else "-",
                   store=f"{stats.db_bytes / 1e6:.1f}", search=f"{stats.search_bytes / 1e6:.1f}",
                   updated=stats.updated or "-")
    return summary + "\n\n" + render_sources(stats, lang, zone)


def inline_results(hits: list[Hit], lang: str, zone: ZoneInfo) -> list[InlineQueryResultArticle]:
    """Return search hits as inline-mode articles: outlet and date as title, the quote as the message."""
    results = []
    for i, hit in enumerate(hits):
        snippet = hit.text if len(hit.text) <= 120 else hit.text[:120] + "…"
        results.append(InlineQueryResultArticle(
            id=f"{i}-{hit.path[-40:]}-{hit.passage}"[:64],
            title=f"{hit.source} · {format_date(hit.published, zone)} · {hit.title}"[:200],
            description=snippet,
            url=hit.url if hit.url and hit.url.startswith(("http://", "https://")) else None,
            input_message_content=InputTextMessageContent(
                render_hit(0, hit, lang, zone, numbered=False),
                parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))))
    return results


def render_sources(stats: IndexStats, lang: str, zone: ZoneInfo) -> str:
    """Return the list of outlets with article counts and date ranges."""
    if not stats.sources:
        return text(lang, "no_sources")
    lines = [text(lang, "sources_title", articles=stats.articles, passages=stats.passages)]
    lines.extend(
        "• " + text(lang, "sources_line", source=s.source, count=s.articles,
                    first=format_date(s.first, zone), last=format_date(s.last, zone))
        for s in stats.sources)
    return "\n".join(lines)


def _date_label(start: date, end: date, granularity: str) -> str:
    """A date at the precision the sources give: 2021-11-16, 2022年8月, 2017年, 2021-10-30 – 2021-10-31."""
    if granularity == "month":
        return f"{start.year}年{start.month}月"
    if granularity == "year":
        return f"{start.year}年"
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()} – {end.isoformat()}"


def _time_label(moment: datetime | None) -> str:
    if moment is None:
        return ""
    offset = moment.strftime("%z")
    zone = getattr(moment.tzinfo, "key", None) or f"UTC{offset[:3]}:{offset[3:]}"
    return f" {moment.strftime('%H:%M')} ({zone})"


def _resolution(mention: DateMention, lang: str) -> str:
    value = mention.start.isoformat() if mention.start == mention.end else \
        f"{mention.start.isoformat()} – {mention.end.isoformat()}"
    return text(lang, "resolved", expression=mention.expression, value=value, how=explain(mention.note, lang))


_WEEKDAYS_ZH = {"Monday": "星期一", "Tuesday": "星期二", "Wednesday": "星期三", "Thursday": "星期四",
                "Friday": "星期五", "Saturday": "星期六", "Sunday": "星期日"}
_NOTES_ZH = [  # how a date was worked out (``DateMention.note``), in Chinese
    (re.compile(r"^stated in full$"), "原文写明"),
    (re.compile(r"^holiday$"), "节日"),
    (re.compile(r"^clock time$"), "原文写明的时刻"),
    (re.compile(r"^date given in brackets$"), "括号中写明日期"),
    (re.compile(r"^year from the publication date$"), "年份取自发布日期"),
    (re.compile(r"^month from the publication date$"), "月份取自发布日期"),
    (re.compile(r"^ISO week, Monday to Sunday$"), "ISO 周（周一至周日）"),
    (re.compile(r"^counted from the publication date (\S+), a (\w+)$"), r"从发布日期 \1（\2）推算"),
    (re.compile(r"^(.+) from the publication date (\S+)$"), r"从发布日期 \2 推算「\1」"),
    (re.compile(r"^local offset from the conversion to (.+)$"), r"由换算成\1的时差得出当地时区"),
    (re.compile(r"^(周.) of the week before (\S+)$"), r"\2 前一周的\1"),
    (re.compile(r"^(周.) of the week after (\S+)$"), r"\2 后一周的\1"),
    (re.compile(r"^(周.) of the week of (\S+)$"), r"\2 所在一周的\1"),
    (re.compile(r"^(周.) on or after the publication date, a (\w+) \(future tense\)$"),
     r"发布日期（\2）当天或之后的\1（将来时）"),
    (re.compile(r"^(周.) nearest the publication date, a (\w+) \(the one (before|after)\)$"),
     r"离发布日期（\2）最近的\1（\3）"),
    (re.compile(r"^year of publication (\d+)$"), r"发布年份 \1 年"),
    (re.compile(r"^(\d+) years from (\d+)$"), r"从 \2 年起算 \1 年"),
    (re.compile(r"^(.+) of (\d{4})$"), r"\2 年的\1"),
    (re.compile(r"^(.+) = (\d+)$"), r"「\1」即 \2 年"),
]


_WHERE_ZH = {"the place its sentence names": "句中所说的地点", "the place of the report's dateline": "电头所说的地点",
             "the place the headline names": "标题所说的地点", "the outlet's own zone": "媒体所在地"}


def explain(note: str, lang: str) -> str:
    """Return how a date was worked out in the reply's language (the notes are written in English); a clock
    time's note ends with the zone it was read in and why (``; read in Asia/Tokyo, the place its sentence
    names``)."""
    if lang != "zh" or not note:
        return note
    note, _, read_in = note.partition("; read in ")
    if read_in:
        zone, _, where = read_in.partition(", ")
        return f"{explain(note, lang)}；按 {zone} 时间（{_WHERE_ZH.get(where, where)}）"
    dateline = "the dateline's day" in note
    if dateline:
        note = note.replace("the dateline's day", "the publication date")
    for pattern, replacement in _NOTES_ZH:
        if pattern.match(note):
            out = pattern.sub(replacement, note)
            for english, chinese in _WEEKDAYS_ZH.items():
                out = out.replace(english, chinese)
            out = out.replace("（before）", "（之前）").replace("（after）", "（之后）")
            return out.replace("发布日期", "电头日期") if dateline else out
    return note


def _evidence(e: Evidence, lang: str, zone: ZoneInfo) -> str:
    head = (f"• <b>{html.escape(e.hit.source, quote=False)}</b> · {format_date(e.hit.published, zone)} · "
            f"{link(e.hit.title, e.hit.url)}")
    sentence = e.sentence if len(e.sentence) <= QUOTE_LIMIT else e.sentence[:QUOTE_LIMIT] + "…"
    marks = [e.mention.expression] if e.mention else []
    lines = [head, f"<blockquote>{highlight(sentence, marks + list(e.hit.matched))}</blockquote>"]
    if e.mention:
        lines.append(_resolution(e.mention, lang))
    return "\n".join(lines)


def render_when(answer: WhenAnswer, lang: str, zone: ZoneInfo, evidence_per_date: int = 3) -> str:
    """Return the reply to /when: the date at its precision, the time when stated, the quoted evidence."""
    query = answer.query if len(answer.query) <= 80 else answer.query[:80] + "…"
    if answer.date is None:
        parts = [text(lang, "when_none", query=query)]
        if answer.coverage:
            parts.append(text(lang, "when_closest"))
            parts.extend(render_hit(i, hit, lang, zone) for i, hit in enumerate(answer.coverage[:5], 1))
        return "\n\n".join(parts)
    best = answer.date
    key = "when_answer"
    if answer.basis == "first_report":
        key = "when_reported" if answer.reported else "when_first_report"
    parts = [text(lang, key, query=query, date=_date_label(best.start, best.end, best.granularity),
                  time=_time_label(best.time), outlets="、".join(best.outlets))]
    parts.extend(_evidence(e, lang, zone) for e in best.evidence[:evidence_per_date])
    for alt in answer.alternatives:
        parts.append(text(lang, "when_disagree", date=_date_label(alt.start, alt.end, alt.granularity),
                          time=_time_label(alt.time), outlets="、".join(alt.outlets)))
        parts.extend(_evidence(e, lang, zone) for e in alt.evidence[:1])
    return "\n\n".join(parts)


def format_time(moment: datetime, zone: ZoneInfo) -> str:
    """Return ``moment`` in ``zone`` as YYYY-MM-DD HH:MM."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def format_time_zone(moment: datetime, zone: ZoneInfo) -> str:
    """Return ``moment`` in ``zone`` as YYYY-MM-DD HH:MM with the zone's offset then (UTC+8, UTC+5:30, UTC−3)."""
    offset = moment.astimezone(zone).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    sign = "+" if minutes >= 0 else "−"
    return f"{format_time(moment, zone)} UTC{sign}{hours}{f':{rest:02d}' if rest else ''}"


KIND_NAMES = {
    "zh": {"state": "官方", "public": "公共资助", "commercial": "商业", "independent": "独立", "movement": "团体背景",
           "unknown": "未知"},
    "en": {"state": "state", "public": "public", "commercial": "commercial", "independent": "independent",
           "movement": "movement-affiliated", "unknown": "unknown"},
}
REGION_NAMES = {
    "zh": {"CN": "中国大陆", "TW": "台湾", "HK": "香港", "MO": "澳门", "SG": "新加坡", "US": "美国", "GB": "英国",
           "DE": "德国", "FR": "法国", "JP": "日本", "IT": "意大利", "AU": "澳大利亚", "CA": "加拿大",
           "unknown": "未知"},
    "en": {"CN": "mainland China", "TW": "Taiwan", "HK": "Hong Kong", "MO": "Macau", "SG": "Singapore", "US": "US",
           "GB": "UK", "DE": "Germany", "FR": "France", "JP": "Japan", "IT": "Italy", "AU": "Australia",
           "CA": "Canada",
           "unknown": "unknown"},
}


def _counts(counts: dict[str, int], names: dict[str, str]) -> str:
    return " · ".join(f"{names.get(k, k)} {n}" for k, n in counts.items())


def render_mix(story: Story, lang: str) -> str:
    """Return the kinds and regions of the outlets that covered a story (and the kinds of those that did not)."""
    lang = lang if lang in KIND_NAMES else "zh"
    mixes = story.mix()
    lines = [text(lang, "coverage_mix", kinds=_counts(mixes["covered"]["kind"], KIND_NAMES[lang]),
                  regions=_counts(mixes["covered"]["region"], REGION_NAMES[lang]))]
    if "state" in mixes["silent"]["kind"] and "state" not in mixes["covered"]["kind"]:
        lines[0] += text(lang, "coverage_no_state")  # what the mix is most often asked for
    if story.missing:
        lines.append(text(lang, "coverage_silent_mix", kinds=_counts(mixes["silent"]["kind"], KIND_NAMES[lang])))
    return "\n".join(lines)


def render_coverage(story: Story | None, query: str, lang: str, zone: ZoneInfo,
                    muted: frozenset[str] = frozenset()) -> str:
    """Return a story's coverage: each outlet's headline, time (first marked), link and lede, then who missed it.
    Outlets the chat muted still count here, so that the facts stay whole; the reply says how many there are."""
    if story is None or not story.articles:
        return text(lang, "coverage_none", query=query if len(query) <= 80 else query[:80] + "…")
    parts = [text(lang, "coverage_title", title=story.title, count=len(story.articles))]
    if not story.named:
        parts.insert(0, text(lang, "coverage_unnamed", query=query if len(query) <= 80 else query[:80] + "…"))
    if story.asked_day is not None and story.first_report is not None:
        parts.insert(0, text(lang, "coverage_off_day", day=story.asked_day.isoformat(),
                             first=story.first_report.published.astimezone(zone).date().isoformat()))
    among = sorted(muted & ({a.source for a in (*story.articles, *story.early, *story.late)} | set(story.missing)))
    if among:
        parts[0] += "\n" + text(lang, "coverage_muted", count=len(among), outlets="、".join(among))
    if story.asked:  # the outlets the question asked about come first: did BBC report it?
        parts.insert(0, "\n".join(_asked_line(v, lang, zone) for v in story.asked))
    for a in story.articles:
        marks = []
        if a.first:
            marks.append(f"<b>{text(lang, 'coverage_first')}</b>")
        if a.reprint_of:
            marks.append(text(lang, "reprint_of", source=a.reprint_of))
        head = (f"• <b>{html.escape(a.source, quote=False)}</b> · {format_time_zone(a.published, zone)}"
                f"{' · ' + ' · '.join(marks) if marks else ''}\n{link(a.title, a.url)}")
        parts.append(head + _shown(a))
    for key, apart in (("coverage_early", story.early), ("coverage_late", story.late)):
        if apart:
            parts.append("\n".join([text(lang, key, hours=APART_HOURS), *(
                f"• <b>{html.escape(a.source, quote=False)}</b> · {format_time_zone(a.published, zone)} "
                f"{link(a.title, a.url)}" for a in apart)]))
    if story.missing:
        parts.append(text(lang, "coverage_missing", outlets="、".join(story.missing), count=len(story.missing),
                          publishing=story.publishing))
    parts.append(render_mix(story, lang))
    for key, related in (("coverage_earlier", story.earlier), ("coverage_later", story.later)):
        if related:
            parts.append("\n".join([text(lang, key), *(
                f"• {format_date(e.published, zone)} {link(e.title, e.url)}" for e in related)]))
    return "\n\n".join(parts)


def _asked_line(verdict: OutletVerdict, lang: str, zone: ZoneInfo) -> str:
    """What the coverage says of an outlet the question asked about, with its report when it has one."""
    line = text(lang, f"asked_{verdict.verdict}", outlet=verdict.outlet, count=verdict.published)
    a = verdict.article
    if a is None or verdict.verdict == "unknown":
        return line
    first = f" · <b>{text(lang, 'coverage_first')}</b>" if a.first and verdict.verdict == "reported" else ""
    space = "" if line.endswith("：") else " "
    quote = _shown(a) if verdict.how else ""  # asked how it reported it: its words
    return f"{line}{space}{format_time_zone(a.published, zone)}{first} {link(a.title, a.url)}{quote}"


def _shown(a: StoryArticle) -> str:
    """The passage shown under a report's line in /coverage (its quote for the question, else its lede), on a line
    of its own; nothing when it has none."""
    return f"\n<blockquote>{html.escape(_clip(a.shown, 300), quote=False)}</blockquote>" if a.shown.strip() else ""


UTC_ZONE = ZoneInfo("UTC")  # times shown when the caller gives no zone
COMPARE_QUOTE = 110  # characters of a quote in /compare
COMPARE_QUOTES = 3  # quotes shown of a shared statement; its other outlets are named
COMPARE_OWN = 2  # own statements shown per outlet (the JSON has them all)


def _quote_line(q: Quote, lang: str) -> str:
    """One quote of /compare: the outlet linked to its report, then the sentence."""
    return f"{link(q.outlet, q.url)}：{html.escape(_clip(q.text, COMPARE_QUOTE), quote=False)}" if lang == "zh" \
        else f"{link(q.outlet, q.url)}: {html.escape(_clip(q.text, COMPARE_QUOTE), quote=False)}"


def compare_keyboard(story: Story, lang: str) -> InlineKeyboardMarkup | None:
    """The button under /coverage that compares the story's outlets (when there are two or more)."""
    if len(story.articles) < 2:
        return None
    ids = [str(story.story_id)]
    for joined in story.joined:  # the stories of the same event, as many as Telegram's 64 bytes hold
        if len("cmp:" + ",".join([*ids, str(joined)])) > 64:
            break
        ids.append(str(joined))
    data = "cmp:" + ",".join(ids)
    return InlineKeyboardMarkup([[InlineKeyboardButton(text(lang, "compare_button"), callback_data=data)]])


def render_compare(found: Comparison | None, query: str, lang: str, zone: ZoneInfo = UTC_ZONE) -> str:
    """Return /compare's reply: the story and its outlets, the shared statements with each outlet's quote and
    who did not state them, each outlet's own statements, the labels and spellings of names, figures that differ.
    Every line is a quote linked to its report. A comparison of the outlets a question named says first what the
    coverage found of each of them (its report's time in ``zone``)."""
    if found is None or not (found.outlets or found.asked):
        return text(lang, "coverage_none", query=query if len(query) <= 80 else query[:80] + "…")
    sep = "、" if lang == "zh" else ", "
    parts = [text(lang, "compare_title", title=found.story.title, count=len(found.outlets),
                  outlets=sep.join(found.outlets)) if found.outlets else
             text(lang, "compare_story", title=found.story.title)]  # text() escapes what it fills in
    if found.asked:
        parts.append("\n".join(_asked_line(verdict, lang, zone) for verdict in found.asked))
        if not found.outlets:
            parts.append(text(lang, "compare_none_asked"))
            return "\n\n".join(parts)
    if len(found.outlets) == 1:
        parts.append(text(lang, "compare_one_asked" if found.asked else "compare_one", outlet=found.outlets[0]))
        parts.extend("• " + _quote_line(own.quote, lang) for own in found.only)
        return "\n\n".join(parts)
    shared = [text(lang, "compare_shared")]
    for item in found.shared:
        lines = [f"• {len(item.outlets)}/{len(found.outlets)}",
                 *("  " + _quote_line(q, lang) for q in item.quotes[:COMPARE_QUOTES])]
        if len(item.quotes) > COMPARE_QUOTES:
            lines.append("  " + text(lang, "compare_also", outlets="") + sep.join(
                link(q.outlet, q.url) for q in item.quotes[COMPARE_QUOTES:]))
        if item.silent:
            lines.append("  <i>" + text(lang, "compare_silent", outlets=sep.join(item.silent)) + "</i>")
        shared.append("\n".join(lines))
    if not found.shared:
        shared.append(text(lang, "compare_nothing"))
    parts.append("\n".join(shared))
    if found.only:
        shown: dict[str, int] = {}
        lines = [text(lang, "compare_only")]
        for own in found.only:
            shown[own.quote.outlet] = shown.get(own.quote.outlet, 0) + 1
            if shown[own.quote.outlet] <= COMPARE_OWN:
                lines.append("• " + _quote_line(own.quote, lang))
        parts.append("\n".join(lines))
    if found.names:
        lines = [text(lang, "compare_names")]
        for naming in found.names:
            def used_by(word: str, who: tuple[str, ...]) -> str:
                return f"{html.escape(word, quote=False)}（{sep.join(html.escape(o, quote=False) for o in who)}）"
            labels = "；".join(used_by(label, who) for label, who in naming.labels[:4])
            spelled = "；".join(used_by(w, who) for w, who in naming.spellings[:4])
            line = f"• <b>{html.escape(naming.name, quote=False)}</b>"
            if labels:
                line += "：" + labels
            if spelled:
                line += f" · {text(lang, 'compare_spelled')} " + spelled
            lines.append(line)
        parts.append("\n".join(lines))
    if found.differ:
        lines = [text(lang, "compare_differ")]
        for item in found.differ:
            lines.append("• " + " ≠ ".join(f"<b>{html.escape(figure, quote=False)}</b>" for figure, _ in item.figures))
            lines.extend("  " + _quote_line(q, lang) for _, q in item.figures)
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def render_digest(stories: list[DigestStory], lang: str, zone: ZoneInfo, when: datetime | None = None,
                  day: date | None = None, page: int = 0, per_page: int = DIGEST_STORIES) -> str:
    """Return one page of a digest: per story, its linked headline, then how many outlets reported it, the first
    report and its time, and the outlets (the window's articles only, stories ranked)."""
    shown = stories[page * per_page:(page + 1) * per_page]
    if day is not None:
        parts = [text(lang, "digest_day", day=day.isoformat(), count=len(stories))]
    else:
        parts = [text(lang, "digest_title", when=format_time(when or datetime.now(zone), zone), count=len(stories))]
    if len(stories) > len(shown):
        parts[0] += "\n" + text(lang, "digest_range", first=page * per_page + 1,
                                 last=page * per_page + len(shown), count=len(stories))
    for rank, entry in enumerate(shown, page * per_page + 1):
        line = _outlets_line(entry.outlets, entry.first.published, lang, zone)
        if entry.earlier_outlets:
            line += " · " + text(lang, "digest_earlier", count=len(entry.earlier_outlets))
        parts.append(f"{rank}. <b>{link(entry.title, entry.first.url)}</b>\n{line}")
    return "\n\n".join(parts)


def _outlets_line(outlets: Sequence[str], first_published: datetime, lang: str, zone: ZoneInfo) -> str:
    """How many outlets reported a story, the first (``outlets[0]``) and when, then the others (a few named)."""
    others = ("、" if lang == "zh" else ", ").join(
        html.escape(o, quote=False) for o in outlets[1:DIGEST_OUTLETS_NAMED + 1])
    if len(outlets) > DIGEST_OUTLETS_NAMED + 1:
        others += text(lang, "digest_more_outlets", count=len(outlets) - DIGEST_OUTLETS_NAMED - 1)
    line = text(lang, "digest_line" if len(outlets) > 1 else "digest_line_one", outlets=len(outlets),
                first=html.escape(outlets[0], quote=False), time=format_time(first_published, zone))
    return f"{line} · {others}" if others else line


def _story_lines(members: list[tuple], outlets: Sequence[str], lang: str, zone: ZoneInfo, *,
                 bold: bool = False) -> str:
    """A story of an alert (its articles as ``members_of`` gives them): the linked headline, then its outlets."""
    first = members[0]
    headline = f"<b>{link(first[2], first[3])}</b>" if bold else link(first[2], first[3])
    return f"{headline}\n{_outlets_line(outlets, datetime.fromisoformat(first[4]), lang, zone)}"


def render_alert(query: str, hit: Hit, members: list[tuple], outlets: Sequence[str], update: bool, lang: str,
                 zone: ZoneInfo) -> str:
    """One alert message: a new story (or its one update) that matches ``query``, with the passage that does."""
    head = text(lang, "alert_update" if update else "alert_new", query=html.escape(query, quote=False))
    return (f"{head}\n{_story_lines(members, outlets, lang, zone, bold=True)}\n"
            f"<blockquote>{highlight(_clip(hit.text, 300), hit.matched)}</blockquote>")


def render_alert_summary(query: str, stories: list[tuple[list[tuple], Sequence[str]]], lang: str,
                         zone: ZoneInfo) -> str:
    """Many stories matching alerts at once, in one message: each one's headline, outlets and first report."""
    lines = [text(lang, "alert_many", query=html.escape(query, quote=False), count=len(stories))]
    for number, (members, outlets) in enumerate(stories[:20], 1):
        lines.append(f"{number}. {_story_lines(members, outlets, lang, zone)}")
    if len(stories) > 20:
        lines.append(text(lang, "alert_more", count=len(stories) - 20))
    return "\n\n".join(lines)


def render_trend_caption(data, lang: str) -> str:
    """The caption of a trend chart: the query, how many articles over which days, and the peaks with their
    headlines."""
    unit = text(lang, "trend_day" if data.unit == "day" else "trend_week")
    lines = [text(lang, "trend_title", query=html.escape(data.query, quote=False), articles=sum(data.totals),
                  first=data.buckets[0].isoformat(), last=data.buckets[-1].isoformat(), unit=unit)]
    if data.share:
        lines.append(text(lang, "trend_share"))
    for day, articles, headline in data.peaks:
        short = headline if len(headline) <= 40 else headline[:39] + "…"
        lines.append(f"• {day.isoformat()} · {articles} · {html.escape(short, quote=False)}")
    return "\n".join(lines)[:1000]


def utf16_len(value: str) -> int:
    """Return the length of ``value`` as Telegram counts it (UTF-16 code units)."""
    return len(value.encode("utf-16-le")) // 2


def visible_length(markup: str) -> int:
    """Return the length of the text an HTML message shows once its tags are parsed."""
    return utf16_len(html.unescape(re.sub(r"<[^>]+>", "", markup)))


def split_message(markup: str, limit: int | None = None) -> list[str]:
    """Split an HTML reply into messages within ``limit`` (Telegram's), only between blocks, never in a tag.

    A single block longer than the limit is cut at a line end, its text stripped of markup as a last resort.
    """
    limit = limit or MESSAGE_LIMIT
    blocks = markup.split("\n\n")
    out: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}\n\n{block}" if current else block
        if visible_length(candidate) <= limit and len(candidate) <= 3 * limit:
            current = candidate
            continue
        if current:
            out.append(current)
        if visible_length(block) <= limit:
            current = block
            continue
        plain = html.escape(html.unescape(re.sub(r"<[^>]+>", "", block)), quote=False)
        while plain:
            piece = plain[: limit // 2]
            cut = piece.rfind("\n")
            piece = piece[: cut] if cut > limit // 4 else piece
            piece = piece[: piece.rfind("&")] if piece.rfind("&") > piece.rfind(";") else piece
            out.append(piece)
            plain = plain[len(piece):].lstrip("\n")
        current = ""
    if current:
        out.append(current)
    return out


def html_to_plain(markup: str) -> str:
    """Return the text a reply shows, links written out as ``label <url>`` (for the console)."""
    from bs4 import BeautifulSoup, NavigableString, Tag  # the console's only: not loaded where the bot serves chats

    soup = BeautifulSoup(markup, "html.parser")

    def walk(node: Tag, in_quote: bool = False) -> str:
        parts: list[str] = []
        for child in node.children:
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif isinstance(child, Tag):
                inner = walk(child, in_quote or child.name == "blockquote")
                if child.name == "a" and child.get("href") and child.get("href") != inner:
                    parts.append(f"{inner} <{child['href']}>")
                elif child.name == "blockquote":
                    parts.append("\n".join("  │ " + line for line in inner.split("\n")))
                elif child.name == "b" and in_quote:
                    parts.append(f"【{inner}】")
                else:
                    parts.append(inner)
        return "".join(parts)

    return walk(soup)
