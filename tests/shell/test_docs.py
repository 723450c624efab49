"""The README, the Dockerfile, compose.yaml and the systemd unit tell one story.

Nobody builds the image or starts the unit in CI (no Docker engine, no systemd as PID 1), so the
only thing that keeps them from drifting apart is reading them against each other.  Each check
is a function returning what is wrong; every check also runs on a broken copy, to prove it can
fail.
"""

from __future__ import annotations

import json
import re
import shlex
import textwrap
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

from freshwatch.config.loader import load_config, rulebook_for

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
DOCKERFILE = REPO / "Dockerfile"
COMPOSE = REPO / "compose.yaml"
UNIT = REPO / "deploy" / "freshwatch.service"
CI_RUN = REPO / ".ci" / "run"

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)[ \t]*\n(?P<body>.*?)^(?P=indent)```", re.S | re.M
)


# --- readers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    lang: str
    body: str  # dedented
    section: str  # the last "## " heading above the block, "" before the first


def code_blocks(markdown: str) -> list[Block]:
    blocks = []
    for match in _FENCE.finditer(markdown):
        headings = re.findall(r"^## (.+)$", markdown[: match.start()], re.M)
        body = textwrap.dedent(match["body"])
        blocks.append(Block(match["lang"], body, headings[-1].strip() if headings else ""))
    return blocks


def commands(block: Block) -> list[str]:
    """Shell lines of a block, comments and blank lines left out."""
    return [
        line.strip() for line in block.body.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


def install_part(command: str) -> str:
    """The README's first command without the demo run: what the Dockerfile must repeat."""
    steps = [step.strip() for step in command.split("&&")]
    return " && ".join(step for step in steps if "bin/freshwatch" not in step)


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str


def dockerfile(text: str) -> list[Instruction]:
    joined = re.sub(
        r"\\[ \t]*\n", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    )
    found = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, args = line.strip().partition(" ")
            found.append(Instruction(keyword.upper(), " ".join(args.split())))
    return found


def argv_of(args: str) -> list[str]:
    """An instruction's command: exec form (JSON list) or shell form."""
    return list(json.loads(args)) if args.startswith("[") else shlex.split(args)


def docker_env(instructions: list[Instruction]) -> dict[str, str]:
    return _assignments(" ".join(ins.args for ins in instructions if ins.keyword == "ENV"))


def _assignments(text: str) -> dict[str, str]:
    pairs = (part.partition("=") for part in shlex.split(text))
    return {key: value for key, sep, value in pairs if sep}


def unit_file(text: str) -> dict[str, list[tuple[str, str]]]:
    """Sections of a systemd unit; keys may repeat (Environment=), so a list of pairs each."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            key, _, value = line.partition("=")
            current.append((key.strip(), value.strip()))
    return sections


def unit_env(service: list[tuple[str, str]]) -> dict[str, str]:
    return _assignments(" ".join(value for key, value in service if key == "Environment"))


def service_value(service: list[tuple[str, str]], key: str) -> str:
    values = [value for k, value in service if k == key]
    return values[-1] if values else ""


# --- checks: each returns what is wrong, empty when all is well ---------------------------------


def check_first_block(readme: str, ci_run: str) -> list[str]:
    first = code_blocks(readme)[0]
    lines = commands(first)
    if len(lines) != 2:
        return [f"the README's first code block has {len(lines)} commands, not 2: {lines}"]
    ci_lines = {line.strip() for line in ci_run.splitlines()}
    return [] if lines[1] in ci_lines else [f".ci/run does not run the README's test command: {lines[1]}"]


def check_dockerfile(text: str, readme: str) -> list[str]:
    problems = []
    instructions = dockerfile(text)
    install = install_part(commands(code_blocks(readme)[0])[0])
    runs = [ins.args for ins in instructions if ins.keyword == "RUN" and "pip install" in ins.args]
    if runs != [install]:
        problems.append(f"the install RUN step is {runs}, the README's is {install!r}")
    cmd = [ins for ins in instructions if ins.keyword == "CMD"]
    argv = argv_of(cmd[-1].args) if cmd else []
    if not argv or PurePosixPath(argv[0]).name != "freshwatch" or argv[-1] != "daemon":
        problems.append(f"CMD is not `freshwatch ... daemon`: {argv}")
    users = [ins.args for ins in instructions if ins.keyword == "USER"]
    if not users or users[-1].split(":")[0] in {"root", "0"}:
        problems.append(f"the image runs as root (USER: {users})")
    db = make_url(docker_env(instructions).get("FRESHWATCH_DB", "sqlite://"))
    volumes = [v for ins in instructions if ins.keyword == "VOLUME" for v in argv_of(ins.args)]
    if not db.database or not any(PurePosixPath(db.database).is_relative_to(v) for v in volumes):
        problems.append(f"the SQLite file {db.database!r} is on no VOLUME {volumes}")
    return problems


def check_compose(text: str) -> list[str]:
    services: dict[str, Any] = (yaml.safe_load(text) or {}).get("services") or {}
    app = services.get("freshwatch")
    postgres = [name for name, spec in services.items() if str(spec.get("image", "")).startswith("postgres")]
    if app is None or not postgres:
        return [f"compose.yaml needs a freshwatch and a postgres service, has {sorted(services)}"]
    environment = app.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    url = make_url(environment.get("FRESHWATCH_DB", "sqlite://"))
    pg = services[postgres[0]].get("environment") or {}
    problems = []
    if not url.drivername.startswith("postgresql") or url.host != postgres[0]:
        problems.append(f"FRESHWATCH_DB {url!r} does not point at the {postgres[0]} service")
    if (url.username, url.database) != (pg.get("POSTGRES_USER"), pg.get("POSTGRES_DB")):
        problems.append(f"FRESHWATCH_DB {url!r} is not the user/database the {postgres[0]} service creates")
    if postgres[0] not in (app.get("depends_on") or {}):
        problems.append(f"freshwatch does not depend on {postgres[0]}")
    return problems


def check_unit(unit: str, docker: str) -> list[str]:
    service = unit_file(unit).get("Service", [])
    cmd = [ins for ins in dockerfile(docker) if ins.keyword == "CMD"]
    exec_start = shlex.split(service_value(service, "ExecStart"))
    docker_cmd = argv_of(cmd[-1].args) if cmd else []
    if exec_start != docker_cmd:
        return [f"ExecStart {exec_start} is not the Dockerfile's CMD {docker_cmd}"]
    return []


def check_server_section(readme: str, unit: str) -> list[str]:
    """The README's server steps install the same way, make the unit's state directory for its
    user, and ask `health` about the database the service writes, as the service's user."""
    service = unit_file(unit).get("Service", [])
    user, env = service_value(service, "User"), unit_env(service)
    blocks = [b for b in code_blocks(readme) if b.section == "Run it on a server" and b.lang == "sh"]
    lines = commands(blocks[0]) if blocks else []
    install = install_part(commands(code_blocks(readme)[0])[0])
    problems = []
    if not any(f"sudo -u {user} " in line and install in line for line in lines):
        problems.append(f"no step installs as {user} with {install!r}")
    state_dir = str(PurePosixPath(make_url(env.get("FRESHWATCH_DB", "sqlite://")).database or "").parent)
    if not any("install -d" in line and f"-o {user}" in line and state_dir in line.split() for line in lines):
        problems.append(f"no step creates {state_dir} owned by {user}")
    health = [shlex.split(line) for line in lines if line.endswith(" health")]
    wanted = ["--config", env.get("FRESHWATCH_CONFIG"), "--db", env.get("FRESHWATCH_DB")]
    if not health or health[-1][:3] != ["sudo", "-u", user] or not _contains(health[-1], wanted):
        problems.append(f"the health step does not run as {user} with {wanted}: {health}")
    return problems


def _contains(argv: list[str], wanted: list[str | None]) -> bool:
    return any(argv[i : i + len(wanted)] == wanted for i in range(len(argv)))


# --- the real files ------------------------------------------------------------------------------


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _tour_yaml(readme: str) -> list[Block]:
    return [b for b in code_blocks(readme) if b.section.startswith("A five-minute tour") and b.lang == "yaml"]


def test_the_tour_config_example_loads(tmp_path: Path) -> None:
    tour = [b for b in _tour_yaml(_read(README)) if "units:" in b.body]
    assert len(tour) == 1, "the tour has one YAML registry example"
    path = tmp_path / "freshwatch.yaml"
    path.write_text(tour[0].body, encoding="utf-8")
    config = load_config(path)
    assert [unit.id for unit in config.units] == ["hbfj"]
    assert [c.category for c in config.units[0].sites[0].columns] == ["news", "notice", "policy", "plan"]
    assert rulebook_for(config).table, "the example's rulebook loads"


def check_tour_port(readme: str) -> list[str]:
    """The tour's example site is the demo farm's site of the same unit, with ``--port-base 8101``."""
    from freshwatch.demo.units import UNIT_SPECS

    base = re.search(r"demo\.farm --port-base (\d+)", readme)
    config = yaml.safe_load(next(b.body for b in _tour_yaml(readme) if "units:" in b.body))
    unit = config["units"][0]
    index = [spec.id for spec in UNIT_SPECS].index(unit["id"])
    port = int(base[1]) + index if base else None
    problems = []
    if UNIT_SPECS[index].name != unit["name"]:
        problems.append(
            f"the farm's {unit['id']} is {UNIT_SPECS[index].name}, the README says {unit['name']}"
        )
    urls = [unit["sites"][0]["home"], *(c["url"] for c in unit["sites"][0]["columns"])]
    problems += [
        f"{url} is not the farm's port {port} for {unit['id']}" for url in urls if f":{port}/" not in url
    ]
    return problems


def test_the_tour_example_is_the_demo_farms_site_of_that_unit() -> None:
    assert check_tour_port(_read(README)) == []


def test_the_tour_port_check_can_fail() -> None:
    assert check_tour_port(_read(README).replace("127.0.0.1:8121/", "127.0.0.1:8101/"))


def test_the_tour_digest_setup_loads_with_office_recipients_and_a_wecom_bot(tmp_path: Path) -> None:
    blocks = _tour_yaml(_read(README))
    registry = next(b.body for b in blocks if "units:" in b.body)
    [digest] = [b.body for b in blocks if "digest:" in b.body]
    path = tmp_path / "freshwatch.yaml"
    path.write_text(registry + digest, encoding="utf-8")
    config = load_config(path)
    assert [c.email or c.notify for c in config.digest.office] == [
        "jgk@example.gov.cn",
        "wecombot://fedcba9876543210",
    ]
    assert config.smtp.security == "ssl"


def check_compose_commands(readme: str, docker: str, compose: str) -> list[str]:
    """The README's compose lines exec the image's freshwatch in a service compose.yaml defines."""
    cmd = [ins for ins in dockerfile(docker) if ins.keyword == "CMD"]
    program = argv_of(cmd[-1].args)[0]
    services = set((yaml.safe_load(compose) or {}).get("services") or {})
    lines = [
        shlex.split(line)
        for b in code_blocks(readme)
        if b.section == "Run it on a server"
        for line in commands(b)
        if line.startswith("docker compose exec")
    ]
    problems = [] if lines else ["the README shows no `docker compose exec` command"]
    for argv in lines:
        if argv[3] not in services or argv[4] != program:
            problems.append(f"{' '.join(argv)}: not `{program}` in a compose service {sorted(services)}")
    names = {argv[5] for argv in lines}
    problems += [f"no compose line runs {name}" for name in ("score", "deduct") if name not in names]
    return problems


def test_the_readme_shows_score_and_deduct_under_compose() -> None:
    assert check_compose_commands(_read(README), _read(DOCKERFILE), _read(COMPOSE)) == []


def test_the_compose_commands_check_can_fail() -> None:
    broken = _read(README).replace(
        "exec freshwatch /opt/freshwatch/app/.venv/bin/freshwatch score", "exec app freshwatch score"
    )
    assert check_compose_commands(broken, _read(DOCKERFILE), _read(COMPOSE))


def test_dockerignore_keeps_secrets_and_databases_out_of_the_image() -> None:
    ignored = {line.strip() for line in _read(REPO / ".dockerignore").splitlines()}
    assert {"freshwatch.yaml", "*.db"} <= ignored


def test_the_readme_points_at_the_configuration_reference() -> None:
    readme = _read(README)
    assert "docs/configuration.md" in readme and (REPO / "docs" / "configuration.md").exists()


def test_the_readme_error_example_is_what_the_cli_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.shell.conftest import run_cli

    readme = _read(README)
    shown = next(
        line.strip() for line in readme.splitlines() if line.strip().startswith("错误：freshwatch.yaml:")
    )
    tour = next(
        b for b in code_blocks(readme) if b.section.startswith("A five-minute tour") and b.lang == "yaml"
    )
    # the README's example mistake: the second column's category typed "plann"
    body = tour.body.replace("category: notice}", "category: plann}", 1)
    (tmp_path / "freshwatch.yaml").write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ran = run_cli("--db", f"sqlite:///{tmp_path / 'x.db'}", "status")
    assert ran.code == 2
    assert ran.err.strip() == shown


def test_first_block_is_two_commands_and_ci_runs_the_second() -> None:
    assert check_first_block(_read(README), _read(CI_RUN)) == []


def test_dockerfile_installs_as_the_readme_and_runs_the_daemon_unprivileged() -> None:
    assert check_dockerfile(_read(DOCKERFILE), _read(README)) == []


def test_compose_runs_freshwatch_on_its_postgres() -> None:
    assert check_compose(_read(COMPOSE)) == []


def test_systemd_unit_runs_the_dockerfile_command() -> None:
    assert check_unit(_read(UNIT), _read(DOCKERFILE)) == []


def test_readme_server_steps_match_the_unit() -> None:
    assert check_server_section(_read(README), _read(UNIT)) == []


# --- each check fails on a broken copy -----------------------------------------------------------


def _broken(path: Path, old: str, new: str) -> str:
    text = _read(path)
    assert old in text, f"{path.name} no longer contains {old!r}; update this test"
    return text.replace(old, new, 1)


README_BREAKS = [
    ("three commands", "```sh\n", "```sh\necho hi\n"),
    ("test command not in CI", "python -m pytest -q", "python -m pytest -x"),
]


@pytest.mark.parametrize(("what", "old", "new"), README_BREAKS, ids=[b[0] for b in README_BREAKS])
def test_first_block_check_can_fail(what: str, old: str, new: str) -> None:
    assert check_first_block(_broken(README, old, new), _read(CI_RUN)), what


DOCKER_BREAKS = [
    ("other install", "pip install -q -e .", "pip install -e ."),
    ("no daemon", '"json", "daemon"]', '"json", "crawl"]'),
    ("root", "USER freshwatch", "USER root"),
    ("no volume", 'VOLUME ["/var/lib/freshwatch"]', 'VOLUME ["/data"]'),
]


@pytest.mark.parametrize(("what", "old", "new"), DOCKER_BREAKS, ids=[b[0] for b in DOCKER_BREAKS])
def test_dockerfile_check_can_fail(what: str, old: str, new: str) -> None:
    assert check_dockerfile(_broken(DOCKERFILE, old, new), _read(README)), what


COMPOSE_BREAKS = [
    ("no postgres", "image: postgres", "image: mysql"),
    ("db elsewhere", "@db:5432", "@localhost:5432"),
    ("sqlite", "FRESHWATCH_DB: postgresql+psycopg://", "FRESHWATCH_DB: sqlite:///x.db#"),
]


@pytest.mark.parametrize(("what", "old", "new"), COMPOSE_BREAKS, ids=[b[0] for b in COMPOSE_BREAKS])
def test_compose_check_can_fail(what: str, old: str, new: str) -> None:
    assert check_compose(_broken(COMPOSE, old, new)), what


def test_unit_check_can_fail() -> None:
    broken = _broken(UNIT, "--log-format json daemon", "daemon")
    assert check_unit(broken, _read(DOCKERFILE))


SERVER_BREAKS = [
    (
        "health as root",
        "sudo -u freshwatch /opt/freshwatch/app/.venv/bin/freshwatch",
        "/opt/freshwatch/app/.venv/bin/freshwatch",
    ),
    ("health on another db", "--db sqlite:////var/lib/freshwatch/freshwatch.db health", "health"),
    (
        "state dir not the service's",
        "-o freshwatch -g freshwatch -m 750 /var/lib/freshwatch",
        "-m 755 /var/lib/freshwatch",
    ),
    ("install as root", 'sudo -u freshwatch sh -c "cd', 'sudo sh -c "cd'),
]


@pytest.mark.parametrize(("what", "old", "new"), SERVER_BREAKS, ids=[b[0] for b in SERVER_BREAKS])
def test_server_section_check_can_fail(what: str, old: str, new: str) -> None:
    assert check_server_section(_broken(README, old, new), _read(UNIT)), what
