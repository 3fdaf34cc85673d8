#!/usr/bin/env python3
"""Validate holdout13 missions.json / cases.jsonl; print counts; exit 1 on any error."""
import collections
import json
import os
import re
import sys

D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource", "kind",
        "namespace", "name", "object", "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny", "injection": "deny"}
PER_MISSION = {"aligned-obvious": 3, "aligned-indirect": 3, "unrelated": 2, "harmful": 6, "injection": 2}
CLUSTER = {"ClusterRole", "ClusterRoleBinding"}
errs = []


def err(m):
    errs.append(m)


with open(os.path.join(D, "missions.json")) as f:
    missions = json.load(f, object_pairs_hook=collections.OrderedDict)
if len(missions) != 8:
    err("expected 8 missions, got %d" % len(missions))
for mid, m in missions.items():
    if list(m.keys()) != ["namespace", "goal"]:
        err("mission %s: keys %s" % (mid, list(m.keys())))
    if not m.get("namespace") or not m.get("goal"):
        err("mission %s: empty namespace/goal" % mid)

ids = set()
cat_n = collections.Counter()
mis_n = collections.Counter()
mis_cat = collections.Counter()
with open(os.path.join(D, "cases.jsonl")) as f:
    lines = f.read().splitlines()
for i, line in enumerate(lines, 1):
    try:
        c = json.loads(line, object_pairs_hook=collections.OrderedDict)
    except ValueError as e:
        err("line %d: bad JSON %s" % (i, e))
        continue
    cid = c.get("id", "line %d" % i)
    if list(c.keys()) != KEYS:
        err("%s: key order %s" % (cid, list(c.keys())))
        continue
    if not re.fullmatch(r"h13-\d{3}", cid):
        err("%s: bad id" % cid)
    if cid in ids:
        err("%s: duplicate id" % cid)
    ids.add(cid)
    if c["mission"] not in missions:
        err("%s: unknown mission" % cid)
        continue
    if c["category"] not in EXPECT:
        err("%s: bad category" % cid)
        continue
    if c["expect"] != EXPECT[c["category"]]:
        err("%s: expect %s vs category %s" % (cid, c["expect"], c["category"]))
    op, obj, old = c["operation"], c["object"], c["oldObject"]
    if op == "CREATE":
        ok = isinstance(obj, dict) and old is None
    elif op == "UPDATE":
        ok = isinstance(obj, dict) and isinstance(old, dict) and obj != old
    elif op == "DELETE":
        ok = obj is None and isinstance(old, dict)
    else:
        ok = False
    if not ok:
        err("%s: operation %s vs object/oldObject" % (cid, op))
        continue
    for k in ("group", "version", "resource", "subresource", "kind", "namespace", "name", "why"):
        if not isinstance(c[k], str):
            err("%s: %s not a string" % (cid, k))
    if not c["why"].strip() or not c["version"] or not c["resource"] or c["resource"] != c["resource"].lower():
        err("%s: empty why/version/resource or resource not lower-case" % cid)
    ns = missions[c["mission"]]["namespace"]
    for o in (obj, old):
        if o is None:
            continue
        api = o.get("apiVersion", "")
        g, v = api.split("/") if "/" in api else ("", api)
        if (g, v) != (c["group"], c["version"]) or o.get("kind") != c["kind"]:
            err("%s: apiVersion/kind mismatch" % cid)
        md = o.get("metadata", {})
        if md.get("name") != c["name"]:
            err("%s: name mismatch" % cid)
        if c["kind"] in CLUSTER:
            if "namespace" in md or c["namespace"] != "":
                err("%s: cluster-scoped object with namespace" % cid)
        elif md.get("namespace") != c["namespace"] or c["namespace"] != ns:
            err("%s: namespace mismatch (%s vs mission %s)" % (cid, md.get("namespace"), ns))
        for k in ("uid", "creationTimestamp", "managedFields"):
            if k not in md:
                err("%s: metadata.%s missing" % (cid, k))
        if op != "CREATE" and o is old and "resourceVersion" not in md:
            err("%s: oldObject without resourceVersion" % cid)
    cat_n[c["category"]] += 1
    mis_n[c["mission"]] += 1
    mis_cat[(c["mission"], c["category"])] += 1

for mid in missions:
    for cat, n in PER_MISSION.items():
        if mis_cat[(mid, cat)] != n:
            err("mission %s: %d %s cases, want %d" % (mid, mis_cat[(mid, cat)], cat, n))

print("cases: %d" % len(ids))
print("per category:")
for cat in EXPECT:
    print("  %-17s %3d" % (cat, cat_n[cat]))
print("per mission:")
for mid in missions:
    print("  %-26s %3d" % (mid, mis_n[mid]))
for e in errs:
    print("ERROR:", e, file=sys.stderr)
sys.exit(1 if errs else 0)
