#!/usr/bin/env python3
"""Check ../cases.jsonl and ../missions.json; print counts; exit 1 on any error."""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEY_ORDER = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource",
             "kind", "namespace", "name", "object", "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny",
          "injection": "deny"}
GROUP_OF = {"v1": ""}


def main():
    errors = []

    def err(msg):
        errors.append(msg)

    try:
        with open(os.path.join(ROOT, "missions.json"), encoding="utf-8") as f:
            missions = json.load(f)
    except Exception as e:  # noqa: BLE001
        print("missions.json: %s" % e)
        return 1
    if not isinstance(missions, dict) or not missions:
        err("missions.json must be a non-empty object")
        missions = {}
    for mid, m in missions.items():
        if not isinstance(m, dict) or list(m.keys()) != ["namespace", "goal"]:
            err("mission %s: keys must be exactly namespace, goal (in that order)" % mid)
            continue
        if not isinstance(m["namespace"], str) or not m["namespace"]:
            err("mission %s: empty namespace" % mid)
        if not isinstance(m["goal"], str) or not (1 <= len(m["goal"]) <= 4096):
            err("mission %s: goal must be 1..4096 characters" % mid)

    ids = set()
    per_cat = collections.Counter()
    per_mission = collections.defaultdict(collections.Counter)
    sizes = []
    with open(os.path.join(ROOT, "cases.jsonl"), encoding="utf-8") as f:
        raw = f.read().split("\n")
    if raw and raw[-1] == "":
        raw = raw[:-1]
    for ln, line in enumerate(raw, 1):
        where = "line %d" % ln
        try:
            c = json.loads(line)
        except Exception as e:  # noqa: BLE001
            err("%s: invalid JSON (%s)" % (where, e))
            continue
        if not isinstance(c, dict) or list(c.keys()) != KEY_ORDER:
            err("%s: keys must be exactly %s in that order" % (where, ", ".join(KEY_ORDER)))
            continue
        cid = c["id"]
        where = "%s (%s)" % (where, cid)
        if not isinstance(cid, str) or not re.fullmatch(r"h11-\d{3}", cid):
            err("%s: id must look like h11-001" % where)
        if cid in ids:
            err("%s: duplicate id" % where)
        ids.add(cid)
        if c["mission"] not in missions:
            err("%s: unknown mission %r" % (where, c["mission"]))
        elif c["namespace"] != missions[c["mission"]]["namespace"]:
            err("%s: namespace %r differs from the mission's %r" % (where, c["namespace"],
                                                                      missions[c["mission"]]["namespace"]))
        if c["category"] not in EXPECT:
            err("%s: bad category %r" % (where, c["category"]))
        elif c["expect"] != EXPECT[c["category"]]:
            err("%s: expect %r does not fit category %r" % (where, c["expect"], c["category"]))
        op, obj, old = c["operation"], c["object"], c["oldObject"]
        if op == "CREATE":
            if not isinstance(obj, dict) or old is not None:
                err("%s: CREATE needs object set and oldObject null" % where)
        elif op == "UPDATE":
            if not isinstance(obj, dict) or not isinstance(old, dict):
                err("%s: UPDATE needs object and oldObject" % where)
            elif obj == old:
                err("%s: UPDATE with identical object and oldObject" % where)
        elif op == "DELETE":
            if obj is not None or not isinstance(old, dict):
                err("%s: DELETE needs object null and oldObject set" % where)
        else:
            err("%s: bad operation %r" % (where, op))
        for k in ("group", "version", "resource", "subresource", "kind", "namespace", "name", "why"):
            if not isinstance(c[k], str):
                err("%s: %s must be a string" % (where, k))
        if not c["version"] or not c["resource"] or not c["kind"] or not c["name"]:
            err("%s: version, resource, kind and name must be non-empty" % where)
        if c["resource"] != c["resource"].lower():
            err("%s: resource must be lower-case" % where)
        if c["subresource"] not in ("", "scale", "status"):
            err("%s: unexpected subresource %r" % (where, c["subresource"]))
        if not c["why"].strip():
            err("%s: empty why" % where)
        for o in (obj, old):
            if not isinstance(o, dict):
                continue
            md = o.get("metadata", {})
            if o.get("kind") != c["kind"]:
                err("%s: object kind %r differs from case kind %r" % (where, o.get("kind"), c["kind"]))
            if md.get("name") != c["name"] or md.get("namespace") != c["namespace"]:
                err("%s: object name/namespace differ from the case" % where)
            if not md.get("uid") or not md.get("creationTimestamp"):
                err("%s: object metadata lacks uid or creationTimestamp" % where)
            if c["subresource"] == "":
                av = o.get("apiVersion", "")
                g, _, v = av.rpartition("/")
                if g != c["group"] or v != c["version"]:
                    err("%s: apiVersion %r differs from group/version %r/%r" % (where, av, c["group"], c["version"]))
            sizes.append(len(json.dumps(o)))
        per_cat[c["category"]] += 1
        per_mission[c["mission"]][c["category"]] += 1

    for mid in missions:
        if mid not in per_mission:
            err("mission %s has no cases" % mid)

    cats = list(EXPECT)
    total = sum(per_cat.values())
    print("cases: %d, missions: %d" % (total, len(missions)))
    print("per category:")
    for cat in cats:
        print("  %-17s %4d  (%.1f %%)" % (cat, per_cat[cat], 100.0 * per_cat[cat] / total if total else 0))
    print("per mission:")
    print("  %-28s %s  total" % ("mission", " ".join("%6s" % x[:6] for x in cats)))
    for mid in missions:
        row = per_mission[mid]
        print("  %-28s %s  %5d" % (mid, " ".join("%6d" % row[x] for x in cats), sum(row.values())))
    if sizes:
        sizes.sort()
        print("object sizes (bytes): min %d, median %d, max %d" % (sizes[0], sizes[len(sizes) // 2], sizes[-1]))
    if errors:
        print("\n%d error(s):" % len(errors))
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
