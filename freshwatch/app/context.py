"""What every command needs: the config, the rulebook and the store, resolved once per call.

Where the database comes from: ``--db``, else $FRESHWATCH_DB, else the config's ``database:``,
else ./freshwatch.db.  Where the registry comes from: the config file; when there is none (a
newcomer trying commands on ``freshwatch-demo.db``), the registry recorded by the last crawl.
Which rulebook: ``rules:`` may list several, each with the period it ``applies`` to; a quarter is
scored with the one in force for it (``rulebook_for``), everything else uses the one in force today.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from freshwatch import storage
from freshwatch.app.clock import local_today, utc_now
from freshwatch.config.errors import ConfigError
from freshwatch.config.loader import config_path, load_config, load_rulebooks
from freshwatch.config.models import Config, Rulebook
from freshwatch.scoring.rulebooks import rulebook_for_quarter, rulebook_on
from freshwatch.scoring.types import Quarter
from freshwatch.storage import Store

DEFAULT_DB = "sqlite:///freshwatch.db"


@dataclass
class App:
    config_file: str | None = None
    db_url: str | None = None
    _config: Config | None = field(default=None, repr=False)
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

    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        if os.environ.get("FRESHWATCH_DB"):
            return os.environ["FRESHWATCH_DB"]
        if self.has_config_file():
            database = self.config().database
            if database:
                return database
        return DEFAULT_DB

    def store(self) -> Store:
        if self._store is None:
            self._store = storage.open_store(self.database_url())
        return self._store

    def config(self) -> Config:
        if self._config is not None:
            return self._config
        path = self._config_path()
        if self.has_config_file():
            self._config = load_config(path)
            return self._config
        with self.store().session() as session:
            recorded = storage.load_registry(session)
        if recorded is None:
            raise ConfigError(
                str(path),
                "",
                str(path),
                "文件不存在，数据库中也没有记录的单位名录；"
                "请用 --config 指定配置文件、设置 FRESHWATCH_CONFIG，或创建 freshwatch.yaml（见 README）",
            )
        self._config = Config.model_validate_json(recorded.config_json)
        self._rulebook = Rulebook.model_validate_json(recorded.rulebook_json)
        return self._config

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
