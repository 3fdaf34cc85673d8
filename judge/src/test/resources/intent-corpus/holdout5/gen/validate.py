#!/usr/bin/env python3
"""Validates ../missions.json and ../cases.jsonl; prints counts; exits 1 on any error."""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version",
        "resource", "subresource", "kind", "namespace", "name", "object",
        "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny",
          "harmful": "deny", "injection": "deny"}


def main():
    errors = []

    def err(where, msg):
        errors.append("%s: %s" % (where, msg))

    try:
        with open(os.path.join(ROOT, "missions.json"), encoding="utf-8") as f:
            missions = json.load(f)
    except Exception as e:  # noqa: BLE001
        print("missions.json: %s" % e)
        sys.exit(1)
    if not isinstance(missions, dict) or not missions:
        err("missions.json", "must be a non-empty object")
        missions = {}
    for mid, m in missions.items():
        if not isinstance(m, dict) or set(m) != {"namespace", "goal"}:
            err(mid, "mission must have exactly namespace and goal")
            continue
        if not m["namespace"] or not (1 <= len(m["goal"]) <= 4096):
            err(mid, "empty namespace or goal out of 1..4096 chars")

    ids = set()
    cat = collections.Counter()
    ops = collections.Counter()
    per_mission = collections.Counter()
    per_mission_cat = collections.defaultdict(collections.Counter)
    kinds = collections.Counter()
    sizes = []
    n = 0
    with open(os.path.join(ROOT, "cases.jsonl"), encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            where = "line %d" % lineno
            if not line.strip():
                err(where, "empty line")
                continue
            try:
                c = json.loads(line)
            except json.JSONDecodeError as e:
                err(where, "invalid JSON: %s" % e)
                continue
            n += 1
            if list(c.keys()) != KEYS:
                err(where, "keys are %s" % list(c.keys()))
                continue
            where = c["id"]
            if c["id"] in ids:
                err(where, "duplicate id")
            ids.add(c["id"])
            if c["mission"] not in missions:
                err(where, "unknown mission %r" % c["mission"])
            if c["category"] not in EXPECT:
                err(where, "unknown category %r" % c["category"])
            elif EXPECT[c["category"]] != c["expect"]:
                err(where, "expect %r does not match category %r" % (c["expect"], c["category"]))
            op, obj, old = c["operation"], c["object"], c["oldObject"]
            if op == "CREATE":
                if not isinstance(obj, dict) or old is not None:
                    err(where, "CREATE needs object and null oldObject")
            elif op == "UPDATE":
                if not isinstance(obj, dict) or not isinstance(old, dict):
                    err(where, "UPDATE needs object and oldObject")
                elif obj == old:
                    err(where, "UPDATE object equals oldObject")
            elif op == "DELETE":
                if obj is not None or not isinstance(old, dict):
                    err(where, "DELETE needs null object and oldObject")
            else:
                err(where, "unknown operation %r" % op)
            ref = obj if isinstance(obj, dict) else old
            if not isinstance(ref, dict):
                continue
            sub = c["subresource"]
            if sub not in ("", "scale"):
                err(where, "subresource must be '' or 'scale'")
            if sub == "scale":
                if op != "UPDATE":
                    err(where, "scale subresource only with UPDATE")
                for o in (obj, old):
                    if isinstance(o, dict) and (o.get("kind") != "Scale" or o.get("apiVersion") != "autoscaling/v1"):
                        err(where, "scale objects must be autoscaling/v1 Scale")
            else:
                group, _, version = ref.get("apiVersion", "").rpartition("/")
                if (group, version) != (c["group"], c["version"]):
                    err(where, "group/version %s/%s do not match apiVersion %s" % (c["group"], c["version"], ref.get("apiVersion")))
                if not c["resource"] or c["resource"] != c["resource"].lower():
                    err(where, "resource must be a lowercase plural")
            md = ref.get("metadata", {})
            if c["kind"] != ref.get("kind"):
                err(where, "kind %r != object kind %r" % (c["kind"], ref.get("kind")))
            if c["name"] != md.get("name"):
                err(where, "name %r != metadata.name %r" % (c["name"], md.get("name")))
            if c["namespace"] != md.get("namespace", ""):
                err(where, "namespace %r != metadata.namespace %r" % (c["namespace"], md.get("namespace", "")))
            if op == "UPDATE" and isinstance(obj, dict) and isinstance(old, dict):
                for k in ("kind", "apiVersion"):
                    if obj.get(k) != old.get(k):
                        err(where, "UPDATE changes %s" % k)
                if obj["metadata"].get("name") != old["metadata"].get("name") or \
                        obj["metadata"].get("namespace") != old["metadata"].get("namespace"):
                    err(where, "UPDATE object and oldObject differ in name/namespace")
            if not isinstance(c["why"], str) or not c["why"].strip() or len(c["why"]) > 300:
                err(where, "why must be non-empty and <= 300 chars (is %d)" % len(c["why"] or ""))
            for o in (obj, old):
                if isinstance(o, dict):
                    size = len(json.dumps(o, ensure_ascii=False).encode("utf-8"))
                    sizes.append((size, c["id"], o.get("kind")))
                    if o.get("kind") != "Scale" and not (1024 <= size <= 20480):
                        err(where, "%s object size %d outside 1..20 KB" % (o.get("kind"), size))
                    if "uid" not in o.get("metadata", {}) or "creationTimestamp" not in o.get("metadata", {}):
                        err(where, "object without uid/creationTimestamp")
                    if o.get("kind") != "Scale" and "managedFields" not in o.get("metadata", {}):
                        err(where, "object without managedFields")
            cat[c["category"]] += 1
            ops[op + ("/" + sub if sub else "")] += 1
            per_mission[c["mission"]] += 1
            per_mission_cat[c["mission"]][c["category"]] += 1
            kinds[c["kind"]] += 1

    for mid in missions:
        if not 13 <= per_mission[mid] <= 20:
            err(mid, "has %d cases, want 13..20" % per_mission[mid])

    print("cases: %d, missions: %d" % (n, len(missions)))
    print("per category:")
    for k in EXPECT:
        print("  %-17s %4d  %5.1f%%" % (k, cat[k], 100.0 * cat[k] / max(n, 1)))
    print("per operation:")
    for k, v in sorted(ops.items()):
        print("  %-17s %4d" % (k, v))
    print("per mission:")
    for mid in missions:
        pc = per_mission_cat[mid]
        print("  %-26s %3d  (%s)" % (mid, per_mission[mid], ", ".join("%s %d" % (k, pc[k]) for k in EXPECT)))
    print("kinds:")
    for k, v in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print("  %-26s %3d" % (k, v))
    if sizes:
        sizes.sort()
        print("object size: min %d B (%s %s), max %d B (%s %s)" % (sizes[0] + sizes[-1]))
        big = [s for s in sizes if s[2] != "Scale"]
        if big:
            print("non-Scale object size: min %d B (%s %s)" % big[0])
    if errors:
        print("\n%d error(s):" % len(errors))
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
