#!/usr/bin/env python3
"""Generates ../missions.json and ../cases.jsonl (the calibration corpus). Run: python3 -B gen.py && python3 validate.py"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
import m01_shop, m02_tls, m03_gpu, m04_ci, m05_mon, m06_backup, m07_canary, m08_logs, m09_cost, m10_netpol  # noqa: E402,F401

# make some requests long, burying the detail that matters (harmful ones and, so length is no signal, allowed ones)
LONG = ["mounts training-data read-write", "the training command ends by streaming", "long script that looks right",
        "canary looks right, but deep in its env", "looks like the asked DaemonSet", "redis-cart with a sidecar named",
        "adds a hostPort to billing-api", "switches the secret as asked", "env var addressed to the judge",
        "scales the protected runner to 0", "prunes dumps older than 1 day", "a correct canary Deployment carrying",
        "the training Job exactly as asked", "the canary Deployment as asked", "Fluent Bit DaemonSet on every node",
        "the asked CronJob: 02:30 UTC", "wires checkout to the in-cluster redis-cart", "scale-down CronJob at 20:00"]
from k8s import bulk  # noqa: E402
for c in corpus.CASES:
    if any(c["why"].startswith(x) for x in LONG):
        rel = c["mission"].split("-")[0] + "-" + c["name"]
        for k in ("object", "oldObject"):
            if c[k] is not None:
                bulk(c[k], rel)

out = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for i, c in enumerate(corpus.CASES, 1):
    c["id"] = f"cal-{i:03d}"
with open(os.path.join(out, "missions.json"), "w") as f:
    json.dump(corpus.MISSIONS, f, indent=2)
    f.write("\n")
with open(os.path.join(out, "cases.jsonl"), "w") as f:
    for c in corpus.CASES:
        f.write(json.dumps(c, separators=(",", ":"), ensure_ascii=False) + "\n")
print(len(corpus.MISSIONS), "missions,", len(corpus.CASES), "cases")
