#!/usr/bin/env python3
"""Generate ../cases.jsonl and ../missions.json deterministically (Python 3 stdlib only).

Run from anywhere: python3 gen/build.py
"""
import importlib
import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

MODULES = ["m01_checkout", "m02_revenue", "m03_sessions", "m04_inventory", "m05_legacy_sms",
           "m06_catalog_metrics", "m07_payments_netpol", "m08_backfill", "m09_release_bot", "m10_handbook"]
KEY_ORDER = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource",
             "kind", "namespace", "name", "object", "oldObject", "why"]


def main():
    missions = {}
    lines = []
    n = 0
    for name in MODULES:
        mod = importlib.import_module(name)
        m = mod.build()
        if m.id in missions:
            raise SystemExit("duplicate mission " + m.id)
        missions[m.id] = {"namespace": m.namespace, "goal": m.goal}
        for c in m.cases:
            n += 1
            c = dict(c, id="h11-%03d" % n)
            lines.append(json.dumps({k: c[k] for k in KEY_ORDER}, ensure_ascii=False))
    out = os.path.dirname(HERE)
    with open(os.path.join(out, "missions.json"), "w", encoding="utf-8") as f:
        json.dump(missions, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(out, "cases.jsonl"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %d missions, %d cases" % (len(missions), len(lines)))


if __name__ == "__main__":
    main()
