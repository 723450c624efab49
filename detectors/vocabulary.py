"""The words the detectors look for, as data: one place to read them, extend them, and keep them apart.

Government sites say the same things in a few hundred ways (更多>>, 暂无信息, 置顶, 瑞数's ``$_ts``); the
readers match these lists, compiled once at import, and never spell a word of their own.  Class and id
tokens match whole words inside a class/id value (``head`` matches ``page-head`` but not ``header2``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# --- page chrome: containers whose dates belong to the site, not to the column ----------------------
CHROME_TAGS = frozenset({"header", "footer", "nav", "aside"})
# class/id tokens of headers, footers, navigation, breadcrumbs, side boxes and widgets on LIST pages
CHROME_TOKENS = (
    "header", "head", "top", "topbar", "footer", "foot", "bottom", "nav", "navbar", "subnav", "sidebar", "aside",
    "breadcrumb", "breadcrumbs", "crumb", "crumbs", "position", "location", "weizhi", "dqwz", "copyright",
    "banquan", "friend", "friendlink", "friendlinks", "yqlj", "links", "hot", "hotnews", "rank", "ranking",
    "tuijian", "recommend", "weather", "today", "share",
)  # fmt: skip
# On ARTICLE pages the header and the breadcrumb bar often carry the publish date, so they are not
# chrome there; side boxes of messages and comments are (their dates are newer than the article).
ARTICLE_CHROME_TOKENS = (
    "footer", "foot", "bottom", "nav", "navbar", "sidebar", "side", "aside", "copyright", "friend", "links",
    "yqlj", "hot", "rank", "tuijian", "recommend", "liuyan", "message", "comment",
)  # fmt: skip
# elements whose text is never a date field
TEXTLESS_TAGS = frozenset(
    {"script", "style", "noscript", "textarea", "option", "select", "title", "template"}
)

# --- lists ----------------------------------------------------------------------------------------------
PIN_MARKS = ("置顶", "zhiding", "istop", "is-top", "icon-top")  # in a class, an image or the text
MORE_LINK_TEXTS = ("更多", "更多>>", "more", ">>", "下一页", "上一页", "首页", "尾页", "查看更多", "更多信息")
# headings of boxes beside the column's own list (their dates are other columns')
SIDE_HEADINGS = (
    "热点", "推荐", "热门", "排行", "相关", "最新动态", "最新信息", "专题", "猜你", "点击排行", "阅读排行",
    "友情链接", "图片新闻",
)  # fmt: skip
# what an empty list says; 共 0 条/篇/页 is a pattern
BLANK_PHRASES = (
    "暂无信息", "暂无数据", "暂无内容", "暂无记录", "暂无文章", "暂无相关", "没有找到相关", "没有记录", "无相关信息",
    "查询结果为空",
)  # fmt: skip
BLANK_COUNT = r"共\s*0\s*(?:条|篇|页)"
TODAY_WIDGET_WORDS = ("今天是", "今日是", "今天", "今日：")

# --- pages that are not content: bot walls and WAF challenges ---------------------------------------
# (substrings any of which marks the page, what explain calls it)
CHALLENGE_SIGNS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("$_ts", "$_ss="), "瑞数 (Ruishu) 反爬虫挑战页"),
    (
        (
            "磐云",
            "请稍候",
            "è¯·ç¨å",
            "安全验证",
            "访问验证",
            "滑动验证",
            "人机验证",
            "正在验证",
            "cdn-cgi/challenge",
            "_waf_",
        ),
        "WAF 挑战页",
    ),
)


def token_pattern(tokens: Iterable[str]) -> re.Pattern[str]:
    """Whole-word match of any token inside a class or id value."""
    words = "|".join(re.escape(t) for t in sorted(set(tokens), key=len, reverse=True))
    return re.compile(rf"(?:^|[\s_-])(?:{words})(?:$|[\s_-])", re.IGNORECASE)


def phrase_pattern(phrases: Iterable[str], *extra: str, flags: int = 0) -> re.Pattern[str]:
    """Any of ``phrases`` literally, or any of the ``extra`` regex pieces."""
    return re.compile("|".join([*(re.escape(p) for p in phrases), *extra]), flags)


__all__ = [
    "ARTICLE_CHROME_TOKENS",
    "BLANK_COUNT",
    "BLANK_PHRASES",
    "CHALLENGE_SIGNS",
    "CHROME_TAGS",
    "CHROME_TOKENS",
    "MORE_LINK_TEXTS",
    "PIN_MARKS",
    "SIDE_HEADINGS",
    "TEXTLESS_TAGS",
    "TODAY_WIDGET_WORDS",
    "phrase_pattern",
    "token_pattern",
]
