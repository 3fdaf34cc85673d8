#!/usr/bin/env python3
"""Writes ../missions.json and ../cases.jsonl deterministically."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import KEYS  # noqa: E402
import importlib  # noqa: E402

MODULES = ["m01_cassandra", "m02_nginx", "m03_jenkins", "m04_mysql", "m05_thanos",
           "m06_loki", "m07_purge", "m08_unleash", "m09_sftp", "m10_ray"]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    missions, cases = {}, []
    for name in MODULES:
        if not os.path.exists(os.path.join(root, "gen", name + ".py")):
            continue
        m = importlib.import_module(name)
        missions[m.MID] = m.MISSION
        cases.extend(m.cases())
    with open(os.path.join(root, "missions.json"), "w") as f:
        json.dump(missions, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(root, "cases.jsonl"), "w") as f:
        for i, c in enumerate(cases, 1):
            c = dict(c, id="h7-%03d" % i)
            f.write(json.dumps({k: c[k] for k in KEYS}, ensure_ascii=False,
                               separators=(",", ":")) + "\n")
    print("wrote %d missions, %d cases" % (len(missions), len(cases)))


if __name__ == "__main__":
    main()
