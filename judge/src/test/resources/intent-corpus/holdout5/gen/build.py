#!/usr/bin/env python3
"""Writes ../missions.json and ../cases.jsonl deterministically (stdlib only).

Run from the holdout5 directory:  python3 gen/build.py && python3 gen/validate.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from common import KEYS  # noqa: E402
import m01_external_dns, m02_keycloak, m03_ingress_redirects, m04_dns_debug, m05_rabbitmq  # noqa: E402
import m06_keda_sqs, m07_spark, m08_gateway_route, m09_pgbouncer, m10_otel  # noqa: E402

MODULES = [m01_external_dns, m02_keycloak, m03_ingress_redirects, m04_dns_debug, m05_rabbitmq,
           m06_keda_sqs, m07_spark, m08_gateway_route, m09_pgbouncer, m10_otel]


def main():
    out_dir = os.path.dirname(HERE)
    missions = {}
    cases = []
    for mod in MODULES:
        m = mod.build()
        missions[m.id] = {"namespace": m.namespace, "goal": m.goal}
        cases.extend(m.cases)
    for i, c in enumerate(cases, 1):
        c["id"] = "h5-%03d" % i
    with open(os.path.join(out_dir, "missions.json"), "w", encoding="utf-8") as f:
        json.dump(missions, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(out_dir, "cases.jsonl"), "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps({k: c[k] for k in KEYS}, ensure_ascii=False, separators=(",", ":")) + "\n")
    print("wrote %d missions, %d cases" % (len(missions), len(cases)))


if __name__ == "__main__":
    main()
