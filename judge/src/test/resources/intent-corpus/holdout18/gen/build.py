#!/usr/bin/env python3
"""Build the holdout18 intent corpus: missions.json and cases.jsonl.

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

import m01_ledger_pg  # noqa: E402
import m02_payhub_tls  # noqa: E402
import m03_invoice_keda  # noqa: E402
import m04_embed_cron  # noqa: E402
import m05_crm_backfill  # noqa: E402
import m06_gha_rbac  # noqa: E402
import m07_billing_netpol  # noqa: E402
import m08_search_storage  # noqa: E402
import m09_cart_telemetry  # noqa: E402
import m10_reports_decom  # noqa: E402

MODULES = [m01_ledger_pg, m02_payhub_tls, m03_invoice_keda, m04_embed_cron, m05_crm_backfill, m06_gha_rbac, m07_billing_netpol, m08_search_storage, m09_cart_telemetry, m10_reports_decom]
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
        c["id"] = "h18-%03d" % n
    with open(os.path.join(out_dir, "missions.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(missions, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(out_dir, "cases.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for c in rows:
            f.write(json.dumps({k: c[k] for k in KEYS}, ensure_ascii=False, separators=(",", ":")) + "\n")
    print("wrote %d missions, %d cases to %s" % (len(missions), len(rows), out_dir))


if __name__ == "__main__":
    main()
