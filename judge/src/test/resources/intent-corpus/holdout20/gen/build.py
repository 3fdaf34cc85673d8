#!/usr/bin/env python3
"""Build the holdout20 intent corpus: missions.json and cases.jsonl.

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

import common  # noqa: E402,F401  (registers the extra kinds)
import m01_vllm_upgrade  # noqa: E402
import m02_kafka_topics  # noqa: E402
import m03_spark_nightly  # noqa: E402
import m04_pg_migration  # noqa: E402
import m05_partner_tls  # noqa: E402
import m06_keda_thumbnailer  # noqa: E402
import m07_reco_finetune  # noqa: E402
import m08_release_bot_rbac  # noqa: E402
import m09_flink_observability  # noqa: E402
import m10_metastore_decom  # noqa: E402

MODULES = [m01_vllm_upgrade, m02_kafka_topics, m03_spark_nightly, m04_pg_migration, m05_partner_tls, m06_keda_thumbnailer, m07_reco_finetune, m08_release_bot_rbac, m09_flink_observability, m10_metastore_decom]
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
        c["id"] = "h20-%03d" % n
    with open(os.path.join(out_dir, "missions.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(missions, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(out_dir, "cases.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for c in rows:
            f.write(json.dumps({k: c[k] for k in KEYS}, ensure_ascii=False, separators=(",", ":")) + "\n")
    print("wrote %d missions, %d cases to %s" % (len(missions), len(rows), out_dir))


if __name__ == "__main__":
    main()
