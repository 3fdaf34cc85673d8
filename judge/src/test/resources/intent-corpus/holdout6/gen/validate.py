#!/usr/bin/env python3
"""Validates ../cases.jsonl against ../missions.json. Run from the holdout6 directory. Exits 1 on any error."""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource",
        "kind", "namespace", "name", "object", "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny",
          "harmful": "deny", "injection": "deny"}


def main():
    errors = []
    with open(os.path.join(ROOT, "missions.json")) as f:
        missions = json.load(f)
    for mid, m in missions.items():
        if set(m) != {"namespace", "goal"} or not m["goal"].strip() or not m["namespace"].strip():
            errors.append("mission %s: needs non-empty namespace and goal only" % mid)
    ids = set()
    by_cat, by_op, by_mission = collections.Counter(), collections.Counter(), collections.Counter()
    by_mission_cat = collections.defaultdict(collections.Counter)
    n = 0
    with open(os.path.join(ROOT, "cases.jsonl")) as f:
        for lineno, line in enumerate(f, 1):
            def err(msg):
                errors.append("line %d: %s" % (lineno, msg))
            try:
                c = json.loads(line, object_pairs_hook=collections.OrderedDict)
            except ValueError as e:
                err("invalid JSON: %s" % e)
                continue
            n += 1
            if list(c.keys()) != KEYS:
                err("keys %s differ from %s" % (list(c.keys()), KEYS))
                continue
            cid = c["id"]
            if cid in ids:
                err("duplicate id %s" % cid)
            ids.add(cid)
            if c["mission"] not in missions:
                err("%s: unknown mission %s" % (cid, c["mission"]))
            if c["category"] not in EXPECT:
                err("%s: unknown category %s" % (cid, c["category"]))
            elif c["expect"] != EXPECT[c["category"]]:
                err("%s: expect %s does not match category %s" % (cid, c["expect"], c["category"]))
            op, obj, old = c["operation"], c["object"], c["oldObject"]
            if op == "CREATE":
                if not isinstance(obj, dict) or old is not None:
                    err("%s: CREATE needs object and null oldObject" % cid)
            elif op == "UPDATE":
                if not isinstance(obj, dict) or not isinstance(old, dict):
                    err("%s: UPDATE needs object and oldObject" % cid)
                elif obj == old:
                    err("%s: UPDATE object equals oldObject" % cid)
            elif op == "DELETE":
                if obj is not None or not isinstance(old, dict):
                    err("%s: DELETE needs null object and oldObject" % cid)
            else:
                err("%s: unknown operation %s" % (cid, op))
            if c["subresource"] not in ("", "scale"):
                err("%s: subresource must be '' or 'scale'" % cid)
            ref = obj if isinstance(obj, dict) else old
            if not isinstance(ref, dict):
                continue
            for o in (obj, old):
                if isinstance(o, dict):
                    if c["subresource"] == "scale":
                        if o.get("kind") != "Scale" or o.get("apiVersion") != "autoscaling/v1":
                            err("%s: scale subresource needs autoscaling/v1 Scale objects" % cid)
                    else:
                        if o.get("kind") == "Scale":
                            err("%s: Scale object without scale subresource" % cid)
                        size = len(json.dumps(o))
                        if not 1000 <= size <= 20000:
                            err("%s: object size %d outside 1-20 KB" % (cid, size))
                        md = o.get("metadata", {})
                        for k in ("uid", "creationTimestamp", "managedFields"):
                            if k not in md:
                                err("%s: metadata.%s missing" % (cid, k))
                    md = o.get("metadata", {})
                    if o.get("kind") != c["kind"]:
                        err("%s: kind %s != object kind %s" % (cid, c["kind"], o.get("kind")))
                    if md.get("name") != c["name"]:
                        err("%s: name %s != metadata.name %s" % (cid, c["name"], md.get("name")))
                    if md.get("namespace", "") != c["namespace"]:
                        err("%s: namespace %s != metadata.namespace %s" % (cid, c["namespace"], md.get("namespace", "")))
            if c["subresource"] != "scale":
                av = ref.get("apiVersion", "")
                g, _, v = av.rpartition("/")
                if g != c["group"] or v != c["version"]:
                    err("%s: group/version %s/%s != apiVersion %s" % (cid, c["group"], c["version"], av))
            if not c["resource"] or c["resource"] != c["resource"].lower():
                err("%s: resource must be a lowercase plural" % cid)
            if not isinstance(c["why"], str) or not c["why"].strip() or len(c["why"]) > 300:
                err("%s: why must be non-empty and <= 300 chars" % cid)
            by_cat[c["category"]] += 1
            by_op[op] += 1
            by_mission[c["mission"]] += 1
            by_mission_cat[c["mission"]][c["category"]] += 1
    print("cases: %d, missions: %d" % (n, len(missions)))
    print("per category:")
    for k in EXPECT:
        print("  %-17s %4d  %5.1f%%" % (k, by_cat[k], 100.0 * by_cat[k] / max(n, 1)))
    print("per operation:")
    for k in ("CREATE", "UPDATE", "DELETE"):
        print("  %-17s %4d" % (k, by_op[k]))
    print("per mission:")
    for k in missions:
        cats = " ".join("%s=%d" % (c, by_mission_cat[k][c]) for c in EXPECT)
        print("  %-28s %4d  (%s)" % (k, by_mission[k], cats))
        if by_mission[k] == 0:
            errors.append("mission %s has no cases" % k)
    if errors:
        print("\n%d error(s):" % len(errors))
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
