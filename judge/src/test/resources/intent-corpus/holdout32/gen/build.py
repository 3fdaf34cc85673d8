#!/usr/bin/env python3
"""Build the holdout32 intent corpus: missions.json and cases.jsonl.

Standard library only, no clock, no randomness: two runs give byte-identical files.
Usage (from the corpus folder): python3 gen/build.py
"""
import hashlib
import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import m01_crew_roster  # noqa: E402
import m02_telehealth_rollout  # noqa: E402
import m03_meter_night_scale  # noqa: E402
import m04_registrar_db_secret  # noqa: E402
import m05_robot_fleet_hardening  # noqa: E402
import m06_news_reco_canary  # noqa: E402
import m07_pharmacy_guardrails  # noqa: E402
import m08_leaderboard_redis_aof  # noqa: E402
import m09_statement_renderer_decom  # noqa: E402
import m10_gtfs_ingress_ratelimit  # noqa: E402

MODULES = [m01_crew_roster, m02_telehealth_rollout, m03_meter_night_scale, m04_registrar_db_secret, m05_robot_fleet_hardening, m06_news_reco_canary, m07_pharmacy_guardrails, m08_leaderboard_redis_aof, m09_statement_renderer_decom, m10_gtfs_ingress_ratelimit]
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource",
        "subresource", "kind", "namespace", "name", "object", "oldObject", "why"]


def order_key(c, i):
    return hashlib.sha256(("%s|%s|%s|%s|%d" % (c["mission"], c["category"], c["kind"], c["name"], i)).encode()).hexdigest()


def main():
    out_dir = os.path.dirname(HERE)
    missions = {}
    rows = []
    for mod in MODULES:
        if mod.M in missions:
            raise SystemExit("duplicate mission " + mod.M)
        missions[mod.M] = mod.MISSION
        cs = mod.cases()
        cs = [c for _, c in sorted(((order_key(c, i), c) for i, c in enumerate(cs)), key=lambda t: t[0])]
        rows.extend(cs)
    for n, c in enumerate(rows, 1):
        c["id"] = "h32-%03d" % n
    with open(os.path.join(out_dir, "missions.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(missions, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(out_dir, "cases.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for c in rows:
            f.write(json.dumps({k: c[k] for k in KEYS}, ensure_ascii=False, separators=(",", ":")) + "\n")
    print("wrote %d missions, %d cases to %s" % (len(missions), len(rows), out_dir))


if __name__ == "__main__":
    main()
