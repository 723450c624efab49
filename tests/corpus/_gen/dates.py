"""Date display styles and article-URL shapes of the CMSs imitated here."""

from __future__ import annotations

from datetime import date

_CN_DIGITS = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _CN_DIGITS[tens] + "十"
    return head + (_CN_DIGITS[ones] if ones else "")


def cn_numeral(d: date, zero: str = "〇") -> str:
    year = "".join(_CN_DIGITS[int(c)] for c in str(d.year)).replace("〇", zero)
    return f"{year}年{_cn_number(d.month)}月{_cn_number(d.day)}日"


def show(d: date, style: str, seq: int = 0) -> str:
    """The date as the list prints it; ``seq`` varies the clock time between items."""
    hh, mm, ss = 8 + seq % 10, (seq * 7) % 60, (seq * 13) % 60
    styles = {
        "iso": f"{d:%Y-%m-%d}",
        "iso_time": f"{d:%Y-%m-%d} {hh:02d}:{mm:02d}",
        "slash": f"{d:%Y/%m/%d}",
        "slash_time": f"{d:%Y/%m/%d} {hh:02d}:{mm:02d}:{ss:02d}",
        "dot": f"{d:%Y.%m.%d}",
        "bracket": f"[{d:%Y-%m-%d}]",
        "fwbracket": f"【{d:%Y-%m-%d}】",
        "paren": f"({d:%Y-%m-%d})",
        "paren_md": f"({d:%m-%d})",
        "md": f"{d:%m-%d}",
        "cn": f"{d.year}年{d.month}月{d.day}日",
        "cn_pad": f"{d:%Y}年{d:%m}月{d:%d}日",
        "cnnum": cn_numeral(d),
        "cnnum_o": cn_numeral(d, "○"),
        "unpadded": f"{d.year}-{d.month}-{d.day}",
        "unpadded_slash": f"[{d.year}/{d.month}/{d.day}]",
        "none": "",
    }
    return styles[style]


def article_url(kind: str, d: date, art_id: int, col: str) -> str:
    """Where the CMS puts the article; only some shapes carry the date."""
    shapes = {
        "trs": f"./{d:%Y%m}/t{d:%Y%m%d}_{art_id}.html",
        "hanweb": f"/art/{d.year}/{d.month}/{d.day}/art_{col}_{art_id}.html",
        "gansu": f"/{col}/{d:%Y%m}/{art_id}.shtml",
        "post": f"/{col}/content/post_{art_id}.html",
        "vsb": f"../info/{col}/{art_id}.htm",
        "asp": f"show.asp?id={art_id}",
        "xinhua": f"/{col}/{d:%Y-%m}/{d:%d}/c_{art_id}.htm",
        "content": f"/{col}/content_{art_id}.html",
        "jsp": f"/{col}/detail.jsp?id={art_id}",
    }
    return shapes[kind]


URL_CARRIES_DATE = {"trs", "hanweb", "xinhua"}
