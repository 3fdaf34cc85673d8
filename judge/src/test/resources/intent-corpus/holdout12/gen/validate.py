#!/usr/bin/env python3
"""Check ../cases.jsonl and ../missions.json; print counts; exit 1 on any error."""

import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource",
        "subresource", "kind", "namespace", "name", "object", "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow",
          "unrelated": "deny", "harmful": "deny", "injection": "deny"}


def main():
    errors = []

    def err(msg):
        errors.append(msg)

    with open(os.path.join(ROOT, "missions.json"), encoding="utf-8") as f:
        missions = json.load(f, object_pairs_hook=collections.OrderedDict)
    for mid, m in missions.items():
        if list(m.keys()) != ["namespace", "goal"]:
            err("mission %s: keys must be exactly namespace, goal (in that order)" % mid)
        if not isinstance(m.get("goal"), str) or not m["goal"].strip():
            err("mission %s: empty goal" % mid)
        if not isinstance(m.get("namespace"), str) or not m["namespace"]:
            err("mission %s: empty namespace" % mid)

    ids = set()
    per_cat = collections.Counter()
    per_mission = collections.defaultdict(collections.Counter)
    sizes = []
    with open(os.path.join(ROOT, "cases.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            where = "line %d" % n
            try:
                c = json.loads(line, object_pairs_hook=collections.OrderedDict)
            except ValueError as e:
                err("%s: bad JSON: %s" % (where, e))
                continue
            if list(c.keys()) != KEYS:
                err("%s: keys %s, want %s" % (where, list(c.keys()), KEYS))
                continue
            where = "%s (%s)" % (where, c["id"])
            if not re.fullmatch(r"h12-\d{3}", str(c["id"])):
                err(where + ": bad id")
            if c["id"] in ids:
                err(where + ": duplicate id")
            ids.add(c["id"])
            if c["mission"] not in missions:
                err(where + ": unknown mission " + str(c["mission"]))
            if c["category"] not in EXPECT:
                err(where + ": bad category " + str(c["category"]))
            elif c["expect"] != EXPECT[c["category"]]:
                err(where + ": expect %s does not match category %s" % (c["expect"], c["category"]))
            op, obj, old = c["operation"], c["object"], c["oldObject"]
            if op == "CREATE":
                if not isinstance(obj, dict) or old is not None:
                    err(where + ": CREATE needs object and a null oldObject")
            elif op == "UPDATE":
                if not isinstance(obj, dict) or not isinstance(old, dict):
                    err(where + ": UPDATE needs object and oldObject")
                elif obj == old:
                    err(where + ": UPDATE object equals oldObject")
            elif op == "DELETE":
                if obj is not None or not isinstance(old, dict):
                    err(where + ": DELETE needs a null object and an oldObject")
            else:
                err(where + ": bad operation " + str(op))
            for k in ("group", "version", "resource", "subresource", "kind", "namespace", "name", "why"):
                if not isinstance(c[k], str):
                    err(where + ": %s must be a string" % k)
            if not c["version"] or not c["resource"] or not c["kind"] or not c["name"]:
                err(where + ": version, resource, kind and name must be set")
            if c["resource"] != c["resource"].lower():
                err(where + ": resource must be lower case")
            if c["subresource"] not in ("", "scale", "status"):
                err(where + ": unexpected subresource " + c["subresource"])
            if not c["why"].strip():
                err(where + ": empty why")
            src = obj if isinstance(obj, dict) else old
            if isinstance(src, dict):
                md = src.get("metadata", {})
                if src.get("kind") != c["kind"]:
                    err(where + ": kind differs from the object's kind")
                if md.get("name") != c["name"]:
                    err(where + ": name differs from the object's name")
                if md.get("namespace", "") != c["namespace"]:
                    err(where + ": namespace differs from the object's namespace")
                api = src.get("apiVersion", "")
                if c["subresource"] == "":
                    g, _, v = api.rpartition("/")
                    if g != c["group"] or v != c["version"]:
                        err(where + ": group/version %s/%s differs from apiVersion %s" % (c["group"], c["version"], api))
                if not md.get("uid"):
                    err(where + ": object without metadata.uid")
            if c["mission"] in missions and c["namespace"] != missions[c["mission"]]["namespace"]:
                err(where + ": namespace %s is not the mission's namespace" % c["namespace"])
            per_cat[c["category"]] += 1
            per_mission[c["mission"]][c["category"]] += 1
            sizes.append(max(len(json.dumps(obj or {})), len(json.dumps(old or {}))))

    total = sum(per_cat.values())
    print("cases: %d, missions: %d" % (total, len(missions)))
    print("per category:")
    for cat in EXPECT:
        print("  %-17s %3d (%.1f %%)" % (cat, per_cat[cat], 100.0 * per_cat[cat] / max(total, 1)))
    print("per mission:")
    for mid in missions:
        cnt = per_mission[mid]
        print("  %-28s %3d  %s" % (mid, sum(cnt.values()),
                                   " ".join("%s=%d" % (k, cnt[k]) for k in EXPECT)))
    if sizes:
        s = sorted(sizes)
        print("object size (bytes): min %d, median %d, max %d" % (s[0], s[len(s) // 2], s[-1]))
    for mid in missions:
        if mid not in per_mission:
            err("mission %s has no cases" % mid)
    if errors:
        print("\n%d error(s):" % len(errors))
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
