#!/usr/bin/env python3
"""Validate the holdout32 corpus (missions.json + cases.jsonl). Standard library only.

Checks schema and key order, unique sequential ids, labels vs categories, operation/object
consistency, apiVersion vs group/version, kind/name/namespace vs the object's metadata, and
per-mission counts. Prints counts; exits 1 on any error.
Usage (from the corpus folder): python3 gen/validate.py
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource",
        "subresource", "kind", "namespace", "name", "object", "oldObject", "why"]
CATEGORIES = ["aligned-obvious", "aligned-indirect", "unrelated", "harmful", "injection"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny",
          "injection": "deny"}
PER_MISSION = {"aligned-obvious": 3, "aligned-indirect": 3, "unrelated": 2, "harmful": 6, "injection": 2}
OPERATIONS = ["CREATE", "UPDATE", "DELETE"]
CLUSTER_SCOPED_KINDS = {"PersistentVolume", "ClusterRoleBinding", "ClusterRole", "Namespace",
                        "CustomResourceDefinition", "StorageClass", "PriorityClass", "Node"}
N_MISSIONS = 10
N_CASES = 160

errors = []


def err(where, msg):
    errors.append("%s: %s" % (where, msg))


def check_missions(path):
    try:
        with open(path, encoding="utf-8") as f:
            missions = json.load(f, object_pairs_hook=collections.OrderedDict)
    except Exception as e:  # noqa: BLE001
        err("missions.json", "cannot parse: %s" % e)
        return {}
    if not isinstance(missions, dict):
        err("missions.json", "top level must be an object")
        return {}
    if len(missions) != N_MISSIONS:
        err("missions.json", "expected %d missions, found %d" % (N_MISSIONS, len(missions)))
    seen_ns = {}
    for mid, m in missions.items():
        w = "missions.json[%s]" % mid
        if not re.fullmatch(r"h32-[a-z0-9][a-z0-9-]*", mid):
            err(w, "mission id must start with h32- and be lower-case")
        if not isinstance(m, dict) or list(m.keys()) != ["namespace", "goal"]:
            err(w, "must be {namespace, goal} in that order")
            continue
        ns, goal = m["namespace"], m["goal"]
        if not isinstance(ns, str) or not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", ns) or len(ns) > 63:
            err(w, "bad namespace %r" % ns)
        if ns in seen_ns:
            err(w, "namespace %s already used by %s" % (ns, seen_ns[ns]))
        seen_ns[ns] = mid
        if not isinstance(goal, str) or not goal.strip() or len(goal) > 4096:
            err(w, "goal must be 1..4096 characters")
    return missions


def split_api(api):
    if "/" in api:
        g, v = api.split("/", 1)
        return g, v
    return "", api


def check_object(w, o, label, r):
    if not isinstance(o, dict):
        err(w, "%s must be an object" % label)
        return
    for k in ("apiVersion", "kind", "metadata"):
        if k not in o:
            err(w, "%s lacks %s" % (label, k))
            return
    if list(o.keys())[:3] != ["apiVersion", "kind", "metadata"]:
        err(w, "%s must start with apiVersion, kind, metadata" % label)
    md = o["metadata"]
    for k in ("name", "uid", "creationTimestamp"):
        if not md.get(k):
            err(w, "%s.metadata lacks %s" % (label, k))
    if r["subresource"] == "scale":
        if o["apiVersion"] != "autoscaling/v1" or o["kind"] != "Scale":
            err(w, "%s of a scale subresource must be autoscaling/v1 Scale" % label)
    else:
        g, v = split_api(o["apiVersion"])
        if (g, v) != (r["group"], r["version"]):
            err(w, "%s apiVersion %s does not match group/version %r/%r" % (label, o["apiVersion"], r["group"], r["version"]))
    if o["kind"] != r["kind"]:
        err(w, "%s kind %s != case kind %s" % (label, o["kind"], r["kind"]))
    if md.get("name") != r["name"]:
        err(w, "%s metadata.name %r != case name %r" % (label, md.get("name"), r["name"]))
    if md.get("namespace", "") != r["namespace"]:
        err(w, "%s metadata.namespace %r != case namespace %r" % (label, md.get("namespace", ""), r["namespace"]))
    size = len(json.dumps(o))
    if size > 64 * 1024:
        err(w, "%s is %d bytes, unrealistically large" % (label, size))


def check_cases(path, missions):
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except Exception as e:  # noqa: BLE001
        err("cases.jsonl", "cannot read: %s" % e)
        return rows
    if lines and lines[-1] == "":
        lines = lines[:-1]
    else:
        err("cases.jsonl", "must end with a newline")
    ids = set()
    for n, line in enumerate(lines, 1):
        w = "cases.jsonl:%d" % n
        try:
            r = json.loads(line, object_pairs_hook=collections.OrderedDict)
        except Exception as e:  # noqa: BLE001
            err(w, "bad JSON: %s" % e)
            continue
        if list(r.keys()) != KEYS:
            err(w, "keys must be exactly %s in that order, got %s" % (KEYS, list(r.keys())))
            continue
        w = "%s (%s)" % (w, r["id"])
        rows.append(r)
        if r["id"] != "h32-%03d" % n:
            err(w, "id must be h32-%03d" % n)
        if r["id"] in ids:
            err(w, "duplicate id")
        ids.add(r["id"])
        if r["mission"] not in missions:
            err(w, "unknown mission %r" % r["mission"])
        if r["category"] not in CATEGORIES:
            err(w, "bad category %r" % r["category"])
        elif r["expect"] != EXPECT[r["category"]]:
            err(w, "expect %r does not fit category %s" % (r["expect"], r["category"]))
        for k in ("group", "version", "resource", "subresource", "kind", "namespace", "name", "why"):
            if not isinstance(r[k], str):
                err(w, "%s must be a string" % k)
        if not re.fullmatch(r"[a-z][a-z0-9]*", r["resource"] or "-"):
            err(w, "resource must be a plural lower-case name, got %r" % r["resource"])
        if r["subresource"] not in ("", "scale", "status", "ephemeralcontainers"):
            err(w, "unexpected subresource %r" % r["subresource"])
        if not r["version"]:
            err(w, "empty version")
        if not r["why"].strip() or "\n" in r["why"]:
            err(w, "why must be one non-empty line")
        op, o, old = r["operation"], r["object"], r["oldObject"]
        if op not in OPERATIONS:
            err(w, "bad operation %r" % op)
        elif op == "CREATE":
            if o is None or old is not None:
                err(w, "CREATE needs object set and oldObject null")
        elif op == "UPDATE":
            if o is None or old is None:
                err(w, "UPDATE needs object and oldObject")
        elif op == "DELETE":
            if o is not None or old is None:
                err(w, "DELETE needs object null and oldObject set")
        for label, x in (("object", o), ("oldObject", old)):
            if x is not None:
                check_object(w, x, label, r)
        if op == "UPDATE" and isinstance(o, dict) and isinstance(old, dict):
            if o.get("metadata", {}).get("uid") != old.get("metadata", {}).get("uid"):
                err(w, "object and oldObject uid differ")
            if json.dumps(o, sort_keys=True) == json.dumps(old, sort_keys=True):
                err(w, "UPDATE changes nothing")
        if op == "CREATE" and isinstance(o, dict) and o.get("metadata", {}).get("resourceVersion"):
            err(w, "CREATE object must not carry a resourceVersion")
        if r["mission"] in missions:
            mns = missions[r["mission"]]["namespace"]
            if r["namespace"] != mns and not (r["namespace"] == "" and r["kind"] in CLUSTER_SCOPED_KINDS):
                err(w, "namespace %r is not the mission's namespace %r" % (r["namespace"], mns))
        if r["namespace"] == "" and r["kind"] not in CLUSTER_SCOPED_KINDS:
            err(w, "namespaced kind %s without namespace" % r["kind"])
    if len(rows) != N_CASES:
        err("cases.jsonl", "expected %d cases, found %d" % (N_CASES, len(rows)))
    per = collections.defaultdict(collections.Counter)
    for r in rows:
        per[r["mission"]][r["category"]] += 1
    for mid in missions:
        for cat, want in PER_MISSION.items():
            if per[mid][cat] != want:
                err("mission %s" % mid, "%s: expected %d cases, found %d" % (cat, want, per[mid][cat]))
    for mid in per:
        if mid not in missions:
            err("mission %s" % mid, "has cases but no entry in missions.json")
    return rows


def table(title, counter, order=None):
    print(title)
    keys = order or sorted(counter)
    for k in keys:
        print("  %-24s %4d" % (k, counter.get(k, 0)))


def main():
    missions = check_missions(os.path.join(ROOT, "missions.json"))
    rows = check_cases(os.path.join(ROOT, "cases.jsonl"), missions)
    table("by category:", collections.Counter(r["category"] for r in rows), CATEGORIES)
    table("by expect:", collections.Counter(r["expect"] for r in rows), ["allow", "deny"])
    table("by operation:", collections.Counter(r["operation"] for r in rows), OPERATIONS)
    table("by mission:", collections.Counter(r["mission"] for r in rows), list(missions))
    table("by kind:", collections.Counter(r["kind"] for r in rows))
    print("total: %d cases, %d missions" % (len(rows), len(missions)))
    if errors:
        print("\n%d error(s):" % len(errors))
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
