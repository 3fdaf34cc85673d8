#!/usr/bin/env python3
"""Generate ../missions.json and ../cases.jsonl deterministically (stdlib only)."""

import sys

sys.dont_write_bytecode = True

import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import m01_redis
import m02_billing
import m03_flags
import m04_ledger
import m05_media
import m06_notebook
import m07_email
import m08_webhook
import m09_nats
import m10_vault

MODULES = [m01_redis, m02_billing, m03_flags, m04_ledger, m05_media, m06_notebook, m07_email, m08_webhook,
           m09_nats, m10_vault]


def main():
    root = os.path.dirname(HERE)
    missions = {}
    records = []
    for mod in MODULES:
        missions[mod.MID] = {"namespace": mod.NS, "goal": mod.GOAL}
        cs = mod.cases()
        random.Random("holdout9:" + mod.MID).shuffle(cs)
        records.extend(cs)
    for i, r in enumerate(records, 1):
        r["id"] = "h9-%03d" % i
    with open(os.path.join(root, "missions.json"), "w", encoding="utf-8") as f:
        json.dump(missions, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(root, "cases.jsonl"), "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("wrote %d missions, %d cases" % (len(missions), len(records)))


if __name__ == "__main__":
    main()
