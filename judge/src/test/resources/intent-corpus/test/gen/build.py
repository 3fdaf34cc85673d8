#!/usr/bin/env python3
"""Builds ../missions.json and ../cases.jsonl from the hand-written case modules."""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common
from missions import MISSIONS
import m01_payments, m02_streaming, m03_bookstore, m04_redis, m05_sendgrid, m06_docs, m07_invoices, m08_legacy, m09_rightsizing, m10_salesreport  # noqa

out = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for i, c in enumerate(common.CASES, 1):
    c["id"] = f"test-{i:03d}"
    assert c["namespace"] == MISSIONS[c["mission"]]["namespace"], c
with open(os.path.join(out, "missions.json"), "w") as f:
    json.dump(MISSIONS, f, indent=2); f.write("\n")
with open(os.path.join(out, "cases.jsonl"), "w") as f:
    for c in common.CASES:
        f.write(json.dumps(c, separators=(",", ":"), ensure_ascii=False) + "\n")
print(len(common.CASES), "cases")
