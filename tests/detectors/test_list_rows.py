"""Every item of a list counts: tag links before the title, dead title links, split blocks, heading rows."""

from __future__ import annotations

from datetime import date

from freshwatch.detectors import ListReading, parse_page, read_list

TODAY = date(2026, 11, 26)
TITLE = "关于做好第{n}项重点工作的通知"


def read(body: str) -> ListReading:
    page = f"<html><head><title>工作动态</title></head><body><div class='main'>{body}</div></body></html>"
    return read_list(parse_page(page, "http://x.gov.cn/gzdt/index.html"), today=TODAY)


def test_a_row_starting_with_a_category_tag_link_keeps_its_title_link() -> None:
    rows = "".join(
        f"<a href='/mtjj/'>[媒体聚焦]</a><a href='/gzdt/t{n}.html'>{TITLE.format(n=n)}</a>"
        f"<span>2026-{n:02d}-10</span><br>"
        for n in range(1, 11)
    )
    reading = read(f"<div class='list'>{rows}</div>")
    assert [(i.url.rsplit("/", 1)[-1], i.published) for i in reading.items] == [
        (f"t{n}.html", date(2026, n, 10)) for n in range(1, 11)
    ]


def test_dead_title_links_are_items_without_a_url() -> None:
    hrefs = ["javascript:;", "#", ""]
    rows = "".join(
        f"<li><a href='{hrefs[n % 3]}'>{TITLE.format(n=n)}</a><span>2026-{n:02d}-10</span></li>"
        for n in range(1, 10)
    )
    reading = read(f"<ul class='list'>{rows}</ul>")
    assert len(reading.items) == 9 and {i.url for i in reading.items} == {""}
    assert reading.latest == date(2026, 9, 10)
    assert len({i.key for i in reading.items}) == 9  # each kept apart by its title


def test_one_list_split_into_four_blocks_of_five_is_one_list() -> None:
    blocks = "".join(
        "<ul class='list'>"
        + "".join(
            f"<li><a href='/gzdt/t{b}{n}.html'>{TITLE.format(n=f'{b}{n}')}</a><span>2026-{10 - b:02d}-{20 - n}</span></li>"
            for n in range(5)
        )
        + "</ul>"
        for b in range(4)
    )
    reading = read(blocks)
    assert len(reading.items) == 20
    assert reading.items[0].published == date(2026, 10, 20) and reading.items[-1].published == date(
        2026, 7, 16
    )


def test_an_undated_heading_row_with_a_dead_link_is_not_an_item() -> None:
    head = "<li class='head'><a href='javascript:sortBy(1)'>标题（点击排序）</a><span>发布日期</span></li>"
    rows = "".join(
        f"<li><a href='/gzdt/t{n}.html'>{TITLE.format(n=n)}</a><span>2026-{n:02d}-10</span></li>"
        for n in range(1, 8)
    )
    reading = read(f"<ul class='list'>{head}{rows}</ul>")
    assert len(reading.items) == 7 and all(i.published for i in reading.items)
