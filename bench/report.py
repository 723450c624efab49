"""The crawl benchmark's printed table, the ratios freshwatch / peer, and the results.json summary."""

from __future__ import annotations

from typing import Any

_COLUMNS = (
    ("工具", "tool", "{}"),
    ("秒", "seconds", "{:.1f}"),
    ("页/秒", "pages_per_s", "{:.0f}"),
    ("链接/秒", "links_per_s", "{:.0f}"),
    ("CPU秒/千页", "cpu_s_per_1000_pages", "{:.2f}"),
    ("峰值内存MB", "peak_rss_mb", "{:.0f}"),
    ("请求", "requests", "{}"),
    ("重复请求", "repeated_requests", "{}"),
    ("TCP连接", "connections", "{}"),
    ("页面覆盖", "pages_coverage", "{:.1%}"),
)


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def _cell(fmt: str, value: Any) -> str:
    return "-" if value is None else fmt.format(value)


def render_tools(result: dict[str, Any]) -> str:
    farm = result["farm"]
    lines = [
        f"农场: {farm['sites']} 站点 x {farm['pages_per_site']} 页 = {farm['pages']} 页，"
        f"失效链接真值 {farm['broken_truth']} 个；每个工具 {farm['runs']} 次取中位数；"
        f"nginx 上限 {result['nginx_ceiling_rps']} 请求/秒",
        "  ".join(f"{title:>10}" for title, _, _ in _COLUMNS) + "  失效(找到/误报/真值)",
    ]
    for figures in result["tools"].values():
        cells = [_cell(fmt, figures.get(key)) for _, key, fmt in _COLUMNS]
        broken = f"{figures['broken_found']}/{figures['broken_false']}/{figures['broken_truth']}"
        lines.append("  ".join(f"{c:>10}" for c in cells) + f"  {broken}")
    fw = result["tools"].get("freshwatch")
    if fw:
        lines.append("比值 freshwatch / 对手（页/秒、链接/秒越大越好；用时、CPU、内存越小越好）:")
        for tool, peer in result["tools"].items():
            if tool == "freshwatch":
                continue
            lines.append(
                f"  对 {tool:<12} 页/秒 {_cell('{:.2f}', ratio(fw['pages_per_s'], peer['pages_per_s']))}"
                f"  链接/秒 {_cell('{:.2f}', ratio(fw['links_per_s'], peer['links_per_s']))}"
                f"  用时 {_cell('{:.2f}', ratio(fw['seconds'], peer['seconds']))}"
                f"  CPU/页 {_cell('{:.2f}', ratio(fw['cpu_s_per_1000_pages'], peer['cpu_s_per_1000_pages']))}"
                f"  峰值内存 {_cell('{:.2f}', ratio(fw['peak_rss_mb'], peer['peak_rss_mb']))}"
            )
    return "\n".join(lines)


def render_scaling(curve: dict[str, Any]) -> str:
    """The curve, plus the marginal CPU per page against the smallest farm (startup cost taken out)."""
    points = sorted(((int(k), v) for k, v in curve.items() if "error" not in v), key=lambda kv: kv[0])
    lines = [
        "扩展曲线（freshwatch 单独，每点 1 次）:",
        "    站点      页面   CPU秒/千页  边际CPU秒/千页  墙钟毫秒/页    页/秒  峰值内存MB",
    ]
    base = points[0][1] if points else None
    for sites, point in points:
        marginal = "-"
        if base is not None and point["pages"] > base["pages"]:
            extra = (point["cpu_seconds"] - base["cpu_seconds"]) / (point["pages"] - base["pages"]) * 1000
            marginal = f"{extra:.2f}"
        lines.append(
            f"  {sites:>6}  {point['pages']:>8}  {point['cpu_s_per_1000_pages']:>10.2f}  {marginal:>13}  "
            f"{point['wall_ms_per_page']:>11.2f}  {point['pages_per_s']:>7.0f}  {point['peak_rss_mb']:>9.0f}"
        )
    lines += [f"  {k:>6}  失败: {v['error']}" for k, v in curve.items() if "error" in v]
    return "\n".join(lines)


def summary_of(result: dict[str, Any]) -> dict[str, Any]:
    """The flat keys issue 7 names (ratios freshwatch / peer); None where a peer or part was skipped."""
    tools = result["tools"]
    fw = tools.get("freshwatch", {})

    def peer(name: str, key: str) -> Any:
        return tools.get(name, {}).get(key)

    all_cores = tools.get("freshwatch-processes2") or tools.get("freshwatch-2proc", {})
    summary: dict[str, Any] = {
        "cpu_s_per_1000_pages": fw.get("cpu_s_per_1000_pages"),
        "cpu_s_per_1000_pages_httpx_transport": peer("freshwatch-httpx", "cpu_s_per_1000_pages"),
        "peak_rss_mb": fw.get("peak_rss_mb"),
        "pages_per_s_vs_scrapy_all_cores": ratio(all_cores.get("pages_per_s"), peer("scrapy", "pages_per_s")),
        "link_check_time_vs_lychee_all_cores": ratio(all_cores.get("seconds"), peer("lychee", "seconds")),
        "pages_per_s_vs_scrapy": ratio(fw.get("pages_per_s"), peer("scrapy", "pages_per_s")),
        "peak_rss_vs_scrapy": ratio(fw.get("peak_rss_mb"), peer("scrapy", "peak_rss_mb")),
        "links_per_s_vs_linkchecker": ratio(fw.get("links_per_s"), peer("linkchecker", "links_per_s")),
        "link_check_time_vs_lychee": ratio(fw.get("seconds"), peer("lychee", "seconds")),
        "cpu_per_page_vs_scrapy": ratio(
            fw.get("cpu_s_per_1000_pages"), peer("scrapy", "cpu_s_per_1000_pages")
        ),
        "broken_found": fw.get("broken_found"),
        "broken_false": fw.get("broken_false"),
        "broken_truth": result["farm"]["broken_truth"],
    }
    weak = result.get("weak_server")
    if weak is not None:
        summary["weak_server_false_alarms"] = weak["false_alarms"]
    curve = {k: v for k, v in (result.get("scaling") or {}).items() if "error" not in v}
    if len(curve) >= 2:
        first, last = curve[min(curve, key=int)], curve[max(curve, key=int)]
        summary["cost_per_page_ratio_100_vs_5_sites"] = ratio(
            last["cpu_s_per_1000_pages"], first["cpu_s_per_1000_pages"]
        )
    return summary
