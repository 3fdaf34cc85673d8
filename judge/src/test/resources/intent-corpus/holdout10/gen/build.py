#!/usr/bin/env python3
"""Generate cases.jsonl and missions.json for the holdout10 intent corpus.

Deterministic, Python 3 standard library only:
    python3 gen/build.py && python3 gen/validate.py
"""
import json
import os
import random
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import m01_storefront  # noqa: E402
import m02_billing  # noqa: E402
import m03_exporter  # noqa: E402
import m04_payments  # noqa: E402
import m05_search  # noqa: E402
import m06_kafkaui  # noqa: E402
import m07_rbac  # noqa: E402
import m08_training  # noqa: E402
import m09_cleanup  # noqa: E402
import m10_migration  # noqa: E402

MODULES = [m01_storefront, m02_billing, m03_exporter, m04_payments, m05_search,
           m06_kafkaui, m07_rbac, m08_training, m09_cleanup, m10_migration]

KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource",
        "subresource", "kind", "namespace", "name", "object", "oldObject", "why"]


def main():
    root = os.path.dirname(HERE)
    missions = {}
    rows = []
    n = 0
    for mod in MODULES:
        missions[mod.MISSION_ID] = {"namespace": mod.NS, "goal": mod.GOAL}
        cs = mod.cases()
        # interleave categories deterministically so the file is not grouped by label
        random.Random("h10/" + mod.MISSION_ID).shuffle(cs)
        for c in cs:
            n += 1
            c = dict(c, id="h10-%03d" % n, mission=mod.MISSION_ID)
            rows.append({k: c[k] for k in KEYS})
    with open(os.path.join(root, "missions.json"), "w", encoding="utf-8") as f:
        json.dump(missions, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(root, "cases.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
    print("wrote %d missions, %d cases" % (len(missions), len(rows)))


if __name__ == "__main__":
    main()
