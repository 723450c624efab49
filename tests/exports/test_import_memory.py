"""A million-row deduction sheet is refused by the size limit before it is read (issue 12)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = textwrap.dedent(
    """
    import sys

    def peak_mb():  # VmHWM: this process's own peak (ru_maxrss keeps the parent's across exec)
        status = open("/proc/self/status").read()
        return int(status.split("VmHWM:")[1].split()[0]) // 1024

    from pathlib import Path
    from freshwatch.app.deduction_sheet import parse_deductions
    from freshwatch.app.errors import InputError

    path = Path(sys.argv[1])
    with path.open("w", encoding="utf-8") as out:
        out.write("单位,日期,扣分,栏目,原因\\n")
        for i in range(1_000_000):
            out.write(f"hbfj,2018-11-20,0.5,规划计划,第{i}处错别字\\n")
    try:
        parse_deductions(path, unit_ids_by_name={"hbfj": "hbfj"}, table_titles=["规划计划"])
        print("accepted", 0)
    except InputError as error:
        print("refused" if "imports.max_bytes" in str(error) else "other", len(str(error)), end=" ")
    print(peak_mb())
    """
)


def test_a_million_row_sheet_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "big.csv")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    verdict, message_length, peak_mb = done.stdout.split()
    assert verdict == "refused" and int(message_length) < 300
    assert int(peak_mb) < 150, done.stdout
