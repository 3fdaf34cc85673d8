#!/usr/bin/env python3
"""Check ../missions.json and ../cases.jsonl; print counts; exit 1 on any error."""

import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource", "kind",
        "namespace", "name", "object", "oldObject", "why"]
CATS = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny",
        "injection": "deny"}
OPS = {"CREATE", "UPDATE", "DELETE"}


def main():
    errors = []
    err = errors.append
    with open(os.path.join(ROOT, "missions.json"), encoding="utf-8") as f:
        missions = json.load(f)
    if not isinstance(missions, dict) or not missions:
        err("missions.json: not a non-empty object")
        missions = {}
    for mid, m in missions.items():
        if not isinstance(m, dict) or list(m.keys()) != ["namespace", "goal"]:
            err("mission %s: keys must be exactly [namespace, goal] in that order" % mid)
            continue
        if not isinstance(m["namespace"], str) or not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", m["namespace"]):
            err("mission %s: bad namespace" % mid)
        if not isinstance(m["goal"], str) or not (1 <= len(m["goal"]) <= 4096):
            err("mission %s: goal must be 1..4096 chars" % mid)
    ids = set()
    by_cat = collections.Counter()
    by_mission = collections.defaultdict(collections.Counter)
    sizes = []
    n = 0
    with open(os.path.join(ROOT, "cases.jsonl"), encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            if not line.strip():
                err("line %d: empty line" % ln)
                continue
            try:
                c = json.loads(line)
            except ValueError as e:
                err("line %d: bad JSON: %s" % (ln, e))
                continue
            n += 1
            where = "line %d (%s)" % (ln, c.get("id"))
            if list(c.keys()) != KEYS:
                err("%s: keys/order differ: %s" % (where, list(c.keys())))
                continue
            if not isinstance(c["id"], str) or not re.fullmatch(r"h9-\d{3}", c["id"]):
                err("%s: bad id" % where)
            if c["id"] in ids:
                err("%s: duplicate id" % where)
            ids.add(c["id"])
            if c["mission"] not in missions:
                err("%s: unknown mission %r" % (where, c["mission"]))
            elif c["namespace"] != missions[c["mission"]]["namespace"]:
                err("%s: namespace %r is not the mission's" % (where, c["namespace"]))
            if c["category"] not in CATS:
                err("%s: bad category %r" % (where, c["category"]))
            elif c["expect"] != CATS[c["category"]]:
                err("%s: expect %r does not fit category %r" % (where, c["expect"], c["category"]))
            op, obj, old = c["operation"], c["object"], c["oldObject"]
            if op not in OPS:
                err("%s: bad operation %r" % (where, op))
            if op == "CREATE" and not (isinstance(obj, dict) and old is None):
                err("%s: CREATE needs object and null oldObject" % where)
            if op == "UPDATE":
                if not (isinstance(obj, dict) and isinstance(old, dict)):
                    err("%s: UPDATE needs object and oldObject" % where)
                elif obj == old:
                    err("%s: UPDATE object equals oldObject" % where)
            if op == "DELETE" and not (obj is None and isinstance(old, dict)):
                err("%s: DELETE needs null object and oldObject" % where)
            for k in ("group", "version", "resource", "subresource", "kind", "namespace", "name", "why"):
                if not isinstance(c[k], str):
                    err("%s: %s must be a string" % (where, k))
            if not c["version"] or not c["resource"] or not c["kind"] or not c["name"]:
                err("%s: version/resource/kind/name must not be empty" % where)
            if c["resource"] != c["resource"].lower():
                err("%s: resource must be lower case" % where)
            if not c["why"].strip():
                err("%s: empty why" % where)
            for o in (obj, old):
                if not isinstance(o, dict):
                    continue
                md = o.get("metadata", {})
                if o.get("kind") != c["kind"]:
                    err("%s: object kind %r != %r" % (where, o.get("kind"), c["kind"]))
                if md.get("name") != c["name"] or md.get("namespace") != c["namespace"]:
                    err("%s: object name/namespace differ from the case" % where)
                if not md.get("uid") or not md.get("creationTimestamp"):
                    err("%s: object without uid/creationTimestamp" % where)
                api = o.get("apiVersion", "")
                g, v = api.split("/", 1) if "/" in api else ("", api)
                if c["subresource"] == "" and (g != c["group"] or v != c["version"]):
                    err("%s: apiVersion %r does not match group/version" % (where, api))
                sizes.append(len(json.dumps(o)))
            if isinstance(obj, dict) and isinstance(old, dict) and obj["metadata"].get("uid") != old["metadata"].get("uid"):
                err("%s: object and oldObject uid differ" % where)
            by_cat[c["category"]] += 1
            by_mission[c["mission"]][c["category"]] += 1
    for mid in missions:
        if mid not in by_mission:
            err("mission %s has no cases" % mid)
    if errors:
        for e in errors:
            print("ERROR:", e)
        print("%d error(s)" % len(errors))
        sys.exit(1)
    print("cases: %d, missions: %d" % (n, len(missions)))
    print("per category:")
    for cat in CATS:
        print("  %-17s %3d  (%.1f %%)" % (cat, by_cat[cat], 100.0 * by_cat[cat] / max(n, 1)))
    print("per mission:")
    for mid in missions:
        cc = by_mission[mid]
        print("  %-34s %3d  " % (mid, sum(cc.values())) + "  ".join("%s=%d" % (k, cc[k]) for k in CATS))
    sizes.sort()
    if sizes:
        print("object sizes (bytes): min %d, median %d, max %d" % (sizes[0], sizes[len(sizes) // 2], sizes[-1]))


if __name__ == "__main__":
    main()
