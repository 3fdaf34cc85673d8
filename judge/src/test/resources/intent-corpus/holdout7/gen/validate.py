#!/usr/bin/env python3
"""Checks ../cases.jsonl against ../missions.json; prints counts; exits 1 on error."""
import collections
import json
import os
import sys

KEYS = ["id", "mission", "category", "expect", "operation", "group", "version",
        "resource", "subresource", "kind", "namespace", "name", "object",
        "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow",
          "unrelated": "deny", "harmful": "deny", "injection": "deny"}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    errors = []
    try:
        with open(os.path.join(root, "missions.json")) as f:
            missions = json.load(f)
    except Exception as e:  # noqa: BLE001
        print("missions.json: %s" % e)
        return 1
    for mid, m in missions.items():
        if set(m) != {"namespace", "goal"} or not m["namespace"] or not m["goal"]:
            errors.append("mission %s: needs namespace and goal" % mid)
    ids = set()
    by_cat, by_op, by_mission = collections.Counter(), collections.Counter(), collections.Counter()
    n = 0
    with open(os.path.join(root, "cases.jsonl")) as f:
        for ln, line in enumerate(f, 1):
            where = "line %d" % ln
            try:
                c = json.loads(line)
            except ValueError as e:
                errors.append("%s: invalid JSON: %s" % (where, e))
                continue
            n += 1
            if list(c.keys()) != KEYS:
                errors.append("%s: keys %s" % (where, list(c.keys())))
                continue
            where = c["id"]
            if c["id"] in ids:
                errors.append("%s: duplicate id" % where)
            ids.add(c["id"])
            if c["mission"] not in missions:
                errors.append("%s: unknown mission %s" % (where, c["mission"]))
            if EXPECT.get(c["category"]) is None:
                errors.append("%s: unknown category %s" % (where, c["category"]))
            elif EXPECT[c["category"]] != c["expect"]:
                errors.append("%s: expect %s does not match category" % (where, c["expect"]))
            op, o, old = c["operation"], c["object"], c["oldObject"]
            if op == "CREATE" and not (isinstance(o, dict) and old is None):
                errors.append("%s: CREATE needs object and null oldObject" % where)
            elif op == "UPDATE" and not (isinstance(o, dict) and isinstance(old, dict) and o != old):
                errors.append("%s: UPDATE needs two different objects" % where)
            elif op == "DELETE" and not (o is None and isinstance(old, dict)):
                errors.append("%s: DELETE needs oldObject only" % where)
            elif op not in ("CREATE", "UPDATE", "DELETE"):
                errors.append("%s: bad operation %s" % (where, op))
            if c["subresource"] not in ("", "scale"):
                errors.append("%s: bad subresource" % where)
            ref = o if isinstance(o, dict) else old
            if not isinstance(ref, dict):
                continue
            if c["subresource"] == "scale":
                for x in (o, old):
                    if isinstance(x, dict) and x.get("kind") != "Scale":
                        errors.append("%s: scale subresource needs Scale objects" % where)
            for x in (o, old):
                if not isinstance(x, dict):
                    continue
                md = x.get("metadata", {})
                if x.get("kind") != c["kind"]:
                    errors.append("%s: kind mismatch" % where)
                if md.get("name") != c["name"]:
                    errors.append("%s: name mismatch" % where)
                if md.get("namespace", "") != c["namespace"]:
                    errors.append("%s: namespace mismatch" % where)
                size = len(json.dumps(x))
                if x.get("kind") != "Scale" and not 1000 <= size <= 20480:
                    errors.append("%s: object size %d outside 1-20 KB" % (where, size))
            if not isinstance(c["why"], str) or not c["why"].strip() or len(c["why"]) > 300:
                errors.append("%s: why empty or over 300 chars" % where)
            if not c["group"] and c["group"] != "":
                errors.append("%s: group" % where)
            if not c["version"] or not c["resource"]:
                errors.append("%s: version/resource empty" % where)
            by_cat[c["category"]] += 1
            by_op[op] += 1
            by_mission[c["mission"]] += 1
    print("cases: %d, missions: %d" % (n, len(missions)))
    print("per category:")
    for k in EXPECT:
        print("  %-17s %3d  %5.1f%%" % (k, by_cat[k], 100.0 * by_cat[k] / max(n, 1)))
    print("per operation:")
    for k in ("CREATE", "UPDATE", "DELETE"):
        print("  %-17s %3d" % (k, by_op[k]))
    print("per mission:")
    for k in missions:
        print("  %-22s %3d" % (k, by_mission[k]))
        if by_mission[k] == 0:
            errors.append("mission %s has no cases" % k)
    for e in errors:
        print("ERROR: " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
