"""Personal numbers: real ones found and masked, look-alikes left alone."""

from __future__ import annotations

import pytest

from freshwatch.detectors.content_scan import ContentScanner
from tests.content_corpus import (
    CARD_16,
    CARD_BAD_LUHN,
    CARD_WRONG_PREFIX,
    ID_A,
    ID_BAD_BIRTH,
    ID_BAD_CHECK,
    ID_IN_URL,
    ID_ORDER_LIKE,
    ID_X,
    MOBILE_A,
)

URL = "http://x.gov.cn/a.html"


def kinds(scanner: ContentScanner, text: str) -> list[tuple[str, str | None]]:
    return [(f.subtype, f.masked) for f in scanner.scan_text(text, URL) if f.kind == "privacy"]


def test_valid_id_number_is_found_masked(scanner: ContentScanner) -> None:
    assert kinds(scanner, f"身份证号：{ID_A}。") == [("id_number", ID_A[:6] + "********" + ID_A[-4:])]


def test_id_number_ending_in_x_is_found(scanner: ContentScanner) -> None:
    assert kinds(scanner, f"证件 {ID_X}") == [("id_number", ID_X[:6] + "********" + ID_X[-4:])]


@pytest.mark.parametrize(
    "text",
    [
        f"号码 {ID_BAD_CHECK}",  # wrong check digit
        f"号码 {ID_BAD_BIRTH}",  # 13th month
        f"号码 {ID_ORDER_LIKE}",  # region code 9
        "身份证号 440103********123X，4401**********123X",
        "手机 138****1234",
        f"详见 http://www.example.gov.cn/detail?id={ID_IN_URL}&t=1",
        f"订单号：{MOBILE_A}",
        "文号：惠府〔2024〕12号",
        "电话 0752-2281234，(020)83456789，热线 12345",
        "流水 2024100812345678901234",
        f"卡 {CARD_BAD_LUHN} 与 {CARD_WRONG_PREFIX}",
    ],
    ids=[
        "check-digit",
        "birth-date",
        "region",
        "masked-id",
        "masked-mobile",
        "in-url",
        "order-number",
        "document-number",
        "landlines",
        "glued-digits",
        "card-lookalikes",
    ],
)
def test_lookalikes_are_not_findings(scanner: ContentScanner, text: str) -> None:
    assert kinds(scanner, text) == []


def test_mobile_with_dashes_keeps_its_shape_masked(scanner: ContentScanner) -> None:
    assert kinds(scanner, "电话 139-2345-6789") == [("mobile", "139-****-6789")]


def test_bank_card_passing_luhn_is_found(scanner: ContentScanner) -> None:
    assert kinds(scanner, f"账户 {CARD_16}") == [("bank_card", "6222********" + CARD_16[-4:])]


def test_no_field_of_a_finding_holds_the_full_number(scanner: ContentScanner) -> None:
    findings = scanner.scan_text(f"王某 {ID_A} 电话 {MOBILE_A}，再接再励", URL)
    assert len(findings) == 3
    for finding in findings:
        for value in (finding.context, finding.masked or "", finding.key, finding.detail):
            assert ID_A not in value and MOBILE_A not in value and ID_A[6:14] not in value


def test_same_number_gives_same_key_and_another_salt_another(scanner: ContentScanner) -> None:
    from dataclasses import replace

    from freshwatch.detectors.privacy import find_personal_data

    first = find_personal_data(f"甲 {ID_A}", URL, scanner.privacy)[0].key
    again = find_personal_data(f"乙：{ID_A}。", "http://x.gov.cn/b.html", scanner.privacy)[0].key
    other = find_personal_data(f"甲 {ID_A}", URL, replace(scanner.privacy, salt=b"other"))[0].key
    assert first == again != other
