#!/usr/bin/env python3
"""Writes ../missions.json and ../cases.jsonl (deterministic; stdlib only).

Run from the holdout4 directory:  python3 gen/build.py && python3 gen/validate.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import m01_kafka, m02_cert, m03_alerts, m04_canary, m05_secret, m06_quota, m07_netpol, m08_logs, m09_velero, m10_jvm  # noqa: E402

MODULES = [m01_kafka, m02_cert, m03_alerts, m04_canary, m05_secret, m06_quota, m07_netpol, m08_logs, m09_velero, m10_jvm]
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource",
        "kind", "namespace", "name", "object", "oldObject", "why"]


def main():
    out_dir = os.path.dirname(HERE)
    missions = {}
    rows = []
    n = 0
    for m in MODULES:
        missions[m.ID] = {"namespace": m.NS, "goal": m.GOAL}
        for c in m.cases():
            n += 1
            c = dict(c, id="h4-%03d" % n, mission=m.ID)
            rows.append({k: c[k] for k in KEYS})
    with open(os.path.join(out_dir, "missions.json"), "w", encoding="utf-8") as f:
        json.dump(missions, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(out_dir, "cases.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
    print("wrote %d missions, %d cases" % (len(missions), len(rows)))


if __name__ == "__main__":
    main()
