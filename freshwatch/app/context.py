"""What every command needs: the config, the rulebook and the store, resolved once per call.

Where the database comes from: ``--db``, else $FRESHWATCH_DB, else the config's ``database:``,
else ./freshwatch.db.  Only the commands that build a database (crawl, daemon, demo, init) may
create one (``create_database``); every other command fails on a missing one, naming it.

Where the registry (units and the rulebook in force) comes from -- one rule, stated on stderr:

- only a config file exists (``--config``, $FRESHWATCH_CONFIG or ./freshwatch.yaml): the file;
- only the database has one (recorded by its last crawl, deduction or import): the database's;
- both, with the same units: the file (its rulebook too, noted when it differs from the recorded);
- both, with different units: commands that write the registry (crawl, daemon, init) use the file
  and record it -- editing the file and crawling is how a registry changes; every other command
  refuses (``RegistryConflictError``) until ``--registry config`` or ``--registry db`` says which.

Which rulebook: ``rules:`` may list several, each with the period it ``applies`` to; a quarter is
scored with the one in force for it (``rulebook_for``), everything else uses the one in force today.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from freshwatch import storage
from freshwatch.app.clock import local_date, local_today, utc_now, zone
from freshwatch.app.errors import InputError
from freshwatch.config.errors import ConfigError
from freshwatch.config.loader import config_path, load_config, load_rulebooks
from freshwatch.config.models import Config, Rulebook
from freshwatch.errors import FreshwatchError
from freshwatch.reports.wording import error_message
from freshwatch.scoring.rulebooks import rulebook_for_quarter, rulebook_on
from freshwatch.scoring.types import Quarter
from freshwatch.storage import RegistryRecord, Store
from freshwatch.storage.errors import DatabaseMissing

DEFAULT_DB = "sqlite:///freshwatch.db"
REGISTRY_CHOICES = ("config", "db")


class RegistryConflictError(FreshwatchError):
    """The config file and the database's recorded registry disagree, and nobody said which to use.

    The message is already for people (it names both sides and how to choose)."""


@dataclass
class App:
    config_file: str | None = None
    db_url: str | None = None
    create_database: bool = False  # crawl, daemon, demo and init only
    registry: str | None = None  # "config" | "db": the user's choice when the two disagree
    announce: Callable[[str], None] | None = field(default=None, repr=False)
    _config: Config | None = field(default=None, repr=False)
    _file_config: Config | None = field(default=None, repr=False)
    _rulebook: Rulebook | None = field(default=None, repr=False)
    _rulebooks: list[Rulebook] | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    def _config_path(self) -> Path:
        return config_path(self.config_file)

    def _explicit_config(self) -> bool:
        return bool(self.config_file or os.environ.get("FRESHWATCH_CONFIG"))

    def has_config_file(self) -> bool:
        """A config file was named or ./freshwatch.yaml exists (a broken one is an error, not absent)."""
        return self._config_path().exists() or self._explicit_config()

    def file_config(self) -> Config:
        if self._file_config is None:
            self._file_config = load_config(self._config_path())
        return self._file_config

    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        if os.environ.get("FRESHWATCH_DB"):
            return os.environ["FRESHWATCH_DB"]
        if self.has_config_file():
            database = self.file_config().database
            if database:
                return database
        return DEFAULT_DB

    def store(self) -> Store:
        if self._store is None:
            self._store = storage.open_store(self.database_url(), create=self.create_database)
        return self._store

    # --- the registry ----------------------------------------------------------------------------

    def config(self) -> Config:
        if self._config is None:
            self._config = self._resolve_registry()
        return self._config

    def _recorded(self) -> RegistryRecord | None:
        """The database's newest recorded registry; None when there is none or no database yet."""
        try:
            store = self._store or storage.open_store(self.database_url(), create=False)
        except DatabaseMissing:
            return None
        self._store = store
        with store.session() as session:
            return storage.load_registry(session)

    def _resolve_registry(self) -> Config:
        if self.registry == "db" or (self.registry is None and not self.has_config_file()):
            return self._use_recorded()
        config = self.file_config()
        rulebook = self._rulebook_in_force(config)
        note = ""
        if self.registry is None and not self.create_database:
            recorded = self._recorded()
            if recorded is not None and not self._agrees(config, recorded):
                raise RegistryConflictError(self._conflict(config, recorded))
            theirs = Rulebook.model_validate_json(recorded.rulebook_json) if recorded else rulebook
            if theirs != rulebook:
                note = f"；规则与数据库记录的 {theirs.name} 不同，按配置文件"
        self._say(
            f"单位名录：来自配置文件 {self._config_path()}（{len(config.units)} 个单位，规则 {rulebook.name}{note}）"
        )
        return config

    def _use_recorded(self) -> Config:
        try:
            self._store = self._store or storage.open_store(self.database_url(), create=False)
        except DatabaseMissing as missing:
            if self.registry == "db":
                raise
            raise InputError(
                f"{error_message(missing)}；也没有配置文件 {self._config_path()}（可用 --config 指定）"
            ) from None
        recorded = self._recorded()
        if recorded is None:
            path = self._config_path()
            if self.registry == "db":
                raise ConfigError(
                    self.database_url(), "--registry", "db", "该数据库中没有记录的单位名录（尚未抓取过）"
                )
            raise ConfigError(
                str(path),
                "",
                str(path),
                f"文件不存在，数据库 {self.database_url()} 中也没有记录的单位名录；"
                "请用 --config 指定配置文件、设置 FRESHWATCH_CONFIG，或创建 freshwatch.yaml（见 README）",
            )
        config = Config.model_validate_json(recorded.config_json)
        self._rulebook = Rulebook.model_validate_json(recorded.rulebook_json)
        saved = local_date(recorded.saved_at, zone(config))
        self._say(
            f"单位名录：来自数据库记录的最近一次监测（{saved} 记录，{len(config.units)} 个单位，"
            f"规则 {self._rulebook.name}）"
        )
        return config

    @staticmethod
    def _rulebook_in_force(config: Config) -> Rulebook:
        return rulebook_on(load_rulebooks(config), local_today(config))

    @staticmethod
    def _agrees(config: Config, recorded: RegistryRecord) -> bool:
        """Same units, sites and columns.  A rulebook edit is not a conflict: the file's rules apply
        (that is how a rule change is tried), and the statement line says they differ."""
        return Config.model_validate_json(recorded.config_json).units == config.units

    def _conflict(self, config: Config, recorded: RegistryRecord) -> str:
        theirs = Config.model_validate_json(recorded.config_json)
        rulebook = Rulebook.model_validate_json(recorded.rulebook_json)
        saved = local_date(recorded.saved_at, zone(theirs))
        return (
            f"单位名录不一致：配置文件 {self._config_path()} 有 {len(config.units)} 个单位"
            f"（规则 {self._rulebook_in_force(config).name}），"
            f"数据库 {self.store().display_url} 记录的单位名录（{saved} 记录）有 {len(theirs.units)} 个单位"
            f"（规则 {rulebook.name}）。不猜用哪一个：请加 --registry config（用配置文件）"
            "或 --registry db（用数据库记录），或用 --config / --db 指向相符的文件和数据库"
        )

    def _say(self, line: str) -> None:
        if self.announce is not None:
            self.announce(line)

    # --- rulebooks -------------------------------------------------------------------------------

    def rulebooks(self) -> list[Rulebook]:
        """Every configured rulebook; a registry recorded in the database carries just one."""
        if self._rulebooks is None:
            config = self.config()
            self._rulebooks = [self._rulebook] if self._rulebook is not None else load_rulebooks(config)
        return self._rulebooks

    def rulebook_for(self, quarter: Quarter) -> Rulebook:
        return rulebook_for_quarter(self.rulebooks(), quarter)

    def rulebook(self) -> Rulebook:
        """The rulebook in force today: the one that judges columns, warnings and digests now."""
        if self._rulebook is None:
            self._rulebook = rulebook_on(self.rulebooks(), local_today(self.config()))
        return self._rulebook

    def remember_registry(self) -> None:
        """Record the registry and rulebook in the database so later commands work without a file."""
        config, rulebook = self.config(), self.rulebook()
        with self.store().session() as session:
            storage.save_registry(
                session,
                config_json=config.model_dump_json(by_alias=True),
                rulebook_json=rulebook.model_dump_json(by_alias=True),
                at=utc_now(),
            )

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()
            self._store = None
