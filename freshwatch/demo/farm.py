"""Serve the demo farm standalone, to look at it with a browser or curl.

``python -m freshwatch.demo.farm --port-base 8101`` prints the 28 sites and serves them until Ctrl+C.
"""

from __future__ import annotations

import argparse
import threading

from freshwatch.demo.running import Farm


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the freshwatch demo farm (28 simulated unit sites).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port-base", type=int, default=None, help="first port; the sites take 28 in a row")
    parser.add_argument("--config", default=None, help="also write a config file for the farm here")
    args = parser.parse_args(argv)
    farm = Farm(args.host, args.port_base).start()
    for site in farm.sites:
        print(f"{farm.origins[site.unit.id]}/  {site.unit.id:8}  {site.unit.name}")
    if args.config:
        with open(args.config, "w", encoding="utf-8") as handle:
            handle.write(farm.config_yaml())
        print(f"配置文件已写入 {args.config}")
    print("演示站群运行中，按 Ctrl+C 退出")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        farm.stop()


if __name__ == "__main__":
    main()
