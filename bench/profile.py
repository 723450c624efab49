"""``python -m bench profile``: where a freshwatch crawl of the farm spends its CPU (py-spy).

py-spy samples the real ``freshwatch crawl`` process from outside (no instrumentation skewing the
async loop) and counts only samples where Python was running (idle waits excluded), so the top
entries are what bounds pages per second once the server is not the bottleneck.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.farmgen import FarmSpec, freshwatch_config, site_url
from bench.nginx import Nginx
from bench.peers import VENV_BIN
from bench.workspace import OUT, farm, snapshot

_MODULE_ROOTS = ("crawler/", "detectors/", "storage/", "freshwatch/", "config/", "scoring/")


@dataclass(frozen=True)
class Entry:
    frame: str
    own: float  # share of samples where this frame was on top
    total: float  # share of samples where this frame was anywhere on the stack


@dataclass(frozen=True)
class Profile:
    samples: int
    own: list[Entry]
    total: list[Entry]
    by_area: dict[str, float]  # share of samples by the project package (or library) on top


def _short(frame: str) -> str:
    """``func (path/to/pkg/mod.py:12)`` -> ``func (pkg/mod.py:12)`` with the site-packages prefix cut."""
    name, _, where = frame.partition(" (")
    where = where.rstrip(")").rsplit(":", 1)[0]  # one entry per function, whatever the line
    for marker in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if marker in where:
            where = where.split(marker, 1)[1]
            break
    return f"{name} ({where})" if where else name


def _area(frame: str) -> str:
    where = _short(frame).partition(" (")[2]
    if where.startswith(_MODULE_ROOTS):
        return where.split("/", 1)[0]
    return where.split("/", 1)[0].split(".", 1)[0] or "?"


def summarise(raw: Path, top: int = 25) -> Profile:
    """Aggregate py-spy's collapsed stacks (``a;b;c count``) into own and inclusive shares."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    area: Counter[str] = Counter()
    samples = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_short(f) for f in stack.split(";") if f and not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        samples += count
        own[frames[-1]] += count
        area[_area(stack.split(";")[-1])] += count
        for frame in set(frames):
            total[frame] += count

    def entries(counter: Counter[str]) -> list[Entry]:
        return [Entry(f, own[f] / samples, total[f] / samples) for f, _ in counter.most_common(top)]

    return Profile(samples, entries(own), entries(total), {a: n / samples for a, n in area.most_common(12)})


def record(spec: FarmSpec, rate: int) -> Path:
    """Run one freshwatch crawl of the farm under py-spy; the collapsed stacks' file."""
    spy = shutil.which("py-spy", path=str(VENV_BIN)) or shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy 未安装：.venv/bin/pip install py-spy")
    folder, _ = farm(spec)
    work = OUT / "work"
    work.mkdir(parents=True, exist_ok=True)
    config = work / f"profile-{spec.sites}.yaml"
    config.write_text(freshwatch_config(spec), encoding="utf-8")
    db = work / "profile.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    code, digest = snapshot()
    print(f"freshwatch 代码快照 {digest}", flush=True)
    raw = OUT / f"profile-{spec.sites}x{spec.pages}.txt"
    server = Nginx(folder, spec.port, OUT / "nginx")
    server.start()
    try:
        subprocess.run(
            [
                spy,
                "record",
                "--format",
                "raw",
                "--function",
                "--rate",
                str(rate),
                "--output",
                str(raw),
                "--",
                str(VENV_BIN / "freshwatch"),
                "--config",
                str(config),
                "--db",
                f"sqlite:///{db}",
                "crawl",
                "--json",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(code)},
        )
    finally:
        server.stop()
    return raw


def render(profile: Profile, top: int) -> str:
    lines = [f"py-spy 样本 {profile.samples} 个（只计 Python 正在运行的样本）", "", "按包（栈顶）："]
    lines += [f"  {share:6.1%}  {name}" for name, share in profile.by_area.items()]
    lines += ["", "自身耗时最多（栈顶）：", "   own   total  frame"]
    lines += [f"  {e.own:6.1%} {e.total:6.1%}  {e.frame}" for e in profile.own[:top]]
    lines += ["", "包含子调用耗时最多：", "   own   total  frame"]
    lines += [f"  {e.own:6.1%} {e.total:6.1%}  {e.frame}" for e in profile.total[:top]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench profile", description="py-spy 剖析一次 freshwatch 抓取"
    )
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--rate", type=int, default=200, help="每秒采样次数")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--raw", type=Path, help="只汇总已有的 py-spy raw 文件，不再抓取")
    args = parser.parse_args(argv)
    spec = FarmSpec(sites=args.sites, pages=args.pages)
    raw = args.raw or record(spec, args.rate)
    text = render(summarise(raw, top=max(args.top, 40)), args.top)
    print(f"farm {site_url(1, spec.port)} .. {spec.sites} 站点 x {spec.pages} 页；原始栈: {raw}\n")
    print(text)
    raw.with_suffix(".summary.txt").write_text(text + "\n", encoding="utf-8")
    return 0
