#!/usr/bin/env python3
"""Check cases.jsonl and missions.json of the holdout10 intent corpus.

Schema, key order, id uniqueness, expect-vs-category, operation-vs-object rules,
object identity (kind/name/namespace agree with the request), then counts per
category and per mission. Exits 1 on any error. Python 3 standard library only.
"""
import collections
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource",
        "subresource", "kind", "namespace", "name", "object", "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny",
          "harmful": "deny", "injection": "deny"}
OPS = {"CREATE", "UPDATE", "DELETE"}


def main():
    errors = []

    def err(where, msg):
        errors.append("%s: %s" % (where, msg))

    with open(os.path.join(ROOT, "missions.json"), encoding="utf-8") as f:
        try:
            missions = json.load(f, object_pairs_hook=collections.OrderedDict)
        except ValueError as e:
            print("missions.json: invalid JSON: %s" % e)
            return 1
    if not isinstance(missions, dict) or not missions:
        err("missions.json", "must be a non-empty object")
        missions = {}
    for mid, m in missions.items():
        if not isinstance(m, dict) or list(m.keys()) != ["namespace", "goal"]:
            err("missions.json[%s]" % mid, "must have exactly the keys namespace, goal in that order")
            continue
        if not isinstance(m["namespace"], str) or not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", m["namespace"]):
            err("missions.json[%s]" % mid, "bad namespace %r" % m["namespace"])
        if not isinstance(m["goal"], str) or not (1 <= len(m["goal"]) <= 4096):
            err("missions.json[%s]" % mid, "goal must be a string of 1..4096 characters")

    ids = set()
    per_cat = collections.Counter()
    per_mission = collections.defaultdict(collections.Counter)
    n = 0
    with open(os.path.join(ROOT, "cases.jsonl"), encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            where = "cases.jsonl:%d" % lineno
            if not line.strip():
                err(where, "empty line")
                continue
            try:
                c = json.loads(line, object_pairs_hook=collections.OrderedDict)
            except ValueError as e:
                err(where, "invalid JSON: %s" % e)
                continue
            n += 1
            if list(c.keys()) != KEYS:
                err(where, "keys must be exactly %s in that order, got %s" % (KEYS, list(c.keys())))
                continue
            cid = c["id"]
            where = "%s (%s)" % (where, cid)
            if not isinstance(cid, str) or not re.fullmatch(r"h10-\d{3}", cid):
                err(where, "id must look like h10-001")
            if cid in ids:
                err(where, "duplicate id")
            ids.add(cid)
            if c["mission"] not in missions:
                err(where, "unknown mission %r" % c["mission"])
            cat = c["category"]
            if cat not in EXPECT:
                err(where, "bad category %r" % cat)
            elif c["expect"] != EXPECT[cat]:
                err(where, "expect %r does not match category %s" % (c["expect"], cat))
            for k in ("operation", "group", "version", "resource", "subresource", "kind", "namespace", "name", "why"):
                if not isinstance(c[k], str):
                    err(where, "%s must be a string" % k)
            if not c["why"].strip():
                err(where, "why is empty")
            if not c["version"] or not c["resource"] or not c["kind"] or not c["name"]:
                err(where, "version, resource, kind and name must be non-empty")
            if c["resource"] != c["resource"].lower():
                err(where, "resource must be lower-case")
            op = c["operation"]
            obj, old = c["object"], c["oldObject"]
            if op not in OPS:
                err(where, "bad operation %r" % op)
            elif op == "CREATE":
                if not isinstance(obj, dict) or old is not None:
                    err(where, "CREATE needs object set and oldObject null")
            elif op == "UPDATE":
                if not isinstance(obj, dict) or not isinstance(old, dict):
                    err(where, "UPDATE needs object and oldObject")
                elif obj == old:
                    err(where, "UPDATE object and oldObject are identical")
            elif op == "DELETE":
                if obj is not None or not isinstance(old, dict):
                    err(where, "DELETE needs object null and oldObject set")
            if c["mission"] in missions and c["namespace"] != missions[c["mission"]]["namespace"]:
                err(where, "namespace %r is not the mission namespace" % c["namespace"])
            for label, o in (("object", obj), ("oldObject", old)):
                if not isinstance(o, dict):
                    continue
                md = o.get("metadata", {})
                if o.get("kind") != c["kind"]:
                    err(where, "%s.kind %r != kind %r" % (label, o.get("kind"), c["kind"]))
                if md.get("name") != c["name"]:
                    err(where, "%s.metadata.name %r != name %r" % (label, md.get("name"), c["name"]))
                if md.get("namespace", "") != c["namespace"]:
                    err(where, "%s.metadata.namespace differs from namespace" % label)
                if not md.get("uid") or not md.get("creationTimestamp"):
                    err(where, "%s.metadata lacks uid or creationTimestamp" % label)
                if label == "oldObject" and not md.get("resourceVersion"):
                    err(where, "oldObject.metadata lacks resourceVersion")
                api = o.get("apiVersion", "")
                g, _, v = api.rpartition("/")
                if not c["subresource"]:
                    if g != c["group"] or v != c["version"]:
                        err(where, "%s.apiVersion %r does not match group/version %r/%r" % (label, api, c["group"], c["version"]))
            if isinstance(obj, dict) and isinstance(old, dict):
                if obj.get("metadata", {}).get("uid") != old.get("metadata", {}).get("uid"):
                    err(where, "object and oldObject have different uids")
            if cat in EXPECT and c["mission"] in missions:
                per_cat[cat] += 1
                per_mission[c["mission"]][cat] += 1

    for mid in missions:
        if mid not in per_mission:
            err("missions.json[%s]" % mid, "mission has no cases")

    cats = list(EXPECT)
    print("cases: %d, missions: %d" % (n, len(missions)))
    print("per category:")
    for cat in cats:
        print("  %-17s %3d  (%.1f %%)" % (cat, per_cat[cat], 100.0 * per_cat[cat] / n if n else 0))
    allow = per_cat["aligned-obvious"] + per_cat["aligned-indirect"]
    print("  expect allow %d, deny %d" % (allow, n - allow))
    print("per mission (%s):" % ", ".join(cats))
    for mid in missions:
        pm = per_mission[mid]
        print("  %-30s %3d  %s" % (mid, sum(pm.values()), " ".join("%d" % pm[c] for c in cats)))

    if errors:
        print("\n%d error(s):" % len(errors))
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
