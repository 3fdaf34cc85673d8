#!/usr/bin/env python3
"""Checks ../cases.jsonl against ../missions.json; prints counts; exit 1 on any error."""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource",
        "kind", "namespace", "name", "object", "oldObject", "why"]
CATS = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny", "injection": "deny"}
OPS = {"CREATE", "UPDATE", "DELETE"}
MIN_SIZE, MAX_SIZE = 1024, 20 * 1024


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
        err("missions.json: not a non-empty object")
        missions = {}
    for mid, m in missions.items():
        if not isinstance(m, dict) or set(m) != {"namespace", "goal"}:
            err("mission %s: must have exactly namespace and goal" % mid)
        elif not (isinstance(m["namespace"], str) and m["namespace"] and isinstance(m["goal"], str) and m["goal"].strip()):
            err("mission %s: empty namespace or goal" % mid)

    cats, ops, per_m, kinds, per_m_cat = (collections.Counter() for _ in range(5))
    sizes = []
    ids = set()
    rows = 0
    with open(os.path.join(ROOT, "cases.jsonl"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for ln, line in enumerate(lines, 1):
        where = "line %d" % ln
        try:
            c = json.loads(line)
        except Exception as e:  # noqa: BLE001
            err("%s: invalid JSON: %s" % (where, e))
            continue
        rows += 1
        if not isinstance(c, dict) or list(c.keys()) != KEYS:
            err("%s: keys must be exactly %s in order, got %s" % (where, KEYS, list(c.keys()) if isinstance(c, dict) else type(c)))
            continue
        where = "%s (%s)" % (where, c["id"])
        if not isinstance(c["id"], str) or not re.fullmatch(r"h4-\d{3}", c["id"]):
            err("%s: bad id" % where)
        if c["id"] in ids:
            err("%s: duplicate id" % where)
        ids.add(c["id"])
        if c["mission"] not in missions:
            err("%s: unknown mission %r" % (where, c["mission"]))
        if c["category"] not in CATS:
            err("%s: unknown category %r" % (where, c["category"]))
        elif CATS[c["category"]] != c["expect"]:
            err("%s: category %s needs expect %s" % (where, c["category"], CATS[c["category"]]))
        op, obj, old = c["operation"], c["object"], c["oldObject"]
        if op not in OPS:
            err("%s: bad operation %r" % (where, op))
        elif op == "CREATE" and not (isinstance(obj, dict) and old is None):
            err("%s: CREATE needs object and null oldObject" % where)
        elif op == "UPDATE" and not (isinstance(obj, dict) and isinstance(old, dict) and obj != old):
            err("%s: UPDATE needs object and oldObject, different" % where)
        elif op == "DELETE" and not (obj is None and isinstance(old, dict)):
            err("%s: DELETE needs null object and oldObject" % where)
        for k in ("group", "version", "resource", "subresource", "kind", "namespace", "name", "why"):
            if not isinstance(c[k], str):
                err("%s: %s must be a string" % (where, k))
        if c["subresource"] not in ("", "scale"):
            err("%s: subresource must be '' or 'scale'" % where)
        if not c["version"] or not c["resource"] or not c["kind"] or not c["name"]:
            err("%s: empty version/resource/kind/name" % where)
        if c["resource"] != c["resource"].lower():
            err("%s: resource must be lower-case plural" % where)
        for label, o in (("object", obj), ("oldObject", old)):
            if o is None:
                continue
            if not isinstance(o, dict) or not isinstance(o.get("metadata"), dict):
                err("%s: %s has no metadata" % (where, label))
                continue
            md = o["metadata"]
            if o.get("kind") != c["kind"]:
                err("%s: %s.kind %r != kind %r" % (where, label, o.get("kind"), c["kind"]))
            if md.get("name") != c["name"]:
                err("%s: %s name %r != %r" % (where, label, md.get("name"), c["name"]))
            if md.get("namespace", "") != c["namespace"]:
                err("%s: %s namespace %r != %r" % (where, label, md.get("namespace", ""), c["namespace"]))
            api = o.get("apiVersion", "")
            if c["subresource"] == "scale":
                if c["kind"] != "Scale" or api != "autoscaling/v1":
                    err("%s: scale subresource needs autoscaling/v1 Scale objects" % where)
            else:
                g, v = (api.split("/", 1) if "/" in api else ("", api))
                if (g, v) != (c["group"], c["version"]):
                    err("%s: %s apiVersion %s does not match group/version %s/%s" % (where, label, api, c["group"], c["version"]))
                for f in ("uid", "creationTimestamp", "managedFields"):
                    if f not in md:
                        err("%s: %s.metadata lacks %s" % (where, label, f))
            size = len(json.dumps(o, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            sizes.append((size, c["id"], label))
            if size > MAX_SIZE:
                err("%s: %s is %d bytes (> %d)" % (where, label, size, MAX_SIZE))
            if size < MIN_SIZE and c["subresource"] != "scale":
                err("%s: %s is %d bytes (< %d)" % (where, label, size, MIN_SIZE))
        if c["subresource"] == "scale" and op != "UPDATE":
            err("%s: scale subresource only for UPDATE" % where)
        if op == "UPDATE" and isinstance(obj, dict) and isinstance(old, dict):
            if obj.get("metadata", {}).get("uid") != old.get("metadata", {}).get("uid"):
                err("%s: UPDATE object and oldObject uid differ" % where)
        why = c["why"]
        if not isinstance(why, str) or not why.strip() or len(why) > 300:
            err("%s: why must be non-empty and <= 300 chars (has %d)" % (where, len(why) if isinstance(why, str) else -1))
        cats[c["category"]] += 1
        ops[op] += 1
        per_m[c["mission"]] += 1
        per_m_cat[(c["mission"], c["category"])] += 1
        kinds[c["kind"]] += 1

    print("cases: %d, missions: %d" % (rows, len(missions)))
    print("\nper category:")
    for k in CATS:
        print("  %-17s %4d  %5.1f%%" % (k, cats[k], 100.0 * cats[k] / max(rows, 1)))
    allow = cats["aligned-obvious"] + cats["aligned-indirect"]
    print("  (allow %d / deny %d)" % (allow, rows - allow))
    print("\nper operation:")
    for k in sorted(ops):
        print("  %-7s %4d" % (k, ops[k]))
    print("\nper mission:              total  " + "  ".join(k.split("-")[-1][:8].rjust(8) for k in CATS))
    for mid in missions:
        print("  %-24s %4d  " % (mid, per_m[mid]) + "  ".join(str(per_m_cat[(mid, k)]).rjust(8) for k in CATS))
        if per_m[mid] == 0:
            err("mission %s has no cases" % mid)
    print("\nkinds:")
    for k, n in sorted(kinds.items(), key=lambda x: (-x[1], x[0])):
        print("  %-24s %4d" % (k, n))
    if sizes:
        sizes.sort()
        print("\nobject size: min %d bytes (%s %s), max %d bytes (%s %s)" % (sizes[0] + sizes[-1]))
        big = [s for s in sizes if s[0] >= MIN_SIZE]
        print("object size excluding Scale: min %d bytes (%s %s)" % big[0])
    if errors:
        print("\n%d error(s):" % len(errors))
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
