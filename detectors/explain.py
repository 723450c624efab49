"""What the list reader saw on one page, for ``freshwatch explain URL``: the webmaster's check before a dispute.

The explanation re-reads the page (explain is for people, not for the crawl's hot path) and keeps the
candidate lists the reader weighed, so a surprising verdict can be traced to the list it chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from freshwatch.config.models import ListOverride
from freshwatch.detectors._blocks import candidates_from_fields, path_of, score
from freshwatch.detectors._scan import scan
from freshwatch.detectors.listing import read_list
from freshwatch.detectors.page import Page
from freshwatch.detectors.types import DateSource, Item, ListReading, ListVerdict, RejectedDate, RejectReason

__all__ = ["CandidateList", "Explanation", "explain_list"]

_VERDICT_ZH = {
    ListVerdict.ok: "正常（读到带日期的条目）",
    ListVerdict.blank: "空白栏目（没有条目）",
    ListVerdict.undated: "条目未注明日期（按规定视为不更新）",
    ListVerdict.unreadable: "无法读取（脚本生成、反爬虫挑战页或没有列表）",
}
_SOURCE_ZH = {
    DateSource.list_text: "列表上的日期",
    DateSource.list_override: "栏目配置的选择器",
    DateSource.url: "链接地址中的日期",
    DateSource.article_meta: "文章页 meta 标签",
    DateSource.article_text: "文章页正文中的发布时间",
    DateSource.api: "列表接口数据",
}
_REASON_ZH = {
    RejectReason.after_crawl_day: "晚于检查日期（疑为录入错误）",
    RejectReason.before_earliest: "早于可信的最早日期",
    RejectReason.today_widget: "“今天是”日期挂件",
    RejectReason.running_text: "出现在正文/摘要中，不是发布日期",
    RejectReason.link_title: "是标题的一部分",
    RejectReason.not_the_list: "不属于本栏目列表",
    RejectReason.in_chrome: "在页面框架内",
}


@dataclass(frozen=True, slots=True)
class CandidateList:
    """One list the reader weighed."""

    container: str
    dated_children: int
    score: float
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Explanation:
    url: str
    today: date
    reading: ListReading
    candidates: tuple[CandidateList, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        return self.reading.items

    @property
    def rejected(self) -> tuple[RejectedDate, ...]:
        return self.reading.rejected

    def lines(self) -> list[str]:
        """The explanation in simplified Chinese, one line per fact."""
        r = self.reading
        out = [
            f"页面：{self.url}",
            f"检查日期：{self.today.isoformat()}",
            f"结论：{_VERDICT_ZH[r.verdict]}",
            f"最新发布日期：{r.latest.isoformat() if r.latest else '无'}",
            f"选中的列表：{r.container or '无'}",
            f"选择理由：{r.reason or '无'}",
            f"条目（{len(r.items)} 条）：",
        ]
        for n, item in enumerate(r.items, 1):
            when = item.published.isoformat() if item.published else "无日期"
            source = _SOURCE_ZH.get(item.date_source, "—") if item.date_source else "—"
            pinned = "【置顶】" if item.pinned else ""
            shown = (
                f"，原文“{item.date_text}”" if item.date_text and item.date_source != DateSource.url else ""
            )
            out.append(f"  {n}. {pinned}{item.title}  {when}（来源：{source}{shown}）  {item.url}")
        if r.rejected:
            out.append(f"未采用的日期（{len(r.rejected)} 个）：")
            out.extend(f"  - {rej.text}：{reason_zh(rej)}" for rej in r.rejected)
        if self.candidates:
            out.append("考虑过的候选列表：")
            out.extend(
                f"  - {c.container}：{c.dated_children} 个带日期的子元素，得分 {c.score:.1f}"
                + (f"（{'；'.join(c.notes)}）" if c.notes else "")
                for c in self.candidates
            )
        if r.next_pages:
            out.append(f"后续分页：{len(r.next_pages)} 页，第一页 {r.next_pages[0]}")
        if r.data_urls:
            out.append("列表数据接口：" + "，".join(r.data_urls))
        return out


def reason_zh(rejected: RejectedDate) -> str:
    """Why a date was not taken, as explain says it: the reason, then what it was about."""
    words = _REASON_ZH[rejected.reason]
    return f"{words}（{rejected.detail}）" if rejected.detail else words


def explain_list(page: Page, *, today: date, override: ListOverride | None = None) -> Explanation:
    """Read the page as the crawler would, and keep the lists it weighed."""
    reading = read_list(page, today=today, override=override)
    found = scan(page.tree.body, today=today)
    cands = candidates_from_fields([f for f in found.fields])
    for cand in cands:
        score(cand, page.title)
    ranked = sorted(cands, key=lambda c: -c.score)[:5]
    summary = tuple(
        CandidateList(path_of(c.container), len(c.children), c.score, tuple(c.notes)) for c in ranked
    )
    return Explanation(page.url, today, reading, summary)
