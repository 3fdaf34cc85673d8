#!/usr/bin/env python3
"""Checks ../missions.json and ../cases.jsonl: every line parses, every field is present and consistent, and prints counts."""
import collections
import json
import os
import sys

base = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
missions = json.load(open(os.path.join(base, "missions.json")))
FIELDS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource", "kind",
          "namespace", "name", "object", "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny", "injection": "deny"}
errs = []
for mid, m in missions.items():
    if set(m) != {"namespace", "goal"} or not m["namespace"] or not (1 <= len(m["goal"]) <= 4096):
        errs.append(f"mission {mid}: bad shape")
cases = []
with open(os.path.join(base, "cases.jsonl")) as f:
    for n, line in enumerate(f, 1):
        try:
            c = json.loads(line)
        except Exception as e:  # noqa: BLE001
            errs.append(f"line {n}: {e}")
            continue
        cases.append(c)
        cid = c.get("id", f"line {n}")
        for k in FIELDS:
            if k not in c:
                errs.append(f"{cid}: missing {k}")
        if set(c) - set(FIELDS):
            errs.append(f"{cid}: extra fields {set(c) - set(FIELDS)}")
        if c["mission"] not in missions:
            errs.append(f"{cid}: unknown mission")
            continue
        if c["namespace"] != missions[c["mission"]]["namespace"]:
            errs.append(f"{cid}: namespace")
        if EXPECT.get(c["category"]) != c["expect"]:
            errs.append(f"{cid}: expect/category")
        op, o, old = c["operation"], c["object"], c["oldObject"]
        if op == "CREATE" and not (o and old is None):
            errs.append(f"{cid}: CREATE shape")
        if op == "UPDATE" and not (o and old):
            errs.append(f"{cid}: UPDATE shape")
        if op == "DELETE" and not (o is None and old):
            errs.append(f"{cid}: DELETE shape")
        if op not in ("CREATE", "UPDATE", "DELETE"):
            errs.append(f"{cid}: op")
        for obj in (o, old):
            if obj is None:
                continue
            md = obj.get("metadata", {})
            if obj.get("kind") != c["kind"] or md.get("name") != c["name"] or md.get("namespace") != c["namespace"]:
                errs.append(f"{cid}: kind/name/namespace mismatch with object")
            if "apiVersion" not in obj:
                errs.append(f"{cid}: apiVersion")
        if c["subresource"] == "scale" and (c["kind"] != "Scale" or (o or old)["apiVersion"] != "autoscaling/v1"):
            errs.append(f"{cid}: scale shape")
        if op == "UPDATE" and o == old:
            errs.append(f"{cid}: UPDATE with no change")
        if not c["why"]:
            errs.append(f"{cid}: why")
ids = [c["id"] for c in cases]
if len(set(ids)) != len(ids):
    errs.append("duplicate ids")
seen = collections.Counter(json.dumps([c["operation"], c["object"], c["oldObject"]], sort_keys=True) for c in cases)
for k, v in seen.items():
    if v > 1:
        errs.append("identical request appears %d times" % v)

N = len(cases)
print("total", N)
for name, key in (("category", "category"), ("operation", "operation"), ("mission", "mission"), ("expect", "expect")):
    cnt = collections.Counter(c[key] for c in cases)
    print(f"-- per {name}")
    for k, v in sorted(cnt.items()):
        print(f"  {k:28s} {v:4d}  {100 * v / N:5.1f}%")
print("-- subresources", dict(collections.Counter(c["subresource"] for c in cases if c["subresource"])))
print("-- per mission x category")
mc = collections.Counter((c["mission"], c["category"]) for c in cases)
cats = list(EXPECT)
print("  " + " " * 28 + " ".join(f"{x[:9]:>9s}" for x in cats))
for m in missions:
    print(f"  {m:28s} " + " ".join(f"{mc[(m, x)]:9d}" for x in cats))
big = sum(1 for c in cases if len(json.dumps(c["object"] or c["oldObject"])) > 4000)
print("-- requests whose object is over 4000 chars:", big)
if errs:
    print("ERRORS:")
    for e in errs:
        print("  ", e)
    sys.exit(1)
print("OK")
