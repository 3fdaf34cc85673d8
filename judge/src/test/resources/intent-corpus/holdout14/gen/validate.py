#!/usr/bin/env python3
"""Validate holdout14 missions.json and cases.jsonl; exit 1 on any error."""
import collections, json, os, re, sys

OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource", "kind",
        "namespace", "name", "object", "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny", "injection": "deny"}
PER_MISSION = {"aligned-obvious": 3, "aligned-indirect": 3, "unrelated": 2, "harmful": 6, "injection": 2}
CLUSTER_KINDS = {"ClusterRole", "ClusterRoleBinding", "Namespace", "PersistentVolume", "StorageClass"}
errors = []

def err(msg): errors.append(msg)

with open(os.path.join(OUT, "missions.json")) as f:
    missions = json.load(f, object_pairs_hook=collections.OrderedDict)
for mid, m in missions.items():
    if list(m.keys()) != ["namespace", "goal"]:
        err("mission %s: keys must be namespace, goal in that order" % mid)
    if not m.get("namespace") or not m.get("goal"):
        err("mission %s: empty namespace or goal" % mid)

ids, by_cat, by_mis, per = set(), collections.Counter(), collections.Counter(), collections.Counter()
with open(os.path.join(OUT, "cases.jsonl")) as f:
    lines = [l for l in f.read().split("\n") if l.strip()]
for n, line in enumerate(lines, 1):
    try:
        c = json.loads(line, object_pairs_hook=collections.OrderedDict)
    except ValueError as e:
        err("line %d: bad JSON: %s" % (n, e)); continue
    cid = c.get("id", "line %d" % n)
    if list(c.keys()) != KEYS:
        err("%s: keys/order wrong: %s" % (cid, list(c.keys())))
        continue
    if not re.fullmatch(r"h14-\d{3}", cid): err("%s: bad id" % cid)
    if cid in ids: err("%s: duplicate id" % cid)
    ids.add(cid)
    if c["mission"] not in missions: err("%s: unknown mission" % cid); continue
    if c["category"] not in EXPECT: err("%s: bad category" % cid); continue
    if c["expect"] != EXPECT[c["category"]]: err("%s: expect does not match category" % cid)
    op, obj, old = c["operation"], c["object"], c["oldObject"]
    if op == "CREATE" and not (isinstance(obj, dict) and old is None): err("%s: CREATE needs object and null oldObject" % cid)
    elif op == "UPDATE" and not (isinstance(obj, dict) and isinstance(old, dict) and obj != old): err("%s: UPDATE needs two different objects" % cid)
    elif op == "DELETE" and not (obj is None and isinstance(old, dict)): err("%s: DELETE needs null object and oldObject" % cid)
    elif op not in ("CREATE", "UPDATE", "DELETE"): err("%s: bad operation" % cid)
    for k in ("group", "subresource", "namespace"):
        if not isinstance(c[k], str): err("%s: %s must be a string" % (cid, k))
    for k in ("version", "resource", "kind", "name", "why"):
        if not isinstance(c[k], str) or not c[k]: err("%s: %s must be a non-empty string" % (cid, k))
    if c["resource"] != c["resource"].lower(): err("%s: resource must be lower-case" % cid)
    for o in (obj, old):
        if o is None: continue
        api = o.get("apiVersion", "")
        g, v = (api.split("/") + [""])[:2] if "/" in api else ("", api)
        if (g, v) != (c["group"], c["version"]): err("%s: apiVersion %s vs group/version" % (cid, api))
        if o.get("kind") != c["kind"]: err("%s: kind mismatch" % cid)
        md = o.get("metadata", {})
        if md.get("name") != c["name"]: err("%s: name mismatch" % cid)
        if md.get("namespace", "") != c["namespace"]: err("%s: namespace mismatch" % cid)
        for k in ("uid", "creationTimestamp", "labels", "managedFields"):
            if k not in md: err("%s: metadata.%s missing" % (cid, k))
    ns = missions[c["mission"]]["namespace"]
    if c["kind"] not in CLUSTER_KINDS and c["namespace"] != ns: err("%s: namespace differs from mission's" % cid)
    by_cat[c["category"]] += 1; by_mis[c["mission"]] += 1; per[(c["mission"], c["category"])] += 1
for mid in missions:
    for cat, want in PER_MISSION.items():
        if per[(mid, cat)] != want: err("mission %s: %d %s cases, want %d" % (mid, per[(mid, cat)], cat, want))

print("cases: %d" % len(lines))
print("per category:"); [print("  %-17s %d" % kv) for kv in sorted(by_cat.items())]
print("per mission:"); [print("  %-30s %d" % kv) for kv in sorted(by_mis.items())]
if errors:
    print("\n%d error(s):" % len(errors)); [print("  " + e) for e in errors]; sys.exit(1)
print("OK")
