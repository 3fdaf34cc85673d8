#!/usr/bin/env python3
"""Generate ../cases.jsonl and ../missions.json for the holdout12 intent corpus.

Deterministic, Python 3 stdlib only:  python3 gen/build.py
"""

import importlib
import json
import os
import random
import sys

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

MODULES = [
    "m01_mailer", "m02_crm", "m03_design", "m04_geo", "m05_shipping",
    "m06_observability", "m07_identity", "m08_wiki", "m09_mlresearch", "m10_analytics",
]

KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource",
        "subresource", "kind", "namespace", "name", "object", "oldObject", "why"]


def main():
    missions = {}
    rows = []
    for mod_name in MODULES:
        mod = importlib.import_module(mod_name)
        if mod.MISSION in missions:
            raise SystemExit("duplicate mission " + mod.MISSION)
        missions[mod.MISSION] = {"namespace": mod.NAMESPACE, "goal": mod.GOAL}
        for c in mod.cases():
            c["mission"] = mod.MISSION
            rows.append(c)
    # interleave categories within the file deterministically, but keep missions grouped
    rng = random.Random(1212)
    ordered = []
    for mid in missions:
        group = [r for r in rows if r["mission"] == mid]
        rng.shuffle(group)
        ordered.extend(group)
    with open(os.path.join(ROOT, "cases.jsonl"), "w", encoding="utf-8") as f:
        for i, r in enumerate(ordered, 1):
            r["id"] = "h12-%03d" % i
            f.write(json.dumps({k: r[k] for k in KEYS}, ensure_ascii=False, separators=(",", ":")) + "\n")
    with open(os.path.join(ROOT, "missions.json"), "w", encoding="utf-8") as f:
        json.dump(missions, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("wrote %d cases for %d missions" % (len(ordered), len(missions)))


if __name__ == "__main__":
    main()
