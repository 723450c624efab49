"""The typed registry (units -> sites -> columns), settings and rulebook.

Validated once at the config boundary with pydantic and frozen afterwards; every later stage reads
these objects and never a dict.  Unknown keys are rejected so a typo in a key is an error, not a
silently ignored setting.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.functional_validators import BeforeValidator

from freshwatch.config.periods import Period


class Category(StrEnum):
    """Column categories; the value is the config spelling, the label what users read."""

    news = "news"
    notice = "notice"
    policy = "policy"
    plan = "plan"
    personnel = "personnel"
    interpretation = "interpretation"
    consultation = "consultation"
    other = "other"
    home = "home"  # every site's home page; implicit, never configured

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: dict[Category, str] = {
    Category.news: "动态要闻",
    Category.notice: "通知公告",
    Category.policy: "政策文件",
    Category.plan: "规划计划",
    Category.personnel: "人事信息",
    Category.interpretation: "政策解读",
    Category.consultation: "征求意见",
    Category.other: "其他",
    Category.home: "首页",
}

CONFIGURABLE_CATEGORIES = [c.value for c in Category if c is not Category.home]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, dict) and set(value) == {"amount", "unit"}:
        return Period(int(value["amount"]), value["unit"])
    return Period.parse(str(value))


PeriodField = Annotated[Period, BeforeValidator(_period)]

_UNIT_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HTTP_URL = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)


def _check_url(value: str) -> str:
    if not _HTTP_URL.match(value):
        raise ValueError("应为以 http:// 或 https:// 开头的完整网址")
    return value


# --- registry ------------------------------------------------------------------------------------


class ListOverride(_Strict):
    """CSS selectors for the odd site the automatic list reader can't read."""

    item: str
    date: str | None = None
    title: str | None = None


class Column(_Strict):
    name: str
    url: str
    category: Category
    list: ListOverride | None = None

    _url = field_validator("url")(classmethod(lambda cls, v: _check_url(v)))

    @field_validator("category", mode="before")
    @classmethod
    def _configurable(cls, value: Any) -> Any:
        if value == "home":
            raise ValueError("home 是每个站点自带的首页，不能作为栏目配置")
        if value not in CONFIGURABLE_CATEGORIES:
            raise ValueError(f"可选：{', '.join(CONFIGURABLE_CATEGORIES)}")
        return value


class Site(_Strict):
    name: str | None = None
    home: str
    columns: list[Column] = Field(default_factory=list)
    verify: bool = True
    per_host: int | None = Field(default=None, ge=1, le=64)
    min_delay: float | None = Field(default=None, ge=0, le=60)
    depth: int | None = Field(default=None, ge=0, le=10)
    page_budget: int | None = Field(default=None, ge=1, le=100_000)
    closed: bool = False  # a site that filed a temporary closure is not counted as down

    _home = field_validator("home")(classmethod(lambda cls, v: _check_url(v)))

    @property
    def label(self) -> str:
        return self.name or self.home


class Contact(_Strict):
    email: str | None = None
    notify: str | None = None  # an apprise URL: wecom://, dingtalk://, lark://, json://...

    @model_validator(mode="after")
    def _one_channel(self) -> Contact:
        if (self.email is None) == (self.notify is None):
            raise ValueError("每个联系人须填写 email 或 notify 其中之一（不能都填或都不填）")
        return self


class Unit(_Strict):
    id: str
    name: str
    contacts: list[Contact] = Field(default_factory=list)
    sites: list[Site] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _UNIT_ID.match(value):
            raise ValueError("只能由小写字母、数字、_ 和 - 组成，并以字母或数字开头")
        return value


# --- settings ------------------------------------------------------------------------------------


class CrawlSettings(_Strict):
    concurrency: int = Field(default=64, ge=1, le=1024)
    per_host: int = Field(default=4, ge=1, le=64)
    external_concurrency: int = Field(default=8, ge=1, le=256)
    min_delay: float = Field(default=0.0, ge=0, le=60)
    connect_timeout: float = Field(default=10.0, gt=0, le=120)
    timeout: float = Field(default=15.0, gt=0, le=300)
    request_deadline: float = Field(default=30.0, gt=0, le=3600)  # one URL, all its attempts together
    site_deadline: float = Field(default=1800.0, gt=0, le=86_400)  # one site's whole crawl
    retries: int = Field(default=3, ge=0, le=10)
    retry_after_cap: float = Field(default=30.0, ge=0, le=600)
    retry_backoff: float = Field(default=0.5, gt=0, le=60)  # first wait; doubles with jitter
    retry_backoff_max: float = Field(default=8.0, gt=0, le=600)
    trap_query_variants: int = Field(default=30, ge=1)  # distinct query strings under one path
    trap_path_depth: int = Field(default=12, ge=1)  # path segments
    trap_segment_repeats: int = Field(default=3, ge=2)  # one segment occurring this often in a path
    trap_future_months: int = Field(default=1, ge=0)  # a URL dated this far ahead is a calendar link
    depth: int = Field(default=2, ge=0, le=10)
    page_budget: int = Field(default=500, ge=1, le=100_000)
    site_requests: int = Field(default=5000, ge=1, le=1_000_000)  # links of every kind checked per site
    max_body: int = Field(default=5_000_000, ge=10_000)
    max_redirects: int = Field(default=10, ge=0, le=50)
    # aiohttp: httpx's API on aiohttp's pool and parser, about a third of httpx's CPU per request
    transport: Literal["aiohttp", "httpx"] = "aiohttp"
    # links of one site checked at once (each waits on its host's limit; more only holds memory)
    walk_in_flight: int = Field(default=16, ge=1, le=1024)
    # decoded page texts a crawl keeps for redirects and pages shared between sites (most recent)
    cached_texts: int = Field(default=256, ge=0, le=100_000)
    keepalive_expiry: float = Field(default=5.0, gt=0, le=300)  # seconds an idle connection is kept
    max_url: int = Field(default=4096, ge=256, le=65_536)  # longer links are findings, never requested
    # Page cap per column: a safety valve, not the walk's stop (the walk stops at its anchor, the last
    # update before the previous quarter).  The busiest real columns post a few items a day at 15-20 a
    # page: a post-a-day column needs ~6 months / 15 a page = ~13 pages back to its anchor, three a day
    # ~37; 40 reads those and stops a runaway pager.  Reaching it is recorded and shown.
    list_pages: int = Field(default=40, ge=1, le=500)
    # Articles opened per crawl per column to date a dateless list (those dated in storage are never
    # opened again); what is left is read on the next crawls.
    article_lookups: int = Field(default=30, ge=0, le=500)
    check_external: bool = True
    contact_url: str = "https://github.com/freshwatch/freshwatch"
    user_agent: str | None = None
    lock_ttl: float = Field(default=600.0, ge=10)  # seconds a crawl lock lives without a heartbeat


class ScheduleSettings(_Strict):
    """Cron strings in the office's time zone; ``every 30m`` style intervals for tests and trials."""

    crawl: str = "0 2 * * *"
    probe: str = "*/30 * * * *"
    digest: str = "0 8 * * *"
    timezone: str = "Asia/Shanghai"
    misfire_grace: int = Field(default=3600, ge=1)
    heartbeat: int = Field(default=60, ge=1)  # seconds between the daemon's "still running" marks
    heartbeat_stale: int = Field(default=300, ge=2)  # seconds without a mark: health says not running

    @field_validator("crawl", "probe", "digest")
    @classmethod
    def _schedule(cls, value: str) -> str:
        from datetime import UTC

        from freshwatch.config.schedule import parse_schedule

        parse_schedule(value, UTC)  # its ValueError says what is allowed
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("应为 IANA 时区名称，如 Asia/Shanghai") from None
        return value


class SmtpSettings(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(default=25, ge=1, le=65535)
    security: Literal["plain", "starttls", "ssl"] = "plain"
    username: str | None = None
    password: str | None = None
    sender: str = "freshwatch@localhost"
    timeout: float = Field(default=30.0, gt=0)


class DigestSettings(_Strict):
    send_empty: bool = False
    retry_days: int = Field(default=3, ge=0, le=30)  # failed sends of this many earlier days are retried
    office: list[Contact] = Field(default_factory=list)


class ReportSettings(_Strict):
    """Who signs the quarterly notice, and the office's own wording for its closing section."""

    office: str = "区政府网站管理办公室"
    scope: str = "全区"
    template: str | None = None  # a notice template file; None: the built-in one


class WebSettings(_Strict):
    """The web console: how long a sign-in lasts and how many failed logins are allowed."""

    session_hours: float = Field(default=12, gt=0)
    login_attempts: int = Field(default=5, ge=1)  # failures allowed per account and per address ...
    login_window_seconds: float = Field(default=900, gt=0)  # ... within this window
    secure_cookies: bool = False  # set behind HTTPS terminated by a proxy; direct HTTPS sets it anyway


_BROKER = re.compile(r"^(amqp|amqps|pyamqp|redis|rediss)://", re.IGNORECASE)


class ExecutorSettings(_Strict):
    """Where a crawl runs: ``local`` processes on this machine, or ``celery`` workers on many.

    ``processes`` (local) None means one per core; ``broker`` (celery) is the queue the coordinator
    and the workers share; ``queue`` separates installations (or test runs) on one broker.
    """

    kind: Literal["local", "celery"] = "local"
    processes: int | None = Field(default=None, ge=1, le=256)
    broker: str | None = None
    queue: str = Field(default="freshwatch", min_length=1, max_length=100)
    heartbeat: float = Field(default=10.0, gt=0, le=600)  # seconds between a worker's heartbeats
    stall_timeout: float = Field(default=3600.0, ge=1)  # no site finished this long: the run is incomplete
    follow_interval: float = Field(default=1.0, gt=0, le=60)  # seconds between the coordinator's looks
    # Redis only: an unacknowledged task (its worker died) is handed out again after this many seconds;
    # a group still running then is crawled twice (written once).  RabbitMQ re-delivers at once.
    redelivery_after: float = Field(default=1800.0, ge=10)

    @model_validator(mode="after")
    def _broker_for_celery(self) -> ExecutorSettings:
        if self.kind == "celery" and (self.broker is None or not _BROKER.match(self.broker)):
            raise ValueError(
                "kind: celery 需要 broker，应为 amqp://用户:密码@主机:5672// 或 redis://主机:6379/0"
            )
        return self


class ContentSettings(_Strict):
    """The content checks (personal data, wording, interpretations, consultations) during a crawl.

    The default lists ship with freshwatch (``detectors/data``); an office's own files add to them.
    """

    enabled: bool = True  # off: a crawl reads dates and links only
    default_lists: bool = True  # the shipped typo / outdated-name / allowed lists
    typos_file: str | None = None  # 错误写法 正确写法 [级别] per line
    outdated_names_file: str | None = None  # 旧名称 现名称 [级别] per line
    allowed_file: str | None = None  # right forms that contain a wrong one, one per line
    not_interpretable: list[str] = Field(default_factory=list)  # policy URLs or titles needing no 解读
    attachments: bool = True  # read the text of PDF/docx/xlsx attachments
    attachment_max_bytes: int = Field(default=10_000_000, ge=10_000)
    hash_salt: str | None = None  # None: a random salt kept in the database


def _names(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class ImportSettings(_Strict):
    """Bounds on a deduction sheet from outside: a careless export must not take the memory."""

    max_bytes: int = Field(default=5_000_000, ge=1000)  # the file
    max_rows: int = Field(default=20_000, ge=1)  # data rows
    max_cell: int = Field(default=2000, ge=100, le=100_000)  # characters in one cell


class Config(_Strict):
    """The whole config file; ``units`` is already resolved when it was a path."""

    database: str | None = None
    # one rulebook (built-in name or file), or several, each naming the period it ``applies`` to
    rules: str | list[str] | None = None
    units: list[Unit]
    crawl: CrawlSettings = Field(default_factory=CrawlSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    smtp: SmtpSettings = Field(default_factory=SmtpSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    report: ReportSettings = Field(default_factory=ReportSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    imports: ImportSettings = Field(default_factory=ImportSettings)
    executor: ExecutorSettings = Field(default_factory=ExecutorSettings)

    content: ContentSettings = Field(default_factory=ContentSettings)
    # title -> name(s), e.g. 区长: 李四; a name beside another listed title is a serious error
    leaders: dict[str, Annotated[list[str], BeforeValidator(_names)]] = Field(default_factory=dict)
    source: str = Field(default="", exclude=True)  # the file it came from, for messages

    @field_validator("rules")
    @classmethod
    def _some_rules(cls, value: str | list[str] | None) -> str | list[str] | None:
        if isinstance(value, list) and not value:
            raise ValueError("至少给出一个规则（内置名称或文件路径），或删去 rules:")
        return value

    def rule_sources(self) -> list[str | None]:
        """The rulebooks to load; None is the built-in national one."""
        return list(self.rules) if isinstance(self.rules, list) else [self.rules]

    def unit(self, unit_id: str) -> Unit:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)


# --- rulebook ------------------------------------------------------------------------------------


class FreshnessRule(_Strict):
    period: PeriodField
    remind: PeriodField
    deduct: float = Field(ge=0)


class BlankRule(_Strict):
    deduct: float = Field(default=5, ge=0)


class LinkRule(_Strict):
    deduct_each: float = Field(default=0.05, ge=0)
    cap: float = Field(default=5, ge=0)
    deduct_blocked: bool = False


# content checks as table sources (interpretation/consultation alone are those columns' freshness)
CONTENT_SOURCES = ["privacy", "typo", "late_interpretation", "unanswered_consultation"]
TABLE_SOURCES = [
    *CONFIGURABLE_CATEGORIES,
    "home",
    "links",
    "blank",
    "manual",
    "availability",
    *CONTENT_SOURCES,
]


class TableColumn(_Strict):
    title: str
    from_: list[str] = Field(alias="from", min_length=1)
    group: str | None = None  # a merged heading above neighbouring columns (e.g. 市信息公开平台)
    note: str | None = None  # a second header line (e.g. 预警扣分)

    @field_validator("from_")
    @classmethod
    def _sources(cls, value: list[str]) -> list[str]:
        for source in value:
            if source not in TABLE_SOURCES:
                raise ValueError(f"可选：{', '.join(TABLE_SOURCES)}")
        return value


class VerdictRules(_Strict):
    """National veto thresholds (单项否决) freshwatch can see; pre-warnings sit below each line."""

    availability_failure_ratio: float = 0.05
    availability_prewarn_ratio: float = 0.03
    availability_window: PeriodField = Period(7, "d")
    slow_seconds: float = 15.0
    # the home page's line is freshness.home (period, and its remind window for the pre-warning)
    stale_key_columns: int = 5  # key_categories columns stale at once
    # the national item 栏目不更新 (1) names these: 动态/要闻, 通知公告, 政策文件
    key_categories: frozenset[Category] = frozenset({Category.news, Category.notice, Category.policy})
    stale_columns: int = 10
    blank_columns: int = 5
    prewarn_margin: int = 1  # pre-warn this many columns below a count threshold


FindingLevel = Literal["严重", "一般", "疑似"]
FINDING_LEVELS: tuple[FindingLevel, ...] = ("严重", "一般", "疑似")


class FindingRule(_Strict):
    """Points per open finding of one content check, capped; 0 (or no table column): report-only.

    Table sources: privacy, typo, late_interpretation, unanswered_consultation.
    """

    deduct_each: float = Field(default=0, ge=0)
    cap: float = Field(default=0, ge=0)
    levels: list[FindingLevel] = Field(default_factory=lambda: list(FINDING_LEVELS))


class InterpretationRule(FindingRule):
    workdays: int = Field(default=3, ge=0, le=60)  # the notice: with the policy, at the latest 3 working days
    window: PeriodField = Period(3, "mo")  # policies published this far back are checked


class ConsultationRule(FindingRule):
    # unconfirmed nationally: a month after closing, in calendar days, until a source says otherwise
    days: int = Field(default=30, ge=0, le=365)
    working_days: bool = False
    window: PeriodField = Period(3, "mo")  # consultations closed this far back are checked


class ContentRules(_Strict):
    privacy: FindingRule = Field(default_factory=FindingRule)
    typo: FindingRule = Field(default_factory=FindingRule)
    interpretation: InterpretationRule = Field(default_factory=InterpretationRule)
    consultation: ConsultationRule = Field(default_factory=ConsultationRule)


class AnnualRules(_Strict):
    assessment_weight: float = 0.6
    monitoring_weight: float = 0.4


class Applies(_Strict):
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None


class Rulebook(_Strict):
    name: str = "national"
    applies: Applies = Field(default_factory=Applies)
    freshness: dict[Category, FreshnessRule]
    repeat: bool = True
    blank_column: BlankRule = Field(default_factory=BlankRule)
    links: LinkRule = Field(default_factory=LinkRule)
    base_score: float = 100
    table: list[TableColumn]
    verdicts: VerdictRules = Field(default_factory=VerdictRules)
    annual: AnnualRules = Field(default_factory=AnnualRules)
    content: ContentRules = Field(default_factory=ContentRules)

    def rule_for(self, category: Category) -> FreshnessRule | None:
        return self.freshness.get(category)
