"""The planted content corpus: pages and attachments written for freshwatch with known problems and
look-alikes, generated in code (ID check digits and Luhn digits are computed, not typed).

One site, ``site()``: URL path -> (body bytes, content type); the truth: ``PAGE_TRUTH`` (privacy and
wording, per page or attachment path), ``INTERPRETATION_TRUTH`` and ``CONSULTATION_TRUTH`` (per
policy / consultation path), ``TODAY``.  Used by tests/content and ``python -m bench content``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

TODAY = date(2024, 12, 20)
LEADERS = {"区长": ["李四"], "副区长": ["张三"]}
NOT_INTERPRETABLE = ["/zcwj/t20241022_9006.html"]
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(region: str, birth: str, sequence: str) -> str:
    body = region + birth + sequence
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def wrong_check(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def luhn_complete(partial: str) -> str:
    for digit in "0123456789":
        candidate = partial + digit
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


# the planted numbers (full forms exist only here and in the pages served)
ID_A = id_number("440103", "19900101", "123")
ID_X = next(n for s in range(100, 999) if (n := id_number("441302", "19851231", str(s))).endswith("X"))
ID_PDF = id_number("110105", "19780615", "402")
ID_DOCX = id_number("330106", "20010229"[:4] + "0228", "517")
ID_BAD_CHECK = wrong_check(id_number("440104", "19920303", "222"))
ID_BAD_BIRTH = "440103199013011234"
ID_IN_URL = id_number("440105", "19800808", "888")
ID_ORDER_LIKE = id_number("940103", "19900101", "555")  # region 9: not an ID; check digit valid
MOBILE_A = "13812345678"
MOBILE_DASHED = "139-2345-6789"
MOBILE_XLSX = "15011112222"
MOBILE_LABELLED = "13687654321"  # after 订单号
CARD_16 = luhn_complete("622202123456789")
CARD_19 = luhn_complete("621700001234567890")
CARD_BAD_LUHN = CARD_16[:-1] + str((int(CARD_16[-1]) + 1) % 10)
CARD_WRONG_PREFIX = luhn_complete("123456781234567")
CARD_LABELLED = luhn_complete("622848001234567")  # after 编号
FULL_NUMBERS = (
    ID_A,
    ID_X,
    ID_PDF,
    ID_DOCX,
    MOBILE_A,
    MOBILE_DASHED.replace("-", ""),
    MOBILE_XLSX,
    CARD_16,
    CARD_19,
)


@dataclass(frozen=True)
class Truth:
    kind: str  # privacy / typo
    subtype: str  # id_number, mobile, bank_card / typo, leader, outdated_name
    key: str  # the masked number (privacy) or the wrong form (typo)


def _page(title: str, body: str, nav: str = "") -> bytes:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body>"
        f"<div class='nav'>{nav or '首页 政务公开 政策文件'}</div>"
        f"<div class='article'><h1>{title}</h1>{body}</div>"
        "<div class='footer'>主办：某区人民政府办公室 电话：0752-2281234</div></body></html>"
    ).encode()


def _mask(number: str, head: int) -> str:
    digits = [i for i, c in enumerate(number) if c not in " -"]
    hidden = set(digits[head : len(digits) - 4])
    return "".join("*" if i in hidden else c for i, c in enumerate(number))


PAGE_TRUTH: dict[str, set[Truth]] = {
    "/gsgg/t20241101_1001.html": {
        Truth("privacy", "id_number", _mask(ID_A, 6)),
        Truth("privacy", "mobile", _mask(MOBILE_A, 3)),
    },
    "/gsgg/t20241102_1002.html": {
        Truth("privacy", "id_number", _mask(ID_X, 6)),
        Truth("privacy", "mobile", _mask(MOBILE_DASHED, 3)),
        Truth("privacy", "bank_card", _mask(CARD_16, 4)),
        Truth("privacy", "bank_card", _mask(CARD_19, 4)),
    },
    "/gsgg/t20241103_1003.html": set(),  # look-alikes only
    "/dtyw/t20241104_2001.html": {
        Truth("typo", "typo", "再接再励"),  # in the title
        Truth("typo", "typo", "部暑"),
        Truth("typo", "typo", "不忘出心"),
        Truth("typo", "leader", "区长张三"),
        Truth("typo", "outdated_name", "国家工商行政管理总局"),
        Truth("typo", "typo", "帐号"),
    },
    "/dtyw/index.html": {Truth("typo", "typo", "再接再励")},  # the list shows the title with its typo
    "/dtyw/t20241105_2002.html": set(),  # right forms that contain wrong ones
    "/files/mingdan.pdf": {Truth("privacy", "id_number", _mask(ID_PDF, 6))},
    "/files/gongshi.docx": {
        Truth("privacy", "id_number", _mask(ID_DOCX, 6)),
        Truth("typo", "typo", "迫不急待"),
    },
    "/files/tongxunlu.xlsx": {Truth("privacy", "mobile", _mask(MOBILE_XLSX, 3))},
    "/files/scan.pdf": set(),  # no text layer: reported unreadable, no finding
}

LOOKALIKE_PAGE = f"""
<p>已脱敏：身份证号 440103********123X，4401**********123X，联系电话 138****1234。</p>
<p>校验位错误的号码：{ID_BAD_CHECK}；出生日期不成立：{ID_BAD_BIRTH}。</p>
<p>原文链接：http://www.example.gov.cn/detail?id={ID_IN_URL}&amp;t=1</p>
<p>文号：惠府〔2024〕12号；订单号：{MOBILE_LABELLED}；编号：{CARD_LABELLED}。</p>
<p>办公电话：0752-2281234，(020)83456789，政务服务热线12345。</p>
<p>流水 2024100812345678901234 与 {ID_ORDER_LIKE} 不是个人信息。</p>
<p>校验不通过的卡号 {CARD_BAD_LUHN}，前缀不符的 {CARD_WRONG_PREFIX}。</p>
<p><a href="/a/{ID_IN_URL}.html">附件下载</a></p>
"""


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with Helvetica text lines (ASCII), laid out by hand."""
    content = "BT /F1 12 Tf 50 750 Td " + " ".join(f"({line}) Tj 0 -20 Td" for line in lines) + " ET"
    if not lines:
        content = "0 0 m 200 200 l S"  # a drawing only, like a scanned page's image
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{obj}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- interpretations (policy column + interpretation column) ----------------------------------------
# (path, title, published); the interpretation column's items and their article pages follow.
POLICIES = [
    ("/zcwj/t20240927_9001.html", "惠州市甲管理办法", date(2024, 9, 27)),  # due 10-08 (9-29 调休 counts)
    ("/zcwj/t20240927_9002.html", "惠州市乙实施方案", date(2024, 9, 27)),  # interpreted 10-09: 1 late
    ("/zcwj/t20241010_9003.html", "惠州市丙若干措施", date(2024, 10, 10)),  # due 10-14 (10-12 Sat works)
    ("/zcwj/t20241010_9004.html", "惠州市丁工作规则", date(2024, 10, 10)),  # interpreted 10-15: 1 late
    ("/zcwj/t20241120_9005.html", "惠州市戊资金管理办法", date(2024, 11, 20)),  # none: missing
    ("/zcwj/t20241022_9006.html", "惠州市己人事任免通知", date(2024, 10, 22)),  # not interpretable
    ("/zcwj/t20241218_9007.html", "惠州市庚补贴细则", date(2024, 12, 18)),  # still in time
    ("/zcwj/t20240801_9008.html", "惠州市辛旧办法", date(2024, 8, 1)),  # before the window
]
# (path, title, published, body)
INTERPRETATIONS = [
    ("/zcjd/t20241008_8001.html", "《惠州市甲管理办法》政策解读", date(2024, 10, 8), "<p>一、制定背景……</p>"),
    ("/zcjd/t20241009_8002.html", "关于《惠州市乙实施方案》的解读", date(2024, 10, 9), "<p>主要内容……</p>"),
    (
        "/zcjd/t20241014_8003.html",
        "一图读懂：支持企业发展的若干措施",
        date(2024, 10, 14),
        '<p>详见<a href="/zcwj/t20241010_9003.html">原文</a>。</p>',
    ),
    (
        "/zcjd/t20241015_8004.html",
        "图解：工作规则要点",
        date(2024, 10, 15),
        "<p>《惠州市丁工作规则》共五章……</p>",
    ),
]
INTERPRETATION_TRUTH = {  # policy path -> days late (working days)
    "/zcwj/t20240927_9002.html": 1,
    "/zcwj/t20241010_9004.html": 1,
    "/zcwj/t20241120_9005.html": 19,  # due 11-25; 11-26 .. 12-20
}

# --- consultations (consultation column + feedback in the same column) --------------------------------
CONSULTATIONS = [
    (
        "/zqyj/t20241001_7001.html",
        "关于公开征求《惠州市停车场管理办法（征求意见稿）》意见的公告",
        date(2024, 10, 1),
        "<p>意见反馈截止时间：2024年10月31日。</p>",
    ),
    (
        "/zqyj/t20241002_7002.html",
        "关于公开征求《惠州市养犬管理规定（征求意见稿）》意见的公告",
        date(2024, 10, 2),
        "<p>征求意见截止2024年10月15日，逾期不予受理。</p>",
    ),
    (
        "/zqyj/t20240901_7003.html",
        "关于征求《惠州市河道管理办法（征求意见稿）》意见的通知",
        date(2024, 9, 1),
        "<p>征求意见时间为2024年9月1日至9月30日。</p>",
    ),
    (
        "/zqyj/t20241201_7004.html",
        "关于公开征求《惠州市公园条例（征求意见稿）》意见的公告",
        date(2024, 12, 1),
        "<p>反馈截止日期：2024年12月10日。</p>",
    ),
    (
        "/zqyj/t20241105_7005.html",
        "关于征求社区建设意见的通知",
        date(2024, 11, 5),
        "<p>欢迎提出意见建议。</p>",
    ),
]
FEEDBACK = [
    (
        "/zqyj/t20241115_7101.html",
        "《惠州市停车场管理办法（征求意见稿）》征求意见采纳情况",
        date(2024, 11, 15),
    ),
    ("/zqyj/t20241105_7103.html", "《惠州市河道管理办法（征求意见稿）》意见采纳情况说明", date(2024, 11, 5)),
]
CONSULTATION_TRUTH = {  # consultation path -> calendar days late (30-day rule)
    "/zqyj/t20241002_7002.html": (TODAY - date(2024, 11, 14)).days,
    "/zqyj/t20240901_7003.html": (date(2024, 11, 5) - date(2024, 10, 30)).days,
}


def _list(items: list[tuple[str, str, date]]) -> bytes:
    rows = "".join(f"<li><a href='{p}'>{t}</a><span>{d.isoformat()}</span></li>" for p, t, d in items)
    return _page("栏目", f"<ul class='list'>{rows}</ul>").replace(b"<h1>\xe6\xa0\x8f\xe7\x9b\xae</h1>", b"")


HTML = "text/html; charset=utf-8"


def site() -> dict[str, tuple[bytes, str]]:
    """Every path of the corpus site and what it serves."""
    pages: dict[str, tuple[bytes, str]] = {}
    body_1001 = f"<p>经审核，申请人王某（身份证号：{ID_A}，联系电话：{MOBILE_A}）符合条件。</p>"
    body_1002 = (
        f"<table><tr><td>李某</td><td>{ID_X}</td><td>{MOBILE_DASHED}</td></tr></table>"
        f"<p>补贴发放至银行卡 {CARD_16}，另一户 {CARD_19}。</p>"
        "<p><a href='/files/mingdan.pdf'>名单.pdf</a> <a href='/files/gongshi.docx'>公示.docx</a> "
        "<a href='/files/tongxunlu.xlsx'>通讯录.xlsx</a> <a href='/files/scan.pdf'>扫描件.pdf</a></p>"
    )
    pages["/gsgg/t20241101_1001.html"] = (_page("低保审批结果公示", body_1001), HTML)
    pages["/gsgg/t20241102_1002.html"] = (_page("补贴发放名单公示", body_1002), HTML)
    pages["/gsgg/t20241103_1003.html"] = (_page("信息公开工作说明", LOOKALIKE_PAGE), HTML)
    pages["/dtyw/t20241104_2001.html"] = (
        _page(
            "关于再接再励做好年终工作的通知",
            "<p>区长张三主持会议，部暑下一阶段工作，强调不忘出心。</p>"
            "<p>原国家工商行政管理总局有关文件同时废止。请登录帐号办理。</p>",
            nav="首页 工作动态 默守成规",  # a typo in the chrome is not the page's
        ),
        HTML,
    )
    pages["/dtyw/t20241105_2002.html"] = (
        _page(
            "区领导调研农业工作",
            "<p>副区长张三、区长李四一同调研，李四区长要求农业部门做好全部暑假期间安全工作，认真部署。</p>",
        ),
        HTML,
    )
    pages["/files/mingdan.pdf"] = (_pdf(["Name list", f"ID {ID_PDF}", "Tel 0752-2281234"]), "application/pdf")
    pages["/files/scan.pdf"] = (_pdf([]), "application/pdf")
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    pages["/files/gongshi.docx"] = (
        _docx(["公示名单", f"赵某 身份证 {ID_DOCX}", "大家迫不急待。"]),
        docx_type,
    )
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    pages["/files/tongxunlu.xlsx"] = (
        _xlsx([["姓名", "电话"], ["钱某", MOBILE_XLSX], ["办公室", "0752-2281234"]]),
        xlsx_type,
    )
    for path, title, _day in POLICIES:
        pages[path] = (_page(title, "<p>各有关单位：现将本文件印发给你们，请认真贯彻执行。</p>"), HTML)
    for path, title, _day, body in INTERPRETATIONS:
        pages[path] = (_page(title, body), HTML)
    for path, title, _day, body in CONSULTATIONS:
        pages[path] = (_page(title, body), HTML)
    for path, title, _day in FEEDBACK:
        pages[path] = (_page(title, "<p>共收到意见12条，采纳8条。</p>"), HTML)
    pages["/gsgg/index.html"] = (
        _list(
            [
                (p, t, date(2024, 11, int(p[-6:-5]) + 0))
                for p, t in _titles(
                    ["/gsgg/t20241101_1001.html", "/gsgg/t20241102_1002.html", "/gsgg/t20241103_1003.html"]
                )
            ]
        ),
        HTML,
    )
    pages["/dtyw/index.html"] = (
        _list(
            [
                (p, t, date(2024, 11, 4 + i))
                for i, (p, t) in enumerate(
                    _titles(["/dtyw/t20241104_2001.html", "/dtyw/t20241105_2002.html"])
                )
            ]
        ),
        HTML,
    )
    pages["/zcwj/index.html"] = (_list(POLICIES), HTML)
    pages["/zcjd/index.html"] = (_list([(p, t, d) for p, t, d, _ in INTERPRETATIONS]), HTML)
    pages["/zqyj/index.html"] = (_list([(p, t, d) for p, t, d, _ in CONSULTATIONS] + FEEDBACK), HTML)
    pages["/index.html"] = (
        _page(
            "某区人民政府",
            "".join(
                f"<p><a href='/{c}/index.html'>{c}</a></p>" for c in ("gsgg", "dtyw", "zcwj", "zcjd", "zqyj")
            ),
        ),
        HTML,
    )
    return pages


_TITLES = {
    "/gsgg/t20241101_1001.html": "低保审批结果公示",
    "/gsgg/t20241102_1002.html": "补贴发放名单公示",
    "/gsgg/t20241103_1003.html": "信息公开工作说明",
    "/dtyw/t20241104_2001.html": "关于再接再励做好年终工作的通知",
    "/dtyw/t20241105_2002.html": "区领导调研农业工作",
}


def _titles(paths: list[str]) -> list[tuple[str, str]]:
    return [(p, _TITLES[p]) for p in paths]


COLUMNS = [  # (name, path, category) for a config
    ("公示公告", "/gsgg/index.html", "notice"),
    ("工作动态", "/dtyw/index.html", "news"),
    ("政策文件", "/zcwj/index.html", "policy"),
    ("政策解读", "/zcjd/index.html", "interpretation"),
    ("征求意见", "/zqyj/index.html", "consultation"),
]


Expected = tuple[str, str, str, object]  # (kind, path, key or masked form, days late)


def expected() -> set[Expected]:
    """Every planted problem, in the shape ``observed`` gives findings."""
    found: set[Expected] = {
        (t.kind, path, t.key, None) for path, truths in PAGE_TRUTH.items() for t in truths
    }
    found |= {("interpretation", path, path, days) for path, days in INTERPRETATION_TRUTH.items()}
    found |= {("consultation", path, path, days) for path, days in CONSULTATION_TRUTH.items()}
    return found


def observed(findings: list[Any], origin: str) -> set[Expected]:
    """Stored findings (``FindingRecord``) in the shape of ``expected``, URLs made relative."""
    out: set[Expected] = set()
    for f in findings:
        path = f.url.removeprefix(origin)
        if f.kind == "privacy":
            out.add((f.kind, path, f.masked, None))
        elif f.kind == "typo":
            out.add((f.kind, path, f.key, None))
        else:
            out.add((f.kind, path, path, f.days_late))
    return out
